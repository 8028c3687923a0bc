/**
 * Turns a workflow history into a timeline an auditor can read: each stage
 * and activity with its attempts, durations, failures and retry causes, the
 * ledger entries each activity wrote, and the workflow-level events
 * (updates, timers, cancellation). `synthledger history` renders it.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { Ledger, LedgerEntry } from '../../ledger';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Failure = temporal.api.failure.v1.IFailure;
const EventType = temporal.api.enums.v1.EventType;

/** Pipeline stage of each activity type (the workflow's `progress.stage` names, plus `correction`). */
export const ACTIVITY_STAGES: Readonly<Record<string, string>> = {
  recordRequest: 'start', planQueries: 'plan', searchSources: 'search', mergeSources: 'merge', indexSources: 'index',
  extractClaims: 'extract', verifyClaims: 'verify', composeAnswer: 'answer', draftReport: 'draft', reviewAs: 'tribunal', aggregateTribunal: 'tribunal',
  reviseDraft: 'revise', decidePolicy: 'policy', recordHumanReview: 'human-review', publishSynthesis: 'publish', recordOutcome: 'done',
  validateCorrection: 'correction', appendCorrection: 'correction', publishCorrectedManifest: 'correction',
};

/** One failure of an activity attempt as recorded in history. */
export interface AttemptFailure {
  /** The attempt that failed (1-based), or null when history does not say. */
  attempt: number | null;
  message: string;
  /** ApplicationFailure type (our error code), or the failure kind (`timeout:START_TO_CLOSE`, `canceled`, …). */
  type: string | null;
  nonRetryable: boolean;
  /** Messages of the failure's cause chain, outermost first. */
  causes: string[];
}

/** A ledger entry as shown in a timeline (the payload stays in the ledger). */
export interface TimelineEntry {
  index: number;
  streamIndex: number;
  kind: string;
  contract: string | null;
  entryHash: string;
  payloadHash: string;
  idempotencyKey: string;
}

/** Final state of one scheduled activity. */
export type ActivityStatus = 'completed' | 'failed' | 'timed-out' | 'cancelled' | 'running' | 'scheduled';

/** One scheduled activity with all of its attempts. */
export interface TimelineActivity {
  scheduledEventId: number;
  activityType: string;
  activityId: string;
  stage: string;
  /** The `round` of its input, when it has one. */
  round: number | null;
  scheduledAt: string;
  /** Start of the last attempt (history records only the last one). */
  startedAt: string | null;
  closedAt: string | null;
  attempts: number;
  status: ActivityStatus;
  /** Scheduled → closed, all attempts and backoff included. */
  durationMs: number | null;
  /** Start of the last attempt → closed. */
  lastAttemptMs: number | null;
  /**
   * What made it retry and how it ended. Temporal keeps the failure of the
   * attempt before the last (the retry cause) and the final failure; earlier
   * intermediate failures are not in history.
   */
  failures: AttemptFailure[];
  /** Ledger entries whose actor names this workflow run and activity id. */
  entries: TimelineEntry[];
}

/** Activities of one stage and round, in the order they were scheduled. */
export interface TimelineStage {
  stage: string;
  round: number | null;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  activities: TimelineActivity[];
}

/** A workflow-level event (not an activity). */
export interface TimelineEvent {
  eventId: number;
  time: string;
  type: 'started' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed-out' | 'continued-as-new'
    | 'update-accepted' | 'update-rejected' | 'update-completed' | 'signaled' | 'timer-started' | 'timer-fired' | 'timer-cancelled'
    | 'cancel-requested' | 'workflow-task-failed' | 'workflow-task-timed-out';
  detail: string;
}

/** The timeline of one workflow run. */
export interface Timeline {
  workflowId: string;
  runId: string | null;
  workflowType: string | null;
  taskQueue: string | null;
  status: 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed-out' | 'continued-as-new';
  startedAt: string | null;
  closedAt: string | null;
  durationMs: number | null;
  lastEventId: number;
  stages: TimelineStage[];
  activities: TimelineActivity[];
  events: TimelineEvent[];
  /** Entries given to {@link buildTimeline} that name this workflow run but no activity of its history. */
  unmatchedEntries: TimelineEntry[];
}

/** Where a history came from: its workflow id and (when known) run id. */
export interface HistoryIdentity {
  workflowId: string;
  runId?: string | null;
}

/**
 * Builds the timeline of one run from its history and ledger entries.
 * Entries are matched to activities by `header.actor` (workflow id, run id
 * when known, activity id); entries of other workflows are ignored. Without
 * `identity`, entries are matched by activity id and the run id in history.
 */
