/** Reads entries, the log state, and Merkle roots and proofs (O(log n) stored nodes per proof). */
import { sql, type Kysely } from 'kysely';
import { to as copyTo } from 'pg-copy-streams';
import { LedgerError, ValidationError } from '../../common/errors';
import type { LedgerDatabase } from './database-schema';
import type { LedgerEntry } from '../core/ledger-entry';
import type { StoredEntryBytesRow, StoredEntryRow } from '../core/verify-stream';
import type { CheckedRun } from '../core/checked-run';
import { leafInputText } from '../core/merkle';
import { planConsistencyProof, planInclusionProof, planRoot, type NodeId } from '../core/merkle-proofs';
import { rowToEntry } from './ledger-writer';
import { poolOf, urlOf } from './ledger-database';
import { RANGE_RUNS, RUN_ROWS, checkRunsIn } from './checked-runs';
import { defaultCheckThreads, rangeCheckPool } from './range-check-pool';
import { CopyBinaryParser } from './copy-binary';

/** The columns verification reads ({@link StoredEntryRow}). */
const STORED_ROW_COLUMNS = ['idx', 'stream', 'stream_index', 'kind', 'contract', 'payload_hash', 'prev_entry_hash', 'entry_hash', 'header', 'payload'] as const;
/** Rows per batch of {@link LedgerReader.rowBatches}: about 2 MB of realistic rows, small enough to die young in the heap. */
const ROW_BATCH_SIZE = 1000;

/**
 * Ranges shorter than this many runs are checked on the caller's thread by
 * default: workers start cold (about 0.5 s more for the first verification
 * of a process on two cores), which only a long log pays back.
 */
const THREADS_FROM_RUNS = 128;

/** Bounds of an index range that COPY, which takes no parameters, can spell as literals. */
const MAX_INDEX = Number.MAX_SAFE_INTEGER;

/** The log's current size, root and origin. */
export interface LogState {
  origin: string;
  size: number;
  rootHash: Buffer;
}

/** Read access to the ledger. */
export class LedgerReader {
  constructor(private readonly db: Kysely<LedgerDatabase>) {}

