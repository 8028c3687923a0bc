/**
 * Worker threads that each read and check ranges of the log over their own
 * database connection ({@link checkRunsIn}), so that verifying a long log
 * spreads the reading, hashing and parsing over the cores while the
 * caller's thread only links the runs. A range goes to the worker with the
 * fewest waiting. A pool is shared by the verifications of a process
 * ({@link rangeCheckPool}), so its workers' code is compiled and warm after
 * the first; idle, it lets the process exit, and stops after
 * {@link IDLE_STOP_MS}.
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LedgerError, errorFromCode, type SynthledgerError } from '../../common/errors';
import type { CheckedRun } from '../core/checked-run';

/** A range sent to a worker: rows with index in [from, to), checked in runs of `runRows`. */
export interface RangeCheckRequest {
  id: number;
  from: number;
  to: number;
  runRows: number;
}

/** A worker's answer to a {@link RangeCheckRequest}: the range's runs in order (ending at the first broken row), or the coded error's parts. */
export type RangeCheckReply = { id: number; runs: CheckedRun[] } | { id: number; error: Pick<SynthledgerError, 'code' | 'message' | 'issues' | 'retryable' | 'details'> };

/** Worker threads a long range is checked on by default: one per core the process may use, at most 8. */
export function defaultCheckThreads(): number {
  return Math.min(availableParallelism(), 8);
}

/** A pool idle this long stops its workers (and their connections close). */
export const IDLE_STOP_MS = 30_000;

/** The shared pools, by database URL. */
const POOLS = new Map<string, RangeCheckPool>();

/**
 * The shared pool of `threads` workers on the ledger database at `url`:
 * started on first use (or when the count asked for changes), reused after.
 * A pool of another count is left to finish what it holds and stop when
 * idle, so a verification running on it is not cut short.
 */
export function rangeCheckPool(url: string, threads: number): RangeCheckPool {
  const shared = POOLS.get(url);
  if (shared && shared.size === threads && !shared.failed) return shared;
  const pool = new RangeCheckPool(threads, url, () => {
    if (POOLS.get(url) === pool) POOLS.delete(url);
  });
  POOLS.set(url, pool);
  return pool;
}

/** Stops every shared pool now (e.g. before a test drops its database). */
export async function closeRangeCheckPools(): Promise<void> {
  const pools = [...POOLS.values()];
  POOLS.clear();
  await Promise.all(pools.map((pool) => pool.close()));
}

interface Waiting {
  resolve: (runs: CheckedRun[]) => void;
  reject: (error: Error) => void;
}

/** The worker's module beside this one: compiled JavaScript in a build, TypeScript (loaded through tsx) when run from source. */
function workerScript(): { file: string; execArgv: string[] } {
  const ext = extname(__filename);
  return { file: join(__dirname, `range-check-worker${ext}`), execArgv: ext === '.ts' ? ['--require', require.resolve('tsx/cjs')] : [] };
}

/** A fixed set of range-checking worker threads on one ledger database (see {@link rangeCheckPool}). */
export class RangeCheckPool {
  private readonly workers: Array<{ worker: Worker; waiting: Map<number, Waiting> }>;
  private nextId = 0;
  private failure: Error | null = null;
  private busy = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  /** Starts `threads` worker threads (at least one), each to connect to the ledger database at `url`; `onStop` runs when the pool stops or fails (perhaps more than once). */
  constructor(threads: number, url: string, private readonly onStop: () => void = () => undefined) {
    const { file, execArgv } = workerScript();
    this.workers = Array.from({ length: Math.max(1, Math.trunc(threads)) }, () => {
      const entry = { worker: new Worker(file, { execArgv, workerData: { url } }), waiting: new Map<number, Waiting>() };
      entry.worker.on('message', (reply: RangeCheckReply) => {
        const waiting = entry.waiting.get(reply.id);
        if (!waiting) return;
        entry.waiting.delete(reply.id);
        this.settled();
        if ('runs' in reply) waiting.resolve(reply.runs);
        else waiting.reject(errorFromCode(reply.error.code, reply.error.message, reply.error));
      });
      const fail = (error: Error) => {
        this.failure ??= error;
        this.onStop();
        for (const waiting of entry.waiting.values()) {
          this.settled();
          waiting.reject(error);
        }
        entry.waiting.clear();
      };
      entry.worker.on('error', (error) => fail(new LedgerError('LEDGER_UNAVAILABLE', `a range-checking worker thread failed: ${error.message}`, { cause: error })));
      entry.worker.on('exit', (code) => fail(new LedgerError('LEDGER_UNAVAILABLE', `a range-checking worker thread exited (code ${code})`)));
      return entry;
    });
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Whether a worker failed or the pool was closed: it takes no more ranges. */
  get failed(): boolean {
    return this.failure !== null;
  }

  /** Reads and checks the rows with index in [from, to) on a worker, in runs of `runRows`. */
  check(from: number, to: number, runRows: number): Promise<CheckedRun[]> {
    if (this.failure) return Promise.reject(this.failure);
    const entry = this.workers.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = this.nextId++;
    if (this.busy++ === 0) {
      // Busy, the workers keep the process alive (a caller awaits them); idle, they do not.
      clearTimeout(this.idleTimer);
      for (const { worker } of this.workers) worker.ref();
    }
    return new Promise<CheckedRun[]>((resolve, reject) => {
      entry.waiting.set(id, { resolve, reject });
      const request: RangeCheckRequest = { id, from, to, runRows };
      entry.worker.postMessage(request);
    });
  }

  /** Stops every worker (their connections close with them); ranges still waiting are rejected. */
  async close(): Promise<void> {
    this.failure ??= new LedgerError('LEDGER_UNAVAILABLE', 'the range-checking pool is closed');
    this.onStop();
    clearTimeout(this.idleTimer);
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  /** One range answered (or failed): when none is left, the workers stop keeping the process alive, and stop after {@link IDLE_STOP_MS} unless asked again. */
  private settled(): void {
    if (--this.busy > 0) return;
    for (const { worker } of this.workers) worker.unref();
    if (this.failure) return;
    this.idleTimer = setTimeout(() => void this.close(), IDLE_STOP_MS);
    this.idleTimer.unref();
  }
}
