/** Reads a workflow's history and ledger stream and builds its timeline (`synthledger history`, the audit). */
import type { Client } from '@temporalio/client';
import type { Ledger } from '../../../ledger';
import { streamOfWorkflow } from '../../../workflows/workflow-ids';
import { buildTimeline } from './build-timeline';
import type { Timeline } from './timeline-model';

/**
 * Fetches a workflow's history (latest run, or `runId`) and the ledger
 * stream it writes to, and builds its timeline. The stream is the synthesis
 * id: the workflow id itself, or `<id>` for a correction workflow `correction:<id>`.
 */
export async function fetchTimeline(client: Client, ledger: Ledger, workflowId: string, runId?: string): Promise<Timeline> {
  const handle = client.workflow.getHandle(workflowId, runId);
  const [history, description] = await Promise.all([handle.fetchHistory(), runId ? Promise.resolve(null) : handle.describe()]);
  const entries = await ledger.reader.stream(streamOfWorkflow(workflowId));
  return buildTimeline(history, entries, { workflowId, runId: runId ?? description?.runId ?? null });
}
