import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { verifyReceipt } from '../../ledger/core/verify-receipt';
import { PAPER_MANIFEST_SUBJECT } from '../../schemas/paper-manifest-subject';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import { loadPublished, writeBundle } from '../../runtime/operations/bundle-export';
import { fetchTimeline } from '../../runtime/operations/timeline';
import { auditSynthesis } from '../../runtime/operations/audit';
import { startSynthesis, getProgress, submitReview } from '../../runtime/temporal/synthesis-client';
import { unwrapFailure } from '../../common/temporal-failure';
import { ValidationError } from '../../common/errors';
import { caught } from '../support/caught';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';
import { pinnedTestKey } from '../support/services';
import { SEED_QUESTION } from '../../data/example-question';


describe('synthesisWorkflow', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await openHarness('synthesis');
  });
  afterAll(async () => {
    await h.close();
  });

  describe('when run end to end on the bundled corpus', () => {
    it('publishes a manifest whose receipt verifies offline', async () => {
      const worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true } });
      const synthesisId = newSynthesisId();
      const summary = await worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: { revisionThreshold: 0 } }, h.taskQueue);
        return (await handle.result()) as SynthesisSummary;
      });
      expect(summary.status).toBe('PUBLISHED');
      expect(summary.sources).toBeGreaterThan(0);
      expect(summary.claims).toBeGreaterThan(0);

      const published = await loadPublished(h.ledger, synthesisId);
      expect(published.manifestHash).toBe(summary.manifestHash);
      const result = verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest: published.manifest, receipt: published.receipt, artifacts: published.artifacts, trust: pinnedTestKey() });
      expect(result.steps.filter((s) => !s.ok)).toEqual([]);
      expect(verifyStreamRows(synthesisId, await h.ledger.reader.streamRows(synthesisId)).ok).toBe(true);
      expect(published.manifest.ledger.entryCount).toBe(published.receipt.entryHeader.streamIndex);

      const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
      writeBundle(published, dir);
      expect(readFileSync(join(dir, 'public-key.txt'), 'utf8').trim()).toBe(published.receipt.publicKey);
    });

    it('refuses a duplicate start of the same synthesis id', async () => {
      const worker = await h.worker();
      const synthesisId = newSynthesisId();
      await worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS }, h.taskQueue);
        await expect(startSynthesis(h.env.client, { synthesisId, question: 'another', timeouts: FAST_TIMEOUTS }, h.taskQueue))
          .rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await handle.result().catch(() => undefined);
      });
    });
  });

  describe('when the question is bad', () => {
    it.each([
      ['empty', ''],
      ['whitespace-only', '   \n\t'],
      ['over-long', 'why '.repeat(600)],
    ])('fails non-retryably naming $.question for an %s question and writes nothing', async (_name, question) => {
      const worker = await h.worker();
      const synthesisId = newSynthesisId('bad');
      const err = await worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId, question, timeouts: FAST_TIMEOUTS }, h.taskQueue);
        return handle.result().then(() => null, (e: unknown) => e);
      });
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const ours = unwrapFailure(err) as { code: string; issues: Array<{ path: string }> };
      expect(ours.code).toBe('INVALID_ARGUMENT');
      expect(ours.issues.map((i) => i.path)).toContain('$.question');
      expect(await h.ledger.reader.stream(synthesisId)).toHaveLength(0);
      // The one local activity that records the request and runs the stages (docs/adr/0022) refused it on its first attempt, and nothing ran after it.
      const t = await fetchTimeline(h.env.client, h.ledger, synthesisId);
      expect(t.activities.map((a) => [a.activityType, a.local, a.attempts, a.status])).toEqual([['runInProcessStages', true, 1, 'failed']]);
      expect(t.activities[0]!.failures).toEqual([expect.objectContaining({ type: 'INVALID_ARGUMENT', nonRetryable: true })]);
    });

    it('refuses out-of-range N and K naming each field', async () => {
      const worker = await h.worker();
      const synthesisId = newSynthesisId('bad');
      const err = await worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, params: { queries: 0, topK: 1001, source: 'nowhere' as never }, timeouts: FAST_TIMEOUTS }, h.taskQueue);
        return handle.result().then(() => null, (e: unknown) => e);
      });
      const ours = unwrapFailure(err) as { issues: Array<{ path: string }> };
      expect(ours.issues.map((i) => i.path).sort()).toEqual(['$.params.queries', '$.params.source', '$.params.topK']);
      expect(await h.ledger.reader.stream(synthesisId)).toHaveLength(0);
    });
  });

  describe('when policy asks for a human review', () => {
    const humanParams = { revisionThreshold: 0 };
    const run = async (act: (id: string) => Promise<void>, fallback?: 'APPROVE' | 'REJECT') => {
      const worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 10.1, humanReviewScore: 0 } });
      const synthesisId = newSynthesisId('human');
      return worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, params: humanParams, timeouts: FAST_TIMEOUTS, humanReviewDefault: fallback }, h.taskQueue);
        await act(synthesisId);
        return { synthesisId, summary: (await handle.result()) as SynthesisSummary };
      });
    };
    const waitForReview = async (id: string) => {
      for (let i = 0; i < 200; i++) {
        const p = await getProgress(h.env.client, id).catch(() => null);
        if (p?.status === 'WAITING_FOR_REVIEW') return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('never reached WAITING_FOR_REVIEW');
    };

    it('publishes when a reviewer approves, recording the reviewer', async () => {
      const { synthesisId, summary } = await run(async (id) => {
        await waitForReview(id);
        await expect(submitReview(h.env.client, id, { decision: 'MAYBE' as never, reviewer: 'ann' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await submitReview(h.env.client, id, { decision: 'APPROVE', reviewer: 'Ann Editor', note: 'checked claims' });
      });
      expect(summary).toMatchObject({ status: 'PUBLISHED', decision: 'HUMAN_APPROVED' });
      const human = (await h.ledger.reader.stream(synthesisId)).find((e) => e.header.kind === 'review.human')!;
      expect(JSON.parse(human.payloadJson)).toMatchObject({ reviewer: 'Ann Editor', decision: 'HUMAN_APPROVED', timedOut: false });
      const published = await loadPublished(h.ledger, synthesisId);
      expect(published.manifest.review.policy.reviewer).toBe('Ann Editor');
    });

    it('refuses a bad review in the workflow validator; the client gets the ValidationError with one issue per field', async () => {
      const { summary } = await run(async (id) => {
        await waitForReview(id);
        const refused = await caught<ValidationError>(submitReview(h.env.client, id, { decision: 'MAYBE' as never, reviewer: ' ', note: 'x'.repeat(5001) }));
        expect(refused).toBeInstanceOf(ValidationError);
        expect(refused.code).toBe('INVALID_ARGUMENT');
        expect(refused.issues).toEqual([
          { code: 'enum', path: '$.decision', message: 'must be "APPROVE" or "REJECT"' },
          { code: 'reviewer-name', path: '$.reviewer', message: 'must be a non-empty name of at most 200 characters' },
          { code: 'maxLength', path: '$.note', message: 'must be a string of at most 5000 characters' },
        ]);
        await submitReview(h.env.client, id, { decision: 'REJECT', reviewer: 'Bo' });
      });
      expect(summary).toMatchObject({ status: 'REJECTED', decision: 'HUMAN_REJECTED' });
    });

    it('does not publish when the reviewer rejects', async () => {
      const { synthesisId, summary } = await run(async (id) => {
        await waitForReview(id);
        await submitReview(h.env.client, id, { decision: 'REJECT', reviewer: 'Bo' });
      });
      expect(summary).toMatchObject({ status: 'REJECTED', decision: 'HUMAN_REJECTED', manifestHash: null });
      expect((await h.ledger.reader.stream(synthesisId)).some((e) => e.header.contract === 'paper-manifest-v1.1')).toBe(false);
    });

    it('applies the documented default (REJECT) when nobody answers in time', async () => {
      const { synthesisId, summary } = await run(async () => undefined);
      expect(summary).toMatchObject({ status: 'REJECTED', decision: 'TIMEOUT_REJECTED' });
      const human = (await h.ledger.reader.stream(synthesisId)).find((e) => e.header.kind === 'review.human')!;
      expect(JSON.parse(human.payloadJson)).toMatchObject({ timedOut: true, reviewer: null });
    });
  });

  describe('when the tribunal score is below the revision threshold', () => {
    it('runs a revision round that answers every comment (minors with a recorded reason) and publishes the revised draft', async () => {
      const worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true } });
      const synthesisId = newSynthesisId('revise');
      const summary = await worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: { revisionThreshold: 10, maxRounds: 1 } }, h.taskQueue);
        return (await handle.result()) as SynthesisSummary;
      });
      expect(summary).toMatchObject({ status: 'PUBLISHED', rounds: 1 });
      const stream = await h.ledger.reader.stream(synthesisId);
      const kinds = stream.map((e) => e.header.kind);
      expect(kinds.filter((k) => k === 'artifact.report')).toHaveLength(2);
      expect(kinds.filter((k) => k === 'review.record')).toHaveLength(6);
      const comments = stream.filter((e) => e.header.kind === 'review.record' && JSON.parse(e.payloadJson).round === 0)
        .flatMap((e) => (JSON.parse(e.payloadJson) as { comments: Array<{ severity: string; commentId: string }> }).comments);
      const revision = JSON.parse(stream.find((e) => e.header.kind === 'revision.record')!.payloadJson) as { rebuttal: Array<{ commentId: string; action: string }> };
      expect(revision.rebuttal.map((r) => r.commentId).sort()).toEqual(comments.map((c) => c.commentId).sort());
      const minors = new Set(comments.filter((c) => c.severity === 'minor').map((c) => c.commentId));
      for (const p of revision.rebuttal.filter((r) => minors.has(r.commentId))) expect(p.action).toBe('NO_CHANGE');
      const published = await loadPublished(h.ledger, synthesisId);
      expect(published.manifest.review.revisionRounds).toBe(1);
      expect(published.manifest.artifacts[0]!.sha256).toBe(summary.reportHash);
      expect(verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest: published.manifest, receipt: published.receipt, artifacts: published.artifacts, trust: pinnedTestKey() }).ok).toBe(true);
    });
  });

  describe('when an open synthesis is audited', () => {
    it('counts an entry of a local activity its history does not record yet as pending, and one of a regular activity as a failure', async () => {
      const worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 10.1, humanReviewScore: 0 } });
      const synthesisId = newSynthesisId('openaudit');
      const [pending, stray] = await worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: { ...FAST_TIMEOUTS, humanReviewMs: 60_000 }, params: { revisionThreshold: 0 } }, h.taskQueue);
        for (let i = 0; i < 200 && (await getProgress(h.env.client, synthesisId).catch(() => null))?.status !== 'WAITING_FOR_REVIEW'; i++) {
          await new Promise((r) => setTimeout(r, 50));
        }
        const runId = (await handle.describe()).runId;
        // As a local activity leaves it when its workflow task has not completed: in the ledger, not yet in the history.
        await h.ledger.append({
          stream: synthesisId, kind: 'artifact.report', contract: null, payload: { pending: true }, idempotencyKey: `${synthesisId}/998/report`,
          actor: { workflowId: synthesisId, runId, activityType: 'draftReport', activityId: '998' },
        });
        const first = await auditSynthesis(h.env.client, h.ledger, synthesisId);
        await h.ledger.append({
          stream: synthesisId, kind: 'search.results', contract: null, payload: { stray: true }, idempotencyKey: `${synthesisId}/999/results`,
          actor: { workflowId: synthesisId, runId, activityType: 'searchSources', activityId: '999' },
        });
        const second = await auditSynthesis(h.env.client, h.ledger, synthesisId);
        await handle.cancel();
        await handle.result().catch(() => undefined);
        return [first, second];
      });
      expect(pending.ok).toBe(true);
      expect(pending.items).toContainEqual(expect.objectContaining({ check: 'entry-origin', status: 'warning', detail: expect.stringContaining('local activity draftReport #998 of the open run') }));
      expect(stray.ok).toBe(false);
      expect(stray.items.filter((i) => i.status === 'failed')).toEqual([
        expect.objectContaining({ check: 'entry-origin', detail: expect.stringContaining('activity 999 (searchSources), which no audited history schedules') }),
      ]);
      // Closed, the run's history is final: the local activity's entry it never recorded is a failure too.
      const closed = await auditSynthesis(h.env.client, h.ledger, synthesisId);
      expect(closed.items.filter((i) => i.status === 'failed').map((i) => i.detail)).toEqual(expect.arrayContaining([
        expect.stringContaining('activity 998 (draftReport), which no audited history schedules'),
      ]));
    });
  });

  describe('when a running synthesis is cancelled', () => {
    it('records the cancellation in the ledger and leaves the chain valid', async () => {
      const worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 10.1, humanReviewScore: 0 } });
      const synthesisId = newSynthesisId('cancel');
      const err = await worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: { ...FAST_TIMEOUTS, humanReviewMs: 60_000 }, params: { revisionThreshold: 0 } }, h.taskQueue);
        for (let i = 0; i < 200 && (await getProgress(h.env.client, synthesisId).catch(() => null))?.status !== 'WAITING_FOR_REVIEW'; i++) {
          await new Promise((r) => setTimeout(r, 50));
        }
        await handle.cancel();
        return handle.result().then(() => null, (e: unknown) => e);
      });
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const stream = await h.ledger.reader.stream(synthesisId);
      const outcome = stream[stream.length - 1]!;
      expect(outcome.header.kind).toBe('synthesis.outcome');
      expect(JSON.parse(outcome.payloadJson)).toMatchObject({ status: 'CANCELLED', reason: 'cancelled during human-review' });
      expect(verifyStreamRows(synthesisId, await h.ledger.reader.streamRows(synthesisId)).ok).toBe(true);
    });
  });
});
