/** Starting, querying, reviewing and correcting syntheses through a Temporal client. */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ValidationError, EnvironmentError } from '../../common/errors';
import { fromFailure } from '../../common/temporal-failure';
import type { HumanReviewDecision, SynthesisInput, SynthesisProgress, SynthesisSummary } from '../../activities/synthesis-types';
import { correctionWorkflow, type CorrectionResult } from '../../workflows/correction-workflow';
import { correctionWorkflowId } from '../../workflows/workflow-ids';
import { progressQuery, reviewUpdate, summaryQuery } from '../../workflows/definitions';
// Started by reference so the arguments are type-checked against the workflow; the client reads only its name.
import { synthesisWorkflow } from '../../workflows/synthesis-workflow';
import { DEFAULT_TASK_QUEUE } from './task-queue';

/** Starts a synthesis whose workflow id is its synthesis id; a duplicate id is refused (INVALID_ARGUMENT on `$.synthesisId`). */
export async function startSynthesis(client: Client, input: SynthesisInput, taskQueue = DEFAULT_TASK_QUEUE): Promise<WorkflowHandle<typeof synthesisWorkflow>> {
  try {
    return await client.workflow.start(synthesisWorkflow, {
      args: [input], taskQueue, workflowId: input.synthesisId,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
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

/**
 * Sends a human review decision. The workflow's validator refuses a bad one
 * with the issues naming each field; that arrives here as the
 * {@link ValidationError} the validator raised.
 */
export async function submitReview(client: Client, synthesisId: string, decision: HumanReviewDecision) {
  try {
    return await client.workflow.getHandle(synthesisId).executeUpdate(reviewUpdate, { args: [decision] });
  } catch (e) {
    // Only a rejected update is bad input; an unreachable server or unknown workflow stays what it is.
    if (!(e instanceof WorkflowUpdateFailedError)) throw e;
    throw fromFailure(e) ?? e;
  }
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
