/**
 * Workflow benchmark (`npm run bench:workflow`, `--quick` for a smoke run).
 *
 * One synthesis of the seed question on the bundled corpus, three ways, in
 * the same process and the same minutes:
 *
 *  - durable: `startSynthesis` → `synthesisWorkflow` on a Temporal dev server
 *    (started here) with an in-process worker (`createSynthesisWorker`),
 *    appending to a fresh ledger database as the application role;
 *  - in-process with ledger: the SAME activity functions
 *    (`createActivities`) called directly, in the workflow's order and with
 *    its parallelism (search variants and tribunal roles concurrently), with
 *    the same ledger writes (outside Temporal they use an in-process identity
 *    for their idempotency keys);
 *  - pure pipeline: `runPipelineInProcess` (no ledger, no Temporal);
 *
 * and the Temporal floor of the same shape: `floorWorkflow`
 * (bench/floor-workflow.ts) on its own worker, making the same waves of
 * activity calls as the durable warm-up's history (bench/workflow-shape.ts)
 * with activities that do nothing, as regular activities, as local
 * activities, and (when the synthesis mixes them) regular or local as the
 * synthesis made each call.
 *
 * It measures p50/p95 latency of sequential runs (all ways alternated in
 * rotating order) and the throughput of N concurrent syntheses, reports
 * each as a ratio to the in-process runs and to the floor, and on a full run
 * rewrites the `## Workflow` section of BENCHMARKS.md. Targets: durable p50 ≤
 * 1.5 × in-process (with ledger) p50 and ≤ 1.2 × the floor of its own shape;
 * N at once ≥ 50 % of the in-process throughput.
 */
import { loadavg } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Source } from '../activities/model';
import { CorpusSource } from '../activities/sources/corpus';
import { HashedNgramEmbedder } from '../activities/stages/local-embedder';
import { DEFAULT_POLICY_CONFIG, type PolicyConfig } from '../activities/stages/policy';
import { runPipelineInProcess } from '../activities/stages/run-pipeline-in-process';
import { createActivities, type SynthesisActivities } from '../activities/synthesis-activities';
import { pipelineParametersFor } from '../activities/synthesis-context';
import { DEFAULT_PARAMS, type FinalDecision, type SynthesisSummary } from '../activities/synthesis-types';
import { publicationInput, runSynthesisSteps } from '../activities/synthesis-steps';
import { Ledger } from '../ledger/store/ledger';
import { generateSigningKey, parseSignerKey } from '../ledger/core/signing-key';
import { findPostgres } from '../runtime/services/postgres-server';
import { startSynthesis } from '../runtime/temporal/synthesis-client';
import { createSynthesisWorker } from '../runtime/temporal/synthesis-worker';
import { startTemporalDevServer, type TemporalDevServer } from '../runtime/services/temporal-server';
import { DYNAMIC_CONFIG } from '../runtime/services/temporal-dynamic-config';
import { buildTimeline } from '../runtime/operations/timeline';
import { ACTIVITY_CATALOGUE } from '../activities/catalogue/activity-catalogue';
import { floorWorkflow } from './floor-workflow';
import { allCalls, describeShape, shapeCounts, shapeOfHistory, type FloorWave } from './workflow-shape';
import {
  createReport, createBenchDatabase, fmtMs, fmtNum, machineInfo, markdownTable, mean, median, nowMs, onShutdown, passMiss, percentile,
  sampleRss, recordBenchmarksSection, runBench, type BenchDatabase, type RssSample,
} from './bench-support';
import { SEED_QUESTION } from '../data/example-question';

const QUICK = process.argv.includes('--quick');
const COMMAND = `npm run bench:workflow${QUICK ? ' -- --quick' : ''}`;
const SEQUENTIAL_RUNS = QUICK ? 4 : 10;
const CONCURRENT = QUICK ? 20 : 50;
const TARGET_RATIO = 1.5;
const FLOOR_TARGET_RATIO = 1.2;
const THROUGHPUT_TARGET = 0.5;
const TIMEOUTS = { activityMs: 60_000, retryInitialMs: 1000, humanReviewMs: 60_000 };
const POLICY: PolicyConfig = { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true };
const TASK_QUEUE = `synthledger-bench-${process.pid}`;
const FLOOR_TASK_QUEUE = `synthledger-bench-floor-${process.pid}`;
const REGULAR_TASK_QUEUE = `synthledger-bench-regular-${process.pid}`;
const RUN_TAG = Date.now().toString(36);

