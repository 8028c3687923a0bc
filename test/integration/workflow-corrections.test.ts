import { WorkflowFailedError } from '@temporalio/client';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import type { LedgerEntry } from '../../ledger';
import { PAPER_MANIFEST_SUBJECT } from '../../schemas/paper-manifest-subject';
import { verifyReceipt } from '../../ledger/core/verify-receipt';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import type { CorrectionRecord, CorrectionType } from '../../schemas/correction-record.schema';
import type { PaperManifest } from '../../schemas/paper-manifest.schema';
import { auditSynthesis } from '../../runtime/operations/audit';
import { loadPublished } from '../../runtime/operations/bundle-export';
import { unwrapFailure } from '../../common/temporal-failure';
import { fetchTimeline } from '../../runtime/operations/timeline';
import { replayWorkflow } from '../../runtime/operations/replay';
import { runCorrection, startSynthesis } from '../../runtime/temporal/synthesis-client';
import type { CorrectionResult } from '../../workflows/correction-workflow';
import { nextCorrection } from '../support/correction-record';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';
import { pinnedTestKey } from '../support/services';
import type { Worker } from '@temporalio/worker';

const QUESTION = 'How does negative sampling affect exact match and F1 of extractive QA models on MRQA 2019 out-of-domain datasets?';

