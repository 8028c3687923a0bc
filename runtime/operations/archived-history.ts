/**
 * Reading a workflow history when Temporal no longer has it: the newest
 * `history.archive` entry of the run in the synthesis stream names the blob
 * holding its events (activities/history-archive.ts). `history`, `replay`,
 * `audit` and `status` read Temporal first and fall back to this.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ENTRY_KINDS } from '../../activities/catalogue/entry-kinds';
import type { HistoryArchiveRecord } from '../../activities/history-archive';
import { isSynthledgerError, LedgerError } from '../../common/errors';
import type { Ledger } from '../../ledger';
import { sha256 } from '../../ledger/core/hash';
import { streamOfWorkflow } from '../../workflows/workflow-ids';

type History = temporal.api.history.v1.IHistory;

/** A history with where it was read from. */
export interface LoadedHistory {
  history: History;
  workflowId: string;
  runId: string;
  /** `temporal`: the live server; `archive`: the ledger's archive (Temporal no longer has the run). */
  source: 'temporal' | 'archive';
  /** The archive record read, when `source` is `archive`. */
  archive?: HistoryArchiveRecord;
  /** Why Temporal was not asked, when it could not be reached and the archive answered instead. */
  temporalUnreachable?: string;
}

/** The archive records of `workflowId` (optionally one run) in stream order. */
export async function archiveRecords(ledger: Ledger, workflowId: string, runId?: string): Promise<HistoryArchiveRecord[]> {
  const stream = await ledger.reader.stream(streamOfWorkflow(workflowId));
  return stream.filter((e) => e.header.kind === ENTRY_KINDS.historyArchive)
    .map((e) => JSON.parse(e.payloadJson) as HistoryArchiveRecord)
    .filter((r) => r.workflowId === workflowId && (runId === undefined || r.runId === runId));
}

/**
 * The archived history of a run (the newest run of `workflowId` when `runId`
 * is omitted), its longest archive when it has several; undefined when none
 * is archived. The blob is re-hashed before use.
 */
export async function loadArchivedHistory(ledger: Ledger, workflowId: string, runId?: string): Promise<LoadedHistory | undefined> {
  const records = await archiveRecords(ledger, workflowId, runId);
  if (records.length === 0) return undefined;
  const run = runId ?? records[records.length - 1]!.runId;
  const best = records.filter((r) => r.runId === run).reduce((a, b) => (b.lastEventId > a.lastEventId ? b : a));
  const blob = await ledger.blobs.get(best.sha256);
  if (sha256(blob.bytes) !== best.sha256) throw new LedgerError('LOG_STATE_CORRUPT', `archived history ${best.sha256} does not match its hash`);
  const doc = JSON.parse(blob.bytes.toString('utf8')) as { events: unknown[] };
  const history = temporal.api.history.v1.History.fromObject(doc);
  return { history, workflowId, runId: run, source: 'archive', archive: best };
}

/** True when `e` says Temporal does not know the workflow or run (retention passed, or deleted). */
export function isWorkflowGone(e: unknown): boolean {
  if (e instanceof WorkflowNotFoundError) return true;
  const err = e as { code?: number; cause?: { code?: number } };
  // gRPC status 5 is NOT_FOUND.
  return err?.code === 5 || err?.cause?.code === 5;
}

/** A Temporal client, or a function that connects one (then a Temporal that cannot be reached is one more reason to read the archive). */
export type TemporalSource = Client | (() => Promise<Client>);

/**
 * `temporal`, connecting at most once however often it is asked: a function
 * that connects is called on first use, and later uses share its client, or
 * its error (a Temporal that cannot be reached is asked once).
 */
export function connectingOnce(temporal: TemporalSource): TemporalSource {
  if (typeof temporal !== 'function') return temporal;
  let connected: Promise<Client> | undefined;
  return () => (connected ??= temporal());
}

/** The client of `temporal`, connecting when it is a function that connects. */
export async function clientOf(temporal: TemporalSource): Promise<Client> {
  return typeof temporal === 'function' ? temporal() : temporal;
}

/**
 * Fetches a run's history from Temporal, or from the archive when Temporal
 * no longer has it; rethrows Temporal's not-found error when neither has it.
 * Given a function that connects instead of a client, it also reads the
 * archive when Temporal cannot be reached (a SERVICE_UNAVAILABLE error from
 * connecting), saying why in `temporalUnreachable`; when the archive does not
 * hold the run either, the connection error is thrown.
 */
export async function fetchHistoryOrArchive(temporal: TemporalSource, ledger: Ledger, workflowId: string, runId?: string): Promise<LoadedHistory> {
  /** The archived history in place of Temporal's answer `e`, or `e` when nothing is archived. */
  const archivedOr = async (e: unknown): Promise<LoadedHistory> => {
    const archived = await loadArchivedHistory(ledger, workflowId, runId);
    if (!archived) throw e;
    return archived;
  };
  let client: Client;
  try {
    client = await clientOf(temporal);
  } catch (e) {
    if (!(isSynthledgerError(e) && e.code === 'SERVICE_UNAVAILABLE')) throw e;
    return { ...(await archivedOr(e)), temporalUnreachable: e.message };
  }
  try {
    const handle = client.workflow.getHandle(workflowId, runId);
    const resolvedRunId = runId ?? (await handle.describe()).runId;
    const history = await client.workflow.getHandle(workflowId, resolvedRunId).fetchHistory();
    return { history, workflowId, runId: resolvedRunId, source: 'temporal' };
  } catch (e) {
    if (!isWorkflowGone(e)) throw e;
    return archivedOr(e);
  }
}
