import { sql } from 'kysely';
import { Ledger } from '../../ledger/store/ledger';
import { openLedgerDb } from '../../ledger/store/ledger-database';
import { createCheckpoint } from '../../ledger/store/checkpointer';
import { appUrl, openAppDb, openOwnerDb, testSigner, uniqueStream } from '../support/services';

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
    // Row-level triggers only fire when a row matches: a checkpoint (with the test log's one key) and its key binding.
    await createCheckpoint(ledger.db, testSigner());
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
      ['UPDATE ledger_log_keys', sql`UPDATE ledger_log_keys SET verifier_key = 'x'`],
      ['DELETE ledger_log_keys', sql`DELETE FROM ledger_log_keys`],
      ['TRUNCATE ledger_log_keys', sql`TRUNCATE ledger_log_keys`],
    ])('the trigger refuses %s', async (_name, statement) => {
      await expect(statement.execute(owner)).rejects.toThrow(/append-only/);
    });
  });

  describe('when the application role tries to change rows', () => {
    it.each([
      ['UPDATE', sql`UPDATE ledger_entries SET kind = 'x'`],
      ['DELETE', sql`DELETE FROM ledger_entries`],
      ['TRUNCATE', sql`TRUNCATE ledger_entries`],
      ['UPDATE checkpoints', sql`UPDATE ledger_checkpoints SET note = 'x'`],
      ['UPDATE log keys', sql`UPDATE ledger_log_keys SET verifier_key = 'x'`],
      ['DELETE log keys', sql`DELETE FROM ledger_log_keys`],
      ['DROP', sql`DROP TABLE ledger_entries`],
    ])('the grants refuse %s', async (_name, statement) => {
      await expect(statement.execute(app)).rejects.toThrow(/permission denied|must be owner/);
    });

    it('may still SELECT', async () => {
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
      // The whole append is one statement; its body (ledger_append, migration 0002) only INSERTs and updates the state row.
      expect(executed).toEqual(['SELECT ledger_append($1::jsonb) AS result']);
      const body = (await sql<{ src: string }>`SELECT prosrc AS src FROM pg_proc WHERE proname = 'ledger_append'`.execute(owner)).rows[0]!.src;
      expect(body.match(/\b(INSERT INTO|UPDATE|DELETE|TRUNCATE)\s+\w+/gi)).toEqual([
        'INSERT INTO ledger_entries', 'INSERT INTO ledger_merkle_nodes', 'UPDATE ledger_log_state',
      ]);
    });
  });
});
