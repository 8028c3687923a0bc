import type { SynthesisSummary } from '../../activities/synthesis-types';
import { generateSigningKey } from '../../ledger/core/signing-key';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import { Ledger } from '../../ledger/store/ledger';
import { getProgress, startSynthesis } from '../../runtime/temporal/synthesis-client';
import { fetchTimeline, formatTimeline } from '../../runtime/operations/timeline';
import { startChildWorker, type ChildWorker } from '../support/child-worker';
import { temporalAddress } from '../support/services';
import { migratedDatabase, startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres';
import { newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

const QUESTION = 'What is the impact of negative sampling versus domain-specific fine-tuning on exact match and F1 across the MRQA 2019 datasets?';
/** Retries start at 250 ms: an attempt that meets the restarting server is retried within seconds. */
const TIMEOUTS = { activityMs: 20_000, retryInitialMs: 250, humanReviewMs: 3_000 };
const SYNTHESES = 4;
const CRASHES = 2;

describe('a worker whose database crash-restarts', () => {
  let pg: ThrowawayPostgres;
  let h: WorkflowHarness;
  let worker: ChildWorker | undefined;
  let ledger: Ledger;
  let pid: number | undefined;
  const ids = Array.from({ length: SYNTHESES }, () => newSynthesisId('pgcrash'));
  const summaries: SynthesisSummary[] = [];
  const stagesAtCrash: string[] = [];

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    const appUrl = await migratedDatabase(pg, 'synthledger_crash');
    ledger = Ledger.open(appUrl, { maxConnections: 2 });
    h = await openHarness('pgcrash');
    worker = await startChildWorker({ taskQueue: h.taskQueue, temporalAddress: temporalAddress(), databaseUrl: appUrl, signerKey: generateSigningKey('synthledger.local/log').signerKey });
    pid = worker.child.pid;
    const handles = await Promise.all(ids.map((synthesisId) =>
      startSynthesis(h.env.client, { synthesisId, question: QUESTION, params: { revisionThreshold: 0 }, timeouts: TIMEOUTS }, h.taskQueue)));
    // Crash the server while the syntheses write: wait until one is past planning, then crash, let it settle, crash again.
    for (let crash = 0; crash < CRASHES; crash++) {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const stages = await Promise.all(ids.map((id) => getProgress(h.env.client, id).then((p) => p.stage).catch(() => 'unknown')));
        if (stages.some((s) => !['plan', 'unknown'].includes(s))) {
          stagesAtCrash.push(stages.join(','));
          break;
        }
        if (worker.child.exitCode !== null || worker.child.signalCode !== null) throw new Error(`the worker died: ${worker.output()}`);
        if (Date.now() > deadline) throw new Error(`no synthesis got past planning: ${worker.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await pg.crashRestart();
      await new Promise((r) => setTimeout(r, 1_500));
    }
    const died = new Promise<never>((_, reject) => worker!.child.once('exit', () => reject(new Error(`the worker died: ${worker!.output()}`))));
    // A failed workflow is kept as FAILED (not thrown here), so the last test can say why with its timeline.
    const outcome = (handle: (typeof handles)[number]) => (handle.result() as Promise<SynthesisSummary>)
      .catch((e: unknown) => ({ synthesisId: handle.workflowId, status: `FAILED (${(e as Error).message}: ${String((e as { cause?: { message?: string } }).cause?.message ?? '')})` }) as unknown as SynthesisSummary);
    summaries.push(...(await Promise.race([Promise.all(handles.map(outcome)), died])));
  }, 150_000);

  afterAll(async () => {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await ledger?.close();
    await h?.close();
    await pg?.stop();
  });

  it('crashed the server while syntheses were running', () => {
    expect(stagesAtCrash).toHaveLength(CRASHES);
  });

  it('kept the same worker process alive throughout', () => {
    expect(worker!.child.pid).toBe(pid);
    expect(worker!.child.exitCode).toBeNull();
    expect(worker!.child.signalCode).toBeNull();
    // What an unhandled pg client error prints as the process dies (a logged, handled LedgerError is not this).
    expect(worker!.output()).not.toMatch(/Unhandled 'error' event|^Error: Connection terminated unexpectedly$/m);
  });

  it('completed every synthesis, each entry once and every chain valid', async () => {
    const unpublished = summaries.filter((s) => s.status !== 'PUBLISHED');
    // Said with its causes: each such synthesis's timeline (every attempt and its failure) and the worker's output.
    if (unpublished.length > 0) {
      const causes = await Promise.all(unpublished.map(async (s) => `${s.synthesisId} ${s.status}:\n${formatTimeline(await fetchTimeline(h.env.client, ledger, s.synthesisId))}`));
      throw new Error(`not every synthesis was published:\n${causes.join('\n')}\nworker output (end):\n${worker!.output().slice(-4000)}`);
    }
    for (const id of ids) {
      const entries = await ledger.reader.stream(id);
      const keys = entries.map((e) => e.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      expect(verifyStreamRows(id, await ledger.reader.streamRows(id)).ok).toBe(true);
    }
  });
});
