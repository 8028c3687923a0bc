/**
 * The state of a synthesis read from its ledger stream alone, for `status`
 * once Temporal no longer has the run: the terminal outcome or the latest
 * published version with its correction status, and the archived run.
 */
import { ENTRY_KINDS } from '../../activities/catalogue/entry-kinds';
import type { HistoryArchiveRecord } from '../../activities/history-archive';
import type { Ledger } from '../../ledger';
import type { PaperManifest } from '../../schemas/paper-manifest.schema';

/** What the ledger says about a synthesis whose run Temporal forgot. */
export interface ArchivedStatus {
  synthesisId: string;
  /** PUBLISHED (with the latest manifest), REJECTED or CANCELLED (from the outcome entry), or INCOMPLETE (neither recorded). */
  status: 'PUBLISHED' | 'REJECTED' | 'CANCELLED' | 'INCOMPLETE';
  entries: number;
  manifestVersion: number | null;
  manifestHash: string | null;
  correctionStatus: string | null;
  /** The run named by the newest history archive of the synthesis workflow, if any. */
  runId: string | null;
  archivedEvents: number | null;
}

/** The status of `synthesisId` from its stream; undefined when the ledger has no entry for it. */
export async function archivedStatus(ledger: Ledger, synthesisId: string): Promise<ArchivedStatus | undefined> {
  const stream = await ledger.reader.stream(synthesisId);
  if (stream.length === 0) return undefined;
  const manifests = stream.filter((e) => e.header.kind === ENTRY_KINDS.manifest);
  const outcome = stream.filter((e) => e.header.kind === ENTRY_KINDS.outcome).pop();
  const archive = stream.filter((e) => e.header.kind === ENTRY_KINDS.historyArchive)
    .map((e) => JSON.parse(e.payloadJson) as HistoryArchiveRecord).filter((r) => r.workflowId === synthesisId).pop();
  const last = manifests[manifests.length - 1];
  const manifest = last ? (JSON.parse(last.payloadJson) as PaperManifest) : null;
  const status: ArchivedStatus['status'] = manifest ? 'PUBLISHED'
    : outcome ? (JSON.parse(outcome.payloadJson) as { status: 'REJECTED' | 'CANCELLED' }).status : 'INCOMPLETE';
  return {
    synthesisId, status, entries: stream.length,
    manifestVersion: manifest?.manifestVersion ?? null, manifestHash: last?.header.payloadHash ?? null,
    correctionStatus: manifest?.correction.status ?? null, runId: archive?.runId ?? null, archivedEvents: archive?.lastEventId ?? null,
  };
}
