/**
 * Plans N search-query variants from a research question, deterministically.
 *
 * Candidates, in order (the first `n` distinct ones are kept; two variants
 * are the same when they have the same set of terms, because BM25 and most
 * search APIs ignore term order):
 *   1. key terms     — every content term of the question, in order (max 16);
 *   2. bigrams       — adjacent content-term pairs, the phrases of the question;
 *   3. broadened     — the first three key terms only (fewer terms, more hits);
 *   4. narrowed      — only the specific terms (numbers, acronyms, terms
 *                      with digits) and the first bigram;
 *   5+. fallbacks    — second half of the key terms, key terms without the
 *                      specific ones, the last three key terms, each bigram.
 * Content terms are tokens of the question minus stop words and minus
 * question framing words ("impact", "effect", "compare", …) that name the
 * kind of question rather than its subject.
 */
import { ValidationError } from '../../common/errors';
import { tokenize } from './text';

/** Default number of query variants (DESIGN section 3). */
export const DEFAULT_QUERY_COUNT = 4;
/** Fewest query variants accepted. */
export const MIN_QUERIES = 1;
/** Most query variants accepted. */
export const MAX_QUERIES = 8;
/** Longest accepted question, in characters (matches the manifest's researchQuestion). */
export const MAX_QUESTION_CHARS = 2000;
const MAX_KEY_TERMS = 16;

/** Words that frame a question without naming its subject. */
export const QUESTION_FRAMING_WORDS: ReadonlySet<string> = new Set([
  'across', 'affect', 'affects', 'compare', 'compared', 'comparison', 'difference', 'differences', 'effect', 'effects',
  'impact', 'impacts', 'influence', 'role', 'versus', 'vs', 'whether', 'within',
]);

/** Returns the content terms of text: tokens minus stop words and framing words, de-duplicated, in order. */
export function keyTerms(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (QUESTION_FRAMING_WORDS.has(t) || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  return out;
}

/**
 * Returns at most `n` distinct query variants for `question` (fewer only when
 * the question has too few terms to vary). Throws INVALID_ARGUMENT for an
 * empty, whitespace-only or over-long question (`$.question`), a question with
 * no content terms, or `n` outside 1..8 (`$.queries`).
 */
export function planQueries(question: string, n: number = DEFAULT_QUERY_COUNT): string[] {
  validate(question, n);
  const terms = keyTerms(question).slice(0, MAX_KEY_TERMS);
  if (terms.length === 0) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.question', 'no-key-terms', 'question has no content terms to search for');
  }
  const pairs = contentBigrams(question);
  const specificSet = specificTerms(question);
  const specific = terms.filter((t) => specificSet.has(t));
  const general = terms.filter((t) => !specificSet.has(t));
  const half = Math.floor(terms.length / 2);
  const candidates: string[][] = [
    terms,
    pairs.flat(),
    terms.slice(0, 3),
    [...specific, ...(pairs[0] ?? [])],
    terms.slice(half),
    general,
    terms.slice(-3),
    ...pairs,
  ];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const words = dedupe(candidate);
    if (words.length === 0) continue;
    const key = [...words].sort().join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(words.join(' '));
    if (out.length === n) break;
  }
  return out;
}

function validate(question: unknown, n: unknown): void {
  if (typeof question !== 'string' || question.trim().length === 0) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.question', 'required', 'question must be a non-empty string');
  }
  if (question.length > MAX_QUESTION_CHARS) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.question', 'maxLength', `question must be at most ${MAX_QUESTION_CHARS} characters, got ${question.length}`);
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < MIN_QUERIES || n > MAX_QUERIES) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.queries', 'range', `queries must be an integer in ${MIN_QUERIES}..${MAX_QUERIES}, got ${String(n)}`);
  }
}

/**
 * Key phrases of a question: adjacent content-term pairs, in order, without
 * repeats ("negative sampling", "exact match"); a stop word between two terms
 * breaks the pair. Falls back to single key terms when there are no pairs.
 */
export function keyPhrases(question: string): string[] {
  const pairs = contentBigrams(question);
  return pairs.length > 0 ? pairs.map((p) => p.join(' ')) : keyTerms(question);
}

/** Adjacent content-term pairs in the question, in order, without repeats; a stop word between two terms breaks the pair. */
function contentBigrams(question: string): string[][] {
  const raw = tokenize(question, { removeStopWords: false });
  const content = new Set(keyTerms(question));
  const pairs: string[][] = [];
  const seen = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i++) {
    const [a, b] = [raw[i], raw[i + 1]];
    if (!content.has(a) || !content.has(b) || a === b) continue;
    const key = `${a} ${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push([a, b]);
  }
  return pairs;
}

/** Terms that narrow a search: numbers, terms with digits ("f1", "2019") and acronyms (two or more capitals, "MRQA"), lowercased. */
function specificTerms(question: string): Set<string> {
  const words = question.normalize('NFKC').match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => /\p{N}/u.test(w) || (w.match(/\p{Lu}/gu)?.length ?? 0) >= 2).map((w) => w.toLowerCase()));
}

function dedupe(words: readonly string[]): string[] {
  return [...new Set(words)];
}
