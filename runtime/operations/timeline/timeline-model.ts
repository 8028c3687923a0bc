/**
 * The shape of a workflow timeline: each stage and activity with its
 * attempts, durations, failures and retry causes, the ledger entries each
 * activity wrote, and the workflow-level events. Pure types.
 */

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

/**
 * One scheduled activity with all of its attempts. A local activity (`local`)
 * is recorded by one marker event when its workflow task completes: its
 * `scheduledEventId` is that marker's event id, its round comes from its
 * summary (its input is not in history), and its start is reconstructed in
 * workflow time (below), so its times are approximate where a regular
 * activity's are the server's.
 */
export interface TimelineActivity {
  /** The ActivityTaskScheduled event; for a local activity, its marker event. */
  scheduledEventId: number;
  activityType: string;
  activityId: string;
  /** True for a local activity (run inside a workflow task, result recorded as a marker). */
  local: boolean;
  stage: string;
  /** The `round` of its input (for a local activity, of its summary), when it has one. */
  round: number | null;
  /**
   * When it was scheduled. For a local activity: the start of the workflow
   * task that ran it, or the completion of the local activity recorded before
   * it in that task, whichever is later (local activities of one task run one
   * after another, as the synthesis runs them).
   */
  scheduledAt: string;
  /** Start of the last attempt (history records only the last one); for a local activity, its scheduledAt (it does not queue). */
  startedAt: string | null;
  closedAt: string | null;
  attempts: number;
  status: ActivityStatus;
  /** Scheduled → closed, all attempts and backoff included. */
  durationMs: number | null;
  /** Start of the last attempt → closed (null for a retried local activity: history does not say when its last attempt began). */
  lastAttemptMs: number | null;
  /**
   * What made it retry and how it ended. Temporal keeps the failure of the
   * attempt before the last (the retry cause) and the final failure; earlier
   * intermediate failures are not in history. A local activity's marker
   * keeps only the final failure: why it was retried is not in history.
   */
  failures: AttemptFailure[];
  /** Ledger entries whose actor names this workflow run and activity id. */
  entries: TimelineEntry[];
  /**
   * For a stage call made inside an activity that ran the stages
   * (`runInProcessStages`, docs/adr/0021): that activity, the call's name
   * (its entries' idempotency keys are `<workflowId>/<activityId>/<callName>/…`,
   * their actor that activity's), and the counts of its result by which the
   * catalogue counts its entries. Its times are the worker's clock.
   */
  ranIn?: { activityId: string; activityType: string; callName: string; counts: Record<string, number> };
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
  /** Where the history was read: the live server, or the ledger's archive once Temporal forgot the run (absent: built from a given history). */
  historySource?: 'temporal' | 'archive';
  /** Why Temporal was not asked, when it could not be reached and the archive answered (see LoadedHistory). */
  temporalUnreachable?: string;
}

/** Where a history came from: its workflow id and (when known) run id. */
export interface HistoryIdentity {
  workflowId: string;
  runId?: string | null;
}
