/**
 * Text primitives shared by every pure stage: normalization, tokenization,
 * a fixed stop-word list, a sentence splitter with character offsets, and
 * number/negation extraction for the claim consistency checks.
 *
 * Everything here is deterministic and locale-independent (no
 * `toLocaleLowerCase`, no `Intl`), so a replayed activity tokenizes exactly
 * as the original run did.
 */

/**
 * Normalizes a title for identity and de-duplication: Unicode NFKC, then
 * lowercase, then every whitespace run collapsed to one space, then trimmed.
 * NFKC comes first so compatibility forms (ligatures, full-width letters)
 * fold before case mapping.
 */
export function normalizeTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * A fixed English stop-word list (the NLTK English list without its
 * contraction fragments, plus `also`, `via`, `using`, `et`, `al`).
 * Fixed rather than configurable because it is part of every hash we record:
 * changing it changes ranking and verification, so it is versioned with the code.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'above', 'after', 'again', 'against', 'al', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
  'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by',
  'can', 'could', 'did', 'do', 'does', 'doing', 'down', 'during',
  'each', 'et', 'few', 'for', 'from', 'further',
  'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how',
  'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just', 'me', 'more', 'most', 'my', 'myself',
  'no', 'nor', 'not', 'now', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'our', 'ours', 'ourselves', 'out',
  'over', 'own', 'same', 'she', 'should', 'so', 'some', 'such',
  'than', 'that', 'the', 'their', 'theirs', 'them', 'themselves', 'then', 'there', 'these', 'they', 'this', 'those',
  'through', 'to', 'too', 'under', 'until', 'up', 'using', 'very', 'via',
  'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would',
  'you', 'your', 'yours', 'yourself', 'yourselves',
]);

/** Options of {@link tokenize}. */
export interface TokenizeOptions {
  /** Drop {@link STOP_WORDS}. Default true. */
  removeStopWords?: boolean;
}

// A decimal number ("82.7", "99.99") stays one token so "2.4" never matches
// "2" and "4" separately; everything else is a maximal run of letters,
// combining marks and digits ("f1", "gpt3", "8x", "llama", "7b").
const TOKEN_PATTERN = /\p{N}+(?:\.\p{N}+)+(?![\p{L}\p{M}\p{N}])|[\p{L}\p{M}\p{N}]+/gu;

/**
 * Splits text into lowercase tokens: NFKC, lowercase, then maximal runs of
 * Unicode letters/digits (everything else separates tokens; decimal numbers
 * stay whole; numbers are kept). Stop words are removed unless asked not to.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const removeStopWords = options.removeStopWords ?? true;
  const normalized = text.normalize('NFKC').toLowerCase();
  const tokens = normalized.match(TOKEN_PATTERN) ?? [];
  return removeStopWords ? tokens.filter((t) => !STOP_WORDS.has(t)) : tokens;
}

/** Unigrams followed by adjacent-token bigrams (joined by one space) of a token sequence. */
export function ngrams(tokens: readonly string[], maxN: 1 | 2 = 2): string[] {
  const out = [...tokens];
  if (maxN >= 2) for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

/** One sentence and its `[start, end)` character offsets in the text it came from. */
export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

/**
 * Abbreviations that end with a period but rarely end a sentence in
 * scientific abstracts (lowercase, without the final period).
 */
export const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'al', 'approx', 'cf', 'dr', 'e.g', 'eg', 'eq', 'eqs', 'etc', 'fig', 'figs', 'i.e', 'ie', 'incl', 'mr', 'mrs', 'ms',
  'no', 'nos', 'prof', 'ref', 'refs', 'resp', 'sec', 'sect', 'st', 'tab', 'vol', 'vs', 'viz',
]);

