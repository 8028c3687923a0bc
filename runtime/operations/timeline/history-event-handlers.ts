/**
 * How each kind of history event changes a timeline being built: one handler
 * per event type in a table, so a new event type is one new row. Events
 * without a handler do not show in a timeline.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { activitySpec } from '../../../activities/catalogue/activity-catalogue';
import { summaryRound } from '../../../workflows/activity-summaries';
import { formatMs } from './format-timeline';
import { localActivityMarker } from './local-activity-marker';
import type { InProcessCall } from '../../../activities/in-process-activities';
import type { ActivityStatus, AttemptFailure, Timeline, TimelineActivity, TimelineEvent } from './timeline-model';

/** One event of a workflow history. */
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Failure = temporal.api.failure.v1.IFailure;
const EventType = temporal.api.enums.v1.EventType;

/** What a history folds into, event by event. */
export interface TimelineState {
  byScheduled: Map<number, TimelineActivity>;
  activities: TimelineActivity[];
  events: TimelineEvent[];
  status: Timeline['status'];
  workflowType: string | null;
  taskQueue: string | null;
  startedAtMs: number | null;
  closedAtMs: number | null;
  runId: string | null;
  /**
   * Workflow time at which the next local activity of the current workflow
   * task was scheduled: the task's start, advanced by each local activity
   * recorded in it (as the SDK advances the workflow's clock). Null before
   * the first workflow task.
   */
  localClockMs: number | null;
}

/** Applies one history event to the state. */
export type HistoryEventHandler = (e: HistoryEvent, s: TimelineState) => void;

