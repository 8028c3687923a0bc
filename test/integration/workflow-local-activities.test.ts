/**
 * The cheap local stages as local activities (patch local-activities-v1), and
 * without network providers every stage up to the policy (patch
 * in-process-stages-v1): a synthesis with a revision round on a real Temporal
 * dev server, whose history records those stages as markers; the timeline,
 * the audit, replay and the claim-check codec must read them as they read
 * regular activities. With a chat model on loopback, the stages that may call
 * it stay regular activities.
 */
import type { temporal } from '@temporalio/proto';
import { ACTIVITY_CATALOGUE, activitySpec } from '../../activities/catalogue/activity-catalogue';
import { ChatAnswerWriter } from '../../activities/providers/chat-answer-writer';
import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { auditSynthesis } from '../../runtime/operations/audit';
import { replayWorkflow } from '../../runtime/operations/replay';
import { fetchTimeline, formatTimeline, localActivityMarker, type Timeline } from '../../runtime/operations/timeline';
import { isClaimCheck } from '../../runtime/temporal/claim-check-codec';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { IN_PROCESS_STAGES_PATCH, LOCAL_ACTIVITIES_PATCH } from '../../workflows/catalogued-activities';
import { ANSWER_REVIEW_POINTS_PATCH, COMPOSE_ANSWER_PATCH, PATCHES_ASKED_AT_START } from '../../workflows/synthesis-steps';
import { SEED_QUESTION } from '../../data/example-question';
import { patchIds } from '../support/patch-markers';
import { RecordedHttpServer } from '../support/recorded-http-server';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

type Event = temporal.api.history.v1.IHistoryEvent;

/** Runs locally in a synthesis without network providers. */
const runsLocallyOffline = (name: string) => activitySpec(name)?.local === true || activitySpec(name)?.inProcess === true;
const LOCAL = Object.keys(ACTIVITY_CATALOGUE).filter(runsLocallyOffline).sort();
/** Names of the activities a history schedules as regular activities. */
const scheduledOf = (events: Event[]) => events.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter((n): n is string => n !== undefined);

