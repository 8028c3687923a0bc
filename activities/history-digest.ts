/**
 * `workflow.historyDigest` of a manifest: SHA-256 of the canonical JSON
 * (RFC 8785) of `{ "events": [...] }` holding the workflow history's events
 * 1..lastEventId, each event as protobufjs `toObject` renders it with
 * int64, enum and bytes fields as strings and default values omitted.
 * `synthledger audit <id>` recomputes it from the live history.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { canonicalize } from '../ledger/core/canonical-json';
import { sha256 } from '../ledger/core/hash';

/** A history digest as stored in the manifest. */
export interface HistoryDigest {
  lastEventId: number;
  sha256: string;
}

/** The events of a history in JSON form (as exported), up to and including `lastEventId` when given. */
export function historyEventsJson(history: temporal.api.history.v1.IHistory, lastEventId?: number): unknown[] {
  // toObject (generated static code) rather than protojson: it does not depend on one protobufjs instance.
  const obj = temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, { longs: String, enums: String, bytes: String, defaults: false });
  const events = (JSON.parse(JSON.stringify(obj)) as { events?: Array<{ eventId: string | number }> }).events ?? [];
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
