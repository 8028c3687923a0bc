/**
 * What an operator sees of a synthesis in Temporal: the search attributes the
 * workflow sets (listed by query, as `temporal workflow list --query` does),
 * the summary of each activity (stage and reviewer role) and the current
 * details that mark a rejected synthesis REJECTED (docs/adr/0010).
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { defaultPayloadConverter } from '@temporalio/common';
import { Connection, type Client } from '@temporalio/client';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { loadPublished } from '../../runtime/operations/bundle-export';
import { localActivityMarker } from '../../runtime/operations/timeline';
import { findTemporalCli } from '../../runtime/services/temporal-server';
import { missingSearchAttributes, registerSearchAttributes } from '../../runtime/temporal/search-attribute-setup';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { REVIEW_SCORE, SYNTHESIS_DECISION, SYNTHESIS_STATUS, VERIFICATION_LEVEL } from '../../workflows/search-attributes';
import { SEED_QUESTION } from '../../data/example-question';
import { temporalAddress } from '../support/services';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

/** The workflow ids a visibility query lists, polled until `expected` shows up (visibility is eventually consistent). */
async function listed(client: Client, query: string, expected: string): Promise<string[]> {
  let ids: string[] = [];
  for (let i = 0; i < 100; i++) {
    ids = [];
    for await (const w of client.workflow.list({ query })) ids.push(w.workflowId);
    if (ids.includes(expected)) return ids;
    await new Promise((r) => setTimeout(r, 200));
  }
  return ids;
}

