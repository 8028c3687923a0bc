/**
 * `workflow.historyDigest` of a manifest: SHA-256 of the canonical JSON
 * (RFC 8785) of the workflow history's events 1..lastEventId, each event in
 * the protobuf JSON form that `temporal workflow show --output json` prints.
 */
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { canonicalize } from '../ledger/canonical-json';
import { sha256 } from '../ledger/hash';

/** A history digest as stored in the manifest. */
export interface HistoryDigest {
  lastEventId: number;
  sha256: string;
}

/** The events of a history in JSON form (as exported), up to and including `lastEventId` when given. */
export function historyEventsJson(history: temporal.api.history.v1.IHistory, lastEventId?: number): unknown[] {
  const json = JSON.parse(historyToJSON(history)) as { events?: Array<{ eventId: string | number }> };
  const events = json.events ?? [];
  return lastEventId === undefined ? events : events.filter((e) => Number(e.eventId) <= lastEventId);
}

/** Digest of the given JSON events (the last one's id is `lastEventId`). */
export function digestEvents(events: unknown[]): HistoryDigest {
  const last = events[events.length - 1] as { eventId?: string | number } | undefined;
  return { lastEventId: Number(last?.eventId ?? 0), sha256: sha256(canonicalize({ events })) };
}

/** Fetches the history of a workflow run and digests it up to its latest event (or `lastEventId`). */
export async function computeHistoryDigest(client: Client, workflowId: string, runId: string, lastEventId?: number): Promise<HistoryDigest> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return digestEvents(historyEventsJson(history, lastEventId));
}
