/**
 * Turns a workflow history into a timeline an auditor can read: folds the
 * events through the handler table (history-event-handlers.ts), groups the
 * activities into stages and rounds, and attaches the ledger entries each
 * activity wrote.
 */
import type { temporal } from '@temporalio/proto';
import type { LedgerEntry } from '../../../ledger';
import { HISTORY_EVENT_HANDLERS, type TimelineState } from './history-event-handlers';
import type { HistoryIdentity, Timeline, TimelineActivity, TimelineEntry, TimelineStage } from './timeline-model';

type History = temporal.api.history.v1.IHistory;

/**
 * Builds the timeline of one run from its history and ledger entries.
 * Entries are matched to activities by `header.actor` (workflow id, run id
 * when known, activity id); entries of other workflows are ignored. Without
 * `identity`, entries are matched by activity id and the run id in history.
 */
export function buildTimeline(history: History, ledgerEntries: readonly LedgerEntry[], identity: HistoryIdentity = { workflowId: '' }): Timeline {
  const events = history.events ?? [];
  const s: TimelineState = {
    byScheduled: new Map(), activities: [], events: [], status: 'running',
    workflowType: null, taskQueue: null, startedAtMs: null, closedAtMs: null, runId: identity.runId ?? null, localClockMs: null,
  };
  for (const e of events) HISTORY_EVENT_HANDLERS[e.eventType ?? 0]?.(e, s);

  const unmatchedEntries: TimelineEntry[] = [];
  const byActivityId = new Map(s.activities.map((a) => [a.activityId, a]));
  // Entries of a stage call made inside another activity carry that activity's id: their key names the call.
  const callsByOuterId = new Map<string, TimelineActivity[]>();
  for (const a of s.activities) {
    if (!a.ranIn) continue;
    const calls = callsByOuterId.get(a.ranIn.activityId) ?? [];
    calls.push(a);
    callsByOuterId.set(a.ranIn.activityId, calls);
  }
  const stageCallOf = (entry: LedgerEntry) => callsByOuterId.get(entry.header.actor.activityId ?? '')
    ?.find((c) => entry.idempotencyKey.startsWith(`${entry.header.actor.workflowId}/${c.ranIn!.activityId}/${c.ranIn!.callName}/`));
  for (const entry of ledgerEntries) {
    const actor = entry.header.actor;
    if (identity.workflowId && actor.workflowId !== identity.workflowId) continue;
    if (s.runId && actor.runId !== s.runId) continue;
    const a = actor.activityId === null ? undefined : byActivityId.get(actor.activityId) ?? stageCallOf(entry);
    if (a) a.entries.push(timelineEntry(entry));
    else unmatchedEntries.push(timelineEntry(entry));
  }

  const last = events[events.length - 1];
  return {
    workflowId: identity.workflowId, runId: s.runId, workflowType: s.workflowType, taskQueue: s.taskQueue, status: s.status,
    startedAt: s.startedAtMs === null ? null : new Date(s.startedAtMs).toISOString(),
    closedAt: s.closedAtMs === null ? null : new Date(s.closedAtMs).toISOString(),
    durationMs: s.startedAtMs !== null && s.closedAtMs !== null ? s.closedAtMs - s.startedAtMs : null,
    lastEventId: last ? Number(last.eventId) : 0,
    stages: groupStages(s.activities), activities: s.activities, events: s.events, unmatchedEntries,
  };
}

function groupStages(activities: TimelineActivity[]): TimelineStage[] {
  const stages: TimelineStage[] = [];
  for (const a of activities) {
    let s = stages[stages.length - 1];
    // Widened retrieval in a revision round runs search/merge/extract/verify again: those stay in `revise`.
    const stageName = a.round !== null && a.round > 0 && ['search', 'merge', 'extract', 'verify'].includes(a.stage) ? 'revise' : a.stage;
    if (!s || s.stage !== stageName || s.round !== a.round) {
      s = { stage: stageName, round: a.round, startedAt: a.scheduledAt, endedAt: null, durationMs: null, activities: [] };
      stages.push(s);
    }
    s.activities.push(a);
  }
  for (const s of stages) {
    const closed = s.activities.map((a) => a.closedAt);
    if (closed.every((c): c is string => c !== null)) {
      s.endedAt = closed.reduce((m, c) => (c > m ? c : m));
      s.durationMs = Date.parse(s.endedAt) - Date.parse(s.startedAt);
    }
  }
  return stages;
}

function timelineEntry(e: LedgerEntry): TimelineEntry {
  return {
    index: e.header.index, streamIndex: e.header.streamIndex, kind: e.header.kind, contract: e.header.contract,
    entryHash: e.entryHash, payloadHash: e.header.payloadHash, idempotencyKey: e.idempotencyKey,
  };
}
