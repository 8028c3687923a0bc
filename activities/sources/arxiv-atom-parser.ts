/**
 * Parser for the Atom feeds of the arXiv API
 * (https://info.arxiv.org/help/api/user-manual.html, section 3.3 "The API
 * response"). The XML itself is read by @xmldom/xmldom (namespace-aware,
 * strict: any warning or error refuses the document).
 *
 * The feed is attacker-controlled input from the network. A DOCTYPE is
 * refused before the XML parser sees the text, so no entity is ever defined,
 * expanded ("billion laughs") or fetched (external entities); only the five
 * predefined and numeric character references are decoded, and an unknown
 * entity refuses the document. Size and depth are bounded. Everything arXiv
 * sends fits in that subset.
 */
import { DOMParser, type Element as DomElement, type Node as DomNode } from '@xmldom/xmldom';
import { EnvironmentError } from '../../common/errors';

/** Atom namespace (RFC 4287 section 2). */
export const ATOM_NS = 'http://www.w3.org/2005/Atom';
/** arXiv's extension namespace (`arxiv:primary_category`, `arxiv:doi`, …). */
export const ARXIV_NS = 'http://arxiv.org/schemas/atom';
/** OpenSearch 1.1 namespace (`opensearch:totalResults`, …). */
export const OPENSEARCH_NS = 'http://a9.com/-/spec/opensearch/1.1/';
/** Creative Commons RSS module namespace, whose `<cc:license>` some feeds use; RFC 4946's `<link rel="license">` is read too. */
export const CREATIVE_COMMONS_NS = 'http://backend.userland.com/creativeCommonsRssModule';

/** Largest feed we accept: 1000 abstracts are well under 5 MB, so anything larger is not a sane answer. */
const MAX_XML_CHARS = 20_000_000;
/** Atom nests about four levels deep; a deep tree is a sign of abuse. */
const MAX_DEPTH = 64;

/** One paper entry of an arXiv feed. */
export interface ArxivEntry {
  /** arXiv identifier without version, e.g. `2101.00001` or `hep-ex/0307015`. */
  arxivId: string;
  /** Version number from the entry id (`v2` → 2), or null when the id carries none. */
  version: number | null;
  /** Title with whitespace collapsed (arXiv hard-wraps titles and abstracts). */
  title: string;
  /** Abstract with whitespace collapsed. */
  summary: string;
  authors: string[];
  /** ISO 8601 timestamp of the first version. */
  published: string;
  /** Year of `published`, or null when it does not parse. */
  year: number | null;
  updated: string | null;
  /** The abstract page (`rel="alternate"`), or `https://arxiv.org/abs/<id>` when absent. */
  link: string;
  pdfLink: string | null;
  /** Licence URL when the feed names one (`<link rel="license">` or `arxiv:license`), else null. */
  license: string | null;
  doi: string | null;
  primaryCategory: string | null;
  categories: string[];
}

/** The parsed feed of one API page. */
export interface ArxivFeed {
  /** `opensearch:totalResults`, or null when absent. */
  totalResults: number | null;
  startIndex: number | null;
  itemsPerPage: number | null;
  entries: ArxivEntry[];
  /**
   * arXiv reports bad queries as a feed with one entry titled `Error` (often
   * with HTTP 200); this carries that entry's summary instead of a fake paper.
   */
  apiError: { id: string; message: string } | null;
}

/**
 * A feed that is not well-formed XML, uses a DOCTYPE or is not an arXiv Atom
 * feed (PROVIDER_RESPONSE_INVALID, not retryable); `message` says what and where.
 */
export class AtomParseError extends EnvironmentError {
  constructor(message: string) {
    super('PROVIDER_RESPONSE_INVALID', message, { retryable: false });
  }
}

/** Parses one arXiv API response body. Throws {@link AtomParseError} naming what was wrong. */
export function parseArxivAtom(xml: string): ArxivFeed {
  const root = parseXml(xml);
  if (root.local !== 'feed' || root.ns !== ATOM_NS) {
    throw new AtomParseError(`expected an Atom <feed> root element (${ATOM_NS}), got <${root.name}>${root.ns ? ` in ${root.ns}` : ''}`);
  }
  const entries: ArxivEntry[] = [];
  let apiError: ArxivFeed['apiError'] = null;
  const entryElements = children(root, ATOM_NS, 'entry');
  entryElements.forEach((el, i) => {
    const error = readApiError(el);
    if (error) apiError = apiError ?? error;
    else entries.push(readEntry(el, i));
  });
  return {
    totalResults: readCount(root, 'totalResults'),
    startIndex: readCount(root, 'startIndex'),
    itemsPerPage: readCount(root, 'itemsPerPage'),
    entries,
    apiError,
  };
}

