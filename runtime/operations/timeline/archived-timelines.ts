/**
 * Timelines from the ledger alone: the workflow histories a synthesis's
 * stream archives (`history.archive` entries, activities/history-archive.ts),
 * for readers without Temporal — the site when Temporal is unreachable or no
 * longer has the runs (the demo's dev server is gone once the demo exits).
 */
import type { Ledger } from '../../../ledger';
import { correctionWorkflowId } from '../../../workflows/workflow-ids';
import { archiveRecords, loadArchivedHistory } from '../archived-history';
import { timelineOfLoaded } from './fetch-timeline';
import type { Timeline } from './timeline-model';

/** One archived workflow run. */
export interface ArchivedRun {
  workflowId: string;
  runId: string;
}

/**
 * The runs of a synthesis the archive holds: the synthesis workflow's newest
 * archived run, then every archived run of its correction workflow, oldest first.
 */
export async function archivedRuns(ledger: Ledger, synthesisId: string): Promise<ArchivedRun[]> {
  const correctionId = correctionWorkflowId(synthesisId);
  const [synthesis, corrections] = await Promise.all([archiveRecords(ledger, synthesisId), archiveRecords(ledger, correctionId)]);
  const last = synthesis.at(-1);
  const correctionRuns = [...new Set(corrections.map((r) => r.runId))];
  return [...(last ? [{ workflowId: synthesisId, runId: last.runId }] : []), ...correctionRuns.map((runId) => ({ workflowId: correctionId, runId }))];
}

/**
 * The timelines of every archived run of a synthesis (see {@link archivedRuns}),
 * each from its longest archive (events 1..`lastEventId`; a run archived at
 * publication has no completion event yet); empty when nothing is archived.
 */
export async function archivedTimelines(ledger: Ledger, synthesisId: string): Promise<Timeline[]> {
  const out: Timeline[] = [];
  for (const run of await archivedRuns(ledger, synthesisId)) {
    const loaded = await loadArchivedHistory(ledger, run.workflowId, run.runId);
    if (loaded) out.push(await timelineOfLoaded(ledger, loaded));
  }
  return out;
}
