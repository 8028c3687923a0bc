/**
 * Verifies the whole log against its latest signed checkpoint: every entry's
 * header and payload hash, every stream's chain, the gap-free index sequence,
 * and the Merkle root recomputed from the stored headers. Given the store's
 * current log state, it goes on past the checkpoint: every later entry's
 * header and chain, the state's root, and no row stored beyond the state's
 * size (a forged row there is named, not skipped).
 */
import { LedgerError } from '../../common/errors';
import { MerkleRootBuilder } from './merkle-root-builder';
import { verifyCheckpoint } from './checkpoint';
import { checkLinks, checkRow, type EntryCheck, type StoredEntryBytesRow, type StoredEntryRow } from './verify-stream';
import type { CheckedRun } from './checked-run';

/** Reads the stored entries with index in [from, to), in index order (e.g. `LedgerReader.rowsInRange`); {@link verifyLog} asks for pages. */
export type ReadEntryRows = (from: number, to: number) => Promise<StoredEntryRow[]>;

/** Streams the stored entries with index in [from, to), in index order, in batches of `batchSize` or its own default (e.g. `LedgerReader`). */
export interface EntryBatchSource {
  rowBatches(from: number, to: number, batchSize?: number): AsyncIterable<StoredEntryRow[]>;
}

/**
 * An {@link EntryBatchSource} that can also stream the rows with each
 * payload as its UTF-8 bytes (e.g. `LedgerReader`, through `COPY … (FORMAT
 * binary)`): {@link verifyLog} then reads that way, hashing the payloads
 * without decoding them.
 */
export interface EntryBytesBatchSource extends EntryBatchSource {
  rowBytesBatches(from: number, to: number, batchSize?: number): AsyncIterable<StoredEntryBytesRow[]>;
}

/**
 * A source that checks runs of rows apart ({@link checkRun}, e.g.
 * `LedgerReader`, on worker threads): {@link verifyLog} then only links the
 * runs and builds the tree. It must be the verifier's own code, never the
 * store's: what a run says it checked is not checked again.
 */
export interface CheckedRunSource extends EntryBatchSource {
  /**
   * The rows with index in [from, to) as {@link CheckedRun}s in order, of
   * `runRows` rows each (or the source's default), checked on up to
   * `threads` threads beside the caller's (the source's default when
   * undefined; 0 checks on the caller's thread).
   */
  checkedRuns(from: number, to: number, options?: { threads?: number; runRows?: number }): AsyncIterable<CheckedRun>;
}

/** A signed checkpoint as published: the tree size it claims and the signed note text. */
export interface SignedCheckpointNote {
  treeSize: number;
  note: string;
}

/** Result of {@link verifyLog}. */
export interface LogVerification {
  ok: boolean;
  treeSize: number;
  entriesChecked: number;
  checkpoint: { ok: boolean; message: string };
  /** The first entry that failed, with expected and computed values. */
  firstBroken: Extract<EntryCheck, { status: 'broken' }> | null;
  /** Entries after the checkpoint, when {@link VerifyLogOptions.logState} was given: how many were checked and whether the state's (unsigned) root matches them. */
  beyondCheckpoint: { entriesChecked: number; stateSize: number; rootOk: boolean; message: string } | null;
}

/** The store's current log size and root (unsigned), e.g. from `LedgerReader.logState`. */
export interface CurrentLogState {
  size: number;
  rootHash: Buffer;
}

/** Options of {@link verifyLog}. */
export interface VerifyLogOptions {
  /** Rows per page, batch or checked run read; default 5,000 for a {@link ReadEntryRows} function, the source's own default for an {@link EntryBatchSource} or {@link CheckedRunSource}. */
  pageSize?: number;
  /** Also verify the entries after the checkpoint up to this state, and that none is stored beyond it. */
  logState?: CurrentLogState;
  onProgress?: (checked: number, total: number) => void;
  /** Threads beside this one a {@link CheckedRunSource} may check rows on: the source's default when undefined, 0 for none. */
  threads?: number;
}

/**
 * Verifies entries [0, checkpoint.treeSize) against `checkpoint`, whose signature is checked with
 * `verifierKey`. Reads through `source`, so any store (or a published copy of the log) can be checked:
 * a function that reads a range is asked for pages, a {@link EntryBatchSource} streams the range (with each payload
 * as bytes when it is an {@link EntryBytesBatchSource}), and a {@link CheckedRunSource} checks each row on its own
 * before this function links them.
 */