  /** The current log state. */
  async logState(): Promise<LogState> {
    const row = await this.db.selectFrom('ledger_log_state').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!row) throw new LedgerError('LOG_STATE_CORRUPT', 'ledger_log_state has no row: run `npm run migrate`');
    return { origin: row.origin, size: Number(row.size), rootHash: Buffer.from(row.root_hash, 'hex') };
  }

  /** The entry at global `index`, or throws NOT_FOUND. */
  async entryAt(index: number): Promise<LedgerEntry> {
    const row = await this.db.selectFrom('ledger_entries').selectAll().where('idx', '=', String(index)).executeTakeFirst();
    if (!row) throw new LedgerError('NOT_FOUND', `no ledger entry at index ${index}`);
    return rowToEntry(row);
  }

  /** The entry whose entryHash is `hash`, or null. */
  async entryByHash(hash: string): Promise<LedgerEntry | null> {
    const row = await this.db.selectFrom('ledger_entries').selectAll().where('entry_hash', '=', hash).executeTakeFirst();
    return row ? rowToEntry(row) : null;
  }

  /** The entry written under `key`, or null. */
  async entryByIdempotencyKey(key: string): Promise<LedgerEntry | null> {
    const row = await this.db.selectFrom('ledger_entries').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
    return row ? rowToEntry(row) : null;
  }

  /** Every entry of `stream` in chain order. */
  async stream(stream: string): Promise<LedgerEntry[]> {
    const rows = await this.db.selectFrom('ledger_entries').selectAll().where('stream', '=', stream).orderBy('stream_index').execute();
    return rows.map(rowToEntry);
  }

  /** Raw stored rows of `stream` (for verification, which must not trust parsed columns). */
  async streamRows(stream: string) {
    return this.db.selectFrom('ledger_entries').selectAll().where('stream', '=', stream).orderBy('stream_index').execute();
  }

  /** Raw stored rows with index in [from, to), in index order. */
  async rowsInRange(from: number, to: number) {
    return this.db.selectFrom('ledger_entries')
      .select(STORED_ROW_COLUMNS)
      .where('idx', '>=', String(from)).where('idx', '<', String(to)).orderBy('idx').execute();
  }

  /**
   * Raw stored rows with index in [from, to), in index order, `batchSize` at
   * a time: one query streamed through a server-side cursor (one plan, one
   * snapshot) in a read-only transaction, reading the next batch while the
   * caller works on the current one. Breaking out of the loop closes the
   * cursor and its transaction.
   */
  async *rowBatches(from: number, to: number, batchSize = ROW_BATCH_SIZE): AsyncGenerator<StoredEntryRow[]> {
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.batchSize', 'range', `batch size ${batchSize} is not a positive integer`);
    }
    const trx = await this.db.startTransaction().setAccessMode('read only').execute();
    let next: Promise<StoredEntryRow[]> | undefined;
    try {
      await sql`DECLARE ledger_row_batches NO SCROLL CURSOR FOR ${trx.selectFrom('ledger_entries').select(STORED_ROW_COLUMNS)
        .where('idx', '>=', String(from)).where('idx', '<', String(to)).orderBy('idx')}`.execute(trx);
      const fetch = async () => (await sql<StoredEntryRow>`FETCH ${sql.raw(String(batchSize))} FROM ledger_row_batches`.execute(trx)).rows;
      next = fetch();
      for (;;) {
        const rows: StoredEntryRow[] = await next;
        // A short batch is the last one; otherwise ask for the next before handing this one out.
        next = rows.length === batchSize ? fetch() : undefined;
        if (rows.length > 0) yield rows;
        if (!next) return;
      }
    } finally {
      await next?.catch(() => undefined);
      // Read only: nothing to commit. The connection goes back to the pool even if this fails.
      await trx.rollback().execute().catch(() => undefined);
    }
  }

  /**
   * The rows of {@link rowBatches} with each payload as its UTF-8 bytes, for
   * verification, which only hashes payloads: one `COPY (SELECT …) TO STDOUT
   * (FORMAT binary)` (one snapshot, SELECT privilege only) whose bytes are
   * split into rows as they arrive, so the server produces the next rows
   * while the caller verifies these, and no payload is decoded to a string.
   * Breaking out of the loop drops the connection (a COPY cannot be stopped
   * otherwise). Over a kysely instance not opened by `openLedgerDb`, reads
   * through {@link rowBatches} and encodes the payloads.
   */
  async *rowBytesBatches(from: number, to: number, batchSize = ROW_BATCH_SIZE): AsyncGenerator<StoredEntryBytesRow[]> {
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.batchSize', 'range', `batch size ${batchSize} is not a positive integer`);
    }
    const pool = poolOf(this.db);
    if (!pool) {
      for await (const rows of this.rowBatches(from, to, batchSize)) {
        yield rows.map((r) => ({ ...r, payload: Buffer.from(r.payload, 'utf8'), leafInput: Buffer.from(leafInputText(r.header), 'utf8') }));
      }
      return;
    }
    const [lo, hi] = indexRange(from, to);
    if (lo >= hi) return;
    const client = await pool.connect();
    let stream: CopyOutStream | undefined;
    let released = false;
    try {
      await client.query('BEGIN READ ONLY');
      // In index order straight off the primary key: a plan that sorts the range (chosen when the
      // table's statistics are older than its rows) would spill hundreds of MB to disk first.
      await client.query('SET LOCAL enable_sort = off');
      stream = client.query(copyTo(`COPY (SELECT ${STORED_ROW_COLUMNS.join(', ')} FROM ledger_entries
        WHERE idx >= ${lo} AND idx < ${hi} ORDER BY idx) TO STDOUT (FORMAT binary)`));
      let batch: StoredEntryBytesRow[] = [];
      const ready: StoredEntryBytesRow[][] = [];
      const parser = new CopyBinaryParser(STORED_ROW_COLUMNS.length, (buffer, at) => {
        batch.push(bytesRow(buffer, at));
        if (batch.length === batchSize) {
          ready.push(batch);
          batch = [];
        }
      });
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        parser.push(chunk);
        while (ready.length > 0) yield ready.shift()!;
      }
      parser.finish();
      // Ended, and the connection back in the pool, before the last rows are handed out: no transaction idles while they are checked.
      await client.query('COMMIT');
      released = true;
      client.release();
      if (batch.length > 0) yield batch;
    } finally {
      if (!released) {
        // A COPY left unread (the caller stopped early, or it failed) leaves the connection mid-protocol: drop it.
        stream?.on('error', () => undefined);
        client.release(true);
      }
    }
  }

  /**
   * The rows with index in [from, to) as `verifyLog` links them: in runs of
   * `runRows` rows (default {@link RUN_ROWS}; aligned to its multiples where
   * `from` is, so a full run of a power of two is one Merkle subtree), each
   * checked apart (`checkRun`: the rows' hashes and headers, the index
   * sequence and the links inside the run), in order, ending after a run that
   * stopped at a broken row. With `threads` > 0, that many worker threads
   * each read and check ranges of {@link RANGE_RUNS} runs over their own
   * connection (each range in its own snapshot: rows below the log's size
   * never change) and this thread hands the runs out in order. `threads`
   * defaults to {@link defaultCheckThreads} for ranges of
   * {@link THREADS_FROM_RUNS} runs or more, else 0: all on this thread, through
   * {@link rowBytesBatches}. Over a kysely instance not opened by
   * `openLedgerDb` there are no threads.
   */
  async *checkedRuns(from: number, to: number, options: { threads?: number; runRows?: number } = {}): AsyncGenerator<CheckedRun> {
    const { threads, runRows = RUN_ROWS } = options;
    if (!Number.isSafeInteger(runRows) || runRows < 1) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.runRows', 'range', `run size ${runRows} is not a positive integer`);
    }
    const count = threads ?? (to - from >= THREADS_FROM_RUNS * runRows ? defaultCheckThreads() : 0);
    if (!Number.isSafeInteger(count) || count < 0) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.threads', 'range', `thread count ${threads} is not a non-negative integer`);
    }
    const url = urlOf(this.db);
    const [lo, hi] = indexRange(from, to);
    const rangeRows = RANGE_RUNS * runRows;
    if (count === 0 || !url || hi - lo <= rangeRows) {
      yield* checkRunsIn(this, lo, hi, runRows);
      return;
    }
    const pool = rangeCheckPool(url, count);
    // Ranges asked for but not yet handed out: two per thread, so each thread has the next at hand.
    const inFlight: Array<{ size: number; runs: Promise<CheckedRun[]> }> = [];
    let next = lo;
    const ask = () => {
      const end = Math.min(hi, (Math.floor(next / rangeRows) + 1) * rangeRows);
      const runs = pool.check(next, end, runRows);
      runs.catch(() => undefined);
      inFlight.push({ size: end - next, runs });
      next = end;
    };
    while (next < hi && inFlight.length < 2 * pool.size) ask();
    let expected = lo;
    while (inFlight.length > 0) {
      const { size, runs } = inFlight.shift()!;
      const checked = await runs;
      yield* checked;
      if (checked.some((run) => run.broken)) return;
      const passed = checked.reduce((n, run) => n + run.passed, 0);
      if (passed !== size) {
        // Rows missing at the end of a range: read on from there as one reader would, so the next row is named as a gap.
        yield* checkRunsIn(this, expected + passed, hi, runRows);
        return;
      }
      expected += size;
      if (next < hi) ask();
    }
  }

  /** Distinct stream ids with their entry counts, newest activity first. */
  async streams(limit = 100): Promise<Array<{ stream: string; entries: number; lastIndex: number }>> {
    const r = await sql<{ stream: string; entries: string; last_index: string }>`
      SELECT stream, count(*) AS entries, max(idx) AS last_index FROM ledger_entries
      GROUP BY stream ORDER BY max(idx) DESC LIMIT ${limit}`.execute(this.db);
    return r.rows.map((x) => ({ stream: x.stream, entries: Number(x.entries), lastIndex: Number(x.last_index) }));
  }

  /** The Merkle root of the first `treeSize` entries. */
  async rootAt(treeSize: number): Promise<Buffer> {
    const plan = planRoot(Math.max(0, Math.trunc(treeSize) || 0));
    return plan.assemble(await this.nodeGetter(plan.nodes, treeSize, '$.treeSize')) as Buffer;
  }

  /** RFC 9162 inclusion proof of leaf `leafIndex` in the tree of `treeSize` entries. */
  async inclusionProof(leafIndex: number, treeSize: number): Promise<Buffer[]> {
    if (!Number.isInteger(leafIndex) || !Number.isInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.leafIndex', 'range', `leaf index ${leafIndex} is not in [0, ${treeSize})`);
    }
    const plan = planInclusionProof(leafIndex, treeSize);
    return plan.assemble(await this.nodeGetter(plan.nodes, treeSize, '$.treeSize'));
  }

  /** RFC 9162 consistency proof between tree sizes `oldSize` ≤ `newSize`. */
  async consistencyProof(oldSize: number, newSize: number): Promise<Buffer[]> {
    if (!Number.isInteger(oldSize) || !Number.isInteger(newSize) || oldSize < 1 || oldSize > newSize) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.oldSize', 'range', `old size ${oldSize} is not in [1, ${newSize}] (RFC 9162 defines no proof from the empty tree)`);
    }
    const plan = planConsistencyProof(oldSize, newSize);
    return plan.assemble(await this.nodeGetter(plan.nodes, newSize, '$.newSize')) as Buffer[];
  }

  /**
   * Reads the stored nodes `ids` and the log size in ONE query (a proof is
   * latency-bound: one round trip), checks `treeSize` against the size, and
   * returns a getter for the nodes.
   */
  private async nodeGetter(ids: NodeId[], treeSize: number, path: string): Promise<(id: NodeId) => Buffer> {
    // Two array parameters instead of 2·n scalars: one short plan, index lookups per pair.
    // Prepared once per connection (PREPARED_MARK): planning would cost as much as the lookups.
    const rows = await sql<{ log_size: string; level: number | null; idx: string | null; hash: Buffer | null }>`/* prepared:ledger_proof_nodes */
      SELECT s.size AS log_size, n.level, n.idx, n.hash
      FROM (SELECT size FROM ledger_log_state WHERE id = 1) AS s
      LEFT JOIN (unnest(${ids.map((id) => id.level)}::smallint[], ${ids.map((id) => String(id.index))}::bigint[]) AS k(level, idx)
        JOIN ledger_merkle_nodes n ON n.level = k.level AND n.idx = k.idx) ON true`.execute(this.db);
    if (rows.rows.length === 0) throw new LedgerError('LOG_STATE_CORRUPT', 'ledger_log_state has no row: run `npm run migrate`');
    const size = Number(rows.rows[0]!.log_size);
    if (!Number.isInteger(treeSize) || treeSize < 0 || treeSize > size) {
      throw ValidationError.single('INVALID_ARGUMENT', path, 'range', `tree size ${treeSize} is not in [0, ${size}] (the log's size)`);
    }
    const map = new Map<string, Buffer>();
    for (const r of rows.rows) if (r.hash) map.set(`${r.level}:${r.idx}`, r.hash);
    return (id) => {
      const h = map.get(`${id.level}:${id.index}`);
      if (!h) throw new LedgerError('LOG_STATE_CORRUPT', `Merkle node (level ${id.level}, index ${id.index}) is missing`);
      return h;
    };
  }
}

