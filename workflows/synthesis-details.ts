/**
 * The workflow's "current details" (Temporal markdown the Web UI shows on the
 * workflow's page, and `temporal workflow metadata` prints): where a running
 * synthesis is, and how a finished one ended. A rejected synthesis completes
 * as a workflow (its rejection is a result, not a failure: docs/adr/0010),
 * so this line, the SynthesisStatus search attribute and the result's status
 * are what show it REJECTED. Numbers and constants only, never the question.
 * Deterministic.
 */
import { setCurrentDetails } from '@temporalio/workflow';
import type { SynthesisProgress, SynthesisSummary } from '../activities/synthesis-types';

/** The details line for the summary and progress so far. */
export function synthesisDetails(summary: SynthesisSummary, progress: SynthesisProgress, verificationLevel: string | null): string {
  const score = summary.score === null ? null : `tribunal score ${summary.score.toFixed(1)}/10 after ${summary.rounds} revision round${summary.rounds === 1 ? '' : 's'}`;
  const decision = summary.decision ?? summary.policyOutcome;
  switch (summary.status) {
    case 'PUBLISHED':
      return [`**PUBLISHED** manifest v${summary.manifestVersion ?? '?'}`, decision && `decision ${decision}`, score, verificationLevel && `verification ${verificationLevel}`]
        .filter(Boolean).join(' · ');
    case 'REJECTED':
      return [`**REJECTED**: nothing was published`, decision && `decision ${decision}`, summary.policyOutcome && summary.policyOutcome !== decision ? `policy ${summary.policyOutcome}` : null, score]
        .filter(Boolean).join(' · ');
    case 'WAITING_FOR_REVIEW':
      return [`**WAITING FOR REVIEW** by a human (\`synthledger review ${summary.synthesisId}\`)`, score].filter(Boolean).join(' · ');
    case 'CANCELLED':
    case 'FAILED':
      return `**${summary.status}** during ${progress.stage}`;
    default:
      return [`**RUNNING** stage ${progress.stage}`, progress.round > 0 ? `round ${progress.round}` : null, score].filter(Boolean).join(' · ');
  }
}

/** Sets the workflow's current details (not a command: nothing is written to history). */
export function showDetails(details: string): void {
  setCurrentDetails(details);
}
