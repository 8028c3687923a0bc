/** Signal, query and update definitions of the workflows (the client imports these). */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { HumanReviewDecision, SynthesisProgress, SynthesisSummary } from '../activities/synthesis-types';

/** Current stage, round, counts and percent of a synthesis. */
export const progressQuery = defineQuery<SynthesisProgress>('progress');
/** The synthesis summary so far (final once the workflow completes). */
export const summaryQuery = defineQuery<SynthesisSummary>('summary');
/** A human reviewer's decision while the synthesis waits in HUMAN_REVIEW. */
export const reviewUpdate = defineUpdate<{ accepted: true; decision: HumanReviewDecision['decision'] }, [HumanReviewDecision]>('review');

/** Validates a `review` update before it is accepted into history: names the field and the rule. */
export function validateReviewDecision(d: HumanReviewDecision): void {
  if (typeof d !== 'object' || d === null) throw new Error('$: a review must be an object { decision, reviewer, note? }');
  if (d.decision !== 'APPROVE' && d.decision !== 'REJECT') throw new Error('$.decision: must be "APPROVE" or "REJECT"');
  if (typeof d.reviewer !== 'string' || d.reviewer.trim() === '' || d.reviewer.length > 200) {
    throw new Error('$.reviewer: must be a non-empty name of at most 200 characters');
  }
  if (d.note !== undefined && (typeof d.note !== 'string' || d.note.length > 5000)) throw new Error('$.note: must be a string of at most 5000 characters');
}
