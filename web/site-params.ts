/**
 * Validation of everything a request names: synthesis ids, version and page
 * numbers, the status filter, review form fields. Refused input is a
 * ValidationError naming the parameter and the rule; the value never
 * reaches a query unchecked (and queries take it as a parameter anyway).
 */
import { SYNTHESIS_ID_PATTERN, type HumanReviewDecision } from '../runtime';
import { ValidationError } from '../common/errors';
import { SITE_STATUSES, type SiteStatus } from './synthesis-status';

/** A synthesis id from a path: letters, digits and `._:-`, starting with a letter or digit (no `/`, so no traversal). */
export function synthesisIdParam(value: unknown, path = ':id'): string {
  if (typeof value !== 'string' || !SYNTHESIS_ID_PATTERN.test(value)) {
    throw ValidationError.single('INVALID_STREAM_ID', path, 'pattern', 'a synthesis id is 1–100 characters of letters, digits and ._:- starting with a letter or digit');
  }
  return value;
}

/** A positive integer of at most 6 digits (a version or page number); `fallback` when absent. */
export function positiveIntParam(value: unknown, path: string, fallback?: number): number {
  if ((value === undefined || value === '') && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,5}$/.test(value)) {
    throw ValidationError.single('INVALID_ARGUMENT', path, 'positive-integer', `${path} must be a positive integer of at most 6 digits`);
  }
  return Number(value);
}

/** A status filter: one of the site's statuses, or undefined for all. */
export function statusParam(value: unknown): SiteStatus | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !(SITE_STATUSES as readonly string[]).includes(value)) {
    throw ValidationError.single('INVALID_ARGUMENT', 'status', 'enum', `status must be one of ${SITE_STATUSES.join(', ')}`);
  }
  return value as SiteStatus;
}

/** The review form: decision APPROVE|REJECT, a reviewer name (1–300 characters), an optional note (≤ 5000). */
export function reviewDecisionParams(body: unknown): HumanReviewDecision {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const issues = [];
  if (b.decision !== 'APPROVE' && b.decision !== 'REJECT') issues.push({ code: 'enum', path: 'decision', message: 'decision must be APPROVE or REJECT' });
  const reviewer = typeof b.reviewer === 'string' ? b.reviewer.trim() : '';
  if (reviewer.length === 0 || reviewer.length > 300) issues.push({ code: 'length', path: 'reviewer', message: 'a reviewer name of 1–300 characters is required' });
  const note = typeof b.note === 'string' ? b.note.trim() : '';
  if (note.length > 5000) issues.push({ code: 'maxLength', path: 'note', message: 'the note is limited to 5000 characters' });
  if (issues.length) throw new ValidationError('INVALID_ARGUMENT', issues);
  return { decision: b.decision as 'APPROVE' | 'REJECT', reviewer, ...(note ? { note } : {}) };
}
