import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { buildTimeline, formatTimeline, localActivityMarker } from '../../runtime/operations/timeline';
import { historyEventsJson } from '../../activities/history-digest';
import { historyActivities } from '../../verification/workflow-history';
import { activitySummary, summaryRound } from '../../workflows/activity-summaries';
import type { LedgerEntry } from '../../ledger';

const EventType = temporal.api.enums.v1.EventType;
const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
type Event = Record<string, unknown>;

const time = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
const json = (v: unknown) => defaultPayloadConverter.toPayload(v)!;

/** A local activity marker as the SDK core records it (details `data` and `result`, the summary in user metadata). */
function marker(eventId: number, atMs: number, o: { seq: number; type: string; completeMs: number; attempt?: number; result?: unknown; failure?: Record<string, unknown>; summary: string }): Event {
  const data = { seq: o.seq, attempt: o.attempt ?? 1, activity_id: String(o.seq), activity_type: o.type, complete_time: time(o.completeMs), backoff: null, original_schedule_time: time(o.completeMs - 5) };
  return {
    eventId, eventTime: time(atMs), eventType: EventType.EVENT_TYPE_MARKER_RECORDED,
    userMetadata: { summary: json(o.summary) },
    markerRecordedEventAttributes: {
      markerName: 'core_local_activity', workflowTaskCompletedEventId: 4,
      details: { data: { payloads: [json(data)] }, ...(o.result === undefined ? {} : { result: { payloads: [json(o.result)] } }) },
      failure: o.failure ?? null,
    },
  };
}

/** A history: one workflow task that runs two local activities and schedules a regular one, then a failed local activity. */
function history(): temporal.api.history.v1.IHistory {
  return temporal.api.history.v1.History.fromObject({
    events: [
      { eventId: 1, eventTime: time(T0), eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, workflowExecutionStartedEventAttributes: { workflowType: { name: 'synthesisWorkflow' }, taskQueue: { name: 'q' }, originalExecutionRunId: 'run-1', attempt: 1 } },
      { eventId: 2, eventTime: time(T0 + 1), eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED },
      { eventId: 3, eventTime: time(T0 + 10), eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED },
      { eventId: 4, eventTime: time(T0 + 100), eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED },
      { eventId: 5, eventTime: time(T0 + 100), eventType: EventType.EVENT_TYPE_MARKER_RECORDED, markerRecordedEventAttributes: { markerName: 'core_patch', details: { 'patch-data': { payloads: [json({ id: 'local-activities-v1', deprecated: false })] } } } },
      marker(6, T0 + 100, { seq: 1, type: 'recordRequest', completeMs: T0 + 40, result: { configHash: 'sha256:00' }, summary: activitySummary('recordRequest', { synthesisId: 's' }) }),
      marker(7, T0 + 100, { seq: 2, type: 'mergeSources', completeMs: T0 + 90, attempt: 2, result: { provenance: [{}, {}] }, summary: activitySummary('mergeSources', { synthesisId: 's', round: 1 }) }),
      { eventId: 8, eventTime: time(T0 + 101), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, activityTaskScheduledEventAttributes: { activityId: '3', activityType: { name: 'indexSources' }, input: { payloads: [json({ synthesisId: 's', round: 1 })] } } },
      { eventId: 9, eventTime: time(T0 + 102), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, activityTaskStartedEventAttributes: { scheduledEventId: 8, attempt: 1 } },
      { eventId: 10, eventTime: time(T0 + 150), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, activityTaskCompletedEventAttributes: { scheduledEventId: 8, startedEventId: 9 } },
      { eventId: 11, eventTime: time(T0 + 151), eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED },
      { eventId: 12, eventTime: time(T0 + 160), eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED },
      { eventId: 13, eventTime: time(T0 + 200), eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED },
      marker(14, T0 + 200, {
        seq: 4, type: 'decidePolicy', completeMs: T0 + 185, attempt: 6, summary: activitySummary('decidePolicy', { synthesisId: 's' }),
        failure: { message: 'database down', applicationFailureInfo: { type: 'DATABASE_UNAVAILABLE', nonRetryable: false } },
      }),
    ],
  });
}

