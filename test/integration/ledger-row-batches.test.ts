import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { LedgerReader } from '../../ledger/store/ledger-reader';
import type { LedgerDatabase } from '../../ledger/store/database-schema';
import { Ledger } from '../../ledger/store/ledger';
import { openLedgerDb } from '../../ledger/store/ledger-database';
import { createCheckpoint, latestCheckpoint } from '../../ledger/store/checkpointer';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { verifyLog } from '../../ledger/core/verify-log';
import { canonicalize } from '../../ledger/core/canonical-json';
import { sha256 } from '../../ledger/core/hash';
import type { StoredEntryBytesRow, StoredEntryRow } from '../../ledger/core/verify-stream';
import { RangeCheckPool, closeRangeCheckPools } from '../../ledger/store/range-check-pool';
import { freshDatabase } from '../support/services';

const key = parseSignerKey(generateSigningKey('row-batches.test/log').signerKey);
const SIZE = 30;

/** Every batch of `reader.rowBatches`, as index lists. */
async function batchesOf(ledger: Ledger, from: number, to: number, batchSize?: number): Promise<number[][]> {
  const out: number[][] = [];
  for await (const rows of ledger.reader.rowBatches(from, to, batchSize)) out.push(rows.map((r) => Number(r.idx)));
  return out;
}

