/**
 * Publication under checkpoints on a clock (docs/adr/0015), on a ledger
 * database of its own so that every checkpoint in it is accounted for: the
 * worker's background checkpointer signs, publication waits for a checkpoint
 * covering its manifest and signs none itself; the checkpoint it gets covers
 * later entries too (the test holds the lease while it appends some), and
 * the receipt and the evidence bundle verify with the library and the
 * standalone verifier. A worker without a checkpointer signs one itself once
 * its wait is over.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Client as PgClient } from 'pg';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { ENTRY_KINDS } from '../../activities/catalogue/entry-kinds';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import { SEED_QUESTION } from '../../data/example-question';
import { verifyCheckpoint } from '../../ledger/core/checkpoint';
import { verifyReceipt } from '../../ledger/core/verify-receipt';
import { CHECKPOINT_LEASE_KEY, type CheckpointerEvent } from '../../ledger/store/background-checkpointer';
import { Ledger } from '../../ledger/store/ledger';
import { PAPER_MANIFEST_SUBJECT } from '../../schemas/paper-manifest-subject';
import { writeBundle } from '../../runtime/operations/bundle-export';
import { loadFullBundle } from '../../runtime/operations/evidence-export';
import { bundleLocation, readBundleBytes } from '../../runtime/services/bundle-reader';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { allSteps, verifyBundle } from '../../verification/verify-bundle';
import { freshDatabase, pinnedTestKey, uniqueStream } from '../support/services';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

const POLICY = { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true };
const PARAMS = { revisionThreshold: 0, queries: 1, topK: 4 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('publication with checkpoints on a clock', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ledger: Ledger;
  let h: WorkflowHarness;
  const tmp = mkdtempSync(join(tmpdir(), 'synthledger-clock-'));

  const checkpointSizes = async () => (await sql<{ tree_size: string }>`SELECT tree_size FROM ledger_checkpoints ORDER BY tree_size`.execute(ledger.db)).rows.map((r) => Number(r.tree_size));

  beforeAll(async () => {
    db = await freshDatabase('wfclock');
    ledger = Ledger.open(db.appUrl);
    h = await openHarness('clock');
  });
  afterAll(async () => {
    await h?.close();
    await ledger?.close();
    await db?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('when the worker runs the background checkpointer', () => {
    const synthesisId = newSynthesisId('clock');
    const events: CheckpointerEvent[] = [];
    const signedByClock = () => events.flatMap((e) => (e.type === 'signed' ? [e.checkpoint.treeSize] : []));
    let summary: SynthesisSummary;
    let manifestIndex = -1;
    let appendedAfter: number[] = [];

    beforeAll(async () => {
      // The test holds the lease first: nothing is signed until it lets go, after appending behind the manifest.
      const lease = new PgClient({ connectionString: db.appUrl });
      await lease.connect();
      try {
        await lease.query('SELECT pg_advisory_lock($1::bigint)', [String(CHECKPOINT_LEASE_KEY)]);
        // A wait far beyond the test: the publication must get its checkpoint from the clock, never sign one.
        const worker = await h.worker({ ledger, policy: POLICY, checkpointIntervalMs: 100, checkpointWaitMs: 120_000, onCheckpointerEvent: (e) => events.push(e) });
        summary = await worker.runUntil(async () => {
          const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: PARAMS }, h.taskQueue);
          for (const deadline = Date.now() + 90_000; manifestIndex < 0; await sleep(50)) {
            if (Date.now() > deadline) throw new Error('no manifest within 90 s');
            manifestIndex = (await ledger.reader.stream(synthesisId)).find((e) => e.header.kind === ENTRY_KINDS.manifest)?.header.index ?? -1;
          }
          // Later entries, of another stream and of the synthesis's own, before any checkpoint covers the manifest.
          const other = uniqueStream('later');
          const later = await ledger.append({ stream: other, kind: 'test.note', contract: null, payload: { after: 'manifest' }, idempotencyKey: `${other}/0` });
          const own = await ledger.append({ stream: synthesisId, kind: 'test.note', contract: null, payload: { after: 'manifest' }, idempotencyKey: `${synthesisId}/test/later` });
          appendedAfter = [later.header.index, own.header.index];
          await lease.query('SELECT pg_advisory_unlock($1::bigint)', [String(CHECKPOINT_LEASE_KEY)]);
          return handle.result() as Promise<SynthesisSummary>;
        });
      } finally {
        await lease.end();
      }
    }, 150_000);

    it('publishes with a receipt whose checkpoint the background checkpointer signed; publication signed none', async () => {
      expect(summary.status).toBe('PUBLISHED');
      const { published } = await loadFullBundle(ledger, synthesisId);
      expect(published.receipt.leafIndex).toBe(manifestIndex);
      expect(signedByClock()).toContain(published.receipt.treeSize);
      // Every checkpoint of this database is one the clock signed.
      expect(await checkpointSizes()).toEqual(signedByClock());
      expect(events.filter((e) => e.type === 'failing')).toEqual([]);
    });

    it('the checkpoint covers entries after the manifest, and the receipt proves inclusion in that later tree', async () => {
      const { published } = await loadFullBundle(ledger, synthesisId);
      expect(Math.max(...appendedAfter)).toBeLessThan(published.receipt.treeSize);
      expect(published.receipt.treeSize).toBeGreaterThan(published.receipt.leafIndex + 2);
      expect(verifyCheckpoint(published.receipt.checkpoint, h.signer.verifierKey).treeSize).toBe(published.receipt.treeSize);
      const v = verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest: published.manifest, receipt: published.receipt, artifacts: published.artifacts, trust: pinnedTestKey() });
      expect(v.steps.filter((s) => !s.ok)).toEqual([]);
      expect(v.status).toBe('OK');
    });

    it('its evidence bundle ships the later entry of the stream and passes the library and the standalone verifier', async () => {
      const full = await loadFullBundle(ledger, synthesisId);
      const dir = join(tmp, 'bundle');
      writeBundle(full.published, dir, { evidence: full.evidence });
      const stream = Buffer.from(full.evidence.get('evidence/stream.jsonl')!).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { header: { index: number } });
      expect(stream.map((l) => l.header.index)).toContain(appendedAfter[1]);

      const library = verifyBundle(readBundleBytes(bundleLocation(dir, true)), { trust: pinnedTestKey() });
      expect(allSteps(library).filter((s) => !s.ok)).toEqual([]);
      expect(library.status).toBe('OK');
      expect(library.evidence!.steps.length).toBeGreaterThan(8);

      const standalone = await new Promise<{ status: number; stdout: string }>((resolve) => execFile(process.execPath,
        [join(dir, 'verify-bundle.mjs'), dir, '--json', '--trusted-key', h.signer.verifierKey],
        (err, stdout) => resolve({ status: err ? (err as { code: number }).code : 0, stdout })));
      const result = JSON.parse(standalone.stdout) as { status: string; steps: Array<{ step: string; ok: boolean }> };
      expect(result.steps.filter((s) => !s.ok)).toEqual([]);
      expect([standalone.status, result.status]).toEqual([0, 'OK']);
    });
  });

  describe('when no checkpointer runs anywhere', () => {
    it('publication waits its bound, then signs a checkpoint itself', async () => {
      const before = await checkpointSizes();
      const worker = await h.worker({ ledger, policy: POLICY, checkpointIntervalMs: null, checkpointWaitMs: 300 });
      const synthesisId = newSynthesisId('noclock');
      const summary = await worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: PARAMS }, h.taskQueue);
        return handle.result() as Promise<SynthesisSummary>;
      });
      expect(summary.status).toBe('PUBLISHED');
      const { published } = await loadFullBundle(ledger, synthesisId);
      expect(published.receipt.treeSize).toBeGreaterThan(published.receipt.leafIndex);
      expect(await checkpointSizes()).toEqual([...before, published.receipt.treeSize]);
      expect(verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest: published.manifest, receipt: published.receipt, artifacts: published.artifacts, trust: pinnedTestKey() }).status).toBe('OK');
    }, 120_000);
  });
});
