/**
 * The history archive: a workflow history, in the JSON form the manifest's
 * `historyDigest` covers (canonical `{ "events": [...] }`, see
 * history-digest.ts), stored in the ledger's blob store under its SHA-256 and
 * named by a `history.archive` entry of the synthesis stream. The blob's hash
 * is the digest, so a manifest's `historyDigest.sha256` names the archived
 * bytes. Temporal forgets a closed run after the namespace retention; the
 * archive does not.
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { canonicalize } from '../ledger/core/canonical-json';
import { sha256 } from '../ledger/core/hash';
import { LedgerError } from '../common/errors';
import type { Ledger, LedgerEntry } from '../ledger';
import { ENTRY_KINDS } from './catalogue/entry-kinds';
import { historyEventsJson, type HistoryDigest } from './history-digest';
import type { StageLedger } from './stage-ledger';

/** Media type of an archived history: canonical JSON of `{ "events": [...] }` (protobufjs `toObject` form). */
export const HISTORY_ARCHIVE_MEDIA_TYPE = 'application/vnd.synthledger.history+json';

/** Payload of a `history.archive` entry. */
export interface HistoryArchiveRecord {
  workflowId: string;
  runId: string;
  /** Events 1..lastEventId are archived. */
  lastEventId: number;
  /** Blob hash of the archived bytes, equal to the history digest of events 1..lastEventId. */
  sha256: string;
  /** Why it was archived: at a publication, a terminal outcome, or a correction's publication. */
  reason: 'publication' | 'outcome' | 'correction';
  mediaType: typeof HISTORY_ARCHIVE_MEDIA_TYPE;
}

/** Archived bytes of a history's events (the exact bytes whose SHA-256 is the history digest). */
export function historyArchiveBytes(events: unknown[]): string {
  return canonicalize({ events });
}

/**
 * Archives the current history of `workflowId`/`runId` once per stage call
 * (`name` is the entry's name within the call): a retried activity returns
 * the record of its earlier attempt, so the digest it publishes never moves.
 * Returns the record and the `history.archive` entry that holds it.
 *
 * The history is fetched while the ledger is asked for an earlier attempt's
 * record, and the blob stored while its entry is appended; the call returns
 * once both are. A blob whose store failed after its entry landed is stored by
 * the retry: it finds the entry, sees no blob, and archives events
 * 1..lastEventId again, which are the same bytes (a history's events do not
 * change; anything else is refused with LOG_STATE_CORRUPT).
 */
export async function archiveHistory(ledger: Ledger, client: Client, s: StageLedger, run: { workflowId: string; runId: string },
  reason: HistoryArchiveRecord['reason'], name = 'history'): Promise<{ payload: HistoryArchiveRecord; entry: LedgerEntry }> {
  let storing: Promise<string> | null = null;
  // Asked for while the ledger is asked for an earlier attempt's record (then read only to restore its blob).
  const fetching = client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
  fetching.catch(() => undefined);
  const archived = await s.once(name, ENTRY_KINDS.historyArchive, async (): Promise<HistoryArchiveRecord> => {
    const events = historyEventsJson(await fetching);
    const last = events[events.length - 1] as { eventId?: string | number } | undefined;
    const bytes = historyArchiveBytes(events);
    storing = ledger.blobs.put(bytes, HISTORY_ARCHIVE_MEDIA_TYPE);
    // Awaited below, once the entry is appended; a failure of the append must not leave it unhandled.
    storing.catch(() => undefined);
    return { workflowId: run.workflowId, runId: run.runId, lastEventId: Number(last?.eventId ?? 0), sha256: sha256(bytes), reason, mediaType: HISTORY_ARCHIVE_MEDIA_TYPE };
  });
  if (storing) await storing;
  else await restoreArchivedBlob(ledger, fetching, archived.payload);
  return archived;
}

/**
 * Stores the archived bytes of `record` again, from events 1..lastEventId of
 * `history` (the run's history now), when its blob is missing (its store
 * failed after the entry landed).
 */
async function restoreArchivedBlob(ledger: Ledger, history: Promise<temporal.api.history.v1.IHistory>, record: HistoryArchiveRecord): Promise<void> {
  if (await ledger.blobs.has(record.sha256)) return;
  const events = historyEventsJson(await history, record.lastEventId);
  const bytes = historyArchiveBytes(events);
  const now = sha256(bytes);
  if (now !== record.sha256) {
    throw new LedgerError('LOG_STATE_CORRUPT', `the archived history of ${record.workflowId}/${record.runId} (events 1..${record.lastEventId}) is ${record.sha256}, but Temporal's events now hash to ${now}: not storing them under the archive's name`);
  }
  await ledger.blobs.put(bytes, HISTORY_ARCHIVE_MEDIA_TYPE);
}

/** The history digest an archive record stands for. */
export function archiveDigest(record: HistoryArchiveRecord): HistoryDigest {
  return { lastEventId: record.lastEventId, sha256: record.sha256 };
}