/** Collapses runs of whitespace (including arXiv's hard line wraps) to one space and trims. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Splits an arXiv abs URL or id into id and version: `http://arxiv.org/abs/2101.00001v2` → `{ id: '2101.00001', version: 2 }`. */
export function splitArxivId(idOrUrl: string): { id: string; version: number | null } | null {
  // Old-style ids contain a slash (`hep-ex/0307015`), so take everything after `/abs/`, not the last segment.
  const m = /(?:^|\/abs\/)((?:[a-z][a-z.-]*\/\d{7})|(?:\d{4}\.\d{4,5}))(?:v(\d+))?$/i.exec(idOrUrl.trim());
  if (!m) return null;
  return { id: m[1], version: m[2] === undefined ? null : Number(m[2]) };
}

function readApiError(el: XmlElement): ArxivFeed['apiError'] {
  const id = text(first(el, ATOM_NS, 'id'));
  const title = text(first(el, ATOM_NS, 'title'));
  // Error entries have ids like http://arxiv.org/api/errors#incorrect_id_format_for_1234 and the title
  // "Error"; a real paper could be titled "Error", so the title alone counts only without a paper id.
  const isError = /\/api\/errors/.test(id) || (normalizeWhitespace(title) === 'Error' && splitArxivId(id) === null);
  if (!isError) return null;
  return { id, message: normalizeWhitespace(text(first(el, ATOM_NS, 'summary'))) || 'arXiv reported an error without a message' };
}

function readEntry(el: XmlElement, index: number): ArxivEntry {
  const where = `entry ${index + 1}`;
  const rawId = requiredText(el, ATOM_NS, 'id', where);
  const parsedId = splitArxivId(rawId);
  if (!parsedId) throw new AtomParseError(`${where}: <id> ${JSON.stringify(rawId.slice(0, 120))} is not an arXiv abstract URL`);
  const title = normalizeWhitespace(requiredText(el, ATOM_NS, 'title', where));
  if (!title) throw new AtomParseError(`${where} (${parsedId.id}): <title> is empty`);
  const summary = normalizeWhitespace(requiredText(el, ATOM_NS, 'summary', where));
  const published = normalizeWhitespace(requiredText(el, ATOM_NS, 'published', where));
  const yearMatch = /^(\d{4})-\d{2}-\d{2}/.exec(published);
  const links = children(el, ATOM_NS, 'link');
  const alternate = links.find((l) => (l.attrs.rel ?? 'alternate') === 'alternate' && l.attrs.href);
  const pdf = links.find((l) => l.attrs.title === 'pdf' || l.attrs.type === 'application/pdf');
  const licenseLink = links.find((l) => l.attrs.rel === 'license' && l.attrs.href);
  const arxivLicense = first(el, ARXIV_NS, 'license');
  const ccLicense = first(el, CREATIVE_COMMONS_NS, 'license');
  const license = licenseLink?.attrs.href ?? (normalizeWhitespace(text(arxivLicense)) || normalizeWhitespace(text(ccLicense)) || null);
  const updatedEl = first(el, ATOM_NS, 'updated');
  return {
    arxivId: parsedId.id,
    version: parsedId.version,
    title,
    summary,
    authors: children(el, ATOM_NS, 'author')
      .map((a) => normalizeWhitespace(text(first(a, ATOM_NS, 'name'))))
      .filter((name) => name.length > 0),
    published,
    year: yearMatch ? Number(yearMatch[1]) : null,
    updated: updatedEl ? normalizeWhitespace(text(updatedEl)) : null,
    link: alternate?.attrs.href ?? `https://arxiv.org/abs/${parsedId.id}`,
    pdfLink: pdf?.attrs.href ?? null,
    license,
    doi: normalizeWhitespace(text(first(el, ARXIV_NS, 'doi'))) || null,
    primaryCategory: first(el, ARXIV_NS, 'primary_category')?.attrs.term ?? null,
    categories: children(el, ATOM_NS, 'category')
      .map((c) => c.attrs.term)
      .filter((t): t is string => typeof t === 'string' && t.length > 0),
  };
}

