/** Starting, querying, reviewing and correcting syntheses through a Temporal client. */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ValidationError, EnvironmentError } from '../../common/errors';
import { fromFailure } from '../../common/temporal-failure';
import type { HumanReviewDecision, SynthesisInput, SynthesisProgress, SynthesisSummary } from '../../activities/synthesis-types';
import { correctionWorkflow, type CorrectionResult } from '../../workflows/correction-workflow';
import { correctionWorkflowId } from '../../workflows/workflow-ids';
import { progressQuery, reviewDecisionIssues, reviewUpdate, summaryQuery } from '../../workflows/definitions';
// Started by reference so the arguments are type-checked against the workflow; the client reads only its name.
import { synthesisWorkflow } from '../../workflows/synthesis-workflow';
import { DEFAULT_TASK_QUEUE } from './task-queue';
import { synthesisMemo } from './synthesis-memo';

/**
 * Starts a synthesis whose workflow id is its synthesis id; a duplicate id is
 * refused (INVALID_ARGUMENT on `$.synthesisId`). Front ends validate the
 * request first with `synthesisRequestIssues` (the CLI does, through
 * `synthesisInputFrom`); the workflow's recordRequest applies the same rules.
 * The question also goes into the run's memo ({@link synthesisMemo}).
 */
export async function startSynthesis(client: Client, input: SynthesisInput, taskQueue = DEFAULT_TASK_QUEUE): Promise<WorkflowHandle<typeof synthesisWorkflow>> {
  try {
    return await client.workflow.start(synthesisWorkflow, {
      args: [input], taskQueue, workflowId: input.synthesisId,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // The question in visibility too: `list` names a run that failed or was terminated before it returned a summary.
      memo: synthesisMemo(input.question),
    });
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.synthesisId', 'unique', `synthesis id ${JSON.stringify(input.synthesisId)} is already used; choose another`);
    }
    throw e;
  }
}

/** Current progress of a synthesis. */
export function getProgress(client: Client, synthesisId: string): Promise<SynthesisProgress> {
  return client.workflow.getHandle(synthesisId).query(progressQuery);
}

/** Current summary of a synthesis. */
export function getSummary(client: Client, synthesisId: string): Promise<SynthesisSummary> {
  return client.workflow.getHandle(synthesisId).query(summaryQuery);
}

/** How long {@link submitReview} waits for a worker to take the update before answering SERVICE_UNAVAILABLE. */
export const REVIEW_UPDATE_DEADLINE_MS = 20_000;

/**
 * Sends a human review decision. The workflow's validator refuses a bad one
 * with the issues naming each field; that arrives here as the
 * {@link ValidationError} the validator raised. An update is only accepted
 * by a worker running the workflow, so while none can (no worker, or a dead
 * one still holding the workflow task) the call is bounded by `deadlineMs`
 * and answers a retryable SERVICE_UNAVAILABLE: nothing was recorded, and the
 * same review can be sent again.
 */
export async function submitReview(client: Client, synthesisId: string, decision: HumanReviewDecision, { deadlineMs = REVIEW_UPDATE_DEADLINE_MS }: { deadlineMs?: number } = {}) {
  // The validator's own rules, checked here too so a bad decision is refused even while no worker runs.
  const issues = reviewDecisionIssues(decision);
  if (issues.length > 0) throw new ValidationError('INVALID_ARGUMENT', issues);
  const deadline = Date.now() + deadlineMs;
  try {
    return await client.withDeadline(deadline, () => client.workflow.getHandle(synthesisId).executeUpdate(reviewUpdate, { args: [decision] }));
  } catch (e) {
    // Only a rejected update is bad input; an unknown workflow stays what it is.
    if (e instanceof WorkflowUpdateFailedError) throw fromFailure(e) ?? e;
    if (e instanceof WorkflowNotFoundError) throw e;
    if (isDeadlineExceeded(e) || Date.now() >= deadline) {
      throw new EnvironmentError('SERVICE_UNAVAILABLE',
        `no worker took the review of ${synthesisId} within ${Math.round(deadlineMs / 1000)} s (none running, or one that died still holds the workflow task); nothing was recorded: start a worker or retry`,
        { retryable: true, cause: e });
    }
    throw e;
  }
}

/** A gRPC DEADLINE_EXCEEDED (status 4) or CANCELLED (1, an aborted call), as the client raises it directly or wrapped. */
function isDeadlineExceeded(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (code === 4 || code === 1) return true;
    if (/deadline exceeded|context deadline/i.test(String((c as { message?: unknown }).message ?? ''))) return true;
  }
  return false;
}

/**
 * Runs a correction. Corrections of one synthesis share a workflow id, so a
 * second one waits (polling) until the running one completes, then starts.
 */
export async function runCorrection(client: Client, synthesisId: string, correction: unknown, options: { taskQueue?: string; waitMs?: number; timeouts?: Record<string, number> } = {}): Promise<CorrectionResult> {
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  for (;;) {
    try {
      const handle = await client.workflow.start(correctionWorkflow, {
        args: [{ synthesisId, correction, timeouts: options.timeouts }], taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
        workflowId: correctionWorkflowId(synthesisId), workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
      return await handle.result();
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      if (Date.now() > deadline) throw new EnvironmentError('WORKFLOW_ERROR', `another correction of ${synthesisId} is still running`, { retryable: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