export function buildTimeline(history: History, ledgerEntries: readonly LedgerEntry[], identity: HistoryIdentity = { workflowId: '' }): Timeline {
  const events = history.events ?? [];
  const byScheduled = new Map<number, TimelineActivity>();
  const activities: TimelineActivity[] = [];
  const wfEvents: TimelineEvent[] = [];
  let status: Timeline['status'] = 'running';
  let workflowType: string | null = null;
  let taskQueue: string | null = null;
  let startedAtMs: number | null = null;
  let closedAtMs: number | null = null;
  let runId = identity.runId ?? null;

  const close = (a: TimelineActivity | undefined, e: HistoryEvent, s: ActivityStatus, failure?: AttemptFailure) => {
    if (!a) return;
    a.status = s;
    a.closedAt = iso(e);
    const end = timeMs(e);
    a.durationMs = end - Date.parse(a.scheduledAt);
    a.lastAttemptMs = a.startedAt ? end - Date.parse(a.startedAt) : null;
    if (failure) a.failures.push(failure);
  };
  /** The workflow closed with event `e`. */
  const closeAs = (s: Exclude<Timeline['status'], 'running'>, e: HistoryEvent, detail: string) => {
    status = s;
    closedAtMs = timeMs(e);
    wfEvents.push({ eventId: Number(e.eventId), time: iso(e), type: s, detail });
  };

  for (const e of events) {
    const id = Number(e.eventId);
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const at = e.workflowExecutionStartedEventAttributes!;
        workflowType = at.workflowType?.name ?? null;
        taskQueue = at.taskQueue?.name ?? null;
        startedAtMs = timeMs(e);
        runId ??= at.originalExecutionRunId ?? null;
        wfEvents.push({ eventId: id, time: iso(e), type: 'started', detail: `${workflowType ?? '?'} on task queue ${taskQueue ?? '?'} (attempt ${at.attempt ?? 1})` });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const at = e.activityTaskScheduledEventAttributes!;
        const type = at.activityType?.name ?? '?';
        const input = decodeFirst(at.input?.payloads) as { round?: unknown } | undefined;
        const a: TimelineActivity = {
          scheduledEventId: id, activityType: type, activityId: at.activityId ?? '?', stage: ACTIVITY_STAGES[type] ?? type,
          round: typeof input?.round === 'number' ? input.round : null,
          scheduledAt: iso(e), startedAt: null, closedAt: null, attempts: 0, status: 'scheduled',
          durationMs: null, lastAttemptMs: null, failures: [], entries: [],
        };
        byScheduled.set(id, a);
        activities.push(a);
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const at = e.activityTaskStartedEventAttributes!;
        const a = byScheduled.get(Number(at.scheduledEventId));
        if (!a) break;
        a.startedAt = iso(e);
        a.attempts = at.attempt ?? 1;
        a.status = 'running';
        // The failure of the previous attempt: why this one is a retry.
        if (at.lastFailure && a.attempts > 1) a.failures.push(attemptFailure(at.lastFailure, a.attempts - 1));
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        close(byScheduled.get(Number(e.activityTaskCompletedEventAttributes!.scheduledEventId)), e, 'completed');
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
        const at = e.activityTaskFailedEventAttributes!;
        const a = byScheduled.get(Number(at.scheduledEventId));
        close(a, e, 'failed', at.failure ? attemptFailure(at.failure, a?.attempts || null) : undefined);
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: {
        const at = e.activityTaskTimedOutEventAttributes!;
        const a = byScheduled.get(Number(at.scheduledEventId));
        close(a, e, 'timed-out', at.failure ? attemptFailure(at.failure, a?.attempts || null) : undefined);
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
        close(byScheduled.get(Number(e.activityTaskCanceledEventAttributes!.scheduledEventId)), e, 'cancelled');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const at = e.workflowExecutionUpdateAcceptedEventAttributes!;
        const req = at.acceptedRequest;
        const arg = decodeFirst(req?.input?.args?.payloads);
        wfEvents.push({ eventId: id, time: iso(e), type: 'update-accepted', detail: `${req?.input?.name ?? '?'} ${arg === undefined ? '' : JSON.stringify(arg)}`.trim() });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED: {
        const at = e.workflowExecutionUpdateRejectedEventAttributes!;
        wfEvents.push({ eventId: id, time: iso(e), type: 'update-rejected', detail: `${at.rejectedRequest?.input?.name ?? '?'}: ${at.failure?.message ?? ''}` });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const out = e.workflowExecutionUpdateCompletedEventAttributes!.outcome;
        const detail = out?.failure ? `failed: ${out.failure.message ?? ''}` : JSON.stringify(decodeFirst(out?.success?.payloads) ?? null);
        wfEvents.push({ eventId: id, time: iso(e), type: 'update-completed', detail });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        wfEvents.push({ eventId: id, time: iso(e), type: 'signaled', detail: e.workflowExecutionSignaledEventAttributes?.signalName ?? '?' });
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const at = e.timerStartedEventAttributes!;
        const ms = optionalTsToMs(at.startToFireTimeout as never);
        wfEvents.push({ eventId: id, time: iso(e), type: 'timer-started', detail: `timer ${at.timerId ?? '?'} for ${ms === undefined ? '?' : formatMs(ms)}` });
        break;
      }
      case EventType.EVENT_TYPE_TIMER_FIRED:
        wfEvents.push({ eventId: id, time: iso(e), type: 'timer-fired', detail: `timer ${e.timerFiredEventAttributes?.timerId ?? '?'}` });
        break;
      case EventType.EVENT_TYPE_TIMER_CANCELED:
        wfEvents.push({ eventId: id, time: iso(e), type: 'timer-cancelled', detail: `timer ${e.timerCanceledEventAttributes?.timerId ?? '?'}` });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        wfEvents.push({ eventId: id, time: iso(e), type: 'cancel-requested', detail: e.workflowExecutionCancelRequestedEventAttributes?.cause || 'cancellation requested' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED: {
        const at = e.workflowTaskFailedEventAttributes!;
        wfEvents.push({ eventId: id, time: iso(e), type: 'workflow-task-failed', detail: `${temporal.api.enums.v1.WorkflowTaskFailedCause[at.cause ?? 0] ?? at.cause}: ${at.failure?.message ?? ''}` });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        wfEvents.push({ eventId: id, time: iso(e), type: 'workflow-task-timed-out', detail: 'a workflow task timed out (worker lost or too slow); the server rescheduled it' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        closeAs('completed', e, summarizeResult(decodeFirst(e.workflowExecutionCompletedEventAttributes?.result?.payloads)));
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: {
        const f = e.workflowExecutionFailedEventAttributes?.failure;
        const af = f ? attemptFailure(f, null) : null;
        closeAs('failed', e, af ? [af.type, af.message, ...af.causes].filter(Boolean).join(': ') : 'failed');
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        closeAs('cancelled', e, 'workflow cancelled');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
        closeAs('terminated', e, e.workflowExecutionTerminatedEventAttributes?.reason || 'terminated');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        closeAs('timed-out', e, 'workflow execution timed out');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        closeAs('continued-as-new', e, `new run ${e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? '?'}`);
        break;
      default:
        break;
    }
  }

  const unmatchedEntries: TimelineEntry[] = [];
  const byActivityId = new Map(activities.map((a) => [a.activityId, a]));
  for (const entry of ledgerEntries) {
    const actor = entry.header.actor;
    if (identity.workflowId && actor.workflowId !== identity.workflowId) continue;
    if (runId && actor.runId !== runId) continue;
    const a = actor.activityId === null ? undefined : byActivityId.get(actor.activityId);
    if (a) a.entries.push(timelineEntry(entry));
    else unmatchedEntries.push(timelineEntry(entry));
  }

  const last = events[events.length - 1];
  return {
    workflowId: identity.workflowId, runId, workflowType, taskQueue, status,
    startedAt: startedAtMs === null ? null : new Date(startedAtMs).toISOString(),
    closedAt: closedAtMs === null ? null : new Date(closedAtMs).toISOString(),
    durationMs: startedAtMs !== null && closedAtMs !== null ? closedAtMs - startedAtMs : null,
    lastEventId: last ? Number(last.eventId) : 0,
    stages: groupStages(activities), activities, events: wfEvents, unmatchedEntries,
  };
}

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

/** The ledger stream a workflow writes: its synthesis id. */
export function streamOfWorkflow(workflowId: string): string {
  return workflowId.startsWith('correction:') ? workflowId.slice('correction:'.length) : workflowId;
}

/** Renders a timeline as text for a terminal. */
export function formatTimeline(t: Timeline): string {
  const lines: string[] = [];
  lines.push(`workflow ${t.workflowId}  run ${t.runId ?? '?'}  type ${t.workflowType ?? '?'}  queue ${t.taskQueue ?? '?'}`);
  lines.push(`status ${t.status}  started ${t.startedAt ?? '?'}  closed ${t.closedAt ?? '-'}  duration ${t.durationMs === null ? '-' : formatMs(t.durationMs)}  events ${t.lastEventId}`);
  const entryCount = t.activities.reduce((n, a) => n + a.entries.length, 0);
  lines.push(`${t.activities.length} activities, ${t.activities.filter((a) => a.attempts > 1).length} retried, ${entryCount} ledger entries`);
  for (const s of t.stages) {
    lines.push('');
    lines.push(`${s.stage}${s.round === null ? '' : ` (round ${s.round})`}  ${s.durationMs === null ? 'unfinished' : formatMs(s.durationMs)}`);
    for (const a of s.activities) {
      const attempts = a.attempts > 1 ? `  ${a.attempts} attempts` : '';
      lines.push(`  #${a.activityId} ${a.activityType}  ${a.status}  ${a.durationMs === null ? '-' : formatMs(a.durationMs)}${attempts}`);
      for (const f of a.failures) {
        lines.push(`      ${f.attempt === null ? 'failure' : `attempt ${f.attempt} failed`}: ${f.type ? `[${f.type}] ` : ''}${f.message}${f.nonRetryable ? ' (non-retryable)' : ''}`);
        for (const c of f.causes) lines.push(`        caused by: ${c}`);
      }
      for (const en of a.entries) {
        lines.push(`      ledger #${en.index} (stream ${en.streamIndex}) ${en.kind}${en.contract ? ` [${en.contract}]` : ''} ${shortHash(en.entryHash)}`);
      }
    }
  }
  if (t.events.length > 0) {
    lines.push('');
    lines.push('workflow events');
    for (const e of t.events) lines.push(`  ${String(e.eventId).padStart(4)} ${e.time}  ${e.type}  ${e.detail}`);
  }
  if (t.unmatchedEntries.length > 0) {
    lines.push('');
    lines.push('ledger entries naming no activity of this history');
    for (const en of t.unmatchedEntries) lines.push(`  ledger #${en.index} ${en.kind} key ${en.idempotencyKey}`);
  }
  return lines.join('\n') + '\n';
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

function attemptFailure(f: Failure, attempt: number | null): AttemptFailure {
  const causes: string[] = [];
  for (let c = f.cause, depth = 0; c && depth < 10; c = c.cause, depth++) causes.push(`${failureType(c) ? `[${failureType(c)}] ` : ''}${c.message ?? ''}`);
  return { attempt, message: f.message ?? '', type: failureType(f), nonRetryable: Boolean(f.applicationFailureInfo?.nonRetryable), causes };
}

function failureType(f: Failure): string | null {
  if (f.applicationFailureInfo) return f.applicationFailureInfo.type || null;
  if (f.timeoutFailureInfo) return `timeout:${temporal.api.enums.v1.TimeoutType[f.timeoutFailureInfo.timeoutType ?? 0]?.replace('TIMEOUT_TYPE_', '') ?? '?'}`;
  if (f.canceledFailureInfo) return 'canceled';
  if (f.terminatedFailureInfo) return 'terminated';
  if (f.serverFailureInfo) return 'server';
  if (f.activityFailureInfo) return 'activity';
  return null;
}

function timelineEntry(e: LedgerEntry): TimelineEntry {
  return {
    index: e.header.index, streamIndex: e.header.streamIndex, kind: e.header.kind, contract: e.header.contract,
    entryHash: e.entryHash, payloadHash: e.header.payloadHash, idempotencyKey: e.idempotencyKey,
  };
}

function decodeFirst(payloads: temporal.api.common.v1.IPayload[] | null | undefined): unknown {
  const p = payloads?.[0];
  if (!p) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(p);
  } catch {
    return undefined;
  }
}

function summarizeResult(r: unknown): string {
  if (r === undefined || r === null) return 'completed';
  if (typeof r === 'object') {
    const o = r as Record<string, unknown>;
    const keys = ['status', 'decision', 'score', 'manifestVersion', 'manifestHash', 'tier'].filter((k) => o[k] !== undefined && o[k] !== null);
    if (keys.length > 0) return keys.map((k) => `${k} ${String(o[k])}`).join(', ');
  }
  return JSON.stringify(r).slice(0, 200);
}

function timeMs(e: HistoryEvent): number {
  return optionalTsToMs(e.eventTime as never) ?? 0;
}

function iso(e: HistoryEvent): string {
  return new Date(timeMs(e)).toISOString();
}

/** `1.234s`, `250ms`, `2m03s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function shortHash(h: string): string {
  return h.replace('sha256:', '').slice(0, 12);
}
