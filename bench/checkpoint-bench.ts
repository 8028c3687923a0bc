/**
 * Checkpoint benchmark (`npm run bench:checkpoint`, `--quick` for a smoke run).
 *
 * Publication with checkpoints on a clock (docs/adr/0015) against the way
 * before it, a checkpoint signed by each publication: two workers in this
 * process on a Temporal dev server started here, each on a fresh ledger
 * database of its own (application role), one with the background
 * checkpointer (interval 1 s, wait 4 s) and one without (wait 0: every
 * publication signs). Batches of syntheses started at once alternate between
 * the two. Per publication it reads, from the ledger, the time from the
 * manifest entry to the receipt entry (their `recordedAt`, stamped by this
 * process): the wait for a covering checkpoint (or the signature), witness
 * cosigning (none here) and the receipt; per batch, the checkpoints stored.
 * A full run rewrites the `## Checkpoints` section of BENCHMARKS.md.
 */
import { loadavg } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { sql } from 'kysely';
import { ENTRY_KINDS } from '../activities/catalogue/entry-kinds';
import { CorpusSource } from '../activities/sources/corpus';
import { HashedNgramEmbedder } from '../activities/stages/local-embedder';
import { DEFAULT_POLICY_CONFIG } from '../activities/stages/policy';
import type { SynthesisSummary } from '../activities/synthesis-types';
import { SEED_QUESTION } from '../data/example-question';
import { generateSigningKey, parseSignerKey } from '../ledger/core/signing-key';
import { Ledger } from '../ledger/store/ledger';
import { findPostgres } from '../runtime/services/postgres-server';
import { startTemporalDevServer, type TemporalDevServer } from '../runtime/services/temporal-server';
import { startSynthesis } from '../runtime/temporal/synthesis-client';
import { createSynthesisWorker } from '../runtime/temporal/synthesis-worker';
import { createReport, createBenchDatabase, fmtMs, fmtNum, machineInfo, markdownTable, median, nowMs, onShutdown, percentile, recordBenchmarksSection, runBench, type BenchDatabase } from './bench-support';

const QUICK = process.argv.includes('--quick');
const COMMAND = `npm run bench:checkpoint${QUICK ? ' -- --quick' : ''}`;
const ROUNDS = QUICK ? 1 : 3;
const CONCURRENT = QUICK ? 8 : 16;
/** Small syntheses: the publication is what is measured. */
const PARAMS = { revisionThreshold: 0, queries: 1, topK: 4 };
const TIMEOUTS = { activityMs: 60_000, retryInitialMs: 1000, humanReviewMs: 60_000 };
const POLICY = { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true };
const RUN_TAG = Date.now().toString(36);

const MODES = {
  clock: { label: 'the background checkpointer: on request and on a clock (interval 1000 ms, wait 4000 ms)', checkpointIntervalMs: 1_000, checkpointWaitMs: 4_000 },
  perPublication: { label: 'a checkpoint signed by each publication (no checkpointer, wait 0)', checkpointIntervalMs: null, checkpointWaitMs: 0 },
} as const;
type Mode = keyof typeof MODES;

