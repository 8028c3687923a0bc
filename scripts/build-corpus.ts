/**
 * Builds `data/corpus.json` from the seed documents:
 *   data/seeds/003_*.txt — a scraped listing of ~120 papers: a title line, then its
 *                     abstract as one line; two lines of site chrome at the top
 *                     and the first title glued to a "Subscribe" button label;
 *   data/seeds/002_*.txt — a reviewed-paper page (FLAN) whose original abstract
 *                     follows the line "read the original abstract".
 *
 * Each record is `{ id, title, abstract }` plus the reference fields the seed
 * has: for the reviewed paper its authors, year, arXiv id and arXiv URL (from
 * the "arxiv: <id> · v<n> · submitted <date>" line and the author line after
 * the title); for any paper whose abstract ends by naming a code or project
 * page (`https://…`), that URL as `projectUrl`. Nothing is guessed: the
 * listing names no authors, years or identifiers, so its records have none.
 * Ids use
 * `id = 'corpus:' + first 12 hex of sha256(normalizeTitle(title))`, where the
 * normalized title is NFKC, lowercase, whitespace runs collapsed, trimmed.
 * Titles and abstracts are kept verbatim (only surrounding whitespace is
 * trimmed) so every abstract can be found in its seed byte for byte.
 *
 * The parser refuses a listing that does not strictly alternate title and
 * abstract lines instead of guessing, so an abstract is never cut or merged.
 *
 * Usage: npx tsx scripts/build-corpus.ts [--seeds <dir>] [--out <file>]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusIdForTitle, validateCorpus, type CorpusRecord } from '../activities/sources/corpus';

/** Lines of web-page chrome in the listing seed (exact, after trimming). */
export const CHROME_LINES: ReadonlySet<string> = new Set([
  'Get trending papers in your email inbox once a day!',
  'Get trending papers in your email inbox!',
  'Subscribe',
]);

/** A button label that the scrape glued to the first title. */
const GLUED_PREFIX = /^Subscribe(?=\p{Lu})/u;
/** Titles are one line and short; abstracts are paragraphs. */
const MAX_TITLE_CHARS = 300;
const MIN_ABSTRACT_CHARS = 200;

/** One title/abstract pair before ids are assigned, with the reference fields its seed names. */
export interface SeedPaper {
  title: string;
  abstract: string;
  authors?: string[];
  year?: number;
  arxivId?: string;
  url?: string;
}

/** The last http(s) URL an abstract names (a code or project page), without trailing punctuation; undefined when none. */
export function projectUrlOf(abstract: string): string | undefined {
  const urls = abstract.match(/https?:\/\/[^\s<>"'`]+/g);
  if (!urls) return undefined;
  return urls[urls.length - 1].replace(/[.,;:)\]]+$/, '');
}

/** Parses the listing seed (003) into title/abstract pairs, dropping chrome. Throws when lines do not alternate. */
export function parseListingSeed(text: string): SeedPaper[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !CHROME_LINES.has(l))
    .map((l) => l.replace(GLUED_PREFIX, ''));
  if (lines.length % 2 !== 0) throw new Error(`listing seed has an odd number of content lines (${lines.length})`);
  const papers: SeedPaper[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const [title, abstract] = [lines[i], lines[i + 1]];
    if (title.length > MAX_TITLE_CHARS) throw new Error(`line ${i + 1} of content is too long for a title: ${title.slice(0, 60)}…`);
    if (abstract.length < MIN_ABSTRACT_CHARS) throw new Error(`abstract of "${title}" is suspiciously short (${abstract.length} chars)`);
    papers.push({ title, abstract });
  }
  return papers;
}

/**
 * Parses the reviewed-paper seed (002): the title follows the "Recognition:"
 * line, the author line (names separated by " , ") follows the title, the
 * abstract follows "read the original abstract"; the arXiv id and the year
 * come from the "arxiv: <id> · v<n> · submitted <yyyy-mm-dd>" line.
 */
export function parseReviewedPaperSeed(text: string): SeedPaper {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const nextContent = (from: number): string | undefined => lines.slice(from).find((l) => l.length > 0);
  const recognition = lines.findIndex((l) => l.startsWith('Recognition:'));
  const marker = lines.findIndex((l) => l.toLowerCase() === 'read the original abstract');
  const title = recognition >= 0 ? nextContent(recognition + 1) : undefined;
  const abstract = marker >= 0 ? nextContent(marker + 1) : undefined;
  if (!title || !abstract) throw new Error('reviewed-paper seed: title or original abstract not found');
  const paper: SeedPaper = { title, abstract };
  const titleLine = lines.indexOf(title, recognition + 1);
  const authorLine = nextContent(titleLine + 1);
  if (authorLine && authorLine.includes(' , ')) paper.authors = authorLine.split(' , ').map((a) => a.trim()).filter((a) => a.length > 0);
  const arxiv = lines.map((l) => /^arxiv:\s*(\d{4}\.\d{4,5})\b.*submitted (\d{4})-\d{2}-\d{2}/i.exec(l)).find((m) => m !== null);
  if (arxiv) {
    paper.arxivId = arxiv[1];
    paper.year = Number(arxiv[2]);
    paper.url = `https://arxiv.org/abs/${arxiv[1]}`;
  }
  return paper;
}

/** Assigns ids and refuses duplicate titles (after normalization). */
export function toCorpusRecords(papers: readonly SeedPaper[]): CorpusRecord[] {
  const records = papers.map((p): CorpusRecord => {
    const projectUrl = projectUrlOf(p.abstract);
    return {
      id: corpusIdForTitle(p.title), title: p.title, abstract: p.abstract,
      ...(p.authors ? { authors: p.authors } : {}), ...(p.year !== undefined ? { year: p.year } : {}),
      ...(p.arxivId ? { arxivId: p.arxivId } : {}), ...(p.url ? { url: p.url } : {}), ...(projectUrl ? { projectUrl } : {}),
    };
  });
  validateCorpus(records);
  return records;
}

function seedFile(dir: string, prefix: string): string {
  const name = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!name) throw new Error(`no ${prefix}*.txt in ${dir}`);
  return join(dir, name);
}

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function main(): void {
  const repoRoot = resolve(__dirname, '..');
  const args = process.argv.slice(2);
  const seeds = resolve(argValue(args, '--seeds') ?? process.env.SYNTHLEDGER_SEEDS ?? join(repoRoot, 'data/seeds'));
  const out = resolve(argValue(args, '--out') ?? join(repoRoot, 'data/corpus.json'));
  const listing = parseListingSeed(readFileSync(seedFile(seeds, '003_'), 'utf8'));
  const reviewed = parseReviewedPaperSeed(readFileSync(seedFile(seeds, '002_'), 'utf8'));
  const records = toCorpusRecords([...listing, reviewed]);
  writeFileSync(out, JSON.stringify(records, null, 2) + '\n');
  process.stdout.write(`wrote ${records.length} records (${listing.length} from the listing, 1 reviewed paper) to ${out}\n`);
}

if (require.main === module) main();