/** What the three ways return, for comparing their outcomes. */
type Outcome = Omit<Pick<SynthesisSummary, 'status' | 'decision' | 'score' | 'rounds' | 'sources' | 'claims' | 'verified' | 'reportHash'>, 'status' | 'decision'> & {
  status: string;
  decision: string | null;
};

/**
 * The workflow's steps (activities/synthesis-steps.ts, the same code the
 * workflow runs) with the activity functions called directly. Only the
 * human-review wait has no counterpart: with autoApproveScore 0 the policy
 * never asks for one (an unexpected HUMAN_REVIEW fails the run).
 */
async function synthesisInProcess(a: SynthesisActivities, synthesisId: string, question: string): Promise<Outcome> {
  const params = { ...DEFAULT_PARAMS };
  const input = { synthesisId, question };
  const steps = await runSynthesisSteps(a, input, params);
  const { policy, rounds, draft, drafted } = steps;
  const last = rounds[rounds.length - 1]!;
  if (policy.outcome === 'HUMAN_REVIEW') throw new Error(`${synthesisId}: unexpected HUMAN_REVIEW with autoApproveScore 0`);
  const decision: FinalDecision = policy.outcome === 'AUTO_APPROVE' ? 'AUTO_APPROVE' : 'REJECT';
  let status = 'REJECTED';
  if (decision === 'AUTO_APPROVE') {
    await a.publishSynthesis(publicationInput(steps, input, params,
      { namespace: 'in-process', workflowId: synthesisId, runId: 'in-process', taskQueue: 'in-process' }, decision, null));
    status = 'PUBLISHED';
  } else {
    await a.recordOutcome({ synthesisId, status: 'REJECTED', reason: `decision ${decision}` });
  }
  return {
    status, decision, score: last.aggregate.score, rounds: last.round, sources: draft.sources.length, claims: draft.claims.length,
    verified: draft.verifications.filter((v) => v.verified).length, reportHash: drafted.reportHash,
  };
}

function outcomeOf(s: SynthesisSummary): Outcome {
  return { status: s.status, decision: s.decision, score: s.score, rounds: s.rounds, sources: s.sources, claims: s.claims, verified: s.verified, reportHash: s.reportHash };
}

const describe = (o: Outcome) => `${o.status} ${o.decision ?? '-'} score ${o.score ?? '-'} rounds ${o.rounds} sources ${o.sources} claims ${o.verified}/${o.claims}`;

/** Where a durable run's time went, from its Temporal history (server timestamps). */
interface HistoryStats {
  /** WorkflowExecutionStarted → WorkflowExecutionCompleted. */
  totalMs: number;
  /** Time with at least one activity executing (union of started → closed). */
  activityRunMs: number;
  /** Time with at least one workflow task scheduled or running (union of scheduled → completed). */
  workflowTaskMs: number;
  /** Time with an activity scheduled but not yet picked up by the worker, while none ran. */
  activityQueueMs: number;
  activities: number;
  /** Of which local activities (recorded as markers). */
  localActivities: number;
  workflowTasks: number;
  events: number;
  /** Size of the history as Temporal stores it (protobuf), in KiB, payloads (or their claim-check references) included. */
  historyKiB: number;
  /** KiB of history JSON per activity type (scheduled + completed events: inputs and results, or their references). */
  byActivity: Record<string, number>;
}

type Interval = [number, number];

function unionMs(intervals: Interval[]): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  let start = -Infinity;
  for (const [a, b] of sorted) {
    if (a > end) {
      if (end > start) total += end - start;
      start = a;
      end = b;
    } else if (b > end) {
      end = b;
    }
  }
  if (end > start) total += end - start;
  return total;
}

/** `queue` minus the parts covered by `cover`. */
function uncoveredMs(queue: Interval[], cover: Interval[]): number {
  return unionMs([...queue, ...cover]) - unionMs(cover);
}

