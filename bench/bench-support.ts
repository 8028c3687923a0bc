/**
 * Shared helpers of the benchmarks (`bench/*-bench.ts`): timing, rate and
 * ratio formatting, Markdown tables, a fresh throw-away database per run,
 * the machine description, and rewriting one section of BENCHMARKS.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { databaseUrl } from '../ledger/store/ledger-database';
import { appUrlFor } from '../ledger/store/app-role';
import { dropDatabase, ensureDatabase, migrateDatabase } from '../ledger/store/migrator';

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `fn` and returns its result with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ result: T; ms: number }> {
  const start = nowMs();
  const result = await fn();
  return { result, ms: nowMs() - start };
}

/** The `p`-th percentile (0..100) of `values` (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Median. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** A rate with thousands separators, e.g. `12,345/s`. */
export function fmtRate(perSecond: number, unit = '/s'): string {
  return `${fmtInt(perSecond)}${unit}`;
}

/** An integer with thousands separators. */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A number with `digits` decimals. */
export function fmtNum(n: number, digits = 1): string {
  return n.toFixed(digits);
}

/** Milliseconds, with a precision suited to the magnitude. */
export function fmtMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${fmtInt(ms)} ms`;
}

/** `measured / baseline` as a percentage, e.g. `63 %`. */
export function fmtRatio(measured: number, baseline: number): string {
  if (!(baseline > 0)) return 'n/a';
  const r = (measured / baseline) * 100;
  return `${r < 10 ? r.toFixed(1) : Math.round(r)} %`;
}

/** `PASS` or `MISS`. */
export function passMiss(ok: boolean): 'PASS' | 'MISS' {
  return ok ? 'PASS' : 'MISS';
}

/** A GitHub-flavoured Markdown table; numeric-looking columns are right-aligned. */
export function markdownTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+( ?[%a-zA-Z/×µ]+)?$|^n\/a$/.test(r[i] ?? '')));
  const cell = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** A throw-away ledger database on the server of `adminUrl`. */
export interface BenchDatabase {
  name: string;
  /** As the database owner (migrations, bulk loads, baselines' DDL). */
  ownerUrl: string;
  /** As the application role (INSERT and SELECT only), as production appends run. */
  appUrl: string;
  /** Drops the database (terminating its connections); safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates database `name` afresh (dropping a leftover of a crashed run) and,
 * unless `migrate` is false, migrates it with {@link migrateLedger}.
 */
export async function createBenchDatabase(adminUrl: string, name: string, migrate = true): Promise<BenchDatabase> {
  await dropDatabase(adminUrl, name);
  await ensureDatabase(adminUrl, name);
  const ownerUrl = databaseUrl(adminUrl, name);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await dropDatabase(adminUrl, name);
  };
  let appUrl = appUrlFor(ownerUrl, process.env, 'unmigrated');
  if (migrate) {
    try {
      ({ appUrl } = await migrateDatabase(ownerUrl));
    } catch (e) {
      await drop().catch(() => {});
      throw e;
    }
  }
  return { name, ownerUrl, appUrl, drop };
}

/** Runs `cleanup` once on normal exit, on an error, and on SIGINT/SIGTERM (then exits 130/143). */
export function onShutdown(cleanup: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const run = () => (done ??= cleanup().catch((e) => console.error(`cleanup failed: ${(e as Error).message}`)));
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: cleaning up…`);
    void run().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return run;
}

/** CPUs, memory, Node and PostgreSQL versions and the server's durability settings. */
export async function machineInfo(adminUrl: string): Promise<{ lines: string[]; postgres: string }> {
  const c = cpus();
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  let postgres = 'unknown';
  const settings: string[] = [];
  try {
    postgres = String((await client.query('SHOW server_version')).rows[0].server_version);
    for (const s of ['synchronous_commit', 'fsync', 'shared_buffers']) {
      settings.push(`${s}=${(await client.query(`SHOW ${s}`)).rows[0][s]}`);
    }
  } finally {
    await client.end();
  }
  return {
    postgres,
    lines: [
      `CPU: ${c.length} × ${c[0]?.model.trim() ?? 'unknown'}; RAM ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
      `Node ${process.version} (${process.platform}/${process.arch}); PostgreSQL ${postgres} on the same machine (${settings.join(', ')})`,
    ],
  };
}

/** Path of BENCHMARKS.md at the repository root. */
export const BENCHMARKS_FILE = join(__dirname, '..', 'BENCHMARKS.md');

/**
 * Replaces (or appends) the section `## <heading>` of BENCHMARKS.md, whose
 * generated body sits between `<!-- <key>:begin -->` and `<!-- <key>:end -->`.
 * Text outside the markers, and every other section, is left as it is. The
 * file is created with a `# Benchmarks` heading if missing.
 */
function writeBenchmarksSection(key: string, heading: string, body: string, file = BENCHMARKS_FILE): void {
  const begin = `<!-- ${key}:begin -->`;
  const end = `<!-- ${key}:end -->`;
  const block = `${begin}\n${body.trim()}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const b = text.indexOf(begin);
  const e = text.indexOf(end);
  if (b >= 0 && e > b) {
    text = text.slice(0, b) + block + text.slice(e + end.length);
  } else {
    const headingLine = `## ${heading}`;
    const h = text.split('\n').findIndex((l) => l.trim() === headingLine);
    if (h >= 0) {
      // The section exists without markers: put the block right under its heading.
      const lines = text.split('\n');
      lines.splice(h + 1, 0, '', block);
      text = lines.join('\n');
    } else {
      text = `${text.trimEnd()}\n\n${headingLine}\n\n${block}\n`;
    }
  }
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}

/** Deterministic PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Peak resident memory seen by {@link sampleRss} while it ran, and the resident memory when it started. */
export interface RssSample {
  baselineMiB: number;
  peakMiB: number;
}

/**
 * Samples this process's resident set size every `everyMs` until the returned
 * function is called, which gives the peak and the size at the start (MiB).
 */
export function sampleRss(everyMs = 20): () => RssSample {
  const mib = () => process.memoryUsage.rss() / (1024 * 1024);
  const baselineMiB = mib();
  let peakMiB = baselineMiB;
  const timer = setInterval(() => { peakMiB = Math.max(peakMiB, mib()); }, everyMs);
  return () => {
    clearInterval(timer);
    return { baselineMiB, peakMiB: Math.max(peakMiB, mib()) };
  };
}

/**
 * Writes `body` as section `key` (heading `heading`) of BENCHMARKS.md and
 * says so, unless `quick` or a `skip` reason is given (such as `--only verify`):
 * a smoke or partial run records nothing, and says why.
 */
export function recordBenchmarksSection(quick: boolean, key: string, heading: string, body: string, skip?: string): void {
  const reason = quick ? '--quick' : skip;
  if (reason !== undefined) {
    console.error(`\n${reason}: BENCHMARKS.md left unchanged (only a full run records figures).`);
    return;
  }
  writeBenchmarksSection(key, heading, body);
  console.error(`\nWrote the ${heading} section of BENCHMARKS.md.`);
}

/** Runs a bench's `main`; a failure is printed and the process exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

/** A report printed as it is written and kept for BENCHMARKS.md: `say` prints a line and appends it to `out`. */
export function createReport(): { out: string[]; say: (line?: string) => void } {
  const out: string[] = [];
  return {
    out,
    say: (line = '') => {
      console.log(line);
      out.push(line);
    },
  };
}