describe('reading the log in cursor batches', () => {
  let env: Awaited<ReturnType<typeof freshDatabase>>;
  let ledger: Ledger;

  beforeAll(async () => {
    env = await freshDatabase('batches');
    // The application role (SELECT only) reads; one connection, so a cursor left open would block the next query.
    ledger = Ledger.open(env.appUrl, { maxConnections: 1 });
    for (let i = 0; i < SIZE; i++) {
      await ledger.append({ stream: `s${i % 3}`, kind: 'test.note', contract: null, payload: { i, text: `entry ${i} with ünïcode` }, idempotencyKey: `k${i}` });
    }
    await createCheckpoint(ledger.db, key);
  });
  afterAll(async () => {
    await closeRangeCheckPools();
    await ledger.close();
    await env.drop();
  });

  describe('when the application role reads a range', () => {
    it('yields every row of the range once, in index order, in batches of the size asked', async () => {
      expect(await batchesOf(ledger, 3, 20, 7)).toEqual([[3, 4, 5, 6, 7, 8, 9], [10, 11, 12, 13, 14, 15, 16], [17, 18, 19]]);
      expect((await batchesOf(ledger, 0, SIZE)).flat()).toEqual(Array.from({ length: SIZE }, (_, i) => i));
      expect(await batchesOf(ledger, 0, 14, 7)).toEqual([[0, 1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12, 13]]);
      expect(await batchesOf(ledger, SIZE, Number.MAX_SAFE_INTEGER, 5)).toEqual([]);
    });

    it('returns the rows as stored, column for column', async () => {
      const batched: StoredEntryRow[] = [];
      for await (const rows of ledger.reader.rowBatches(0, SIZE, 4)) batched.push(...rows);
      expect(batched).toEqual(await ledger.reader.rowsInRange(0, SIZE));
    });

    it('closes the cursor and its transaction when the reader stops early', async () => {
      for await (const rows of ledger.reader.rowBatches(0, SIZE, 2)) {
        expect(rows).toHaveLength(2);
        break;
      }
      // The one connection is back in the pool with no cursor open, outside any transaction
      // (there, now() is the transaction's start, not this statement's).
      const r = await sql<{ cursors: string; outside: boolean }>`SELECT (SELECT count(*) FROM pg_cursors) AS cursors, now() = statement_timestamp() AS outside`.execute(ledger.db);
      expect(r.rows[0]).toEqual({ cursors: '0', outside: true });
      expect((await ledger.reader.logState()).size).toBe(SIZE);
    });

    it('refuses a batch size that is not a positive integer', async () => {
      await expect(batchesOf(ledger, 0, SIZE, 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });

  describe('when the application role reads a range as bytes (binary COPY)', () => {
    it('yields the rows of the range column for column, each payload as its UTF-8 bytes, in batches of the size asked', async () => {
      const batches: StoredEntryBytesRow[][] = [];
      for await (const rows of ledger.reader.rowBytesBatches(3, 20, 7)) batches.push(rows);
      expect(batches.map((rows) => rows.map((r) => Number(r.idx)))).toEqual([[3, 4, 5, 6, 7, 8, 9], [10, 11, 12, 13, 14, 15, 16], [17, 18, 19]]);
      const stored = await ledger.reader.rowsInRange(3, 20);
      expect(batches.flat().map(({ leafInput: _leafInput, ...r }) => ({ ...r, idx: String(r.idx), payload: Buffer.from(r.payload).toString('utf8') }))).toEqual(stored);
      expect(Buffer.from(batches[0]![0]!.payload).equals(Buffer.from(stored[0]!.payload, 'utf8'))).toBe(true);
      // Each header's leaf input is 0x00 and its bytes.
      expect(batches.flat().map((r) => Buffer.from(r.leafInput).toString('hex'))).toEqual(stored.map((r) => `00${Buffer.from(r.header, 'utf8').toString('hex')}`));
      const empty: StoredEntryBytesRow[][] = [];
      for await (const rows of ledger.reader.rowBytesBatches(SIZE, Number.MAX_SAFE_INTEGER, 5)) empty.push(rows);
      expect(empty).toEqual([]);
    });

    it('drops the connection of a COPY the reader stops early, and the pool goes on', async () => {
      for await (const rows of ledger.reader.rowBytesBatches(0, SIZE, 2)) {
        expect(rows).toHaveLength(2);
        break;
      }
      // One connection in the pool: the next statement runs on a new one, outside any transaction.
      const r = await sql<{ outside: boolean }>`SELECT now() = statement_timestamp() AS outside`.execute(ledger.db);
      expect(r.rows[0]).toEqual({ outside: true });
      const all: number[] = [];
      for await (const rows of ledger.reader.rowBytesBatches(0, SIZE)) all.push(...rows.map((x) => Number(x.idx)));
      expect(all).toEqual(Array.from({ length: SIZE }, (_, i) => i));
    });

    it('reads the same rows through the text cursor over a kysely instance not opened by openLedgerDb (no pool to COPY through)', async () => {
      const other = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: env.appUrl, max: 1 }) }) });
      try {
        const viaCursor: StoredEntryBytesRow[] = [];
        for await (const rows of new LedgerReader(other).rowBytesBatches(0, SIZE, 8)) viaCursor.push(...rows);
        const viaCopy: StoredEntryBytesRow[] = [];
        for await (const rows of ledger.reader.rowBytesBatches(0, SIZE, 8)) viaCopy.push(...rows);
        const plain = (r: StoredEntryBytesRow) => ({ ...r, idx: String(r.idx), payload: Buffer.from(r.payload).toString('hex'), leafInput: Buffer.from(r.leafInput).toString('hex') });
        expect(viaCursor).toHaveLength(SIZE);
        expect(viaCursor.map(plain)).toEqual(viaCopy.map(plain));
      } finally {
        await other.destroy();
      }
    });

    it('refuses a batch size that is not a positive integer', async () => {
      await expect((async () => {
        for await (const rows of ledger.reader.rowBytesBatches(0, SIZE, 0)) expect(rows).toBeUndefined();
      })()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });

  describe('when verifyLog reads through the reader', () => {
    it('verifies a log larger than one batch', async () => {
      const cp = (await latestCheckpoint(ledger.db))!;
      const progress: number[] = [];
      const v = await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 4, onProgress: (checked) => progress.push(checked) });
      expect(v).toMatchObject({ ok: true, entriesChecked: SIZE, treeSize: SIZE, firstBroken: null });
      expect(progress).toEqual([4, 8, 12, 16, 20, 24, 28, 30]);
      const state = await ledger.reader.logState();
      expect(await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 4, logState: state })).toMatchObject({ ok: true, beyondCheckpoint: { rootOk: true } });
    });

    it('verifies it on worker threads, each reading and checking ranges of the log over its own connection', async () => {
      const cp = (await latestCheckpoint(ledger.db))!;
      const ranges = jest.spyOn(RangeCheckPool.prototype, 'check');
      try {
        const progress: number[] = [];
        const v = await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 2, threads: 2, onProgress: (checked) => progress.push(checked) });
        expect(v).toMatchObject({ ok: true, entriesChecked: SIZE, treeSize: SIZE, firstBroken: null });
        expect(progress).toEqual(Array.from({ length: SIZE / 2 }, (_, i) => 2 * (i + 1)));
        // Ranges of 8 runs of 2 rows, aligned to multiples of 16.
        expect(ranges.mock.calls.map(([from, to]) => [from, to])).toEqual([[0, 16], [16, 30]]);
        const state = await ledger.reader.logState();
        expect(await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 2, threads: 2, logState: state })).toMatchObject({ ok: true, beyondCheckpoint: { rootOk: true } });
      } finally {
        ranges.mockRestore();
      }
    });

    it('starts the compiled worker of a build (dist/) as well', async () => {
      // The command runs from dist/, where the worker is JavaScript beside the pool, loaded without tsx.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const compiled = require('../../dist/ledger/store/range-check-pool.js') as typeof import('../../ledger/store/range-check-pool');
      const pool = new compiled.RangeCheckPool(1, env.appUrl);
      try {
        const runs = await pool.check(0, SIZE, 8);
        expect(runs.map((run) => [run.start, run.passed, run.broken])).toEqual([[0, 8, null], [8, 8, null], [16, 8, null], [24, 6, null]]);
      } finally {
        await pool.close();
      }
    });

    it('fails a range with a coded error when its worker cannot read it, and the pool goes on', async () => {
      const missing = new URL(env.appUrl);
      missing.pathname = '/no_such_database';
      const pool = new RangeCheckPool(1, missing.toString());
      try {
        await expect(pool.check(0, SIZE, 8)).rejects.toMatchObject({ name: 'LedgerError', code: 'LEDGER_UNAVAILABLE', retryable: true, message: expect.stringMatching(/^checking log entries \[0, 30\): database "no_such_database" does not exist/) });
        expect(pool.failed).toBe(false);
      } finally {
        await pool.close();
      }
      expect(pool.failed).toBe(true);
      await expect(pool.check(0, SIZE, 8)).rejects.toMatchObject({ code: 'LEDGER_UNAVAILABLE', message: 'the range-checking pool is closed' });
    });

    it('refuses a thread count or run size that is not a count', async () => {
      const cp = (await latestCheckpoint(ledger.db))!;
      await expect(verifyLog(ledger.reader, cp, key.verifierKey, { threads: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/\$\.threads/) });
      await expect(verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 0.5 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/\$\.runRows/) });
    });

    it('names a row changed in the second batch by its index, as the paged reading does', async () => {
      const owner = openLedgerDb(env.ownerUrl, { max: 1 });
      const [target] = await ledger.reader.rowsInRange(6, 7);
      try {
        await sql`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        await sql`UPDATE ledger_entries SET payload = ${target!.payload.replace('entry', 'ENTRY')} WHERE idx = 6`.execute(owner);
        await sql`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        const cp = (await latestCheckpoint(ledger.db))!;
        const batched = await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 4 });
        expect(batched).toMatchObject({ ok: false, entriesChecked: 6, firstBroken: { index: 6, field: 'payloadHash', expected: target!.payload_hash } });
        const paged = await verifyLog((from, to) => ledger.reader.rowsInRange(from, to), cp, key.verifierKey, { pageSize: 4 });
        expect(paged.firstBroken).toEqual(batched.firstBroken);
        // Checked on worker threads, in ranges of 16 rows: the same break, from the first range.
        const threaded = await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 2, threads: 2 });
        expect(threaded).toEqual(batched);
        // The reader offers bytes (binary COPY), which verifyLog prefers; through its text cursor alone, the same break.
        const cursor = await verifyLog({ rowBatches: (from, to, size) => ledger.reader.rowBatches(from, to, size) }, cp, key.verifierKey, { pageSize: 4 });
        expect(cursor.firstBroken).toEqual(batched.firstBroken);
        const bytes: StoredEntryBytesRow[] = [];
        for await (const rows of ledger.reader.rowBytesBatches(6, 7)) bytes.push(...rows);
        expect(Buffer.from(bytes[0]!.payload).toString('utf8')).toContain('ENTRY');
      } finally {
        await sql`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        await sql`UPDATE ledger_entries SET payload = ${target!.payload} WHERE idx = 6`.execute(owner);
        await sql`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        await owner.destroy();
      }
      expect((await verifyLog(ledger.reader, (await latestCheckpoint(ledger.db))!, key.verifierKey, { pageSize: 4 })).ok).toBe(true);
    });

    it('names a row stored beyond the log state, and a gap in the index sequence', async () => {
      const owner = openLedgerDb(env.ownerUrl, { max: 1 });
      try {
        const head = (await ledger.reader.streamRows('s2')).at(-1)!;
        const payload = canonicalize({ forged: true });
        const header = JSON.parse(head.header) as Record<string, unknown>;
        const headerJson = canonicalize({ ...header, index: SIZE, streamIndex: head.stream_index + 1, payloadHash: sha256(payload), prevEntryHash: head.entry_hash });
        await sql`INSERT INTO ledger_entries (idx, stream, stream_index, kind, contract, payload_hash, prev_entry_hash, entry_hash, recorded_at, idempotency_key, header, payload)
          VALUES (${SIZE}, 's2', ${head.stream_index + 1}, 'test.note', null, ${sha256(payload)}, ${head.entry_hash}, ${sha256(headerJson)}, ${String(header.recordedAt)}, 'forged', ${headerJson}, ${payload})`.execute(owner);
        const cp = (await latestCheckpoint(ledger.db))!;
        const beyond = await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 4, logState: await ledger.reader.logState() });
        expect(beyond).toMatchObject({ ok: false, entriesChecked: SIZE, firstBroken: { index: SIZE, reason: expect.stringMatching(/beyond the log's size 30/) } });
        expect(await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 2, threads: 2, logState: await ledger.reader.logState() })).toEqual(beyond);

        // Row 9 (in the third batch of 4) moved out of the sequence: the scan names the missing index.
        await sql`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        await sql`UPDATE ledger_entries SET idx = 1000 WHERE idx = 9`.execute(owner);
        await sql`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        const gap = await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 4 });
        expect(gap).toMatchObject({ ok: false, entriesChecked: 9, firstBroken: { index: 9, reason: 'index sequence has a gap', computed: '10' } });
        expect(await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 2, threads: 2 })).toEqual(gap);
        // Row 15 too, the last of the first range on threads: that range comes back short, and the gap is still named at 9, then at 15 once 9 is back.
        await sql`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        await sql`UPDATE ledger_entries SET idx = 1001 WHERE idx = 15`.execute(owner);
        await sql`UPDATE ledger_entries SET idx = 9 WHERE idx = 1000`.execute(owner);
        await sql`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        const atRangeEnd = await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 2, threads: 2 });
        expect(atRangeEnd).toMatchObject({ ok: false, entriesChecked: 15, firstBroken: { index: 15, reason: 'index sequence has a gap', computed: '16' } });
        expect(await verifyLog(ledger.reader, cp, key.verifierKey, { pageSize: 4 })).toEqual(atRangeEnd);
      } finally {
        await sql`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        await sql`UPDATE ledger_entries SET idx = 9 WHERE idx = 1000`.execute(owner);
        await sql`UPDATE ledger_entries SET idx = 15 WHERE idx = 1001`.execute(owner);
        await sql`DELETE FROM ledger_entries WHERE idx = ${SIZE}`.execute(owner);
        await sql`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        await owner.destroy();
      }
    });
  });
});