async function historyStats(client: Client, workflowId: string): Promise<HistoryStats> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = (history.events ?? []) as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const at = (e: Record<string, any>) => Number(String(e.eventTime?.seconds ?? 0)) * 1000 + Number(e.eventTime?.nanos ?? 0) / 1e6; // eslint-disable-line @typescript-eslint/no-explicit-any
  const id = (v: unknown) => Number(String(v));
  const time = new Map<number, number>();
  for (const e of events) time.set(id(e.eventId), at(e));
  const run: Interval[] = [];
  const queued: Interval[] = [];
  const wft: Interval[] = [];
  let activities = 0;
  let localActivities = 0;
  let workflowTasks = 0;
  const typeOf = new Map<number, string>();
  const byActivity: Record<string, number> = {};
  const addBytes = (type: string, e: unknown) => { byActivity[type] = (byActivity[type] ?? 0) + Buffer.byteLength(JSON.stringify(e)) / 1024; };
  for (const e of events) {
    const scheduledAttrs = e.activityTaskScheduledEventAttributes;
    if (scheduledAttrs) {
      const type = String(scheduledAttrs.activityType?.name ?? '?');
      typeOf.set(id(e.eventId), type);
      addBytes(type, e);
    }
    const done = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes;
    if (done) {
      activities++;
      addBytes(typeOf.get(id(done.scheduledEventId)) ?? '?', e);
      const scheduled = time.get(id(done.scheduledEventId))!;
      const startedAt = time.get(id(done.startedEventId))!;
      queued.push([scheduled, startedAt]);
      run.push([startedAt, at(e)]);
    }
    const wDone = e.workflowTaskCompletedEventAttributes;
    if (wDone) {
      workflowTasks++;
      wft.push([time.get(id(wDone.scheduledEventId))!, at(e)]);
    }
  }
  // Local activities: one marker each, their run reconstructed in workflow time by the timeline.
  const byId = new Map(events.map((e) => [id(e.eventId), e]));
  for (const a of buildTimeline(history, []).activities.filter((x) => x.local)) {
    activities++;
    localActivities++;
    addBytes(a.activityType, byId.get(a.scheduledEventId));
    if (a.startedAt && a.closedAt) run.push([Date.parse(a.startedAt), Date.parse(a.closedAt)]);
  }
  const first = at(events[0]!);
  const last = at(events[events.length - 1]!);
  return {
    totalMs: last - first, activityRunMs: unionMs(run), workflowTaskMs: unionMs(wft), activityQueueMs: uncoveredMs(queued, run),
    activities, localActivities, workflowTasks, events: events.length, historyKiB: temporal.api.history.v1.History.encode(history as temporal.api.history.v1.History).finish().length / 1024, byActivity,
  };
}

function medianStats(all: HistoryStats[]): HistoryStats {
  const m = (k: Exclude<keyof HistoryStats, 'byActivity'>) => median(all.map((h) => h[k]));
  return {
    totalMs: m('totalMs'), activityRunMs: m('activityRunMs'), workflowTaskMs: m('workflowTaskMs'), activityQueueMs: m('activityQueueMs'),
    activities: m('activities'), localActivities: m('localActivities'), workflowTasks: m('workflowTasks'), events: m('events'), historyKiB: m('historyKiB'),
    byActivity: all[0]?.byActivity ?? {},
  };
}

type Mode = 'durable' | 'durableRegular' | 'inProcess' | 'pure' | 'floorRegular' | 'floorLocal' | 'floorOwn';
const LABEL: Record<Mode, string> = {
  durable: 'durable (Temporal + ledger)',
  durableRegular: 'durable, in-process stages regular (SYNTHLEDGER_IN_PROCESS_STAGES=regular)',
  inProcess: 'in-process activities + ledger',
  pure: 'pure pipeline (runPipelineInProcess)',
  floorRegular: 'Temporal floor, regular activities',
  floorLocal: 'Temporal floor, local activities',
  floorOwn: 'Temporal floor, as the synthesis (regular + local)',
};

