/**
 * A worker thread of {@link RangeCheckPool}: opens its own connection to the
 * ledger database named by `workerData.url`, and for each range it is sent
 * reads and checks it in runs ({@link checkRunsIn}), answering with the runs
 * or with the error as the error model codes it (a lost connection is
 * LEDGER_UNAVAILABLE).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckedRun } from '../core/checked-run';
import type { StoredEntryBytesRow } from '../core/verify-stream';
import { checkRunsIn } from './checked-runs';
import { asLedgerError } from './database-errors';
import { openLedgerDb } from './ledger-database';
import { LedgerReader } from './ledger-reader';
import type { RangeCheckReply, RangeCheckRequest } from './range-check-pool';

if (!parentPort) throw new Error('range-check-worker runs as a worker thread of RangeCheckPool');
const port = parentPort;
const reader = new LedgerReader(openLedgerDb((workerData as { url: string }).url, { max: 1 }));

port.on('message', ({ id, from, to, runRows }: RangeCheckRequest) => {
  void (async () => {
    let reply: RangeCheckReply;
    try {
      const runs: CheckedRun[] = [];
      for await (const run of checkRunsIn(reader, from, to, runRows)) runs.push(run.broken ? detached(run) : run);
      reply = { id, runs };
    } catch (e) {
      const { code, message, issues, retryable, details } = asLedgerError(e, `checking log entries [${from}, ${to})`);
      reply = { id, error: { code, message, issues, retryable, details } };
    }
    port.postMessage(reply);
  })();
});

/** `run` with its broken row's bytes copied out of the read buffer they are a view of, so only they are sent. */
function detached(run: CheckedRun): CheckedRun {
  const row = run.broken as StoredEntryBytesRow;
  return { ...run, broken: 'leafInput' in row ? { ...row, payload: Buffer.from(row.payload), leafInput: Buffer.from(row.leafInput) } : row };
}