type CopyOutStream = ReturnType<typeof copyTo>;

/** Field `k` of the tuple at `at` in `buffer` as text, or null. */
function text(buffer: Buffer, at: Int32Array, k: number): string | null {
  return at[2 * k + 1]! < 0 ? null : buffer.toString('utf8', at[2 * k]!, at[2 * k]! + at[2 * k + 1]!);
}

/**
 * The row whose fields {@link CopyBinaryParser} found at `at` in `buffer`, in
 * {@link STORED_ROW_COLUMNS} order, the payload as a view of its bytes. The
 * header's leaf input is a view too: the last byte of the header's length
 * field, already read, is overwritten with the leaf prefix 0x00.
 */
function bytesRow(buffer: Buffer, at: Int32Array): StoredEntryBytesRow {
  if (at[1] !== 8 || at[5] !== 4) throw new LedgerError('LOG_STATE_CORRUPT', `binary COPY row has idx of ${at[1]} bytes and stream_index of ${at[5]} (expected 8 and 4)`);
  // bigint: exact as a number up to 2^53, as decimal text beyond (as the text protocol reads it).
  const high = buffer.readInt32BE(at[0]!);
  const idx = high >= -0x200000 && high < 0x200000 ? high * 0x100000000 + buffer.readUInt32BE(at[0]! + 4) : buffer.readBigInt64BE(at[0]!).toString();
  const [headerAt, headerLength] = [at[16]!, Math.max(0, at[17]!)];
  const header = text(buffer, at, 8)!;
  buffer[headerAt - 1] = 0;
  return {
    idx, stream: text(buffer, at, 1)!, stream_index: buffer.readInt32BE(at[4]!), kind: text(buffer, at, 3)!, contract: text(buffer, at, 4),
    payload_hash: text(buffer, at, 5)!, prev_entry_hash: text(buffer, at, 6), entry_hash: text(buffer, at, 7)!, header,
    payload: buffer.subarray(at[18]!, at[18]! + Math.max(0, at[19]!)), leafInput: buffer.subarray(headerAt - 1, headerAt + headerLength),
  };
}

/** The whole indexes in [from, to), as COPY can spell them; INVALID_ARGUMENT when a bound is not a safe integer once rounded in. */
function indexRange(from: number, to: number): [number, number] {
  const [lo, hi] = [Math.max(0, Math.ceil(from)), Math.min(MAX_INDEX, Math.floor(to))];
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.from', 'range', `index range [${from}, ${to}) is not one of safe integers`);
  }
  return [lo, hi];
}