describe('local activities', () => {
  let h: WorkflowHarness;
  const synthesisId = newSynthesisId('local');
  let summary: SynthesisSummary;
  let events: Event[];
  let timeline: Timeline;

  beforeAll(async () => {
    h = await openHarness('local');
    // A low claim-check threshold, so that local activity results travel by reference too.
    const worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true }, claimCheckBytes: 1024 });
    summary = await worker.runUntil(async () => {
      const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: { revisionThreshold: 10, maxRounds: 1 } }, h.taskQueue);
      return (await handle.result()) as SynthesisSummary;
    });
    events = (await h.env.client.workflow.getHandle(synthesisId).fetchHistory()).events ?? [];
    timeline = await fetchTimeline(h.env.client, h.ledger, synthesisId);
  });
  afterAll(async () => {
    await h.close();
  });

  describe('when a synthesis with a revision round runs under the patch', () => {
    it('publishes after one revision round', () => {
      expect(summary).toMatchObject({ status: 'PUBLISHED', rounds: 1 });
    });

    it('records both patches, and every stage up to the policy as markers instead of scheduled activities', () => {
      expect(patchIds(events)).toEqual(expect.arrayContaining([LOCAL_ACTIVITIES_PATCH, IN_PROCESS_STAGES_PATCH]));
      // The steps' later patches are asked at the start under their at-start ids, and the originals never.
      expect(patchIds(events).slice(0, 4)).toEqual([LOCAL_ACTIVITIES_PATCH, IN_PROCESS_STAGES_PATCH, ...Object.values(PATCHES_ASKED_AT_START)]);
      expect(patchIds(events)).not.toEqual(expect.arrayContaining([COMPOSE_ANSWER_PATCH]));
      expect(patchIds(events)).not.toEqual(expect.arrayContaining([ANSWER_REVIEW_POINTS_PATCH]));
      const markers = events.map(localActivityMarker).filter((m) => m !== undefined);
      expect([...new Set(markers.map((m) => m.activityType))].sort()).toEqual(LOCAL);
      expect(scheduledOf(events)).toEqual(['publishSynthesis']);
      // Each carries the summary the Web UI shows, as a scheduled activity does.
      expect(markers.filter((m) => m.activityType === 'draftReport').map((m) => m.summary)).toEqual(['draft: draftReport · round 0', 'draft: draftReport · round 1']);
    });

    it('carries a local activity result over the threshold as a claim-check reference in the history', () => {
      const results = events.map(localActivityMarker).filter((m) => m?.result !== undefined).map((m) => m!.result!);
      expect(results.filter((p) => isClaimCheck(p)).length).toBeGreaterThan(0);
    });

    it('shows every stage in the timeline, local activities with their rounds, each with the entries it wrote', () => {
      expect(timeline.activities.filter((a) => a.local).map((a) => a.activityType).sort()).toEqual(
        events.map(localActivityMarker).filter((m) => m !== undefined).map((m) => m.activityType).sort());
      for (const a of timeline.activities) {
        expect(`${a.activityType} local=${a.local}`).toBe(`${a.activityType} local=${runsLocallyOffline(a.activityType)}`);
        expect(`${a.activityType} ${a.status} ${a.entries.length > 0}`).toBe(`${a.activityType} completed true`);
      }
      expect(timeline.unmatchedEntries).toEqual([]);
      expect(timeline.activities.filter((a) => a.activityType === 'aggregateTribunal').map((a) => a.round)).toEqual([0, 1]);
      expect(timeline.stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['start', 'plan', 'search', 'merge', 'draft', 'tribunal', 'revise', 'policy', 'publish']));
      const tribunals = timeline.stages.filter((s) => s.stage === 'tribunal');
      expect(tribunals.map((s) => [s.round, s.activities.map((a) => a.activityType)])).toEqual([
        [0, ['reviewAs', 'reviewAs', 'reviewAs', 'aggregateTribunal']], [1, ['reviewAs', 'reviewAs', 'reviewAs', 'aggregateTribunal']],
      ]);
      for (const a of timeline.activities.filter((x) => x.local)) expect(Date.parse(a.closedAt!)).toBeGreaterThanOrEqual(Date.parse(a.scheduledAt));
      expect(formatTimeline(timeline)).toMatch(/#\d+ decidePolicy {2}completed {2}\S+ {2}local activity/);
    });

    it('writes each entry under the activity id of the marker that records the call', async () => {
      const entries = await h.ledger.reader.stream(synthesisId);
      const merge = timeline.activities.find((a) => a.activityType === 'mergeSources' && a.round === 0)!;
      const mergeEntries = entries.filter((e) => e.header.actor.activityType === 'mergeSources' && e.header.actor.activityId === merge.activityId);
      expect(mergeEntries.length).toBe(merge.entries.length);
      expect(mergeEntries.every((e) => e.idempotencyKey.startsWith(`${synthesisId}/${merge.activityId}/`))).toBe(true);
    });

    it('passes the audit, which checks the entries of every local activity against its recorded result', async () => {
      const report = await auditSynthesis(h.env.client, h.ledger, synthesisId);
      expect(report.items.filter((i) => i.status !== 'ok')).toEqual([]);
      const checked = report.items.filter((i) => i.check === 'activity-entries' && i.detail.endsWith('local activity'));
      expect(checked.map((i) => i.subject.split(' ')[1]).sort()).toEqual(timeline.activities.filter((a) => a.local).map((a) => a.activityType).sort());
      // mergeSources writes one provenance entry per source it returned: the count comes from its marker's result.
      const merge = report.items.find((i) => i.check === 'activity-entries' && i.subject.endsWith('mergeSources'))!;
      expect(merge.detail).toMatch(/^\d+ entries, local activity$/);
    });

    it('replays against today\'s code, markers and claim-check references included', async () => {
      expect(await replayWorkflow(h.env.client, synthesisId, { ledger: h.ledger })).toMatchObject({ ok: true, workflowId: synthesisId });
    });
  });

  describe('when a chat model on loopback writes the answer (a network provider)', () => {
    it('schedules every stage that may call a source or model as a regular activity, though the in-process patch is recorded', async () => {
      const server = await RecordedHttpServer.start();
      try {
        // The answer writer restates each evidence sentence with its citation.
        server.route('POST', '/v1/chat/completions', (req) => {
          const body = JSON.parse(req.body) as { model: string; messages: Array<{ content: string }> };
          const user = JSON.parse(body.messages[body.messages.length - 1]!.content) as { evidence: Array<{ n: number; text: string }> };
          const content = { refused: false, reason: '', sentences: user.evidence.map((e) => ({ text: `${e.text} [${e.n}]`, gap: false })) };
          return { body: { id: 'x', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(content) }, finish_reason: 'stop' }], usage: { prompt_tokens: 50, completion_tokens: 10 } } };
        });
        const answerWriter = new ChatAnswerWriter(new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'test-chat', timeoutMs: 5000 }));
        const worker = await h.worker({ chat: { answerWriter }, policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true } });
        const id = newSynthesisId('local-net');
        const result = await worker.runUntil(async () => {
          const handle = await startSynthesis(h.env.client, { synthesisId: id, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: { queries: 2, topK: 5, revisionThreshold: 0 } }, h.taskQueue);
          return (await handle.result()) as SynthesisSummary;
        });
        expect(result.status).toBe('PUBLISHED');
        expect(server.requests.length).toBeGreaterThan(0);
        const history = (await h.env.client.workflow.getHandle(id).fetchHistory()).events ?? [];
        // Both patches are asked before any activity; the request's result, not the patch, keeps these stages regular.
        expect(patchIds(history)).toEqual(expect.arrayContaining([LOCAL_ACTIVITIES_PATCH, IN_PROCESS_STAGES_PATCH]));
        const inProcess = Object.keys(ACTIVITY_CATALOGUE).filter((n) => activitySpec(n)?.inProcess === true);
        expect([...new Set(scheduledOf(history))].sort()).toEqual([...inProcess, 'publishSynthesis'].sort());
        const markers = history.map(localActivityMarker).filter((m) => m !== undefined).map((m) => m.activityType);
        expect(markers.filter((n) => inProcess.includes(n))).toEqual([]);
        const report = await auditSynthesis(h.env.client, h.ledger, id);
        expect(report.items.filter((i) => i.status !== 'ok')).toEqual([]);
      } finally {
        await server.close();
      }
    });
  });
});
