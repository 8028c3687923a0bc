/**
 * Local activities (patch local-activities-v1), and without network providers
 * every stage up to the policy run locally (patch in-process-stages-v1), in
 * one local activity (patch in-process-batch-v1, docs/adr/0021): a synthesis
 * with a revision round on a real Temporal dev server, whose history records
 * the request and that activity as markers; the timeline shows each stage call
 * it made, and the audit, replay and the claim-check codec must read them as
 * they read regular activities. With a chat model on loopback, the stages
 * that may call it stay regular activities.
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
import { PATCHES_IN_SHAPE, SHAPE_PATCH } from '../../workflows/shape-patch';
import { ANSWER_REVIEW_POINTS_PATCH, COMPOSE_ANSWER_PATCH } from '../../activities/synthesis-steps';
import { SEED_QUESTION } from '../../data/example-question';
import { patchIds } from '../support/patch-markers';
import { RecordedHttpServer } from '../support/recorded-http-server';
import { withSlowedStage } from '../support/slowed-stage';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

type Event = temporal.api.history.v1.IHistoryEvent;

/** The stages `runInProcessStages` runs: the request, then every synthesis stage from the plan to the policy. */
const STAGE_CALLS = ['aggregateTribunal', 'composeAnswer', 'decidePolicy', 'draftReport', 'extractClaims', 'indexSources', 'mergeSources', 'planQueries', 'recordRequest', 'reviewAs', 'reviseDraft', 'searchSources', 'verifyClaims'];
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

  describe('when a synthesis with a revision round runs under the patches', () => {
    it('publishes after one revision round', () => {
      expect(summary).toMatchObject({ status: 'PUBLISHED', rounds: 1 });
    });

    it('records the patches, and the request and every stage up to the policy in one call, as one marker instead of scheduled activities', () => {
      // One patch stands for every change (docs/adr/0024): none of them is asked on its own.
      expect(patchIds(events)).toEqual([SHAPE_PATCH]);
      for (const id of [...PATCHES_IN_SHAPE, COMPOSE_ANSWER_PATCH, ANSWER_REVIEW_POINTS_PATCH]) expect(patchIds(events)).not.toContain(id);
      const markers = events.map(localActivityMarker).filter((m) => m !== undefined);
      expect(markers.map((m) => m.activityType)).toEqual(['runInProcessStages']);
      expect(scheduledOf(events)).toEqual(['publishSynthesis']);
      // It carries the summary the Web UI shows, as a scheduled activity does.
      expect(markers.map((m) => m.summary)).toEqual(['start: runInProcessStages']);
    });

    it('carries a local activity result over the threshold as a claim-check reference in the history', () => {
      const results = events.map(localActivityMarker).filter((m) => m?.result !== undefined).map((m) => m!.result!);
      expect(results.filter((p) => isClaimCheck(p)).length).toBeGreaterThan(0);
    });

    it('shows every stage in the timeline, each call of the one activity with its round and the entries it wrote', () => {
      const stagesId = events.map(localActivityMarker).find((m) => m?.activityType === 'runInProcessStages')!.activityId;
      const calls = timeline.activities.filter((a) => a.ranIn);
      expect([...new Set(calls.map((a) => a.activityType))].sort()).toEqual(STAGE_CALLS);
      for (const a of timeline.activities) {
        expect(`${a.activityType} local=${a.local} in=${a.ranIn?.activityType}`).toBe(`${a.activityType} local=${a.activityType !== 'publishSynthesis'} in=${STAGE_CALLS.includes(a.activityType) ? 'runInProcessStages' : undefined}`);
        expect(`${a.activityType} ${a.status} ${a.entries.length > 0}`).toBe(`${a.activityType} completed true`);
      }
      for (const a of calls) expect(a.activityId).toBe(`${stagesId}/${a.ranIn!.callName}`);
      expect(timeline.unmatchedEntries).toEqual([]);
      expect(timeline.activities.filter((a) => a.activityType === 'aggregateTribunal').map((a) => a.round)).toEqual([0, 1]);
      expect(timeline.stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['start', 'plan', 'search', 'merge', 'draft', 'tribunal', 'revise', 'policy', 'publish']));
      const tribunals = timeline.stages.filter((s) => s.stage === 'tribunal');
      expect(tribunals.map((s) => [s.round, s.activities.map((a) => a.activityType)])).toEqual([
        [0, ['reviewAs', 'reviewAs', 'reviewAs', 'aggregateTribunal']], [1, ['reviewAs', 'reviewAs', 'reviewAs', 'aggregateTribunal']],
      ]);
      for (const a of timeline.activities.filter((x) => x.local)) expect(Date.parse(a.closedAt!)).toBeGreaterThanOrEqual(Date.parse(a.scheduledAt));
      expect(formatTimeline(timeline)).toMatch(new RegExp(`#${stagesId}/policy decidePolicy {2}completed {2}\\S+ {2}in runInProcessStages #${stagesId}`));
    });

    it('writes each entry under the identity of the activity that ran the stages, with a key that names the call', async () => {
      const entries = await h.ledger.reader.stream(synthesisId);
      const merge = timeline.activities.find((a) => a.activityType === 'mergeSources' && a.round === 0)!;
      const keyPrefix = `${synthesisId}/${merge.ranIn!.activityId}/${merge.ranIn!.callName}/`;
      const mergeEntries = entries.filter((e) => e.idempotencyKey.startsWith(keyPrefix));
      expect(mergeEntries.map((e) => e.header.kind).sort()).toEqual(merge.entries.map((e) => e.kind).sort());
      expect(mergeEntries.length).toBe(merge.ranIn!.counts.provenance! + 1);
      for (const e of mergeEntries) expect(e.header.actor).toMatchObject({ activityType: 'runInProcessStages', activityId: merge.ranIn!.activityId });
    });

    it('passes the audit, which checks the entries of every stage call against the counts the call reported', async () => {
      const report = await auditSynthesis(h.env.client, h.ledger, synthesisId);
      expect(report.items.filter((i) => i.status !== 'ok')).toEqual([]);
      const checked = report.items.filter((i) => i.check === 'activity-entries' && / run in runInProcessStages #\d+$/.test(i.detail));
      expect(checked.map((i) => i.subject.split(' ')[1]).sort()).toEqual(timeline.activities.filter((a) => a.ranIn).map((a) => a.activityType).sort());
      // mergeSources writes one provenance entry per source it returned: the count comes from the call's report.
      const merge = report.items.find((i) => i.check === 'activity-entries' && i.subject.endsWith('mergeSources'))!;
      expect(merge.detail).toMatch(/^\d+ entries, run in runInProcessStages #\d+$/);
    });

    it('fails the audit for an entry written under that activity\'s identity by no call it reports', async () => {
      const stages = timeline.activities.find((a) => a.ranIn)!.ranIn!;
      const actor = { workflowId: synthesisId, runId: timeline.runId!, activityType: 'runInProcessStages', activityId: stages.activityId };
      const stray = await h.ledger.append({ stream: synthesisId, kind: 'search.results', contract: null, payload: { stray: true }, idempotencyKey: `${synthesisId}/${stages.activityId}/search-9-9/results`, actor });
      const report = await auditSynthesis(h.env.client, h.ledger, synthesisId);
      expect(report.items.filter((i) => i.status === 'failed')).toEqual([
        expect.objectContaining({ check: 'entry-origin', subject: `#${stray.header.index} search.results`, detail: expect.stringContaining('names none of the stage calls its result lists') }),
      ]);
    });

    it('replays against today\'s code, markers and claim-check references included', async () => {
      expect(await replayWorkflow(h.env.client, synthesisId, { ledger: h.ledger })).toMatchObject({ ok: true, workflowId: synthesisId });
    });
  });

  describe('when the synthesis is cancelled while its stages run in one local activity', () => {
    // The cancellation reaches the workflow with its next workflow task: at the latest when core heartbeats the task in flight
    // (at 80 % of the 10 s task timeout), here during a stage slowed past that.
    it('starts no further stage once the cancellation reaches it: the stage in flight completes, and nothing after it is appended', async () => {
      let slowed!: () => void;
      const inExtract = new Promise<void>((r) => { slowed = r; });
      const worker = await h.worker({
        policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true },
        wrapActivities: (acts) => withSlowedStage(acts, 'extractClaims', 11_000, slowed),
      });
      const id = newSynthesisId('local-cancel');
      const outcome = await worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId: id, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS }, h.taskQueue);
        await inExtract;
        await handle.cancel();
        const result = await handle.result().then(() => 'completed', (e: Error) => e.name);
        // The extraction in flight is not interrupted: wait until it has appended what it appends.
        await new Promise((r) => setTimeout(r, 12_000));
        return result;
      });
      expect(outcome).toBe('WorkflowFailedError');
      const entries = await h.ledger.reader.stream(id);
      expect(entries.map((e) => e.header.kind)).toContain('synthesis.outcome');
      expect(JSON.parse(entries.find((e) => e.header.kind === 'synthesis.outcome')!.payloadJson)).toMatchObject({ status: 'CANCELLED' });
      // Verification is the stage after extraction: it never started.
      expect(entries.filter((e) => e.header.kind === 'claim.verification')).toEqual([]);
    }, 60_000);
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
        // The shape patch stands for the local and in-process ones; the request's result, not a patch, keeps these stages regular.
        expect(patchIds(history)).toEqual([SHAPE_PATCH]);
        const inProcess = Object.keys(ACTIVITY_CATALOGUE).filter((n) => activitySpec(n)?.inProcess === true && activitySpec(n)?.runsStages !== true);
        expect([...new Set(scheduledOf(history))].sort()).toEqual([...inProcess, 'publishSynthesis'].sort());
        const markers = history.map(localActivityMarker).filter((m) => m !== undefined).map((m) => m.activityType);
        expect(markers.filter((n) => inProcess.includes(n))).toEqual([]);
        // The one local activity recorded the request, heard of the network provider, and ran no stage.
        expect(markers[0]).toBe('runInProcessStages');
        const timeline = await fetchTimeline(h.env.client, h.ledger, id);
        expect(timeline.activities.filter((a) => a.ranIn).map((a) => a.activityType)).toEqual(['recordRequest']);
        const report = await auditSynthesis(h.env.client, h.ledger, id);
        expect(report.items.filter((i) => i.status !== 'ok')).toEqual([]);
      } finally {
        await server.close();
      }
    });
  });
});
