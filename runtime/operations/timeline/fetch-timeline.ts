/** Reads a workflow's history and ledger stream and builds its timeline (`synthledger history`, the audit, the site). */
import type { Ledger } from '../../../ledger';
import { fetchHistoryOrArchive, type LoadedHistory, type TemporalSource } from '../archived-history';
import { resolveClaimChecks } from '../../temporal/claim-check-codec';
import { streamOfWorkflow } from '../../../workflows/workflow-ids';
import { buildTimeline } from './build-timeline';
import type { Timeline } from './timeline-model';

/**
 * Fetches a workflow's history (latest run, or `runId`) and the ledger
 * stream it writes to, and builds its timeline. The stream is the synthesis
 * id: the workflow id itself, or `<id>` for a correction workflow `correction:<id>`.
 * Reads the ledger's history archive when Temporal no longer has the run
 * (or, given a function that connects, cannot be reached: see fetchHistoryOrArchive).
 */
export async function fetchTimeline(client: TemporalSource, ledger: Ledger, workflowId: string, runId?: string): Promise<Timeline> {
  return timelineOfLoaded(ledger, await fetchHistoryOrArchive(client, ledger, workflowId, runId));
}

/** The timeline of a history already read (from Temporal or the archive), with the entries of the stream its workflow writes. */
export async function timelineOfLoaded(ledger: Ledger, loaded: LoadedHistory): Promise<Timeline> {
  const [history, entries] = await Promise.all([resolveClaimChecks(loaded.history, () => ledger.blobs), ledger.reader.stream(streamOfWorkflow(loaded.workflowId))]);
  const timeline: Timeline = { ...buildTimeline(history, entries, { workflowId: loaded.workflowId, runId: loaded.runId }), historySource: loaded.source };
  if (loaded.temporalUnreachable) timeline.temporalUnreachable = loaded.temporalUnreachable;
  return timeline;
}
