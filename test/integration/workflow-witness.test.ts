/**
 * Publication with witnesses: a real witness server on loopback cosigns the
 * checkpoint of a real workflow run, and the receipt carries its
 * cosignature; a witness that saw a forked log refuses, the publication
 * fails without a receipt, and the refusal is an entry of the stream.
 * (An unreachable witness is retried under the network retry class; the
 * client tests in witness-server.test.ts cover its classification.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { unwrapFailure } from '../../common/temporal-failure';
import { formatCheckpointBody, verifyCheckpoint } from '../../ledger/core/checkpoint';
import { Cosigner, verifyCosignatures } from '../../ledger/core/cosignature';
import { verifyReceipt } from '../../ledger/core/verify-receipt';
import { PAPER_MANIFEST_SUBJECT } from '../../schemas/paper-manifest-subject';
import { auditSynthesis } from '../../runtime/operations/audit';
import { fetchTimeline } from '../../runtime/operations/timeline';
import { loadPublished } from '../../runtime/operations/bundle-export';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { witnessesAt } from '../../runtime/services/witness-cosigning';
import type { CheckpointWitnesses } from '../../activities/checkpoint-witnesses';
import { createCheckpoint, type StoredCheckpoint } from '../../ledger/store/checkpointer';
import { startWitnessServer, type RunningWitness } from '../../runtime/services/witness-server';
import { WitnessStateStore } from '../../runtime/services/witness-state-store';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import { SEED_QUESTION } from '../../data/example-question';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';
import { pinnedTestKey } from '../support/services';

describe('publication with witnesses', () => {
  let h: WorkflowHarness;
  let origin: string;
  const dirs: string[] = [];
  const running: RunningWitness[] = [];
  const cosigner = new Cosigner('witness.test/publication', Buffer.alloc(32, 31));

  async function witness(seed?: (store: WitnessStateStore) => void): Promise<RunningWitness> {
    const dir = mkdtempSync(join(tmpdir(), 'publication-witness-'));
    dirs.push(dir);
    if (seed) {
      const store = WitnessStateStore.open(dir);
      seed(store);
      store.close();
    }
    const w = await startWitnessServer({ cosigner, logs: new Map([[origin, [h.signer.verifier]]]), stateDir: dir });
    running.push(w);
    return w;
  }

  async function publish(w: { url: string }, witnesses: CheckpointWitnesses = witnessesAt([{ url: w.url, verifier: cosigner.verifier }], { timeoutMs: 2_000 })): Promise<{ synthesisId: string; outcome: SynthesisSummary | unknown }> {
    const worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true }, witnesses });
    const synthesisId = newSynthesisId('witnessed');
    const outcome = await worker.runUntil(async () => {
      const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: { revisionThreshold: 0, queries: 1, topK: 4 } }, h.taskQueue);
      return handle.result().then((r) => r as SynthesisSummary, (e: unknown) => e);
    });
    return { synthesisId, outcome };
  }

  beforeAll(async () => {
    h = await openHarness('witness');
    origin = (await h.ledger.reader.logState()).origin;
  });

  afterAll(async () => {
    for (const w of running) await w.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await h.close();
  });

  describe('when the witness cosigns', () => {
    it('publishes a receipt whose checkpoint carries the cosignature, and the receipt still verifies', async () => {
      const w = await witness();
      const { synthesisId, outcome } = await publish(w);
      expect((outcome as SynthesisSummary).status).toBe('PUBLISHED');
      const published = await loadPublished(h.ledger, synthesisId);
      const note = published.receipt.checkpoint;
      const cosignatures = verifyCosignatures(note, [w.verifierKey]);
      expect(cosignatures).toEqual([expect.objectContaining({ name: cosigner.name })]);
      expect(verifyCheckpoint(note, h.signer.verifier).treeSize).toBe(published.receipt.treeSize);
      const result = verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest: published.manifest, receipt: published.receipt, artifacts: published.artifacts, trust: pinnedTestKey() });
      expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    });
  });

  describe('when a concurrent publication brought the witness past this publication\'s checkpoint', () => {
    it('cosigns the latest checkpoint instead, in the same attempt', async () => {
      const w = await witness();
      const real = witnessesAt([{ url: w.url, verifier: cosigner.verifier }], { timeoutMs: 2_000 });
      let newer: StoredCheckpoint | undefined;
      // The first time a checkpoint is presented, another publication gets a newer one cosigned first.
      const racing: CheckpointWitnesses = {
        cosign: async (note, consistencyProof) => {
          if (!newer) {
            await h.ledger.append({ stream: newSynthesisId('other'), kind: 'test.other-publication', contract: null, payload: { other: true }, idempotencyKey: newSynthesisId('other') });
            newer = await createCheckpoint(h.ledger.db, h.signer);
            await real.cosign(newer.note, consistencyProof);
          }
          return real.cosign(note, consistencyProof);
        },
      };
      const { synthesisId, outcome } = await publish(w, racing);
      expect((outcome as SynthesisSummary).status).toBe('PUBLISHED');
      const published = await loadPublished(h.ledger, synthesisId);
      expect(published.receipt.treeSize).toBeGreaterThanOrEqual(newer!.treeSize);
      expect(verifyCosignatures(published.receipt.checkpoint, [w.verifierKey])).toEqual([expect.objectContaining({ name: cosigner.name })]);
      // No attempt failed on the refusal: the publication moved on to the newer checkpoint in its first attempt.
      const timeline = await fetchTimeline(h.env.client, h.ledger, synthesisId);
      expect(timeline.activities.find((a) => a.activityType === 'publishSynthesis')?.attempts).toBe(1);
      expect((await h.ledger.reader.stream(synthesisId)).map((e) => e.header.kind)).not.toContain('publication.witness-refused');
    });
  });

  describe('when the witness saw a forked log', () => {
    it('fails the publication with SPLIT_VIEW, writes no receipt, and records the refusal in the stream', async () => {
      const size = (await h.ledger.reader.logState()).size;
      // The witness remembers a root for the current size that our log never had.
      const w = await witness((store) => {
        const rootHash = Buffer.alloc(32, 0xee);
        store.save({ origin, treeSize: size, rootHash, body: formatCheckpointBody({ origin, treeSize: size, rootHash }), cosignedAt: 1 });
      });
      const { synthesisId, outcome } = await publish(w);
      expect(outcome).toBeInstanceOf(WorkflowFailedError);
      expect(unwrapFailure(outcome)).toMatchObject({ code: 'SPLIT_VIEW' });
      const kinds = (await h.ledger.reader.stream(synthesisId)).map((e) => e.header.kind);
      expect(kinds).toContain('publication.witness-refused');
      expect(kinds).not.toContain('publication.receipt');
      const refusal = (await h.ledger.reader.stream(synthesisId)).find((e) => e.header.kind === 'publication.witness-refused')!;
      expect(JSON.parse(refusal.payloadJson)).toMatchObject({ code: 'SPLIT_VIEW', witness: cosigner.verifier.keyString });
      await expect(loadPublished(h.ledger, synthesisId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // The audit reads the refusal as the catalogued record of why publication failed, not as a stray write.
      const report = await auditSynthesis(h.env.client, h.ledger, synthesisId);
      const originItems = report.items.filter((i) => i.check === 'entry-origin');
      expect(originItems.find((i) => i.subject.endsWith('publication.witness-refused'))).toMatchObject({ status: 'ok' });
      // The manifest entry the failed call wrote stays a warning: it was never published.
      expect(originItems.filter((i) => i.status !== 'ok' && i.subject.startsWith('#')).map((i) => i.subject)).toEqual([expect.stringMatching(/manifest\.published$/)]);
    });
  });

});