/** A no-op for every catalogued activity name, for the floor worker. */
function noOpActivities(): Record<string, () => Promise<null>> {
  return Object.fromEntries(Object.keys(ACTIVITY_CATALOGUE).map((name) => [name, async () => null]));
}

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = loadavg();
  const pg = await findPostgres(process.env, (m) => console.error(m));
  const machine = await machineInfo(pg.adminUrl);
  console.log(`Workflow benchmark${QUICK ? ' (--quick)' : ''}: ${COMMAND}`);
  machine.lines.forEach((l) => console.log(l));

  let server: TemporalDevServer | undefined;
  let benchDb: BenchDatabase | undefined;
  const ledgers: Ledger[] = [];
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let regularWorker: Worker | undefined;
  let regularRunning: Promise<void> | undefined;
  let floorWorker: Worker | undefined;
  let floorRunning: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  let connection: Connection | undefined;
  const cleanup = onShutdown(async () => {
    if (worker && running) {
      worker.shutdown();
      await running.catch((e) => console.error(`worker: ${(e as Error).message}`));
    }
    if (regularWorker && regularRunning) {
      regularWorker.shutdown();
      await regularRunning.catch((e) => console.error(`worker (regular stages): ${(e as Error).message}`));
    }
    if (floorWorker && floorRunning) {
      floorWorker.shutdown();
      await floorRunning.catch((e) => console.error(`floor worker: ${(e as Error).message}`));
    }
    await nativeConnection?.close().catch(() => {});
    await connection?.close().catch(() => {});
    for (const l of ledgers) await l.close().catch(() => {});
    await server?.stop();
    await benchDb?.drop();
    await pg.stop();
  });

  const { out, say } = createReport();
  try {
    const t0 = nowMs();
    [server, benchDb] = await Promise.all([
      startTemporalDevServer({ log: (m) => console.error(m) }),
      createBenchDatabase(pg.adminUrl, `synthledger_bench_workflow_${process.pid}`),
    ]);
    const appUrl = benchDb.appUrl;
    // One Ledger for both ways: two would make one of them a non-integrator of the batch sequencer (docs/adr/0014),
    // whose appends take the submission path, and the ways would differ in more than Temporal.
    const ledger = Ledger.open(appUrl);
    const [workerLedger, inProcessLedger] = [ledger, ledger];
    ledgers.push(ledger);
    const signer = parseSignerKey(generateSigningKey('synthledger.local/log').signerKey);
    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: 'default' });
    // One set of offline providers for all three ways: the bundled corpus and the local embedder.
    const corpus = CorpusSource.fromFile();
    const sources: Record<string, Source> = { corpus };
    const embedder = new HashedNgramEmbedder();
    nativeConnection = await NativeConnection.connect({ address: server.address });
    worker = await createSynthesisWorker({ connection: nativeConnection, taskQueue: TASK_QUEUE, ledger: workerLedger, signer, client, sources, embedder, policy: POLICY });
    running = worker.run();
    running.catch((e) => console.error(`worker stopped: ${(e as Error).message}`));
    // The same worker with the in-process stages as regular activities, on its own task queue: the placement before docs/adr/0020.
    regularWorker = await createSynthesisWorker({ connection: nativeConnection, taskQueue: REGULAR_TASK_QUEUE, ledger: workerLedger, signer, client, sources, embedder, policy: POLICY, inProcessStages: 'regular' });
    regularRunning = regularWorker.run();
    regularRunning.catch((e) => console.error(`worker (regular stages) stopped: ${(e as Error).message}`));
    // The floor's worker: same connection and default options, its own task queue, activities that do nothing.
    floorWorker = await Worker.create({ connection: nativeConnection, namespace: 'default', taskQueue: FLOOR_TASK_QUEUE, workflowsPath: require.resolve('./floor-workflow'), activities: noOpActivities() });
    floorRunning = floorWorker.run();
    floorRunning.catch((e) => console.error(`floor worker stopped: ${(e as Error).message}`));
    const activities = createActivities({ ledger: inProcessLedger, sources, embedder, signer, policy: POLICY });
    const pureParameters = pipelineParametersFor(DEFAULT_PARAMS, corpus.name, embedder);
    console.error(`Temporal ${server.address}, database ${benchDb.name}, workers on ${TASK_QUEUE}, ${REGULAR_TASK_QUEUE} and ${FLOOR_TASK_QUEUE} ready in ${fmtMs(nowMs() - t0)}`);

    let seq = 0;
    const nextId = (mode: Mode) => `bench-${RUN_TAG}-${mode}-${++seq}`;
    // The floors' shapes come from the durable warm-up's history (set below, before any floor runs).
    const shapes: Partial<Record<Mode, FloorWave[]>> = {};
    const floorOnce = (mode: Mode) => async () => {
      const id = nextId(mode);
      const s = nowMs();
      const calls = await client.workflow.execute(floorWorkflow, { args: [shapes[mode]!], taskQueue: FLOOR_TASK_QUEUE, workflowId: id });
      const outcome: Outcome = { status: 'COMPLETED', decision: null, score: null, rounds: 0, sources: 0, claims: calls, verified: 0, reportHash: null };
      return { id, outcome, ms: nowMs() - s };
    };
    const durableOnce = (mode: Mode, taskQueue: string) => async () => {
      const id = nextId(mode);
      const s = nowMs();
      const handle = await startSynthesis(client, { synthesisId: id, question: SEED_QUESTION, timeouts: TIMEOUTS }, taskQueue);
      const summary = (await handle.result()) as SynthesisSummary;
      return { id, outcome: outcomeOf(summary), ms: nowMs() - s };
    };
    const once: Record<Mode, () => Promise<{ id: string; outcome: Outcome; ms: number }>> = {
      floorRegular: floorOnce('floorRegular'),
      floorLocal: floorOnce('floorLocal'),
      floorOwn: floorOnce('floorOwn'),
      durable: durableOnce('durable', TASK_QUEUE),
      durableRegular: durableOnce('durableRegular', REGULAR_TASK_QUEUE),
      inProcess: async () => {
        const id = nextId('inProcess');
        const s = nowMs();
        const outcome = await synthesisInProcess(activities, id, SEED_QUESTION);
        return { id, outcome, ms: nowMs() - s };
      },
      pure: async () => {
        const id = nextId('pure');
        const s = nowMs();
        const r = await runPipelineInProcess(SEED_QUESTION, corpus, { parameters: pureParameters, embedder, policy: POLICY, corpusSize: corpus.papers.length });
        const outcome: Outcome = {
          status: r.policy === 'AUTO_APPROVE' ? 'PUBLISHED' : 'REJECTED', decision: r.policy === 'AUTO_APPROVE' ? 'AUTO_APPROVE' : 'REJECT', score: r.outcome.score,
          rounds: r.revisions.length, sources: r.sources.length, claims: r.claims.length, verified: r.verifications.filter((v) => v.verified).length,
          reportHash: r.drafts[r.drafts.length - 1]!.sha256,
        };
        return { id, outcome, ms: nowMs() - s };
      },
    };

    // Warm-up (not timed): the first workflow run pays for workflow-bundle loading, caches and JIT.
    const warm: Partial<Record<Mode, { id: string; outcome: Outcome; ms: number }>> = {};
    for (const m of ['durable', 'durableRegular', 'inProcess', 'pure'] as const) {
      warm[m] = await once[m]();
      console.error(`warm-up ${LABEL[m]}: ${fmtMs(warm[m]!.ms)}, ${describe(warm[m]!.outcome)}`);
    }
    // The synthesis's shape, from the warm-up's history; the floors make the same calls.
    const shape = shapeOfHistory(await client.workflow.getHandle(warm.durable!.id).fetchHistory());
    const counts = shapeCounts(shape);
    shapes.floorRegular = allCalls(shape, false);
    shapes.floorLocal = allCalls(shape, true);
    shapes.floorOwn = shape;
    // The floor of the synthesis's own shape: the mixed one only when it mixes regular and local calls.
    const ownFloor: Mode = counts.local === 0 ? 'floorRegular' : counts.local === counts.calls ? 'floorLocal' : 'floorOwn';
    const MODES: Mode[] = ['durable', 'durableRegular', 'inProcess', 'pure', 'floorRegular', 'floorLocal', ...(ownFloor === 'floorOwn' ? ['floorOwn' as const] : [])];
    console.error(`shape of a synthesis: ${counts.calls} activity calls (${counts.local} local) in ${counts.waves} waves, ${counts.regularWaves} with regular activities: ${describeShape(shape)}`);
    for (const m of MODES.filter((x) => x.startsWith('floor'))) {
      warm[m] = await once[m]();
      console.error(`warm-up ${LABEL[m]}: ${fmtMs(warm[m]!.ms)}, ${warm[m]!.outcome.claims} calls`);
    }
    const entriesPerSynthesis = {
      durable: (await inProcessLedger.reader.stream(warm.durable!.id)).length,
      inProcess: (await inProcessLedger.reader.stream(warm.inProcess!.id)).length,
    };
    const sameOutcome = [warm.durableRegular!, warm.inProcess!].every((w) => JSON.stringify(w.outcome) === JSON.stringify(warm.durable!.outcome));
    const pureSame = (['score', 'rounds', 'sources', 'claims', 'verified', 'decision'] as const).every((k) => warm.pure!.outcome[k] === warm.durable!.outcome[k]);
    console.error(`ledger entries per synthesis: durable ${entriesPerSynthesis.durable}, in-process ${entriesPerSynthesis.inProcess}; `
      + `durable (both placements) = in-process outcome (incl. report hash): ${sameOutcome}; pure pipeline same score/rounds/counts/decision: ${pureSame}`);

    // Memory: the process hosts the worker (and, idle at that moment, the in-process activities); one durable synthesis alone, after the warm-up.
    const stopOne = sampleRss();
    const single = await once.durable();
    const memory: { one: RssSample; concurrent?: RssSample } = { one: stopOne() };
    console.error(`memory, one durable synthesis: RSS ${fmtNum(memory.one.baselineMiB, 0)} MiB before, peak ${fmtNum(memory.one.peakMiB, 0)} MiB (${single.id})`);

    // Latency: sequential runs, the three ways alternated in a rotating order so they share the machine's load.
    const latency: Record<Mode, number[]> = { durable: [], durableRegular: [], inProcess: [], pure: [], floorRegular: [], floorLocal: [], floorOwn: [] };
    const durableIds: { sequential: string[]; concurrent: string[] } = { sequential: [], concurrent: [] };
    const latencyStart = nowMs();
    for (let i = 0; i < SEQUENTIAL_RUNS; i++) {
      for (let k = 0; k < MODES.length; k++) {
        const m = MODES[(i + k) % MODES.length]!;
        const r = await once[m]();
        latency[m].push(r.ms);
        if (m === 'durable') durableIds.sequential.push(r.id);
      }
      console.error(`run ${i + 1}/${SEQUENTIAL_RUNS}: ${MODES.map((m) => `${m} ${fmtMs(latency[m][i]!)}`).join(', ')}`);
    }
    const latencyMs = nowMs() - latencyStart;

    // Throughput: N syntheses started at once, per way, the ways one after another (and the floor of the synthesis's shape).
    const THROUGHPUT_MODES: Mode[] = ['durable', 'durableRegular', 'inProcess', 'pure', ownFloor];
    const throughput: Partial<Record<Mode, { wallMs: number; perSecond: number; p50: number; p95: number; ok: number }>> = {};
    for (const m of THROUGHPUT_MODES) {
      const s = nowMs();
      const stopSampling = m === 'durable' ? sampleRss() : undefined;
      const runs = await Promise.all(Array.from({ length: CONCURRENT }, () => once[m]()));
      const wallMs = nowMs() - s;
      if (stopSampling) memory.concurrent = stopSampling();
      const ms = runs.map((r) => r.ms);
      if (m === 'durable') durableIds.concurrent.push(...runs.map((r) => r.id));
      const ok = runs.filter((r) => r.outcome.status === warm[m]!.outcome.status && r.outcome.score === warm[m]!.outcome.score).length;
      const t = { wallMs, perSecond: (CONCURRENT / wallMs) * 1000, p50: median(ms), p95: percentile(ms, 95), ok };
      throughput[m] = t;
      console.error(`${CONCURRENT} concurrent ${m}: ${fmtMs(wallMs)} wall, ${fmtNum(t.perSecond, 2)}/s, ${ok}/${CONCURRENT} with the warm-up's outcome`);
    }
    const loadAtEnd = loadavg();
    const histories = {
      sequential: medianStats(await Promise.all(durableIds.sequential.map((id) => historyStats(client, id)))),
      concurrent: medianStats(await Promise.all(durableIds.concurrent.map((id) => historyStats(client, id)))),
    };

    // Report.
    const p50 = (m: Mode) => median(latency[m]);
    const p95 = (m: Mode) => percentile(latency[m], 95);
    const x = (a: number, b: number) => (b > 0 ? `${fmtNum(a / b, 2)}×` : 'n/a');
    const ratio = p50('durable') / p50('inProcess');
    const floorRatio = p50('durable') / p50(ownFloor);
    const share = throughput.durable!.perSecond / throughput.inProcess!.perSecond;
    const la = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
    say(`Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${COMMAND}\`${QUICK ? ` (smoke run: ${SEQUENTIAL_RUNS} sequential, ${CONCURRENT} concurrent)` : ''}.`);
    say();
    machine.lines.forEach((l) => say(`- ${l}`));
    say(`- Temporal dev server (\`startTemporalDevServer()\`, in-memory SQLite, one history shard; dynamic config ${DYNAMIC_CONFIG.map((c) => `\`${c.key}=${String(c.value)}\``).join(', ')}, runtime/services/temporal-dynamic-config.ts, docs/adr/0023), the worker, the in-process runs and PostgreSQL all share the machine's cores.`);
    say(`- Background load (1/5/15-min load average) at start ${la(loadAtStart)}, at end ${la(loadAtEnd)}`
      + `${Math.max(loadAtStart[0]!, loadAtEnd[0]!) > 2 ? ': other work shared the machine, so absolute figures are noisy; each ratio compares runs made alternately in the same minutes' : ''}.`);
    say();
    say(`One synthesis = the seed question on the bundled corpus (${corpus.papers.length} papers), default parameters (4 queries, top 10, up to ${DEFAULT_PARAMS.maxRounds} revision rounds), `
      + `policy \`{ ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true }\` so every run publishes without a human review (manifest, signed checkpoint, receipt). `
      + `Outcome of each way: ${describe(warm.durable!.outcome)}; the durable and in-process runs write ${entriesPerSynthesis.durable} and ${entriesPerSynthesis.inProcess} ledger entries `
      + `per synthesis and ${sameOutcome ? 'produce the same report hash (the durable runs in both placements)' : 'DIFFER in outcome'}; the pure pipeline ${pureSame ? 'reaches the same score, rounds, counts and decision' : 'DIFFERS'} without writing anything.`);
    say();
    say(`- **durable**: \`startSynthesis\` → \`handle.result()\` on a fresh database, a worker from \`createSynthesisWorker\` in this process (default worker options), activity timeout 60 s; `
      + `publication also fetches the workflow history to digest it, and asks the worker's background checkpointer for a checkpoint covering its manifest and waits for it (signed on request, at most one per 50 ms, besides the 1 s clock; docs/adr/0015).`);
    say(`- **in-process + ledger**: the same activity functions from \`createActivities\` called directly in the workflow's order and parallel groups (search variants and the 3 reviewers concurrently), `
      + `same ledger writes through the same \`Ledger\` (the batch sequencer's integrator, docs/adr/0014); publication signs its checkpoint at once (no background checkpointer).`);
    say(`- **durable, in-process stages regular**: the same, on a second worker in this process (own task queue, \`inProcessStages: 'regular'\`) that keeps search, index, extract, verify, answer and the reviewers regular activities, `
      + `as every synthesis ran them before docs/adr/0020 and as a synthesis with a network source or model runs them.`);
    say(`- **pure pipeline**: \`runPipelineInProcess\` with the same parameters, no ledger and no Temporal: the computation alone.`);
    say(`- **Temporal floor**: \`floorWorkflow\` (bench/floor-workflow.ts) on a second worker in this process (same connection, default options, own task queue), making the same calls as the durable warm-up's history `
      + `in the same waves, with activities that do nothing and return null: as regular activities, as local activities${ownFloor === 'floorOwn' ? ', and regular or local as the synthesis made each call (its own shape)' : ''}. `
      + `Shape of a synthesis: ${counts.calls} activity calls (${counts.local} local) in ${counts.waves} waves, ${counts.regularWaves} of them with regular activities: ${describeShape(shape)}.`);
    say();
    say(`Latency: ${SEQUENTIAL_RUNS} sequential runs of each way after one warm-up each, the ways alternated in rotating order (${fmtNum(latencyMs / 1000, 0)} s in all).`);
    say();
    say(markdownTable(['way', 'p50', 'p95', 'mean', 'p50 vs in-process + ledger', 'p50 vs pure', 'durable p50 vs this'], MODES.map((m) => [
      LABEL[m], fmtMs(p50(m)), fmtMs(p95(m)), fmtMs(mean(latency[m])), x(p50(m), p50('inProcess')), x(p50(m), p50('pure')), m === 'durable' ? '' : x(p50('durable'), p50(m)),
    ])));
    say();
    say(`Throughput: ${CONCURRENT} syntheses started at once (durable: ${CONCURRENT} workflows started concurrently, all results awaited; in-process: ${CONCURRENT} concurrent calls of the sequence above; `
      + `pure: ${CONCURRENT} concurrent calls, which a single Node thread runs largely one after another), the ways one after another. Latency columns: start to finish of each synthesis within the batch.`);
    say();
    say(markdownTable(['way', 'wall time', 'syntheses/s', 'vs in-process + ledger', 'vs pure', 'p50 in batch', 'p95 in batch', 'same outcome'], THROUGHPUT_MODES.map((m) => {
      const t = throughput[m]!;
      return [LABEL[m], fmtMs(t.wallMs), fmtNum(t.perSecond, 2), `${fmtNum((t.perSecond / throughput.inProcess!.perSecond) * 100, 0)} %`, `${fmtNum((t.perSecond / throughput.pure!.perSecond) * 100, 0)} %`,
        fmtMs(t.p50), fmtMs(t.p95), `${t.ok}/${CONCURRENT}`];
    })));
    say();
    say(markdownTable(['target', 'measured', 'result'], [
      [`durable p50 ≤ ${TARGET_RATIO} × in-process + ledger p50`, `${fmtNum(ratio, 2)}× (${fmtMs(p50('durable'))} vs ${fmtMs(p50('inProcess'))})`, passMiss(ratio <= TARGET_RATIO)],
      [`durable p50 ≤ ${FLOOR_TARGET_RATIO} × the Temporal floor of its own shape`, `${fmtNum(floorRatio, 2)}× (${fmtMs(p50('durable'))} vs ${fmtMs(p50(ownFloor))}, ${LABEL[ownFloor]})`, passMiss(floorRatio <= FLOOR_TARGET_RATIO)],
      [`${CONCURRENT} at once ≥ ${fmtNum(THROUGHPUT_TARGET * 100, 0)} % of in-process + ledger throughput`, `${fmtNum(share * 100, 0)} %`, passMiss(share >= THROUGHPUT_TARGET)],
    ]));
    say();
    say(`Where a durable run's time goes, from the Temporal histories (server timestamps; median per workflow): activities executing (union of started → closed intervals; a local activity's reconstructed in workflow time from its marker, runtime/operations/timeline), `
      + `workflow tasks scheduled or running (union of scheduled → completed), and activity tasks waiting for the worker while no activity ran.`);
    say();
    const hRow = (what: string, h: HistoryStats) => [what, fmtMs(h.totalMs), fmtMs(h.activityRunMs), fmtMs(h.workflowTaskMs), fmtMs(h.activityQueueMs),
      `${Math.round(h.activities)} (${Math.round(h.localActivities)} local)`, String(Math.round(h.workflowTasks)), String(Math.round(h.events)), `${fmtNum(h.historyKiB, 0)} KiB`];
    say(markdownTable(['durable runs', 'start → completed', 'activities running', 'workflow tasks', 'activity queued', 'activities', 'workflow tasks (count)', 'events', 'history (protobuf)'], [
      hRow(`${durableIds.sequential.length} sequential`, histories.sequential),
      hRow(`${durableIds.concurrent.length} concurrent`, histories.concurrent),
    ]));
    say();
    const heavy = Object.entries(histories.sequential.byActivity).sort((a, b) => b[1] - a[1]);
    const heavyTotal = heavy.reduce((n, [, kib]) => n + kib, 0);
    say(`History per synthesis: ${fmtNum(histories.sequential.historyKiB, 0)} KiB as Temporal stores it (protobuf). Rendered as JSON (larger), the activities' scheduled and completed events take ${fmtNum(heavyTotal, 0)} KiB: `
      + `${heavy.slice(0, 4).map(([t, kib]) => `${t} ${fmtNum(kib, 0)} KiB`).join(', ')}. Payloads over the claim-check threshold travel as references to the ledger's blob store `
      + `(docs/adr/0008), so what remains is events and small inputs; the worker still stores and fetches the large ones, and the in-process run passes the same objects by reference.`);
    say();
    const rssRow = (what: string, r: RssSample | undefined) => [what, r ? `${fmtNum(r.baselineMiB, 0)} MiB` : 'n/a', r ? `${fmtNum(r.peakMiB, 0)} MiB` : 'n/a', r ? `${fmtNum(r.peakMiB - r.baselineMiB, 0)} MiB` : 'n/a'];
    say(`Memory of the process that hosts the worker (resident set size sampled every 20 ms; the process also holds the client, the idle in-process activities and their ledger pool, so the growth column is the closer figure for the worker's work):`);
    say();
    say(markdownTable(['durable', 'RSS before', 'peak RSS', 'growth'], [rssRow('1 synthesis alone', memory.one), rssRow(`${CONCURRENT} at once`, memory.concurrent)]));
    say();
    say(`Durable p50 is ${fmtNum(ratio, 2)}× the in-process p50 with the same ledger writes: ${passMiss(ratio <= TARGET_RATIO)} against the ≤ ${TARGET_RATIO}× target; `
      + `${fmtNum(floorRatio, 2)}× the Temporal floor of its own shape (${fmtMs(p50(ownFloor))}): ${passMiss(floorRatio <= FLOOR_TARGET_RATIO)} against ≤ ${FLOOR_TARGET_RATIO}×. `
      + `Per synthesis, Temporal adds ${fmtMs(p50('durable') - p50('inProcess'))} at p50 (workflow and activity task round trips through the dev server, payloads through the claim-check codec, history digest at publication), `
      + `of which the floor of the same shape accounts for ${fmtMs(p50(ownFloor))}; the ledger adds ${fmtMs(p50('inProcess') - p50('pure'))} over the pure computation. `
      + `${CONCURRENT} at once reach ${fmtNum(share * 100, 0)} % of the in-process throughput: ${passMiss(share >= THROUGHPUT_TARGET)} against ≥ ${fmtNum(THROUGHPUT_TARGET * 100, 0)} %.`);

    recordBenchmarksSection(QUICK, 'workflow', 'Workflow', out.join('\n'));
  } finally {
    await cleanup();
  }
}

runBench(main);
