/**
 * Reading the HTTP `Retry-After` header (RFC 9110 section 10.2.3), which
 * rate-limited endpoints (arXiv, OpenAI-compatible servers) send with 429
 * and 503, so the retry policy can wait as long as the server asked.
 */

/** Seconds to wait according to a `Retry-After` value (delay-seconds or HTTP-date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}