// Candidate sentence ends: a run of terminal punctuation, optionally closed by
// quotes or brackets, followed by whitespace.
const BOUNDARY = /[.!?]+["'”’)\]]*(?=\s)/g;

/**
 * Splits text into sentences with character offsets into `text` (so
 * `text.slice(s.start, s.end) === s.text`). A boundary is terminal
 * punctuation followed by whitespace and then an uppercase letter, a digit, a
 * quote or an opening bracket; it is not a boundary after a known
 * abbreviation (`e.g.`, `et al.`, `Fig.`), a single-letter initial (`J.`) or a
 * dotted acronym (`U.S.`). Decimal points never qualify because they are not
 * followed by whitespace. Good enough for abstracts; not a general splitter.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = skipSpace(text, 0);
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m !== null; m = BOUNDARY.exec(text)) {
    const end = m.index + m[0].length;
    const next = skipSpace(text, end);
    if (next >= text.length) break;
    if (!startsSentence(text[next])) continue;
    if (m[0].startsWith('.') && m[0].length === 1 && isAbbreviation(text, m.index)) continue;
    if (end > start) spans.push({ text: text.slice(start, end), start, end });
    start = next;
  }
  const tailEnd = trimEnd(text);
  if (tailEnd > start) spans.push({ text: text.slice(start, tailEnd), start, end: tailEnd });
  return spans;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function trimEnd(text: string): number {
  let i = text.length;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}

function startsSentence(ch: string): boolean {
  return /[\p{Lu}\p{N}"'“‘(\[]/u.test(ch);
}

/** True when the word ending right before the period at `dot` is an abbreviation or an initial. */
function isAbbreviation(text: string, dot: number): boolean {
  let i = dot;
  while (i > 0 && /[\p{L}.]/u.test(text[i - 1])) i--;
  const word = text.slice(i, dot);
  if (word.length === 0) return false;
  if (/^\p{Lu}$/u.test(word)) return true;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * Units that may follow a number in a claim and that the consistency check
 * compares: `%`, `x`/`×` (multipliers such as "16x"), and magnitude suffixes
 * `k`, `m`, `b`, `t` ("137B parameters", "7B", "400M").
 */
export const NUMBER_UNITS = ['%', 'x', 'k', 'm', 'b', 't'] as const;

// A number, optionally with thousands separators or decimals, optionally
// followed (directly or after "\" as in LaTeX "99.99\%") by a unit; the unit
// must not be the start of a longer word ("5 models" keeps no unit).
const NUMBER_PATTERN =
  /(?<![\p{L}\p{N}.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?\\?(%)|(?:\s?(×)|([xXkKmMbBtT])(?![\p{L}\p{N}])))?/gu;

/**
 * Numbers mentioned in text, normalized for comparison: thousands separators
 * removed, trailing decimal zeros kept as written, lowercase unit appended
 * (`×` becomes `x`). Numbers that are part of identifiers ("F1", "GPT-3",
 * "L2") are not matched, because they are preceded by a letter or a hyphenated word.
 */
export function extractNumbers(text: string): string[] {
  const out: string[] = [];
  const normalized = text.normalize('NFKC');
  NUMBER_PATTERN.lastIndex = 0;
  for (let m = NUMBER_PATTERN.exec(normalized); m !== null; m = NUMBER_PATTERN.exec(normalized)) {
    if (m.index > 0 && normalized[m.index - 1] === '-' && m.index > 1 && /\p{L}/u.test(normalized[m.index - 2])) continue;
    const unit = (m[3] ?? (m[4] ? 'x' : undefined) ?? m[5] ?? '').toLowerCase();
    out.push(m[1].replace(/,/g, '') + (m[2] ?? '') + unit);
  }
  return out;
}

/** Words that flip the polarity of a statement, for the negation consistency check. */
export const NEGATION_WORDS: ReadonlySet<string> = new Set([
  'no', 'not', 'never', 'none', 'nor', 'neither', 'nothing', 'nobody', 'cannot', 'without', 'fail', 'fails', 'failed',
  'lack', 'lacks', 'unable',
]);

/**
 * Counts negations in text: words of {@link NEGATION_WORDS} plus contractions
 * ending in `n't`. Tokenized without stop-word removal so `not` and `no` count.
 */
export function countNegations(text: string): number {
  const contractions = text.normalize('NFKC').toLowerCase().match(/\p{L}n['’]t\b/gu)?.length ?? 0;
  return tokenize(text, { removeStopWords: false }).filter((t) => NEGATION_WORDS.has(t)).length + contractions;
}