/** The handler of each event type a timeline shows. */
export const HISTORY_EVENT_HANDLERS: Readonly<Partial<Record<temporal.api.enums.v1.EventType, HistoryEventHandler>>> = {
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED]: (e, s) => {
    const at = e.workflowExecutionStartedEventAttributes!;
    s.workflowType = at.workflowType?.name ?? null;
    s.taskQueue = at.taskQueue?.name ?? null;
    s.startedAtMs = timeMs(e);
    s.runId ??= at.originalExecutionRunId ?? null;
    push(s, e, 'started', `${s.workflowType ?? '?'} on task queue ${s.taskQueue ?? '?'} (attempt ${at.attempt ?? 1})`);
  },
  [EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED]: (e, s) => {
    const id = Number(e.eventId);
    const at = e.activityTaskScheduledEventAttributes!;
    const type = at.activityType?.name ?? '?';
    const input = decodeFirst(at.input?.payloads) as { round?: unknown } | undefined;
    const a: TimelineActivity = {
      scheduledEventId: id, activityType: type, activityId: at.activityId ?? '?', local: false, stage: activitySpec(type)?.stage ?? type,
      round: typeof input?.round === 'number' ? input.round : null,
      scheduledAt: iso(e), startedAt: null, closedAt: null, attempts: 0, status: 'scheduled',
      durationMs: null, lastAttemptMs: null, failures: [], entries: [],
    };
    s.byScheduled.set(id, a);
    s.activities.push(a);
  },
  [EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED]: (e, s) => {
    const at = e.activityTaskStartedEventAttributes!;
    const a = s.byScheduled.get(Number(at.scheduledEventId));
    if (!a) return;
    a.startedAt = iso(e);
    a.attempts = at.attempt ?? 1;
    a.status = 'running';
    // The failure of the previous attempt: why this one is a retry.
    if (at.lastFailure && a.attempts > 1) a.failures.push(attemptFailure(at.lastFailure, a.attempts - 1));
  },
  [EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED]: (e, s) => {
    closeActivity(s.byScheduled.get(Number(e.activityTaskCompletedEventAttributes!.scheduledEventId)), e, 'completed');
  },
  [EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED]: (e, s) => {
    const at = e.activityTaskFailedEventAttributes!;
    const a = s.byScheduled.get(Number(at.scheduledEventId));
    closeActivity(a, e, 'failed', at.failure ? attemptFailure(at.failure, a?.attempts || null) : undefined);
  },
  [EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT]: (e, s) => {
    const at = e.activityTaskTimedOutEventAttributes!;
    const a = s.byScheduled.get(Number(at.scheduledEventId));
    closeActivity(a, e, 'timed-out', at.failure ? attemptFailure(at.failure, a?.attempts || null) : undefined);
  },
  [EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED]: (e, s) => {
    closeActivity(s.byScheduled.get(Number(e.activityTaskCanceledEventAttributes!.scheduledEventId)), e, 'cancelled');
  },
  [EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED]: (e, s) => {
    s.localClockMs = timeMs(e);
  },
  [EventType.EVENT_TYPE_MARKER_RECORDED]: (e, s) => {
    const m = localActivityMarker(e);
    if (!m) return; // Patch markers and others: not an activity.
    const recordedMs = timeMs(e);
    const closedMs = m.completedAtMs ?? recordedMs;
    const scheduledMs = Math.min(s.localClockMs ?? closedMs, closedMs);
    s.localClockMs = Math.max(s.localClockMs ?? closedMs, closedMs);
    const status: ActivityStatus = !m.failure ? 'completed'
      : m.failure.timeoutFailureInfo ? 'timed-out' : m.failure.canceledFailureInfo ? 'cancelled' : 'failed';
    const durationMs = closedMs - scheduledMs;
    const a: TimelineActivity = {
      scheduledEventId: Number(e.eventId), activityType: m.activityType, activityId: m.activityId, local: true,
      stage: activitySpec(m.activityType)?.stage ?? m.activityType, round: m.summary === null ? null : summaryRound(m.summary),
      scheduledAt: new Date(scheduledMs).toISOString(), startedAt: new Date(scheduledMs).toISOString(), closedAt: new Date(closedMs).toISOString(),
      attempts: m.attempt, status, durationMs, lastAttemptMs: m.attempt === 1 ? durationMs : null,
      failures: m.failure ? [attemptFailure(m.failure, m.attempt)] : [], entries: [],
    };
    s.byScheduled.set(a.scheduledEventId, a);
    const calls = status === 'completed' && activitySpec(m.activityType)?.runsStages ? stageCalls(m.result) : undefined;
    // An activity that ran the stages shows as the stage calls it made (docs/adr/0021); failed, as itself.
    s.activities.push(...(calls ? calls.map((c) => stageCallActivity(a, c)) : [a]));
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED]: (e, s) => {
    const req = e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest;
    const arg = decodeFirst(req?.input?.args?.payloads);
    push(s, e, 'update-accepted', `${req?.input?.name ?? '?'} ${arg === undefined ? '' : JSON.stringify(arg)}`.trim());
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED]: (e, s) => {
    const at = e.workflowExecutionUpdateRejectedEventAttributes!;
    push(s, e, 'update-rejected', `${at.rejectedRequest?.input?.name ?? '?'}: ${at.failure?.message ?? ''}`);
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED]: (e, s) => {
    const out = e.workflowExecutionUpdateCompletedEventAttributes!.outcome;
    push(s, e, 'update-completed', out?.failure ? `failed: ${out.failure.message ?? ''}` : JSON.stringify(decodeFirst(out?.success?.payloads) ?? null));
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]: (e, s) => {
    push(s, e, 'signaled', e.workflowExecutionSignaledEventAttributes?.signalName ?? '?');
  },
  [EventType.EVENT_TYPE_TIMER_STARTED]: (e, s) => {
    const at = e.timerStartedEventAttributes!;
    const ms = optionalTsToMs(at.startToFireTimeout as never);
    push(s, e, 'timer-started', `timer ${at.timerId ?? '?'} for ${ms === undefined ? '?' : formatMs(ms)}`);
  },
  [EventType.EVENT_TYPE_TIMER_FIRED]: (e, s) => {
    push(s, e, 'timer-fired', `timer ${e.timerFiredEventAttributes?.timerId ?? '?'}`);
  },
  [EventType.EVENT_TYPE_TIMER_CANCELED]: (e, s) => {
    push(s, e, 'timer-cancelled', `timer ${e.timerCanceledEventAttributes?.timerId ?? '?'}`);
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED]: (e, s) => {
    push(s, e, 'cancel-requested', e.workflowExecutionCancelRequestedEventAttributes?.cause || 'cancellation requested');
  },
  [EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED]: (e, s) => {
    const at = e.workflowTaskFailedEventAttributes!;
    push(s, e, 'workflow-task-failed', `${temporal.api.enums.v1.WorkflowTaskFailedCause[at.cause ?? 0] ?? at.cause}: ${at.failure?.message ?? ''}`);
  },
  [EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]: (e, s) => {
    push(s, e, 'workflow-task-timed-out', 'a workflow task timed out (worker lost or too slow); the server rescheduled it');
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED]: (e, s) => {
    closeWorkflow(s, 'completed', e, summarizeResult(decodeFirst(e.workflowExecutionCompletedEventAttributes?.result?.payloads)));
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED]: (e, s) => {
    const f = e.workflowExecutionFailedEventAttributes?.failure;
    const af = f ? attemptFailure(f, null) : null;
    closeWorkflow(s, 'failed', e, af ? [af.type, af.message, ...af.causes].filter(Boolean).join(': ') : 'failed');
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED]: (e, s) => {
    closeWorkflow(s, 'cancelled', e, 'workflow cancelled');
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED]: (e, s) => {
    closeWorkflow(s, 'terminated', e, e.workflowExecutionTerminatedEventAttributes?.reason || 'terminated');
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT]: (e, s) => {
    closeWorkflow(s, 'timed-out', e, 'workflow execution timed out');
  },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW]: (e, s) => {
    closeWorkflow(s, 'continued-as-new', e, `new run ${e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? '?'}`);
  },
};

