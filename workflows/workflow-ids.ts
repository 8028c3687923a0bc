/**
 * Workflow ids and the ledger streams they write: a synthesis runs as the
 * workflow whose id is its synthesis id; its corrections run one at a time
 * as the workflow `correction:<synthesisId>`. Pure, for workflows and runtime.
 */

/** Prefix of a correction workflow's id. */
export const CORRECTION_WORKFLOW_PREFIX = 'correction:';

/** The workflow id that serializes corrections of one synthesis. */
export function correctionWorkflowId(synthesisId: string): string {
  return `${CORRECTION_WORKFLOW_PREFIX}${synthesisId}`;
}

/** The ledger stream (synthesis id) a synthesis or correction workflow writes to. */
export function streamOfWorkflow(workflowId: string): string {
  return workflowId.startsWith(CORRECTION_WORKFLOW_PREFIX) ? workflowId.slice(CORRECTION_WORKFLOW_PREFIX.length) : workflowId;
}
