/**
 * Bundle benchmark (`npm run bench:bundle`, `--quick` for a smoke run).
 *
 * Real syntheses of the seed question with 10 (the default), 100 and 1,000
 * sources (`topK`; `--sizes 10,30` picks others and, like `--quick`, does not
 * rewrite BENCHMARKS.md), each a durable
 * `synthesisWorkflow` on a Temporal dev server started here, appending to a
 * fresh ledger database created and dropped here, over a synthetic corpus
 * (the bundled papers plus deterministic recombinations, so every size finds
 * enough sources). Then, per synthesis:
 *
 *  - export: `loadFullBundle` + `writeBundle` in this process (the library
 *    `synthledger export` calls), median of the repeats;
 *  - bundle size: bytes and files, the history, the stream and the RO-Crate
 *    metadata file;
 *  - deep verification, whole process: `node bin/synthledger.js verify
 *    <bundle> --trusted-key K` (library: receipt steps and every deep step)
 *    and `node <bundle>/verify-bundle.mjs <bundle> --trusted-key K`
 *    (standalone, built from the same verifier); both must exit 0. In process: `verifySynthesisEvidence`
 *    over the bundle's files, without Node's start-up.
 *
 * It prints a table and the growth ratios and, on a full run, rewrites the
 * `## Bundle` section of BENCHMARKS.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { CorpusSource, loadCorpus } from '../activities/sources/corpus';
import { HashedNgramEmbedder } from '../activities/stages/local-embedder';
import { MAX_TOP_K, MIN_TOP_K } from '../activities/stages/merge-sources';
import { DEFAULT_POLICY_CONFIG } from '../activities/stages/policy';
import type { SynthesisSummary } from '../activities/synthesis-types';
import { readBundleFiles } from '../cli/commands/evidence-verify';
import { SEED_QUESTION } from '../data/example-question';
import { generateSigningKey, parseSignerKey } from '../ledger/core/signing-key';
import { Ledger } from '../ledger/store/ledger';
import { writeBundle } from '../runtime/operations/bundle-export';
import { loadFullBundle } from '../runtime/operations/evidence-export';
import { RO_CRATE_METADATA_FILE } from '../runtime/operations/ro-crate-metadata';
import { findPostgres } from '../runtime/services/postgres-server';
import { startTemporalDevServer, type TemporalDevServer } from '../runtime/services/temporal-server';
import { startSynthesis } from '../runtime/temporal/synthesis-client';
import { createSynthesisWorker } from '../runtime/temporal/synthesis-worker';
import { verifySynthesisEvidence } from '../verification';
import { createBenchDatabase, fmtInt, fmtMs, machineInfo, markdownTable, median, nowMs, onShutdown, recordBenchmarksSection, runBench, type BenchDatabase } from './bench-support';
import { syntheticCorpus } from './synthetic-corpus';

const SIZES_ARG = process.argv.indexOf('--sizes');
/** Sources per synthesis (topK). */
const SIZES = SIZES_ARG >= 0 ? (process.argv[SIZES_ARG + 1] ?? '').split(',').map(Number) : process.argv.includes('--quick') ? [10, 30] : [10, 100, 1000];
const QUICK = process.argv.includes('--quick') || SIZES_ARG >= 0;
const COMMAND = `npm run bench:bundle${QUICK ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const ROOT = join(__dirname, '..');
if (SIZES.length === 0 || SIZES.some((n) => !Number.isInteger(n) || n < MIN_TOP_K || n > MAX_TOP_K)) {
  console.error(`--sizes takes a comma-separated list of source counts, each a whole number in ${MIN_TOP_K}..${MAX_TOP_K} (e.g. --sizes 10,100)`);
  process.exit(2);
}
const CORPUS_SIZE = 2_000;
const REPEATS = QUICK ? 1 : 3;
const TARGET_MS = 1000;
const TASK_QUEUE = `synthledger-bench-bundle-${process.pid}`;
const TIMEOUTS = { activityMs: 120_000, retryInitialMs: 1000, humanReviewMs: 60_000 };

/** What one size measured. */
interface Row {
  sources: number;
  claims: number;
  entries: number;
  files: number;
  bytes: number;
  historyBytes: number;
  streamBytes: number;
  crateBytes: number;
  synthesisMs: number;
  exportMs: number;
  libraryMs: number;
  standaloneMs: number;
  inProcessMs: number;
  /** CPU time (user + system) of the same runs. */
  libraryCpuMs: number;
  standaloneCpuMs: number;
  inProcessCpuMs: number;
  cliStartCpuMs: number;
  /** `node bin/synthledger.js --version`, the CLI's start-up alone, measured beside the verifications. */
  cliStartMs: number;
  /** `node -e 0`, Node's own start-up, measured beside the verifications. */
  nodeStartMs: number;
}

/** A whole process's wall time and CPU time (user + system, from the shell's `times`). */
interface ProcessTime { wallMs: number; cpuMs: number }

/** Runs `node args…` under `sh` (whose `times` reports the child's CPU time), failing unless it exits 0. */
function timedNode(args: string[]): ProcessTime {
  const quoted = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const s = nowMs();
  const r = spawnSync('sh', ['-c', `${quoted} >/dev/null 2>&1; status=$?; times >&2; exit $status`], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  const wallMs = nowMs() - s;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  // `times` prints the shell's user and system time, then its children's: "0m1.080s 0m0.280s".
  const children = r.stderr.trim().split('\n').pop()!.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  if (!children) throw new Error(`cannot read the CPU time from ${JSON.stringify(r.stderr)}`);
  const cpuMs = (Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000;
  return { wallMs, cpuMs };
}

function uptime(): string {
  return execFileSync('uptime', { encoding: 'utf8' }).trim();
}

const wall = (xs: ProcessTime[]) => median(xs.map((x) => x.wallMs));
const cpuOf = (xs: ProcessTime[]) => median(xs.map((x) => x.cpuMs));
const kb = (bytes: number) => `${fmtInt(bytes / 1024)} KB`;
const ratio = (a: number, b: number) => (a / b).toFixed(2);

async function main(): Promise<void> {
  const loadBefore = uptime();
  const pg = await findPostgres(process.env, (m) => console.error(m));
  const machine = await machineInfo(pg.adminUrl);
  console.log(`Bundle benchmark${QUICK ? ' (--quick)' : ''}: ${COMMAND}`);
  machine.lines.forEach((l) => console.log(l));
  console.log(`load before: ${loadBefore}`);

  let server: TemporalDevServer | undefined;
  let benchDb: BenchDatabase | undefined;
  let ledger: Ledger | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  let connection: Connection | undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'synthledger-bench-bundle-'));
  const cleanup = onShutdown(async () => {
    if (worker && running) {
      worker.shutdown();
      await running.catch((e) => console.error(`worker: ${(e as Error).message}`));
    }
    await nativeConnection?.close().catch(() => {});
    await connection?.close().catch(() => {});
    await ledger?.close().catch(() => {});
    await server?.stop();
    await benchDb?.drop();
    await pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const rows: Row[] = [];
  try {
    [server, benchDb] = await Promise.all([
      startTemporalDevServer({ log: (m) => console.error(m) }),
      createBenchDatabase(pg.adminUrl, `synthledger_bench_bundle_${process.pid}`),
    ]);
    ledger = Ledger.open(benchDb.appUrl);
    const signer = parseSignerKey(generateSigningKey('synthledger.local/log').signerKey);
    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: 'default' });
    const corpus = new CorpusSource(syntheticCorpus(loadCorpus(), CORPUS_SIZE));
    nativeConnection = await NativeConnection.connect({ address: server.address });
    worker = await createSynthesisWorker({
      connection: nativeConnection, taskQueue: TASK_QUEUE, ledger, signer, client, sources: { corpus }, embedder: new HashedNgramEmbedder(),
      policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true },
    });
    running = worker.run();
    running.catch((e) => console.error(`worker stopped: ${(e as Error).message}`));
    console.error(`Temporal ${server.address}, database ${benchDb.name}, corpus ${corpus.papers.length} papers`);

    for (const size of SIZES) {
      const id = `bench-bundle-${process.pid}-${size}`;
      let s = nowMs();
      const handle = await startSynthesis(client, { synthesisId: id, question: SEED_QUESTION, timeouts: TIMEOUTS, params: { topK: size } }, TASK_QUEUE);
      const summary = (await handle.result()) as SynthesisSummary;
      const synthesisMs = nowMs() - s;
      if (summary.status !== 'PUBLISHED') throw new Error(`${id}: ${summary.status}, not published`);
      console.error(`${id}: ${summary.sources} sources, ${summary.claims} claims, published in ${fmtMs(synthesisMs)}`);

      const dir = join(tmp, String(size));
      const exports: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        s = nowMs();
        const full = await loadFullBundle(ledger, id);
        writeBundle(full.published, dir, { evidence: full.evidence, force: true });
        exports.push(nowMs() - s);
      }
      const files = readBundleFiles(dir);
      const bytesOf = (pred: (path: string) => boolean) => [...files].filter(([p]) => pred(p)).reduce((n, [, b]) => n + b.length, 0);
      const full = await loadFullBundle(ledger, id);
      const key = signer.verifierKey;
      const library: ProcessTime[] = [];
      const standalone: ProcessTime[] = [];
      const inProcess: ProcessTime[] = [];
      const cliStart: ProcessTime[] = [];
      const nodeStart: ProcessTime[] = [];
      for (let i = 0; i < REPEATS; i++) {
        cliStart.push(timedNode([join(ROOT, 'bin', 'synthledger.js'), '--version']));
        nodeStart.push(timedNode(['-e', '0']));
        library.push(timedNode([join(ROOT, 'bin', 'synthledger.js'), 'verify', dir, '--trusted-key', key]));
        standalone.push(timedNode([join(dir, 'verify-bundle.mjs'), dir, '--trusted-key', key]));
        s = nowMs();
        const cpu = process.cpuUsage();
        const v = verifySynthesisEvidence({ manifest: full.published.manifest, receipt: full.published.receipt, files: readBundleFiles(dir), trustedPublicKey: key });
        const used = process.cpuUsage(cpu);
        inProcess.push({ wallMs: nowMs() - s, cpuMs: (used.user + used.system) / 1000 });
        if (!v.ok) throw new Error(`${id}: deep verification failed: ${JSON.stringify(v.steps.filter((x) => !x.ok))}`);
      }
      const row: Row = {
        sources: full.published.manifest.sources.length, claims: full.published.manifest.claims.length,
        entries: Buffer.from(files.get('evidence/stream.jsonl')!).toString('utf8').trimEnd().split('\n').length,
        files: files.size, bytes: bytesOf(() => true), historyBytes: bytesOf((p) => p.startsWith('evidence/history/')),
        streamBytes: bytesOf((p) => p === 'evidence/stream.jsonl'), crateBytes: bytesOf((p) => p === RO_CRATE_METADATA_FILE),
        synthesisMs, exportMs: median(exports), libraryMs: wall(library), standaloneMs: wall(standalone), inProcessMs: wall(inProcess),
        cliStartMs: wall(cliStart), nodeStartMs: wall(nodeStart),
        libraryCpuMs: cpuOf(library), standaloneCpuMs: cpuOf(standalone), inProcessCpuMs: cpuOf(inProcess), cliStartCpuMs: cpuOf(cliStart),
      };
      rows.push(row);
      console.error(`  ${row.sources} sources: ${kb(row.bytes)}, export ${fmtMs(row.exportMs)}, verify library ${fmtMs(row.libraryMs)}, standalone ${fmtMs(row.standaloneMs)}, in-process ${fmtMs(row.inProcessMs)}`);
    }
    const loadAfter = uptime();

    const out: string[] = [];
    const say = (line = '') => {
      console.log(line);
      out.push(line);
    };
    const table = markdownTable(
      ['sources (topK)', 'claims', 'stream entries', 'files', 'bundle', 'history', 'stream', 'ro-crate', 'synthesis (durable)', 'export', 'verify: library, whole process (CPU)', 'verify: standalone, whole process (CPU)', 'deep steps in process (CPU)', 'start-up: CLI --version (CPU) / node -e 0'],
      rows.map((r) => [String(r.sources), String(r.claims), String(r.entries), String(r.files), kb(r.bytes), kb(r.historyBytes), kb(r.streamBytes), kb(r.crateBytes),
        fmtMs(r.synthesisMs), fmtMs(r.exportMs), `${fmtMs(r.libraryMs)} (${fmtMs(r.libraryCpuMs)})`, `${fmtMs(r.standaloneMs)} (${fmtMs(r.standaloneCpuMs)})`,
        `${fmtMs(r.inProcessMs)} (${fmtMs(r.inProcessCpuMs)})`, `${fmtMs(r.cliStartMs)} (${fmtMs(r.cliStartCpuMs)}) / ${fmtMs(r.nodeStartMs)}`]),
    );
    const perMb = markdownTable(
      ['sources (topK)', 'bundle', 'export, ms/MB', 'library verify CPU minus CLI start-up CPU, ms/MB', 'deep steps in process CPU, ms/MB'],
      rows.map((r) => {
        const mb = r.bytes / 2 ** 20;
        return [String(r.sources), kb(r.bytes), fmtInt(r.exportMs / mb), fmtInt((r.libraryCpuMs - r.cliStartCpuMs) / mb), fmtInt(r.inProcessCpuMs / mb)];
      }),
    );
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    const growth = (f: (r: Row) => number) => `${ratio(f(last), f(first))}×`;
    say(`Command: \`${COMMAND}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC). ${REPEATS} repeat(s) per figure, medians.`);
    say();
    machine.lines.forEach((l) => say(`- ${l}`));
    say(`- Load (\`uptime\`) before: \`${loadBefore}\`; after: \`${loadAfter}\`. Temporal dev server, worker, PostgreSQL and the verifiers share the machine's cores with other work, so absolute times are inflated and noisy.`);
    say(`- Syntheses: the seed question, durable \`synthesisWorkflow\` runs (offline providers, default parameters except \`topK\`, auto-approval) over a synthetic corpus of ${fmtInt(CORPUS_SIZE)} papers (the bundled papers plus deterministic recombinations, bench/synthetic-corpus.ts), on a fresh database this run created and dropped.`);
    say(`- Export: \`loadFullBundle\` + \`writeBundle\` in process. Verify, whole process: \`node bin/synthledger.js verify <bundle> --trusted-key K\` (receipt steps and every deep step) and \`node <bundle>/verify-bundle.mjs <bundle> --trusted-key K\` (the same receipt and deep steps, built from the same code); both exited 0 every time. In process: \`verifySynthesisEvidence\` over the files already read.`);
    say();
    say(table);
    say();
    say(perMb);
    say();
    say(`Growth from ${first.sources} to ${last.sources} sources (${ratio(last.sources, first.sources)}× the sources, ${ratio(last.claims, first.claims)}× the claims, ${ratio(last.entries, first.entries)}× the stream entries, ${ratio(last.bytes, first.bytes)}× the bytes): `
      + `export ${growth((r) => r.exportMs)}; library verify, whole process: wall ${growth((r) => r.libraryMs)}, CPU ${growth((r) => r.libraryCpuMs)}, CPU minus CLI start-up ${growth((r) => r.libraryCpuMs - r.cliStartCpuMs)}; `
      + `standalone verify CPU ${growth((r) => r.standaloneCpuMs)}; deep steps in process CPU ${growth((r) => r.inProcessCpuMs)}.`);
    say();
    say(`Default synthesis (${first.sources} sources): the library deep-verifies it in ${fmtMs(first.libraryMs)} wall time as a whole process (${first.libraryMs < TARGET_MS ? 'under' : 'NOT under'} the 1 s target), `
      + `using ${fmtMs(first.libraryCpuMs)} of CPU (${first.libraryCpuMs < TARGET_MS ? 'under' : 'NOT under'} 1 s; CLI start-up alone ${fmtMs(first.cliStartCpuMs)} of CPU); the deep steps take ${fmtMs(first.inProcessCpuMs)} of CPU in process.`);

    recordBenchmarksSection(QUICK, 'bundle', 'Bundle', out.join('\n'));
  } finally {
    await cleanup();
  }
}

runBench(main);
