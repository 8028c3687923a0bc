/**
 * A light, fixed English stemmer for matching reworded claims against their
 * sources ("reduces" ~ "reduced", "thalassemia" ~ "thalassaemia"). Not the
 * Porter algorithm: a short suffix list chosen so the common inflections of
 * scientific prose fold together while short words stay as they are. Fixed
 * rather than configurable because verification records depend on it.
 */

// Longest first, so "ations" wins over "s". Each pair is [suffix, replacement].
const SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['izations', 'ize'], ['ization', 'ize'], ['ational', 'ate'], ['ations', 'ate'], ['ation', 'ate'],
  ['ements', ''], ['ement', ''], ['ments', ''], ['ment', ''], ['ness', ''], ['ities', ''], ['ity', ''],
  ['ingly', ''], ['edly', ''], ['ings', ''], ['ing', ''], ['ies', 'y'], ['ied', 'y'], ['ed', ''], ['es', ''], ['ly', ''], ['s', ''],
];
const MIN_STEM = 3;

/**
 * Stems one lowercase token: `ae` folded to `e`, one suffix of
 * {@link SUFFIXES} removed when at least three letters remain, a final `e`
 * dropped, then a final `our` folded to `or` (British spellings). Numbers and tokens of three
 * characters or fewer are returned unchanged.
 */
export function stem(token: string): string {
  if (token.length <= 3 || /\p{N}/u.test(token)) return token;
  let t = token.replace(/ae/g, 'e');
  if (t.endsWith('ss')) return t;
  for (const [suffix, replacement] of SUFFIXES) {
    if (t.endsWith(suffix) && t.length - suffix.length >= MIN_STEM) {
      t = t.slice(0, t.length - suffix.length) + replacement;
      break;
    }
  }
  if (t.endsWith('e') && t.length > MIN_STEM + 1) t = t.slice(0, -1);
  return t.replace(/our$/, 'or');
}
