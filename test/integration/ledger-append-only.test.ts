import { sql } from 'kysely';
import { Ledger } from '../../ledger/ledger';
import { openLedgerDb } from '../../ledger/ledger-database';
import { appUrl, openAppDb, openOwnerDb, uniqueStream } from '../support/services';

describe('ledger append-only enforcement', () => {
  const owner = openOwnerDb();
  const app = openAppDb(2);
  let ledger: Ledger;
  let index: number;
  beforeAll(async () => {
    ledger = Ledger.open(appUrl());
    const stream = uniqueStream();
    index = (await ledger.append({ stream, kind: 'test.note', contract: null, payload: { n: 1 }, idempotencyKey: `${stream}/1` })).header.index;
    await ledger.blobs.put('artifact', 'text/plain');
  });
  afterAll(async () => {
    await ledger.close();
    await owner.destroy();
    await app.destroy();
  });

  describe('when the owner (past the grants) tries to change rows', () => {
    it.each([
      ['UPDATE ledger_entries', sql`UPDATE ledger_entries SET kind = 'x' WHERE idx = 0`],
      ['DELETE ledger_entries', sql`DELETE FROM ledger_entries WHERE idx = 0`],
      ['TRUNCATE ledger_entries', sql`TRUNCATE ledger_entries`],
      ['UPDATE ledger_checkpoints', sql`UPDATE ledger_checkpoints SET note = 'x'`],
      ['DELETE ledger_checkpoints', sql`DELETE FROM ledger_checkpoints`],
      ['TRUNCATE ledger_checkpoints', sql`TRUNCATE ledger_checkpoints`],
      ['DELETE ledger_merkle_nodes', sql`DELETE FROM ledger_merkle_nodes`],
      ['UPDATE ledger_blobs', sql`UPDATE ledger_blobs SET media_type = 'x'`],
    ])('the trigger refuses %s', async (_name, statement) => {
      // Row-level triggers only fire when a row matches: make sure one does for checkpoints.
      await sql`INSERT INTO ledger_checkpoints (tree_size, root_hash, note) VALUES (0, 'r', 'n') ON CONFLICT DO NOTHING`.execute(owner);
      await expect(statement.execute(owner)).rejects.toThrow(/append-only/);
    });
  });

  describe('when the application role tries to change rows', () => {
    it.each([
      ['UPDATE', sql`UPDATE ledger_entries SET kind = 'x'`],
      ['DELETE', sql`DELETE FROM ledger_entries`],
      ['TRUNCATE', sql`TRUNCATE ledger_entries`],
      ['UPDATE checkpoints', sql`UPDATE ledger_checkpoints SET note = 'x'`],
      ['DROP', sql`DROP TABLE ledger_entries`],
    ])('the grants refuse %s', async (_name, statement) => {
      await expect(statement.execute(app)).rejects.toThrow(/permission denied|must be owner/);
    });

    it('may still INSERT and SELECT', async () => {
      const n = await sql<{ n: string }>`SELECT count(*) AS n FROM ledger_entries WHERE idx = ${index}`.execute(app);
      expect(Number(n.rows[0]!.n)).toBe(1);
    });
  });

  describe('the append path SQL', () => {
    it('is exactly the pinned statements: no UPDATE or DELETE of ledger rows', async () => {
      const executed: string[] = [];
      const db = openLedgerDb(appUrl(), { max: 1, log: (e) => { executed.push(e.query.sql.replace(/\s+/g, ' ').trim()); } });
      const logged = new Ledger(db);
      try {
        const stream = uniqueStream();
        await logged.appendAll([
          { stream, kind: 'test.note', contract: null, payload: { n: 1 }, idempotencyKey: `${stream}/1` },
          { stream, kind: 'test.note', contract: null, payload: { n: 2 }, idempotencyKey: `${stream}/2` },
        ]);
      } finally {
        await logged.close();
      }
      expect(executed.filter((q) => !/^(begin|commit)$/i.test(q))).toEqual([
        'select * from "ledger_log_state" where "id" = $1 for update',
        "SELECT 'key' AS kind, e.header, e.entry_hash, e.payload, e.idempotency_key, NULL::text AS stream, NULL::integer AS stream_index FROM ledger_entries e WHERE e.idempotency_key = ANY($1::text[]) UNION ALL SELECT 'head', NULL, h.entry_hash, NULL, NULL, s.stream, h.stream_index FROM unnest($2::text[]) AS s(stream) CROSS JOIN LATERAL (SELECT e.stream_index, e.entry_hash FROM ledger_entries e WHERE e.stream = s.stream ORDER BY e.stream_index DESC LIMIT 1) h",
        'WITH new_entries AS ( INSERT INTO ledger_entries (idx, stream, stream_index, kind, contract, payload_hash, prev_entry_hash, entry_hash, recorded_at, idempotency_key, header, payload) SELECT idx, stream, stream_index, kind, contract, payload_hash, prev_entry_hash, entry_hash, recorded_at, idempotency_key, header, payload FROM json_to_recordset($1::json) AS x(idx bigint, stream text, stream_index integer, kind text, contract text, payload_hash text, prev_entry_hash text, entry_hash text, recorded_at text, idempotency_key text, header text, payload text) ), new_nodes AS ( INSERT INTO ledger_merkle_nodes (level, idx, hash) SELECT level, idx, decode(hash, \'hex\') FROM json_to_recordset($2::json) AS y(level smallint, idx bigint, hash text) ) UPDATE ledger_log_state SET size = $3, frontier = $4::jsonb, root_hash = $5 WHERE id = 1',
      ]);
      // Writes: INSERTs into ledger tables and one UPDATE of the log state row only.
      expect(executed.join('\n')).not.toMatch(/UPDATE\s+(ledger_entries|ledger_checkpoints|ledger_merkle_nodes|ledger_blobs)|DELETE|TRUNCATE/i);
    });
  });
});
