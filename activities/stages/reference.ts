/**
 * A reference a reader can follow: who wrote the paper, when, and where to
 * find it (arXiv id, DOI, landing page, the project page its abstract names),
 * from the fields the source has. Nothing is invented: a field the source
 * does not name is left out, and a reference without authors or year says so.
 */
import type { Paper } from '../model';

/** Authors shown before "et al.". */
export const MAX_AUTHORS_SHOWN = 6;

/** A link of a reference: what it is and where it goes (http(s) only). */
export interface ReferenceLink {
  label: string;
  href: string;
}

/** The parts of a reference, for Markdown and HTML renderers. */
export interface ReferenceParts {
  /** "A, B, C et al." or null when the source names no authors. */
  authors: string | null;
  year: number | null;
  title: string;
  /** arXiv id, DOI, landing page, project page: each only when the source names it. */
  links: ReferenceLink[];
  /** Where the source text is kept (corpus path or the adapter's locator). */
  locator: string;
}

/** The reference parts of a paper. */
export function referenceParts(paper: Paper): ReferenceParts {
  const names = paper.authors.filter((a) => a.trim().length > 0);
  const authors = names.length === 0 ? null : names.slice(0, MAX_AUTHORS_SHOWN).join(', ') + (names.length > MAX_AUTHORS_SHOWN ? ' et al.' : '');
  const links: ReferenceLink[] = [];
  if (paper.arxivId !== undefined) links.push({ label: `arXiv:${paper.arxivId}`, href: `https://arxiv.org/abs/${paper.arxivId}` });
  if (paper.doi !== undefined) links.push({ label: `doi:${paper.doi}`, href: `https://doi.org/${paper.doi}` });
  if (paper.url !== undefined && !links.some((l) => l.href === paper.url)) links.push({ label: 'paper', href: paper.url });
  if (paper.projectUrl !== undefined) links.push({ label: 'code/project', href: paper.projectUrl });
  return { authors, year: paper.year, title: paper.title, links, locator: paper.locator };
}

/**
 * One Markdown reference line (without its number): `Authors (year). Title.
 * arXiv:… <…>. Source text: <locator>.`, or `Title (authors and year not
 * recorded in the searched collection). …`. `escape` makes title and authors safe to show.
 */
export function markdownReference(paper: Paper, escape: (text: string) => string): string {
  const r = referenceParts(paper);
  const head = r.authors !== null
    ? `${escape(r.authors)} (${r.year ?? 'n.d.'}). ${escape(r.title)}.`
    : `${escape(r.title)}${r.year !== null ? ` (${r.year}; authors not recorded in the searched collection).` : ' (authors and year not recorded in the searched collection).'}`;
  const links = r.links.map((l) => (l.label === 'paper' ? `<${l.href}>.` : `${l.label} <${l.href}>.`));
  return [head, ...links, `Source text: <${r.locator}>.`].join(' ');
}
