/**
 * Whole-process time of the `synthledger` command: `node bin/synthledger.js`
 * from exec to exit, the median of N runs, for `--help`, `list` against a
 * running Temporal dev server and against an address nobody listens on, and
 * `verify <bundle>` of a sample bundle. Peer: the Temporal CLI's own
 * `temporal workflow list` against the same server. Target: every command
 * prints within 1 s. Run with `npm run bench:cli` (builds dist/ first);
 * `--runs N` (default 7).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { findTemporalCli, freePort, startTemporalDevServer } from '../runtime/services/temporal-server';
import { writeSampleBundle } from '../test/support/sample-bundle';
import { fmtMs, markdownTable, median, passMiss, recordBenchmarksSection, runBench } from './bench-support';

const COMMAND = 'npm run bench:cli';
const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'synthledger.js');
const TARGET_MS = 1000;
const RUNS = (() => {
  const i = process.argv.indexOf('--runs');
  return i >= 0 ? Math.max(1, Number(process.argv[i + 1])) : 7;
})();

interface Case {
  name: string;
  /** The command as a reader would type it. */
  shown: string;
  file: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Exit status the case expects (the unreachable list exits 3). */
  status: number;
  peer?: boolean;
}

/** Runs `c` once and returns its wall time in ms; throws when it exits with another status than expected. */
function once(c: Case): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(c.file, c.args, { env: { ...process.env, ...c.env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== c.status) throw new Error(`${c.shown}: exit ${r.status} (expected ${c.status})\n${r.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = loadavg();
  const c = cpus();
  const tmp = mkdtempSync(join(tmpdir(), 'synthledger-cli-bench-'));
  const server = await startTemporalDevServer({ log: () => undefined });
  try {
    const bundle = join(tmp, 'bundle');
    const { verifierKey } = await writeSampleBundle(bundle);
    const refused = `127.0.0.1:${await freePort()}`;
    const temporal = findTemporalCli();
    const cases: Case[] = [
      { name: '--help', shown: 'synthledger --help', file: process.execPath, args: [BIN, '--help'], status: 0 },
      { name: 'list (server running, empty namespace)', shown: 'synthledger list', file: process.execPath, args: [BIN, 'list'], env: { TEMPORAL_ADDRESS: server.address }, status: 0 },
      { name: 'list (nothing listening)', shown: 'synthledger list', file: process.execPath, args: [BIN, 'list'], env: { TEMPORAL_ADDRESS: refused }, status: 3 },
      { name: 'verify <bundle>', shown: 'synthledger verify <bundle> --trusted-key <key>', file: process.execPath, args: [BIN, 'verify', bundle, '--trusted-key', verifierKey], status: 0 },
      { name: 'peer: temporal workflow list', shown: 'temporal workflow list', file: temporal, args: ['workflow', 'list', '--address', server.address], status: 0, peer: true },
      { name: 'peer: node -e ""', shown: 'node -e ""', file: process.execPath, args: ['-e', ''], status: 0, peer: true },
    ];
    for (const k of cases) once(k); // warm the file cache
    const results = cases.map((k) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(once(k));
      const r = { k, median: median(times), min: Math.min(...times), max: Math.max(...times) };
      console.log(`${k.name.padEnd(40)} median ${fmtMs(r.median)} (min ${fmtMs(r.min)}, max ${fmtMs(r.max)})`);
      return r;
    });
    const loadAtEnd = loadavg();
    const la = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ');
    const body = [
      `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${COMMAND}\`.`,
      '',
      `- CPU: ${c.length} × ${c[0]?.model.trim() ?? 'unknown'}; RAM ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}`,
      `- Background load (1/5/15-min load average) at start ${la(loadAtStart)}, at end ${la(loadAtEnd)}`
        + `${Math.max(loadAtStart[0]!, loadAtEnd[0]!) > c.length ? ': other work shared the machine, so absolute figures are noisy' : ''}.`,
      '',
      `Whole process, from exec to exit (\`node bin/synthledger.js …\`, compiled dist/, no TypeScript at run time), median of ${RUNS} runs after one warm-up run. `
        + '`list` talks to a Temporal dev server on loopback; "nothing listening" is a free port (the command exits 3 with SERVICE_UNAVAILABLE). '
        + '`verify` checks a sample bundle offline with its key pinned (`--trusted-key`). Target: every command within 1 s.',
      '',
      markdownTable(['command', 'median', 'min', 'max', 'target ≤ 1 s'], results.map((r) => [
        r.k.peer ? r.k.name : `\`${r.k.shown}\`${r.k.name.startsWith('list') ? ` ${r.k.name.slice(4)}` : ''}`,
        fmtMs(r.median), fmtMs(r.min), fmtMs(r.max), r.k.peer ? 'peer' : passMiss(r.median <= TARGET_MS),
      ])),
      '',
      'Each command module is loaded by the action that runs it (`cli/program.ts`), and the runtime index requires the worker, '
        + 'activities, database driver and Temporal protos on first use (`runtime/lazy-module.ts`): `--help` loads commander only, '
        + '`verify` the pure `ledger/core` and the contract validators generated at build time (ajv standalone code: no schema compiles at start), '
        + '`list` checks the address with a plain TCP connect before it loads the Temporal client (most of its time is `@temporalio/proto` building its reflection tree).',
    ].join('\n');
    recordBenchmarksSection(false, 'cli', 'Command', body);
  } finally {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

runBench(main);
