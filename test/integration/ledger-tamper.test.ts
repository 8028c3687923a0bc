import { sql } from 'kysely';
import { Ledger } from '../../ledger/store/ledger';
import { openLedgerDb } from '../../ledger/store/ledger-database';
import { createCheckpoint, latestCheckpoint } from '../../ledger/store/checkpointer';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { verifyLog } from '../../ledger/core/verify-log';
import { checkRow, verifyStreamRows, type StoredEntryRow } from '../../ledger/core/verify-stream';
import { freshDatabase } from '../support/services';
import { canonicalize } from '../../ledger/core/canonical-json';
import { sha256 } from '../../ledger/core/hash';

describe('tamper detection', () => {
  let env: Awaited<ReturnType<typeof freshDatabase>>;
  let ledger: Ledger;
  const key = parseSignerKey(generateSigningKey('tamper.test/log').signerKey);
  const stream = 'synthesis-tamper';

  beforeAll(async () => {
    env = await freshDatabase('tamper');
    ledger = Ledger.open(env.appUrl);
    for (let i = 0; i < 30; i++) {
      await ledger.append({ stream: i % 3 === 0 ? 'other-stream' : stream, kind: 'test.note', contract: null,
        payload: { i, text: `entry ${i} with ünïcode and 'quotes'` }, idempotencyKey: `k${i}` });
    }
    await createCheckpoint(ledger.db, key);
  });
  afterAll(async () => {
    await ledger.close();
    await env.drop();
  });

  describe('when nothing was changed', () => {
    it('verifies the stream and the whole log against the checkpoint', async () => {
      expect(verifyStreamRows(stream, await ledger.reader.streamRows(stream)).ok).toBe(true);
      const cp = (await latestCheckpoint(ledger.db))!;
      const result = await verifyLog((from, to) => ledger.reader.rowsInRange(from, to), cp, key.verifierKey);
      expect(result).toMatchObject({ ok: true, entriesChecked: 30, treeSize: 30, firstBroken: null });
    });
  });

  describe('when every byte of a sample of stored headers and payloads is flipped', () => {
    it('detects 100 % of the mutations', async () => {
      const rows = await ledger.reader.streamRows(stream);
      let mutations = 0;
      const missed: string[] = [];
      for (const position of [0, 7, rows.length - 1]) {
        const row = rows[position]!;
        const prev = position === 0 ? null : rows[position - 1]!.entry_hash;
        for (const field of ['header', 'payload'] as const) {
          const bytes = Buffer.from(row[field], 'utf8');
          for (let b = 0; b < bytes.length; b++) {
            const mutated = Buffer.from(bytes);
            mutated[b] = mutated[b]! ^ 0xff;
            const tampered: StoredEntryRow = { ...row, [field]: mutated.toString('latin1') };
            mutations++;
            if (!checkRow(tampered, position, prev, stream)) missed.push(`${field} byte ${b} of entry ${row.idx}`);
          }
        }
      }
      expect(mutations).toBeGreaterThan(1000);
      expect(missed).toEqual([]);
    });
  });

  describe('when a stored row is changed behind the triggers\' back', () => {
    it('names the exact entry in stream and log verification', async () => {
      const owner = openLedgerDb(env.ownerUrl, { max: 1 });
      const target = (await ledger.reader.streamRows(stream))[5]!;
      try {
        await sql`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        await sql`UPDATE ledger_entries SET payload = ${target.payload.replace('entry', 'ENTRY')} WHERE idx = ${target.idx}`.execute(owner);
        await sql`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
      } finally {
        await owner.destroy();
      }
      const result = verifyStreamRows(stream, await ledger.reader.streamRows(stream));
      expect(result.ok).toBe(false);
      expect(result.firstBroken).toMatchObject({ index: Number(target.idx), field: 'payloadHash', expected: target.payload_hash });
      expect(result.entries.slice(6).every((e) => e.status === 'not-checked')).toBe(true);

      const cp = (await latestCheckpoint(ledger.db))!;
      const log = await verifyLog((from, to) => ledger.reader.rowsInRange(from, to), cp, key.verifierKey);
      expect(log.ok).toBe(false);
      expect(log.firstBroken).toMatchObject({ index: Number(target.idx), field: 'payloadHash' });
    });

    it('detects a consistently re-hashed entry through the checkpoint root', async () => {
      const env2 = await freshDatabase('tamper2');
      const l2 = Ledger.open(env2.appUrl);
      const owner = openLedgerDb(env2.ownerUrl, { max: 1 });
      try {
        for (let i = 0; i < 5; i++) {
          await l2.append({ stream: 's', kind: 'test.note', contract: null, payload: { i }, idempotencyKey: `k${i}` });
        }
        await createCheckpoint(l2.db, key);
        const rows = await l2.reader.streamRows('s');
        const last = rows[rows.length - 1]!;
        // Rewrite the stream's last entry completely (payload, header, hashes): no chain link follows it.
        const payload = canonicalize({ forged: true });
        const headerJson = canonicalize({ ...JSON.parse(last.header), payloadHash: sha256(payload) });
        await sql`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);
        await sql`UPDATE ledger_entries SET payload = ${payload}, header = ${headerJson}, payload_hash = ${sha256(payload)},
          entry_hash = ${sha256(headerJson)} WHERE idx = ${last.idx}`.execute(owner);
        await sql`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update_delete`.execute(owner);

        expect(verifyStreamRows('s', await l2.reader.streamRows('s')).ok).toBe(true);
        const log = await verifyLog((from, to) => l2.reader.rowsInRange(from, to), (await latestCheckpoint(l2.db))!, key.verifierKey);
        expect(log).toMatchObject({ ok: false, firstBroken: null, entriesChecked: 5 });
        expect(log.checkpoint.message).toMatch(/differs from the checkpoint root/);
      } finally {
        await owner.destroy();
        await l2.close();
        await env2.drop();
      }
    });
  });
  describe('when the owner inserts a well-formed row at the next index around ledger_append', () => {
    it('ledger verification with the log state names the forged row', async () => {
      const env3 = await freshDatabase('tamper3');
      const l3 = Ledger.open(env3.appUrl);
      const owner = openLedgerDb(env3.ownerUrl, { max: 1 });
      try {
        for (let i = 0; i < 4; i++) await l3.append({ stream: 's', kind: 'test.note', contract: null, payload: { i }, idempotencyKey: `k${i}` });
        await createCheckpoint(l3.db, key);
        const head = (await l3.reader.streamRows('s')).at(-1)!;
        const payload = canonicalize({ forged: true });
        const header = JSON.parse(head.header) as Record<string, unknown>;
        const headerJson = canonicalize({ ...header, index: 4, streamIndex: 4, payloadHash: sha256(payload), prevEntryHash: head.entry_hash });
        await sql`INSERT INTO ledger_entries (idx, stream, stream_index, kind, contract, payload_hash, prev_entry_hash, entry_hash, recorded_at, idempotency_key, header, payload)
          VALUES (4, 's', 4, 'test.note', null, ${sha256(payload)}, ${head.entry_hash}, ${sha256(headerJson)}, ${String(header.recordedAt)}, 'forged', ${headerJson}, ${payload})`.execute(owner);

        const read = (from: number, to: number) => l3.reader.rowsInRange(from, to);
        const cp = (await latestCheckpoint(l3.db))!;
        // The row chains correctly and lies past the signed size: only the log state exposes it.
        expect((await verifyLog(read, cp, key.verifierKey)).ok).toBe(true);
        const state = await l3.reader.logState();
        const log = await verifyLog(read, cp, key.verifierKey, { logState: state });
        expect(log.ok).toBe(false);
        expect(log.firstBroken).toMatchObject({ index: 4, reason: expect.stringMatching(/beyond the log's size 4/) });
      } finally {
        await owner.destroy();
        await l3.close();
        await env3.drop();
      }
    });

    it('stops at the first broken entry and compares nothing past the checkpoint', async () => {
      for (let i = 30; i < 33; i++) await ledger.append({ stream: 'after', kind: 'test.note', contract: null, payload: { i }, idempotencyKey: `after${i}` });
      const cp = (await latestCheckpoint(ledger.db))!;
      const log = await verifyLog((from, to) => ledger.reader.rowsInRange(from, to), cp, key.verifierKey, { logState: await ledger.reader.logState() });
      // Entry 5 of the stream was changed above: the scan stops there, before the checkpoint.
      expect(log.firstBroken?.field).toBe('payloadHash');
      expect(log.beyondCheckpoint).toBeNull();
    });
  });
});