describe('synthesis visibility in Temporal', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await openHarness('visibility');
  });
  afterAll(async () => {
    await h.close();
  });
  const params = { queries: 2, topK: 5, maxRounds: 0 };
  /** Runs one synthesis to its end with the given policy thresholds; returns its summary and current details (asked while the worker runs). */
  const run = async (policy: { autoApproveScore: number; humanReviewScore: number; autoApprovePartial?: boolean }) => {
    const worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, ...policy } });
    const synthesisId = newSynthesisId('vis');
    return worker.runUntil(async () => {
      const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, params, timeouts: FAST_TIMEOUTS }, h.taskQueue);
      const summary = (await handle.result()) as SynthesisSummary;
      const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
      return { synthesisId, summary, details: metadata.currentDetails ?? '' };
    });
  };

  describe('when the policy rejects a synthesis', () => {
    let rejected: Awaited<ReturnType<typeof run>>;
    beforeAll(async () => {
      // Thresholds above the 0–10 scale: whatever the tribunal scores, the policy rejects.
      rejected = await run({ autoApproveScore: 10.5, humanReviewScore: 10.5 });
    });

    it('completes with status REJECTED and marks it in its search attributes', async () => {
      expect(rejected.summary).toMatchObject({ status: 'REJECTED', decision: 'REJECT', manifestHash: null });
      const d = await h.env.client.workflow.getHandle(rejected.synthesisId).describe();
      expect(d.status.name).toBe('COMPLETED');
      expect(d.typedSearchAttributes.get(SYNTHESIS_STATUS)).toBe('REJECTED');
      expect(d.typedSearchAttributes.get(SYNTHESIS_DECISION)).toBe('REJECT');
      expect(d.typedSearchAttributes.get(REVIEW_SCORE)).toBe(rejected.summary.score);
      expect(d.typedSearchAttributes.get(VERIFICATION_LEVEL)).toBeUndefined();
    });

    it('is listed by a SynthesisStatus="REJECTED" query, through the client and through the Temporal CLI', async () => {
      const query = `SynthesisStatus = "REJECTED" AND TaskQueue = "${h.taskQueue}"`;
      expect(await listed(h.env.client, query, rejected.synthesisId)).toEqual([rejected.synthesisId]);
      const cli = spawnSync(findTemporalCli(), ['workflow', 'list', '--address', temporalAddress(), '--query', query, '--output', 'json'], { encoding: 'utf8' });
      expect(cli.status).toBe(0);
      const rows = JSON.parse(cli.stdout) as Array<{ execution: { workflowId: string } }>;
      expect(rows.map((r) => r.execution.workflowId)).toEqual([rejected.synthesisId]);
      expect(await listed(h.env.client, `SynthesisStatus = "PUBLISHED" AND TaskQueue = "${h.taskQueue}" AND WorkflowId = "${rejected.synthesisId}"`, 'never')).toEqual([]);
    });

    it('says REJECTED in its current details, with the decision and the score', () => {
      expect(rejected.details).toMatch(/^\*\*REJECTED\*\*: nothing was published · decision REJECT · tribunal score \d+\.\d\/10 after 0 revision rounds$/);
    });

    it('names the stage of every activity, and the role of each reviewer, in its summary', async () => {
      const history = await h.env.client.workflow.getHandle(rejected.synthesisId).fetchHistory();
      // Regular activities carry it on their scheduled event, local ones on their marker.
      const summaries = (history.events ?? [])
        .filter((e) => e.activityTaskScheduledEventAttributes || localActivityMarker(e))
        .map((e) => `${e.activityTaskScheduledEventAttributes?.activityType?.name ?? localActivityMarker(e)!.activityType}: ${e.userMetadata?.summary ? defaultPayloadConverter.fromPayload<string>(e.userMetadata.summary) : '(none)'}`);
      // Without network providers the request and the stages from the plan to the policy run in one local activity (docs/adr/0021, 0022).
      expect(summaries[0]).toBe('runInProcessStages: start: runInProcessStages');
      // The rejection shows in the timeline's last activity, without a worker to query.
      expect(summaries).toContain(`recordOutcome: done: recordOutcome · REJECTED · score ${rejected.summary.score!.toFixed(1)}`);
      expect(summaries.filter((s) => s.endsWith('(none)'))).toEqual([]);
    });
  });

  describe('when a synthesis is published', () => {
    it('sets PUBLISHED, the decision, the score and the manifest\'s verification level', async () => {
      const published = await run({ autoApproveScore: 0, humanReviewScore: 0, autoApprovePartial: true });
      expect(published.summary).toMatchObject({ status: 'PUBLISHED', decision: 'AUTO_APPROVE' });
      const { manifest } = await loadPublished(h.ledger, published.synthesisId);
      const d = await h.env.client.workflow.getHandle(published.synthesisId).describe();
      expect(d.typedSearchAttributes.get(SYNTHESIS_STATUS)).toBe('PUBLISHED');
      expect(d.typedSearchAttributes.get(SYNTHESIS_DECISION)).toBe('AUTO_APPROVE');
      expect(d.typedSearchAttributes.get(VERIFICATION_LEVEL)).toBe(manifest.verification.level);
      expect(published.details).toContain(`**PUBLISHED** manifest v1 · decision AUTO_APPROVE`);
      expect(await listed(h.env.client, `VerificationLevel = "${manifest.verification.level}" AND TaskQueue = "${h.taskQueue}"`, published.synthesisId)).toEqual([published.synthesisId]);
    });
  });

  describe('registering the search attributes on a namespace', () => {
    it('adds the missing ones, then finds them present', async () => {
      const connection = await Connection.connect({ address: temporalAddress() });
      try {
        const namespace = `sa-${randomBytes(4).toString('hex')}`;
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: 86_400 as never } /* protobufjs takes a number for its Long */ });
        expect((await missingSearchAttributes(connection, namespace)).sort()).toEqual(['ReviewScore', 'SynthesisDecision', 'SynthesisStatus', 'VerificationLevel']);
        expect((await registerSearchAttributes(connection, namespace)).map((a) => a.state)).toEqual(['added', 'added', 'added', 'added']);
        expect(await missingSearchAttributes(connection, namespace)).toEqual([]);
        expect((await registerSearchAttributes(connection, namespace)).map((a) => `${a.name}=${a.type}:${a.state}`)).toEqual([
          'SynthesisStatus=KEYWORD:present', 'SynthesisDecision=KEYWORD:present', 'ReviewScore=DOUBLE:present', 'VerificationLevel=KEYWORD:present',
        ]);
      } finally {
        await connection.close();
      }
    });
  });
});