export async function verifyLog(source: ReadEntryRows | EntryBatchSource | EntryBytesBatchSource | CheckedRunSource, checkpoint: SignedCheckpointNote, verifierKey: string, options: VerifyLogOptions = {}): Promise<LogVerification> {
  let cp: { treeSize: number; rootHash: Buffer };
  try {
    cp = verifyCheckpoint(checkpoint.note, verifierKey);
  } catch (e) {
    return { ok: false, treeSize: checkpoint.treeSize, entriesChecked: 0, checkpoint: { ok: false, message: (e as Error).message }, firstBroken: null, beyondCheckpoint: null };
  }
  const reader = typeof source === 'function' ? pagedReader(source, options.pageSize ?? 5000) : batchReader(source, options.pageSize, options.threads);
  const heads = new Map<string, { hash: string; count: number }>();
  const tree = new MerkleRootBuilder();
  let firstBroken: LogVerification['firstBroken'] = null;
  let checked = 0;
  /** Moves the head of `stream` to `hash`, `count` entries on. */
  const extend = (stream: string, hash: string, count: number): void => {
    const head = heads.get(stream);
    if (head) {
      head.hash = hash;
      head.count += count;
    } else {
      heads.set(stream, { hash, count });
    }
  };
  /** Checks one row (the next in index order) whole, extending its chain and the tree; false once a row is broken. */
  const step = (row: StoredEntryRow | StoredEntryBytesRow): boolean => {
    const index = Number(row.idx);
    if (index !== checked) {
      firstBroken = gap(checked, index);
      return false;
    }
    const head = heads.get(row.stream);
    const broken = checkRow(row, head?.count ?? 0, head?.hash ?? null, row.stream);
    if (broken) {
      firstBroken = { index, streamIndex: row.stream_index, status: 'broken', ...broken };
      return false;
    }
    extend(row.stream, row.entry_hash, 1);
    checked++;
    if ('leafInput' in row) tree.pushLeafInput(row.leafInput);
    else tree.pushLeafText(row.header);
    return true;
  };
  /** Links a checked run to the rows before it, stream by stream (the tree grows by its subtrees once all its rows are linked); false once a row is broken. */
  const link = (run: CheckedRun): boolean => {
    if (run.start !== checked) throw new LedgerError('LOG_STATE_CORRUPT', `a checked run starts at index ${run.start} where ${checked} is next`);
    for (const stream of run.streams) {
      const head = heads.get(stream.stream);
      const broken = checkLinks({ stream_index: stream.streamIndex, prev_entry_hash: stream.prevEntryHash }, head?.count ?? 0, head?.hash ?? null);
      if (broken) {
        checked = run.start + stream.at;
        firstBroken = { index: checked, streamIndex: stream.streamIndex, status: 'broken', ...broken };
        return false;
      }
    }
    for (const stream of run.streams) extend(stream.stream, stream.head, stream.count);
    checked += run.passed;
    // The row the run stopped at fails checkRow too (checkRun): checked whole, it is reported as the other sources report it.
    if (run.broken) return step(run.broken);
    for (const subtree of run.subtrees) tree.pushSubtree(subtree);
    return true;
  };
  /** Checks entries [checked, end) in index order, extending the chains and the tree; stops at the first broken one. */
  const scan = async (end: number, total: number, missing: string): Promise<void> => {
    for await (const batch of reader.batches(checked, end)) {
      const ok = Array.isArray(batch) ? batch.every(step) : link(batch);
      options.onProgress?.(checked, total);
      if (!ok) break;
    }
    if (!firstBroken && checked !== end) {
      firstBroken = { index: checked, streamIndex: -1, status: 'broken', reason: missing, field: 'index', expected: String(end), computed: String(checked) };
    }
  };
  const state = options.logState && options.logState.size >= cp.treeSize ? options.logState : undefined;
  await scan(cp.treeSize, state?.size ?? cp.treeSize, 'entries missing below the checkpoint size');
  const rootAtCheckpoint = firstBroken ? null : tree.root();
  let checkpointResult = { ok: true, message: `root at size ${cp.treeSize} matches the signed checkpoint` };
  if (rootAtCheckpoint) {
    const root = rootAtCheckpoint;
    if (!root.equals(cp.rootHash)) {
      checkpointResult = { ok: false, message: `recomputed root ${root.toString('hex')} differs from the checkpoint root ${cp.rootHash.toString('hex')}` };
    }
  } else {
    checkpointResult = { ok: false, message: 'not compared: an entry is broken' };
  }
  let beyondCheckpoint: LogVerification['beyondCheckpoint'] = null;
  if (options.logState && !firstBroken) {
    if (!state) {
      beyondCheckpoint = { entriesChecked: 0, stateSize: options.logState.size, rootOk: false, message: `the log state's size ${options.logState.size} is below the checkpoint's ${cp.treeSize}` };
    } else {
      await scan(state.size, state.size, "entries missing below the log state's size");
      const atState = checked;
      if (!firstBroken) {
        // A row past the state's size is in no tree and no checkpoint: only a write around ledger_append puts one there.
        const row = await reader.firstRow(state.size);
        if (row) {
          firstBroken = { index: Number(row.idx), streamIndex: row.stream_index, status: 'broken', reason: `entry stored beyond the log's size ${state.size} (in no Merkle tree)`, field: 'index', expected: `< ${state.size}`, computed: String(row.idx) };
        }
      }
      const rootOk = !firstBroken && tree.root().equals(state.rootHash);
      beyondCheckpoint = { entriesChecked: atState - cp.treeSize, stateSize: state.size, rootOk,
        message: firstBroken ? 'not compared: an entry is broken' : rootOk ? `root at size ${state.size} matches the log state` : `recomputed root ${tree.root().toString('hex')} differs from the log state's root ${state.rootHash.toString('hex')}` };
    }
  }
  const ok = !firstBroken && checkpointResult.ok && (beyondCheckpoint === null || beyondCheckpoint.rootOk);
  return { ok, treeSize: cp.treeSize, entriesChecked: checked, checkpoint: checkpointResult, firstBroken, beyondCheckpoint };
}