/** Every task of this suite replays from history (maxCachedWorkflows: 0): a nondeterministic workflow would fail here. */
describe('correctionWorkflow (no workflow cache: every task replays)', () => {
  let h: WorkflowHarness;
  let worker: Worker;
  let running: Promise<void>;
  const synthesisId = newSynthesisId('corr');

  beforeAll(async () => {
    h = await openHarness('corrections');
    worker = await h.worker({ maxCachedWorkflows: 0, policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true } });
    running = worker.run();
    const handle = await startSynthesis(h.env.client, { synthesisId, question: QUESTION, params: { revisionThreshold: 0, queries: 3, topK: 6 }, timeouts: FAST_TIMEOUTS }, h.taskQueue);
    const summary = (await handle.result()) as SynthesisSummary;
    expect(summary.status).toBe('PUBLISHED');
  });
  afterAll(async () => {
    worker.shutdown();
    await running;
    await h.close();
  });

  const correct = (c: unknown) => runCorrection(h.env.client, synthesisId, c, { taskQueue: h.taskQueue, timeouts: FAST_TIMEOUTS });
  const streamOf = () => h.ledger.reader.stream(synthesisId);

  describe('when corrections v1 → v2 → v3 end in a retraction', () => {
    const steps: Array<[CorrectionType, string, string]> = [
      ['CORRECTION', 'CORRECTED', 'c1'],
      ['EXPRESSION_OF_CONCERN', 'UNDER_CONCERN', 'c2'],
      ['RETRACTION', 'RETRACTED', 'c3'],
    ];
    const records: CorrectionRecord[] = [];
    const results: CorrectionResult[] = [];

    beforeAll(async () => {
      for (const [type, , id] of steps) {
        const record = await nextCorrection(h.ledger, synthesisId, type, `${synthesisId}-${id}`);
        records.push(record);
        results.push(await correct(record));
      }
    });

    it('chains each record to the current manifest and to the previous correction', async () => {
      const stream = await streamOf();
      const manifests = stream.filter((e) => e.header.contract === 'paper-manifest-v1.1');
      const corrections = stream.filter((e) => e.header.contract === 'correction-record-v1');
      expect(corrections).toHaveLength(3);
      corrections.forEach((entry, i) => {
        const record = JSON.parse(entry.payloadJson) as CorrectionRecord;
        expect(record).toEqual(records[i]);
        expect(record.target.manifestHash).toBe(manifests[i]!.header.payloadHash);
        expect(record.previousCorrectionHash).toBe(i === 0 ? null : corrections[i - 1]!.header.payloadHash);
        expect(record.resultingStatus).toBe(steps[i]![1]);
        expect(entry.header.payloadHash).toBe(results[i]!.correctionHash);
      });
    });

    it('publishes manifest versions 2, 3 and 4, each linked to its predecessor, ending Withdrawn', async () => {
      expect(results.map((r) => [r.manifestVersion, r.status])).toEqual([[2, 'CORRECTED'], [3, 'UNDER_CONCERN'], [4, 'RETRACTED']]);
      expect(results[2]!.tier).toBe('Withdrawn');
      const manifests = (await streamOf()).filter((e) => e.header.contract === 'paper-manifest-v1.1');
      const parsed = manifests.map((e) => JSON.parse(e.payloadJson) as PaperManifest);
      expect(parsed.map((m) => m.manifestVersion)).toEqual([1, 2, 3, 4]);
      parsed.forEach((m, i) => expect(m.previousManifestHash).toBe(i === 0 ? null : manifests[i - 1]!.header.payloadHash));
      expect(parsed[3]!.correction).toMatchObject({ status: 'RETRACTED', count: 3 });
      expect(parsed[3]!.correction.records).toEqual(results.map((r) => r.correctionHash));
      expect(parsed[3]!.qualityTier.tier).toBe('Withdrawn');
      expect(results.map((r) => r.manifestHash)).toEqual(manifests.slice(1).map((e) => e.header.payloadHash));
    });

    it('gives every version a receipt that verifies offline', async () => {
      for (const version of [1, 2, 3, 4]) {
        const published = await loadPublished(h.ledger, synthesisId, version);
        const v = verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest: published.manifest, receipt: published.receipt, artifacts: published.artifacts, trust: pinnedTestKey() });
        expect({ version, failed: v.steps.filter((s) => !s.ok) }).toEqual({ version, failed: [] });
      }
      expect(verifyStreamRows(synthesisId, await h.ledger.reader.streamRows(synthesisId)).ok).toBe(true);
    });

    it('gives version n+1 consistency proofs from the checkpoint of every earlier version, which --since checks', async () => {
      const versions = await Promise.all([1, 2, 3, 4].map((n) => loadPublished(h.ledger, synthesisId, n)));
      const last = versions[3]!;
      const earlier = versions.slice(0, 3).map((p) => p.receipt.treeSize).filter((n) => n < last.receipt.treeSize);
      expect(earlier.length).toBeGreaterThan(0);
      expect((last.receipt.consistencyProofs ?? []).map((p) => p.fromTreeSize)).toEqual([...new Set(earlier)].sort((a, b) => a - b));
      expect(versions[0]!.receipt.consistencyProofs).toBeUndefined();
      const since = verifyReceipt({
        subject: PAPER_MANIFEST_SUBJECT, manifest: last.manifest, receipt: last.receipt, artifacts: last.artifacts, trust: pinnedTestKey(), since: versions[0]!.receipt.checkpoint,
      });
      expect(since.steps.find((s) => s.step === 'checkConsistency')).toMatchObject({ ok: true });
      // A forked history: the proof's starting root is not the older checkpoint's root.
      const forked = structuredClone(last.receipt);
      forked.consistencyProofs![0]!.fromRootHash = `sha256:${'ab'.repeat(32)}`;
      const refused = verifyReceipt({
        subject: PAPER_MANIFEST_SUBJECT, manifest: last.manifest, receipt: forked, artifacts: last.artifacts, trust: pinnedTestKey(),
        since: versions.find((p) => p.receipt.treeSize === forked.consistencyProofs![0]!.fromTreeSize)!.receipt.checkpoint,
      });
      expect(refused.steps.find((s) => s.step === 'checkConsistency')).toMatchObject({ ok: false, code: 'CONSISTENCY_MISMATCH' });
    });

    it('refuses a further correction of a retracted synthesis', async () => {
      const before = (await streamOf()).length;
      const err = await correct(await nextCorrection(h.ledger, synthesisId, 'CORRECTION', `${synthesisId}-c4`)).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      expect(unwrapFailure(err)).toMatchObject({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: '$.correction.type', code: 'terminal' })] });
      expect((await streamOf()).length).toBe(before);
    });
  });

  describe('when a correction violates the schema', () => {
    it('fails with a coded error naming the field and writes nothing', async () => {
      const other = newSynthesisId('corr-bad');
      const handle = await startSynthesis(h.env.client, { synthesisId: other, question: QUESTION, params: { revisionThreshold: 0, queries: 2, topK: 4 }, timeouts: FAST_TIMEOUTS }, h.taskQueue);
      await handle.result();
      const before: LedgerEntry[] = await h.ledger.reader.stream(other);
      const valid = await nextCorrection(h.ledger, other, 'CORRECTION', `${other}-bad`);
      const { reasonCode: _dropped, ...missingReason } = valid;
      const cases: Array<[unknown, string]> = [
        [{ ...valid, type: 'OOPS' }, '$.correction.type'],
        [missingReason, '$.correction.reasonCode'],
        [{ ...valid, target: { manifestHash: 'md5:abc' } }, '$.correction.target.manifestHash'],
      ];
      for (const [bad, path] of cases) {
        const err = await runCorrection(h.env.client, other, bad, { taskQueue: h.taskQueue, timeouts: FAST_TIMEOUTS }).then(() => null, (e: unknown) => e);
        const ours = unwrapFailure(err) as { code: string; issues: Array<{ path: string }>; message: string };
        expect({ path, code: ours.code }).toEqual({ path, code: 'SCHEMA_INVALID' });
        expect(ours.issues.map((i) => i.path)).toContain(path);
      }
      expect(await h.ledger.reader.stream(other)).toEqual(before);
      const t = await fetchTimeline(h.env.client, h.ledger, `correction:${other}`);
      expect(t.status).toBe('failed');
      expect(t.activities.map((a) => [a.activityType, a.attempts, a.status])).toEqual([['validateCorrection', 1, 'failed']]);
      expect(t.activities[0]!.failures[0]).toMatchObject({ type: 'SCHEMA_INVALID', nonRetryable: true });
    });
  });

  describe('when audited and replayed after all that', () => {
    it('passes the audit across the synthesis run and every correction run', async () => {
      const report = await auditSynthesis(h.env.client, h.ledger, synthesisId);
      expect(report.items.filter((i) => i.status === 'failed')).toEqual([]);
      expect(report.items.filter((i) => i.check === 'correction-chain').map((i) => i.status)).toEqual(['ok', 'ok', 'ok']);
      expect(report.items.filter((i) => i.check === 'receipt').map((i) => i.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(report.items.filter((i) => i.check === 'history-digest').map((i) => i.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(report.runs.filter((r) => r.workflowType === 'correctionWorkflow').length).toBeGreaterThanOrEqual(3);
    });

    it('replays the live synthesis and correction histories against today\'s code', async () => {
      expect(await replayWorkflow(h.env.client, synthesisId, { ledger: h.ledger })).toMatchObject({ ok: true });
      expect(await replayWorkflow(h.env.client, `correction:${synthesisId}`, { ledger: h.ledger })).toMatchObject({ ok: true, workflowType: 'correctionWorkflow' });
    });
  });
});
