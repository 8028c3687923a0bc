/**
 * The Tessera peer of the ledger benchmark: finds (or builds, once) the
 * `tessera-peer` binary with `scripts/tessera-peer.sh` and runs it. The
 * binary (bench/tessera-peer/main.go) appends to a Tessera transparency log on
 * its POSIX storage backend with concurrent one-at-a-time writers and prints
 * one JSON object, parsed here into {@link TesseraPeerResult}.
 */
import { execFile, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const SCRIPT = join(__dirname, '..', 'scripts', 'tessera-peer.sh');

/** The binary, or why there is none (Go missing, build failed). */
export type TesseraPeer = { ok: true; binary: string } | { ok: false; reason: string };

/** The Tessera options of one run (flags of the binary). */
export interface TesseraPeerOptions {
  writers: number;
  seconds: number;
  entryBytes: number;
  batchMaxSize: number;
  batchMaxAgeMs: number;
  checkpointIntervalMs: number;
  checkpointRepublishIntervalMs: number;
}

/** What the binary prints: the run's figures and every Tessera setting it used. */
export interface TesseraPeerResult {
  tessera: string;
  go: string;
  writers: number;
  entryBytes: number;
  entries: number;
  seconds: number;
  writesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  checkpointSize: number;
  directory: string;
  settings: {
    storage: string;
    batchMaxSize: number;
    batchMaxAgeMs: number;
    checkpointIntervalMs: number;
    checkpointRepublishIntervalMs: number;
    antispamInMemoryEntries: number;
    pushbackMaxOutstanding: number;
    signer: string;
  };
  latenciesMs: number[];
}

/**
 * Runs scripts/tessera-peer.sh (which builds the binary into the cache on
 * first use) and returns the binary's path, or the script's reason when it
 * exits non-zero (3: Go missing or the build failed).
 */
export function findTesseraPeer(log: (line: string) => void): TesseraPeer {
  const res = spawnSync('bash', [SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const stderr = (res.stderr ?? '').trim();
  if (res.status === 0 && res.stdout.trim() !== '') {
    if (stderr !== '') log(stderr);
    return { ok: true, binary: res.stdout.trim() };
  }
  const why = res.error ? res.error.message : stderr.split('\n').filter((l) => l.trim() !== '').slice(-6).join(' ');
  return { ok: false, reason: `scripts/tessera-peer.sh exited ${res.status ?? res.signal}: ${why || 'no message'}` };
}

/** One run of the binary; rejects with its stderr when it fails or prints something other than the expected JSON. */
export async function runTesseraPeer(binary: string, o: TesseraPeerOptions): Promise<TesseraPeerResult> {
  const args = [
    `-writers=${o.writers}`, `-seconds=${o.seconds}`, `-entry-bytes=${o.entryBytes}`,
    `-batch-max-size=${o.batchMaxSize}`, `-batch-max-age=${o.batchMaxAgeMs}ms`,
    `-checkpoint-interval=${o.checkpointIntervalMs}ms`, `-checkpoint-republish-interval=${o.checkpointRepublishIntervalMs}ms`,
    `-dir=${tmpdir()}`, '-latencies',
  ];
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(binary, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
  } catch (e) {
    const err = e as Error & { stderr?: string };
    const tail = (err.stderr ?? '').trim().split('\n').slice(-3).join(' ');
    throw new Error(`${binary} ${args.join(' ')} failed: ${tail || err.message}`);
  }
  const r = JSON.parse(stdout) as TesseraPeerResult;
  if (typeof r.writesPerSecond !== 'number' || typeof r.p50Ms !== 'number' || !Array.isArray(r.latenciesMs) || r.writers !== o.writers || r.entryBytes !== o.entryBytes) {
    throw new Error(`${binary} printed an unexpected result: ${stdout.slice(0, 300)}`);
  }
  return r;
}