interface ModeRun {
  ledger: Ledger;
  worker: Worker;
  running: Promise<void>;
  taskQueue: string;
  gapsMs: number[];
  checkpoints: number[];
  batchMs: number[];
}

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = loadavg();
  const pg = await findPostgres(process.env, (m) => console.error(m));
  const machine = await machineInfo(pg.adminUrl);
  console.log(`Checkpoint benchmark${QUICK ? ' (--quick)' : ''}: ${COMMAND}`);

  let server: TemporalDevServer | undefined;
  const dbs: BenchDatabase[] = [];
  const runs = new Map<Mode, ModeRun>();
  let nativeConnection: NativeConnection | undefined;
  let connection: Connection | undefined;
  const cleanup = onShutdown(async () => {
    for (const r of runs.values()) {
      r.worker.shutdown();
      await r.running.catch((e) => console.error(`worker: ${(e as Error).message}`));
      await r.ledger.close().catch(() => {});
    }
    await nativeConnection?.close().catch(() => {});
    await connection?.close().catch(() => {});
    await server?.stop();
    for (const db of dbs) await db.drop();
    await pg.stop();
  });

  const { out, say } = createReport();
  try {
    server = await startTemporalDevServer({ log: (m) => console.error(m) });
    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: 'default' });
    nativeConnection = await NativeConnection.connect({ address: server.address });
    const signer = parseSignerKey(generateSigningKey('synthledger.local/log').signerKey);
    const sources = { corpus: CorpusSource.fromFile() };
    const embedder = new HashedNgramEmbedder();
    for (const mode of Object.keys(MODES) as Mode[]) {
      const db = await createBenchDatabase(pg.adminUrl, `synthledger_bench_checkpoint_${mode.toLowerCase()}_${process.pid}`);
      dbs.push(db);
      const ledger = Ledger.open(db.appUrl);
      const taskQueue = `synthledger-bench-checkpoint-${mode}-${process.pid}`;
      const { checkpointIntervalMs, checkpointWaitMs } = MODES[mode];
      const worker = await createSynthesisWorker({ connection: nativeConnection, taskQueue, ledger, signer, client, sources, embedder, policy: POLICY, checkpointIntervalMs, checkpointWaitMs });
      const running = worker.run();
      running.catch((e) => console.error(`worker ${mode} stopped: ${(e as Error).message}`));
      runs.set(mode, { ledger, worker, running, taskQueue, gapsMs: [], checkpoints: [], batchMs: [] });
    }

    const checkpointCount = async (ledger: Ledger) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ledger_checkpoints`.execute(ledger.db)).rows[0]!.n);
    let seq = 0;
    const batch = async (mode: Mode) => {
      const r = runs.get(mode)!;
      const before = await checkpointCount(r.ledger);
      const ids = Array.from({ length: CONCURRENT }, () => `bench-${RUN_TAG}-${mode}-${++seq}`);
      const t0 = nowMs();
      const summaries = await Promise.all(ids.map(async (synthesisId) => {
        const handle = await startSynthesis(client, { synthesisId, question: SEED_QUESTION, timeouts: TIMEOUTS, params: PARAMS }, r.taskQueue);
        return (await handle.result()) as SynthesisSummary;
      }));
      r.batchMs.push(nowMs() - t0);
      const unpublished = summaries.filter((s) => s.status !== 'PUBLISHED');
      if (unpublished.length > 0) throw new Error(`${unpublished.length} ${mode} syntheses did not publish: ${unpublished.map((s) => s.status).join(', ')}`);
      for (const id of ids) {
        const stream = await r.ledger.reader.stream(id);
        const at = (kind: string) => Date.parse(stream.find((e) => e.header.kind === kind)!.header.recordedAt);
        r.gapsMs.push(at(ENTRY_KINDS.receipt) - at(ENTRY_KINDS.manifest));
      }
      r.checkpoints.push((await checkpointCount(r.ledger)) - before);
      console.error(`${mode}: ${CONCURRENT} published in ${fmtMs(r.batchMs.at(-1)!)}, ${r.checkpoints.at(-1)} checkpoints`);
    };
    const order = Object.keys(MODES) as Mode[];
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? order : [...order].reverse()) await batch(mode);
    }
    const loadAtEnd = loadavg();

    const la = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
    say(`Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${COMMAND}\`${QUICK ? ' (smoke run)' : ''}.`);
    say();
    machine.lines.forEach((l) => say(`- ${l}`));
    say(`- Temporal dev server (in-memory SQLite, one history shard, the dynamic config of runtime/services/temporal-dynamic-config.ts), both workers and PostgreSQL share the machine's cores.`);
    say(`- Background load (1/5/15-min load average) at start ${la(loadAtStart)}, at end ${la(loadAtEnd)}.`);
    say();
    say(`${ROUNDS} round(s) of ${CONCURRENT} syntheses started at once per way, the ways alternated; one synthesis = the seed question on the bundled corpus, `
      + `1 query, top 4, no revision, policy publishing without review. Each way has a worker in this process and a fresh ledger database of its own. `
      + `Manifest → receipt = the receipt entry's \`recordedAt\` minus the manifest entry's: the wait for a covering checkpoint (or the signature) and the receipt (no witnesses).`);
    say();
    say(markdownTable(['way', 'publications', 'manifest → receipt p50', 'p95', 'max', 'checkpoints stored', 'publications per checkpoint', 'batch wall time p50'],
      order.map((mode) => {
        const r = runs.get(mode)!;
        const checkpoints = r.checkpoints.reduce((a, b) => a + b, 0);
        return [MODES[mode].label, String(r.gapsMs.length), fmtMs(median(r.gapsMs)), fmtMs(percentile(r.gapsMs, 95)), fmtMs(Math.max(...r.gapsMs)),
          String(checkpoints), fmtNum(r.gapsMs.length / Math.max(1, checkpoints), 1), fmtMs(median(r.batchMs))];
      })));
    recordBenchmarksSection(QUICK, 'checkpoint', 'Checkpoints', out.join('\n'));
  } finally {
    await cleanup();
  }
}

runBench(main);