describe('local activities in a timeline', () => {
  describe('when a summary names a round', () => {
    it('gives it back, and null when it names none', () => {
      expect(summaryRound(activitySummary('reviewAs', { role: 'SKEPTIC', round: 12 }))).toBe(12);
      expect(summaryRound(activitySummary('searchSources', { variant: 0, round: 0 }))).toBe(0);
      expect(summaryRound(activitySummary('recordRequest', { round: 'x' }))).toBeNull();
      expect(summaryRound('merge: mergeSources · round one')).toBeNull();
    });
  });

  describe('when a history records local activities as markers', () => {
    const t = buildTimeline(history(), [], { workflowId: 's', runId: 'run-1' });

    it('reads each local activity marker, and nothing from other markers', () => {
      const e = history().events!;
      expect(localActivityMarker(e[4]!)).toBeUndefined();
      expect(localActivityMarker(e[5]!)).toMatchObject({ activityId: '1', activityType: 'recordRequest', attempt: 1, completedAtMs: T0 + 40, summary: 'start: recordRequest', failure: null });
      expect(defaultPayloadConverter.fromPayload(localActivityMarker(e[6]!)!.result!)).toEqual({ provenance: [{}, {}] });
    });

    it('shows them among the activities in history order, with stage, round and attempts', () => {
      expect(t.activities.map((a) => [a.activityId, a.activityType, a.local, a.stage, a.round, a.attempts, a.status])).toEqual([
        ['1', 'recordRequest', true, 'start', null, 1, 'completed'],
        ['2', 'mergeSources', true, 'merge', 1, 2, 'completed'],
        ['3', 'indexSources', false, 'index', 1, 1, 'completed'],
        ['4', 'decidePolicy', true, 'policy', null, 6, 'failed'],
      ]);
      expect(t.stages.map((s) => `${s.stage}:${s.round}`)).toEqual(['start:null', 'revise:1', 'index:1', 'policy:null']);
    });

    it('dates each from its workflow task\'s start or the local activity before it, to its completion in workflow time', () => {
      const [request, merge, , policy] = t.activities;
      expect([request!.scheduledAt, request!.closedAt, request!.durationMs, request!.lastAttemptMs]).toEqual([new Date(T0 + 10).toISOString(), new Date(T0 + 40).toISOString(), 30, 30]);
      // The second local activity of the task starts when the first completed; retried, its last attempt's length is unknown.
      expect([merge!.scheduledAt, merge!.durationMs, merge!.lastAttemptMs]).toEqual([new Date(T0 + 40).toISOString(), 50, null]);
      expect([policy!.scheduledAt, policy!.durationMs]).toEqual([new Date(T0 + 160).toISOString(), 25]);
    });

    it('keeps a failed local activity\'s final failure', () => {
      expect(t.activities[3]!.failures).toEqual([{ attempt: 6, message: 'database down', type: 'DATABASE_UNAVAILABLE', nonRetryable: false, causes: [] }]);
    });

    it('reads the same activities from the archived JSON form as the offline verifier does', () => {
      const events = historyEventsJson(history());
      expect(historyActivities(events)).toEqual(t.activities.map((a) => ({ activityId: a.activityId, activityType: a.activityType, eventId: a.scheduledEventId, local: a.local })));
      // Other markers, events without attributes and a marker whose data is not JSON name no activity.
      const broken = { eventId: '15', markerRecordedEventAttributes: { markerName: 'core_local_activity', details: { data: { payloads: [{ data: Buffer.from('not json').toString('base64') }] } } } };
      expect(historyActivities([...events.slice(0, 5), { eventId: '2' }, broken, null])).toEqual([]);
    });

    it('marks them in the text rendering', () => {
      const text = formatTimeline(t);
      expect(text).toContain('4 activities (3 local), 2 retried, 0 ledger entries');
      expect(text).toMatch(/#1 recordRequest {2}completed {2}30ms {2}local activity/);
      expect(text).toMatch(/#3 indexSources {2}completed {2}49ms\n/);
    });
  });

  describe('when one local activity ran the stages (docs/adr/0021)', () => {
    const calls = [
      { activityType: 'planQueries', callName: 'plan', round: null, startedAtMs: T0 + 12, closedAtMs: T0 + 15, counts: {} },
      { activityType: 'mergeSources', callName: 'merge-0', round: 0, startedAtMs: T0 + 15, closedAtMs: T0 + 30, counts: { provenance: 2 } },
    ];
    const stagesHistory = (o: { result?: unknown; attempt?: number; failure?: Record<string, unknown> }) => temporal.api.history.v1.History.fromObject({
      events: [
        { eventId: 1, eventTime: time(T0), eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, workflowExecutionStartedEventAttributes: { workflowType: { name: 'synthesisWorkflow' }, originalExecutionRunId: 'run-1' } },
        { eventId: 2, eventTime: time(T0 + 1), eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED },
        { eventId: 3, eventTime: time(T0 + 10), eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED },
        { eventId: 4, eventTime: time(T0 + 100), eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED },
        marker(5, T0 + 100, { seq: 2, type: 'runInProcessStages', completeMs: T0 + 40, summary: activitySummary('runInProcessStages', { input: {} }), ...o }),
      ],
    });
    const entry = (index: number, kind: string, key: string) => ({
      header: { index, streamIndex: index, kind, contract: null, payloadHash: `sha256:${index}`, actor: { workflowId: 's', runId: 'run-1', activityType: 'runInProcessStages', activityId: '2' } },
      entryHash: `sha256:e${index}`, idempotencyKey: key, payloadJson: '{}',
    }) as unknown as LedgerEntry;
    const entries = [entry(1, 'search.plan', 's/2/plan/plan'), entry(2, 'source.provenance', 's/2/merge-0/provenance/a'), entry(3, 'sources.merged', 's/2/merge-0/merged'), entry(4, 'search.results', 's/2/search-0-0/results')];

    it('shows each stage call it made as a local activity of its own, in its stage and round, with the entries whose keys name the call', () => {
      const t = buildTimeline(stagesHistory({ result: { outcome: {}, calls } }), entries, { workflowId: 's', runId: 'run-1' });
      expect(t.activities.map((a) => [a.activityId, a.activityType, a.stage, a.round, a.local, a.status, a.durationMs])).toEqual([
        ['2/plan', 'planQueries', 'plan', null, true, 'completed', 3], ['2/merge-0', 'mergeSources', 'merge', 0, true, 'completed', 15],
      ]);
      expect(t.activities[1]!.ranIn).toEqual({ activityId: '2', activityType: 'runInProcessStages', callName: 'merge-0', counts: { provenance: 2 } });
      expect(t.activities.map((a) => a.entries.map((e) => e.index))).toEqual([[1], [2, 3]]);
      // An entry under its identity whose key names no call it lists is not given to any call.
      expect(t.unmatchedEntries.map((e) => e.index)).toEqual([4]);
      expect(formatTimeline(t)).toMatch(/#2\/merge-0 mergeSources {2}completed {2}15ms {2}in runInProcessStages #2/);
      expect(formatTimeline(t)).toContain('2 activities (2 local, 2 of them stage calls inside one), 0 retried, 3 ledger entries');
    });

    it('shows it as itself when it failed, with the entries its attempts wrote', () => {
      const t = buildTimeline(stagesHistory({ attempt: 3, failure: { message: 'database down', applicationFailureInfo: { type: 'DATABASE_UNAVAILABLE' } } }), entries, { workflowId: 's', runId: 'run-1' });
      expect(t.activities.map((a) => [a.activityId, a.activityType, a.stage, a.status, a.entries.length, a.ranIn])).toEqual([['2', 'runInProcessStages', 'start', 'failed', 4, undefined]]);
    });

    it('names the stage, the role, the query variant and the round of a stage call in its summary', () => {
      expect(activitySummary('reviewAs', { role: 'SKEPTIC', round: 0 })).toBe('tribunal: reviewAs · as SKEPTIC · round 0');
      expect(activitySummary('searchSources', { variant: 1, round: 0 })).toBe('search: searchSources · query 2 · round 0');
      expect(activitySummary('runInProcessStages', { input: {}, params: {} })).toBe('start: runInProcessStages');
    });
  });
});