/** Adds a workflow-level event. */
function push(s: TimelineState, e: HistoryEvent, type: TimelineEvent['type'], detail: string): void {
  s.events.push({ eventId: Number(e.eventId), time: iso(e), type, detail });
}

/** The activity closed with event `e`. */
function closeActivity(a: TimelineActivity | undefined, e: HistoryEvent, status: ActivityStatus, failure?: AttemptFailure): void {
  if (!a) return;
  a.status = status;
  a.closedAt = iso(e);
  const end = timeMs(e);
  a.durationMs = end - Date.parse(a.scheduledAt);
  a.lastAttemptMs = a.startedAt ? end - Date.parse(a.startedAt) : null;
  if (failure) a.failures.push(failure);
}

/** The workflow closed with event `e`. */
function closeWorkflow(s: TimelineState, status: Exclude<Timeline['status'], 'running'>, e: HistoryEvent, detail: string): void {
  s.status = status;
  s.closedAtMs = timeMs(e);
  push(s, e, status, detail);
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

/** The stage calls listed by the result of an activity that ran the stages, or undefined when it lists none. */
function stageCalls(result: temporal.api.common.v1.IPayload | undefined): InProcessCall[] | undefined {
  const calls = (decodeFirst(result ? [result] : undefined) as { calls?: unknown } | undefined)?.calls;
  return Array.isArray(calls) && calls.length > 0 ? (calls as InProcessCall[]) : undefined;
}

/** One stage call of the activity `outer` that ran it, as a local activity of its own (its id: `<outer id>/<call name>`). */
function stageCallActivity(outer: TimelineActivity, c: InProcessCall): TimelineActivity {
  const durationMs = c.closedAtMs - c.startedAtMs;
  return {
    ...outer, activityType: c.activityType, activityId: `${outer.activityId}/${c.callName}`,
    stage: activitySpec(c.activityType)?.stage ?? c.activityType, round: c.round,
    scheduledAt: new Date(c.startedAtMs).toISOString(), startedAt: new Date(c.startedAtMs).toISOString(), closedAt: new Date(c.closedAtMs).toISOString(),
    durationMs, lastAttemptMs: outer.attempts === 1 ? durationMs : null, failures: [], entries: [],
    ranIn: { activityId: outer.activityId, activityType: outer.activityType, callName: c.callName, counts: c.counts },
  };
}
