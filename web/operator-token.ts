/** Checks the operator token that authorizes a review decision from the site. */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when `given` equals `expected`. Both are hashed first so the
 * comparison is constant-time and independent of their lengths; an unset or
 * empty expected token never matches (no anonymous write).
 */
export function operatorTokenMatches(given: unknown, expected: string | null | undefined): boolean {
  if (typeof expected !== 'string' || expected.length === 0 || typeof given !== 'string') return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
