/**
 * Parser for the Atom feeds of the arXiv API
 * (https://info.arxiv.org/help/api/user-manual.html, section 3.3 "The API
 * response"), including the small XML reader it needs.
 *
 * The feed is attacker-controlled input from the network, so the XML reader
 * is deliberately narrow: elements, attributes, text, CDATA, comments,
 * processing instructions and the five predefined plus numeric character
 * entities. A DOCTYPE is refused outright (no entity expansion, no external
 * references), and size and depth are bounded. Everything arXiv sends fits
 * in that subset.
 */

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

/** A feed that is not well-formed XML or not an arXiv Atom feed; `message` says what and where. */
export class AtomParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AtomParseError';
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
// Minimal XML reader (XML 1.0 subset, namespaces per "Namespaces in XML 1.0").
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

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parses a well-formed XML document into its root element. Throws {@link AtomParseError} with line and column. */
export function parseXml(input: string): XmlElement {
  if (input.length > MAX_XML_CHARS) throw new AtomParseError(`the document has ${input.length} characters, more than the ${MAX_XML_CHARS} accepted`);
  const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let pos = 0;
  const stack: Array<{ el: XmlElement; scope: Map<string, string> }> = [];
  let root: XmlElement | null = null;

  const fail = (message: string, at = pos): never => {
    const before = xml.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new AtomParseError(`malformed XML at line ${line}, column ${column}: ${message}`);
  };

  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > pos) {
      const raw = xml.slice(pos, textEnd);
      if (stack.length === 0) {
        if (raw.trim() !== '') fail(root ? 'text after the root element' : 'text before the root element');
      } else {
        stack[stack.length - 1].el.children.push(decodeEntities(raw, pos, fail));
      }
      pos = textEnd;
      continue;
    }
    if (xml.startsWith('<!--', pos)) {
      const end = xml.indexOf('-->', pos + 4);
      if (end === -1) fail('unterminated comment');
      pos = end + 3;
    } else if (xml.startsWith('<![CDATA[', pos)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      const end = xml.indexOf(']]>', pos + 9);
      if (end === -1) fail('unterminated CDATA section');
      stack[stack.length - 1].el.children.push(xml.slice(pos + 9, end));
      pos = end + 3;
    } else if (xml.startsWith('<?', pos)) {
      const end = xml.indexOf('?>', pos + 2);
      if (end === -1) fail('unterminated processing instruction');
      pos = end + 2;
    } else if (xml.startsWith('<!', pos)) {
      // DOCTYPE would allow entity definitions (billion laughs, external entities); arXiv never sends one.
      fail('DOCTYPE and other declarations are not accepted');
    } else if (xml.startsWith('</', pos)) {
      const m = NAME.exec(xml.slice(pos + 2, pos + 2 + 256));
      if (!m) fail('malformed end tag');
      const name = m![0];
      const close = /^\s*>/.exec(xml.slice(pos + 2 + name.length, pos + 2 + name.length + 64));
      if (!close) fail(`malformed end tag </${name}`);
      const open = stack.pop();
      if (!open) fail(`end tag </${name}> without a start tag`);
      if (open!.el.name !== name) fail(`end tag </${name}> does not match <${open!.el.name}>`);
      pos += 2 + name.length + close![0].length;
    } else {
      if (root && stack.length === 0) fail('a second root element');
      const parsed = readStartTag(xml, pos, fail);
      const parentScope = stack.length ? stack[stack.length - 1].scope : new Map([['xml', XML_NS]]);
      const scope = new Map(parentScope);
      const attrs: Record<string, string> = {};
      for (const [qname, value] of parsed.attrs) {
        if (qname === 'xmlns') scope.set('', value);
        else if (qname.startsWith('xmlns:')) scope.set(qname.slice(6), value);
        else attrs[qname] = value;
      }
      const colon = parsed.name.indexOf(':');
      const prefix = colon === -1 ? '' : parsed.name.slice(0, colon);
      const ns = scope.get(prefix);
      if (prefix && ns === undefined) fail(`namespace prefix "${prefix}" of <${parsed.name}> is not declared`);
      const el: XmlElement = { name: parsed.name, local: colon === -1 ? parsed.name : parsed.name.slice(colon + 1), ns: ns ?? '', attrs, children: [] };
      if (stack.length) stack[stack.length - 1].el.children.push(el);
      else root = el;
      if (!parsed.selfClosing) {
        if (stack.length >= MAX_DEPTH) fail(`elements nest deeper than ${MAX_DEPTH} levels`);
        stack.push({ el, scope });
      }
      pos = parsed.end;
    }
  }
  if (stack.length) fail(`unexpected end of document inside <${stack[stack.length - 1].el.name}>`);
  if (!root) fail('the document has no root element (empty or not XML)');
  return root!;
}

function readStartTag(
  xml: string,
  start: number,
  fail: (message: string, at?: number) => never,
): { name: string; attrs: Array<[string, string]>; selfClosing: boolean; end: number } {
  let pos = start + 1;
  const m = NAME.exec(xml.slice(pos, pos + 256));
  if (!m) fail('malformed start tag', start);
  const name = m![0];
  pos += name.length;
  const attrs: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (;;) {
    const ws = /^\s*/.exec(xml.slice(pos, pos + 1024))![0];
    pos += ws.length;
    if (xml.startsWith('/>', pos)) return { name, attrs, selfClosing: true, end: pos + 2 };
    if (xml.startsWith('>', pos)) return { name, attrs, selfClosing: false, end: pos + 1 };
    if (pos >= xml.length) fail(`unterminated start tag <${name}`, start);
    if (ws.length === 0) fail(`expected whitespace, ">" or "/>" in <${name}>`);
    const an = NAME.exec(xml.slice(pos, pos + 256));
    if (!an) fail(`malformed attribute in <${name}>`);
    const attrName = an![0];
    pos += attrName.length;
    const eq = /^\s*=\s*/.exec(xml.slice(pos, pos + 256));
    if (!eq) fail(`attribute ${attrName} of <${name}> has no value`);
    pos += eq![0].length;
    const quote = xml[pos];
    if (quote !== '"' && quote !== "'") fail(`attribute ${attrName} of <${name}> is not quoted`);
    const close = xml.indexOf(quote, pos + 1);
    if (close === -1) fail(`unterminated value of attribute ${attrName} in <${name}>`);
    const raw = xml.slice(pos + 1, close);
    if (raw.includes('<')) fail(`"<" in the value of attribute ${attrName} of <${name}>`, pos);
    if (seen.has(attrName)) fail(`duplicate attribute ${attrName} in <${name}>`, pos);
    seen.add(attrName);
    attrs.push([attrName, decodeEntities(raw, pos + 1, fail)]);
    pos = close + 1;
  }
}

function decodeEntities(raw: string, offset: number, fail: (message: string, at?: number) => never): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{0,32});?/g, (whole, body: string, at: number) => {
    if (!whole.endsWith(';')) fail('"&" does not start an entity reference', offset + at);
    if (body in PREDEFINED_ENTITIES) return PREDEFINED_ENTITIES[body];
    const num = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (num) {
      const code = num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]);
      const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!allowed) fail(`character reference &${body}; is not a legal XML character`, offset + at);
      return String.fromCodePoint(code);
    }
    return fail(`unknown entity &${body};`, offset + at);
  });
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
