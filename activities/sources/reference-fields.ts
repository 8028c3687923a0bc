/**
 * Checks of the optional reference fields of a paper (arXiv id, DOI, URL,
 * project page), compiled once from the patterns of `source-provenance-v1`
 * so what a source adapter accepts is exactly what the record allows.
 */
import { ARXIV_ID_PATTERN, DOI_PATTERN, MAX_REFERENCE_CHARS, REFERENCE_URL_PATTERN } from '../../schemas/source-provenance.schema';

const ARXIV_ID = new RegExp(ARXIV_ID_PATTERN, 'u');
const DOI = new RegExp(DOI_PATTERN, 'u');
const REFERENCE_URL = new RegExp(REFERENCE_URL_PATTERN, 'u');

/** Whether `value` is a new-style arXiv id (`2109.01652`, `2109.01652v5`). */
export function isArxivId(value: unknown): value is string {
  return typeof value === 'string' && ARXIV_ID.test(value);
}

/** Whether `value` is a DOI (`10.<registrant>/<suffix>`) of at most {@link MAX_REFERENCE_CHARS} characters. */
export function isDoi(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_REFERENCE_CHARS && DOI.test(value);
}

/** Whether `value` is an http(s) URL without whitespace, angle brackets or quotes, of at most {@link MAX_REFERENCE_CHARS} characters. */
export function isReferenceUrl(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_REFERENCE_CHARS && REFERENCE_URL.test(value);
}

export { MAX_REFERENCE_CHARS };
