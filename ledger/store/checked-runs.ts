/**
 * A range of the log read and checked in runs ({@link checkRun}), on the
 * caller's thread: what `LedgerReader.checkedRuns` does for a short range
 * and what each of its worker threads does for its part of a long one.
 */
import { checkRun, type CheckedRun } from '../core/checked-run';
import type { LedgerReader } from './ledger-reader';

/** Rows per run by default: a power of two, so a run starting at a multiple of it is one Merkle subtree. */
export const RUN_ROWS = 1024;
/** Runs per range a worker thread of `LedgerReader.checkedRuns` reads and checks at a time. */
export const RANGE_RUNS = 8;

/** The rows with index in [from, to) (`from` a whole index), read by `reader` in batches of `runRows`, each checked as a run; ends after a run that stopped at a broken row. */
export async function* checkRunsIn(reader: LedgerReader, from: number, to: number, runRows = RUN_ROWS): AsyncGenerator<CheckedRun> {
  let start = from;
  for await (const rows of reader.rowBytesBatches(from, to, runRows)) {
    const run = checkRun(rows, start);
    yield run;
    if (run.broken) return;
    start += rows.length;
  }
}