/** How {@link verifyLog} reads: batches of [from, to) in index order, and the first row stored at or after an index. */
interface RowReader {
  batches(from: number, to: number): AsyncIterable<Array<StoredEntryRow | StoredEntryBytesRow> | CheckedRun>;
  firstRow(from: number): Promise<StoredEntryRow | null>;
}

/** Pages of `pageSize` through `readRows`; page k+1 is read while page k is verified, so the store and the hashing overlap. */
function pagedReader(readRows: ReadEntryRows, pageSize: number): RowReader {
  return {
    async *batches(from, to) {
      const page = (at: number) => (at < to ? readRows(at, Math.min(at + pageSize, to)) : Promise.resolve([]));
      let next = page(from);
      try {
        for (let at = from; at < to; at += pageSize) {
          const rows = await next;
          next = page(at + pageSize);
          yield rows;
        }
      } finally {
        await next.catch(() => []);
      }
    },
    async firstRow(from) {
      return (await readRows(from, Number.MAX_SAFE_INTEGER))[0] ?? null;
    },
  };
}

/** The batches of `source` (checked on its threads, or with payloads as bytes, where it offers that); it reads ahead on its own. */
function batchReader(source: EntryBatchSource | EntryBytesBatchSource | CheckedRunSource, batchSize: number | undefined, threads: number | undefined): RowReader {
  return {
    batches: 'checkedRuns' in source ? (from, to) => source.checkedRuns(from, to, { threads, runRows: batchSize })
      : 'rowBytesBatches' in source ? (from, to) => source.rowBytesBatches(from, to, batchSize) : (from, to) => source.rowBatches(from, to, batchSize),
    async firstRow(from) {
      for await (const rows of source.rowBatches(from, Number.MAX_SAFE_INTEGER, 1)) if (rows.length > 0) return rows[0]!;
      return null;
    },
  };
}

/** The break of a row at `index` where `expected` was next. */
function gap(expected: number, index: number): Extract<EntryCheck, { status: 'broken' }> {
  return { index: expected, streamIndex: -1, status: 'broken', reason: 'index sequence has a gap', field: 'index', expected: String(expected), computed: String(index) };
}