function readCount(root: XmlElement, local: string): number | null {
  const el = first(root, OPENSEARCH_NS, local);
  if (!el) return null;
  const raw = normalizeWhitespace(text(el));
  if (!/^\d+$/.test(raw)) throw new AtomParseError(`<opensearch:${local}> is ${JSON.stringify(raw.slice(0, 40))}, not a non-negative integer`);
  return Number(raw);
}

function requiredText(el: XmlElement, ns: string, local: string, where: string): string {
  const child = first(el, ns, local);
  if (!child) throw new AtomParseError(`${where}: missing <${local}>`);
  return text(child);
}

// ---------------------------------------------------------------------------
// XML to a small namespace-resolved tree (read with @xmldom/xmldom).
// ---------------------------------------------------------------------------

/** An element of the parsed tree with its namespace resolved. */
export interface XmlElement {
  /** Qualified name as written, e.g. `opensearch:totalResults`. */
  name: string;
  local: string;
  /** Resolved namespace URI, or '' when none is in scope. */
  ns: string;
  /** Attributes by qualified name (namespace declarations excluded). */
  attrs: Record<string, string>;
  children: Array<XmlElement | string>;
}

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
/** DOM node types we keep (DOM Level 2 Core, section 1.1.1). */
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
/**
 * A document type declaration is where entities are defined (internal subset,
 * `SYSTEM` references); arXiv never sends one, so its mere presence refuses
 * the document before parsing. Matched case-insensitively, wherever it stands.
 */
const DOCTYPE = /<!DOCTYPE/i;

/**
 * Parses a well-formed XML document into its root element. Throws
 * {@link AtomParseError} with line and column for malformed XML, and for any
 * DOCTYPE (so no entity can be declared, expanded or fetched).
 */
export function parseXml(input: string): XmlElement {
  if (input.length > MAX_XML_CHARS) throw new AtomParseError(`the document has ${input.length} characters, more than the ${MAX_XML_CHARS} accepted`);
  const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (xml.trim() === '') throw new AtomParseError('the document has no root element (empty or not XML)');
  if (!xml.trimStart().startsWith('<')) throw new AtomParseError('malformed XML at line 1, column 1: text before the root element');
  if (DOCTYPE.test(xml)) throw new AtomParseError('DOCTYPE declarations are not accepted (they may define or fetch entities)');

  let problem: string | undefined;
  const parser = new DOMParser({
    onError: (_level, message, context) => {
      const at = context?.locator;
      problem ??= `malformed XML${at?.lineNumber ? ` at line ${at.lineNumber}, column ${at.columnNumber ?? '?'}` : ''}: ${message}`;
      // Stop at the first report, warnings included: a lenient reading of attacker input is a guess.
      throw new AtomParseError(problem);
    },
  });
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (err) {
    throw new AtomParseError(problem ?? `malformed XML: ${(err as Error).message}`);
  }
  if (doc.doctype) throw new AtomParseError('DOCTYPE declarations are not accepted (they may define or fetch entities)');
  const root = doc.documentElement;
  if (!root) throw new AtomParseError('the document has no root element (empty or not XML)');
  return toXmlElement(root, 1);
}

function toXmlElement(el: DomElement, depth: number): XmlElement {
  if (depth > MAX_DEPTH) throw new AtomParseError(`malformed XML: elements nest deeper than ${MAX_DEPTH} levels`);
  const attrs: Record<string, string> = {};
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.namespaceURI !== XMLNS_NS) attrs[a.name] = a.value;
  }
  const children: Array<XmlElement | string> = [];
  for (let c: DomNode | null = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT_NODE) children.push(toXmlElement(c as DomElement, depth + 1));
    else if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_SECTION_NODE) children.push(c.nodeValue ?? '');
  }
  return { name: el.tagName, local: el.localName ?? el.tagName, ns: el.namespaceURI ?? '', attrs, children };
}

function children(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.ns === ns && c.local === local);
}

function first(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return children(el, ns, local)[0];
}

function text(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.children.map((c) => (typeof c === 'string' ? c : text(c))).join('');
}
