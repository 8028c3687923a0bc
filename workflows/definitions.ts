/** Signal, query and update definitions of the workflows (the client imports these). */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { HumanReviewDecision, SynthesisProgress, SynthesisSummary } from '../activities/synthesis-types';
import { ValidationError, type ValidationIssue } from '../common/errors';
import { toApplicationFailure } from '../common/temporal-failure';

/** Current stage, round, counts and percent of a synthesis. */
export const progressQuery = defineQuery<SynthesisProgress>('progress');
/** The synthesis summary so far (final once the workflow completes). */
export const summaryQuery = defineQuery<SynthesisSummary>('summary');
/** A human reviewer's decision while the synthesis waits in HUMAN_REVIEW. */
export const reviewUpdate = defineUpdate<{ accepted: true; decision: HumanReviewDecision['decision'] }, [HumanReviewDecision]>('review');

/**
 * Checks a `review` update before it is accepted into history; returns one
 * issue per bad field (an empty list when the decision is well-formed).
 */
export function reviewDecisionIssues(d: HumanReviewDecision): ValidationIssue[] {
  if (typeof d !== 'object' || d === null) return [{ code: 'type', path: '$', message: 'a review must be an object { decision, reviewer, note? }' }];
  const issues: ValidationIssue[] = [];
  if (d.decision !== 'APPROVE' && d.decision !== 'REJECT') issues.push({ code: 'enum', path: '$.decision', message: 'must be "APPROVE" or "REJECT"' });
  if (typeof d.reviewer !== 'string' || d.reviewer.trim() === '' || d.reviewer.length > 200) {
    issues.push({ code: 'reviewer-name', path: '$.reviewer', message: 'must be a non-empty name of at most 200 characters' });
  }
  if (d.note !== undefined && (typeof d.note !== 'string' || d.note.length > 5000)) issues.push({ code: 'maxLength', path: '$.note', message: 'must be a string of at most 5000 characters' });
  return issues;
}

/**
 * Refuses an update from its validator: an `ApplicationFailure` of type
 * INVALID_ARGUMENT carrying the issues, which the client rebuilds as a
 * {@link ValidationError}. Does nothing when `issues` is empty.
 */
export function refuseUpdate(issues: ValidationIssue[]): void {
  if (issues.length > 0) throw toApplicationFailure(new ValidationError('INVALID_ARGUMENT', issues));
}
