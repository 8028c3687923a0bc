/**
 * A run of consecutive stored rows checked apart from the rest of the log:
 * each row on its own ({@link checkRowAlone}), the index sequence, the links
 * between rows of one stream inside the run, and the run's leaves hashed
 * into subtrees. What is left to link it to the rows before, per stream, is
 * its first row of each stream, so runs can be checked on several threads
 * and {@link verifyLog} links them in order.
 */
import { leafInputText } from './merkle';
import { sha256Hex } from './crypto-primitives';
import { MerkleRootBuilder, type Subtree } from './merkle-root-builder';
import { checkLinks, checkRowAlone, type StoredEntryBytesRow, type StoredEntryRow } from './verify-stream';

/** One stream's rows in a run: where its first row is, what that row links to, and the stream's head after the run. */
export interface StreamInRun {
  stream: string;
  /** Position in the run of the stream's first row. */
  at: number;
  /** That row's stream index and predecessor, to check against the stream's count and head before the run. */
  streamIndex: number;
  prevEntryHash: string | null;
  /** The entry hash of the stream's last row in the run, and how many rows it has there. */
  head: string;
  count: number;
}

/** What {@link checkRun} found. */
export interface CheckedRun {
  /** Index of the run's first row. */
  start: number;
  /** How many rows from the first passed every check the run allows. */
  passed: number;
  /** The row after those, whole, when it failed one (its own checks, its index, or a link to an earlier row of its stream in the run); else null. */
  broken: StoredEntryRow | StoredEntryBytesRow | null;
  /** The streams of the rows that passed, in order of their first row. */
  streams: StreamInRun[];
  /** When none failed: the rows' leaves as the perfect subtrees of their range ({@link MerkleRootBuilder.subtreesOf}). */
  subtrees: Subtree[];
}

/** Checks `rows`, expected at indexes `start`, `start` + 1, … of the log, as far as rows of the run alone allow; stops at the first that fails. */
export function checkRun(rows: Iterable<StoredEntryRow | StoredEntryBytesRow>, start: number): CheckedRun {
  const streams = new Map<string, StreamInRun>();
  const leaves: string[] = [];
  const stop = (broken: StoredEntryRow | StoredEntryBytesRow | null): CheckedRun => ({
    start, passed: leaves.length, broken, streams: [...streams.values()], subtrees: broken ? [] : MerkleRootBuilder.subtreesOf(start, leaves),
  });
  for (const row of rows) {
    if (Number(row.idx) !== start + leaves.length || checkRowAlone(row)) return stop(row);
    const stream = streams.get(row.stream);
    if (stream) {
      if (checkLinks(row, stream.streamIndex + stream.count, stream.head)) return stop(row);
      stream.head = row.entry_hash;
      stream.count++;
    } else {
      streams.set(row.stream, { stream: row.stream, at: leaves.length, streamIndex: row.stream_index, prevEntryHash: row.prev_entry_hash, head: row.entry_hash, count: 1 });
    }
    leaves.push(sha256Hex('leafInput' in row ? row.leafInput : leafInputText(row.header)));
  }
  return stop(null);
}
