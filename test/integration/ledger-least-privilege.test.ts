import { sql, type RawBuilder } from 'kysely';
import { Client } from 'pg';
import { Ledger } from '../../ledger/store/ledger';
import { openLedgerDb } from '../../ledger/store/ledger-database';
import { APP_IDLE_IN_TRANSACTION_TIMEOUT_MS, appRoleName, databaseOf } from '../../ledger/store/app-role';
import { migrateDatabase } from '../../ledger/store/migrator';
import { disableLegacyRole } from '../../ledger/store/migrations/0008-legacy-role-disabled';
import { createCheckpoint, latestCheckpoint } from '../../ledger/store/checkpointer';
import { formatCheckpointBody, signCheckpoint } from '../../ledger/core/checkpoint';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { sha256 } from '../../ledger/core/hash';
import { caught } from '../support/caught';
import { freshDatabase } from '../support/services';

const key = parseSignerKey(generateSigningKey('least-privilege.test/log').signerKey);

describe('least privilege in the ledger database', () => {
  let env: Awaited<ReturnType<typeof freshDatabase>>;
  let ledger: Ledger;

  beforeAll(async () => {
    env = await freshDatabase('privilege');
    ledger = Ledger.open(env.appUrl, { maxConnections: 2 });
    for (let i = 0; i < 5; i++) {
      await ledger.append({ stream: 's', kind: 'test.note', contract: null, payload: { i }, idempotencyKey: `k${i}` });
    }
    await ledger.blobs.put('artifact', 'text/plain');
    await createCheckpoint(ledger.db, key);
  });
  afterAll(async () => {
    await ledger.close();
    await env.drop();
  });

  describe('when the application role writes a ledger table directly', () => {
    const forged = '{"forged":true}';
    const statements: Array<[string, RawBuilder<unknown>]> = [
      ['INSERT ledger_entries (a row at the next index)', sql`INSERT INTO ledger_entries (idx, stream, stream_index, kind, contract, payload_hash, prev_entry_hash, entry_hash, recorded_at, idempotency_key, header, payload)
        VALUES (5, 's', 5, 'test.note', null, ${sha256(forged)}, null, ${sha256('h')}, '2026-01-01T00:00:00Z', 'forged', 'h', ${forged})`],
      ['UPDATE ledger_entries', sql`UPDATE ledger_entries SET kind = 'x'`],
      ['DELETE ledger_entries', sql`DELETE FROM ledger_entries`],
      ['INSERT ledger_merkle_nodes', sql`INSERT INTO ledger_merkle_nodes (level, idx, hash) VALUES (0, 5, '\\x00')`],
      ['UPDATE ledger_merkle_nodes', sql`UPDATE ledger_merkle_nodes SET hash = '\\x00'`],
      ['DELETE ledger_merkle_nodes', sql`DELETE FROM ledger_merkle_nodes`],
      ['INSERT ledger_checkpoints', sql`INSERT INTO ledger_checkpoints (tree_size, root_hash, note) VALUES (3, 'r', 'n')`],
      ['UPDATE ledger_checkpoints', sql`UPDATE ledger_checkpoints SET note = 'x'`],
      ['DELETE ledger_checkpoints', sql`DELETE FROM ledger_checkpoints`],
      ['INSERT ledger_blobs', sql`INSERT INTO ledger_blobs (sha256, media_type, bytes) VALUES ('sha256:00', 'text/plain', '\\x00')`],
      ['UPDATE ledger_blobs', sql`UPDATE ledger_blobs SET media_type = 'x'`],
      ['DELETE ledger_blobs', sql`DELETE FROM ledger_blobs`],
      ['INSERT ledger_log_state', sql`INSERT INTO ledger_log_state (id, origin, size, frontier, root_hash) VALUES (2, 'o', 0, '[]', 'r')`],
      ['UPDATE ledger_log_state (a bogus root)', sql`UPDATE ledger_log_state SET root_hash = repeat('ab', 32), size = size + 1`],
      ['DELETE ledger_log_state', sql`DELETE FROM ledger_log_state`],
      ['TRUNCATE ledger_log_state', sql`TRUNCATE ledger_log_state`],
      ['INSERT ledger_log_keys (bind another key)', sql`INSERT INTO ledger_log_keys (origin, from_tree_size, verifier_key) VALUES ('least-privilege.test/log', 0, 'k')`],
      ['UPDATE ledger_log_keys', sql`UPDATE ledger_log_keys SET verifier_key = 'k'`],
      ['DELETE ledger_log_keys', sql`DELETE FROM ledger_log_keys`],
      ['INSERT ledger_pending (a batch the integrator would append)', sql`INSERT INTO ledger_pending (batch, entries) VALUES ('[]', 0)`],
      ['UPDATE ledger_pending', sql`UPDATE ledger_pending SET entries = 0`],
      ['DELETE ledger_pending', sql`DELETE FROM ledger_pending`],
      ['INSERT ledger_outcomes (a forged answer)', sql`INSERT INTO ledger_outcomes (seq, outcome) VALUES (1, '{}')`],
      ['UPDATE ledger_outcomes', sql`UPDATE ledger_outcomes SET outcome = '{}'`],
      ['DELETE ledger_outcomes', sql`DELETE FROM ledger_outcomes`],
      ['call a helper function', sql`SELECT ledger_frontier_at(1)`],
    ];
    it.each(statements)('refuses %s', async (_name, statement) => {
      await expect(statement.execute(ledger.db)).rejects.toThrow(/permission denied/);
    });

    it('left the log as it was', async () => {
      expect((await ledger.reader.logState()).size).toBe(5);
      expect((await ledger.append({ stream: 's', kind: 'test.note', contract: null, payload: { i: 5 }, idempotencyKey: 'k5' })).header.index).toBe(5);
    });
  });

  describe('when the application role stores a checkpoint through the function', () => {
    it('refuses a root the stored nodes do not give', async () => {
      const size = (await ledger.reader.logState()).size;
      const bogus = Buffer.alloc(32, 0xab);
      const note = signCheckpoint(formatCheckpointBody({ origin: (await ledger.reader.logState()).origin, treeSize: size, rootHash: bogus }), key);
      const err = await caught(sql`SELECT ledger_add_checkpoint(${String(size)}::bigint, ${bogus.toString('hex')}, ${note}, ${key.verifierKey})`.execute(ledger.db));
      expect(err).toMatchObject({ code: 'SL501' });
    });

    it('refuses a note whose body names another size', async () => {
      const state = await ledger.reader.logState();
      const root = await ledger.reader.rootAt(3);
      const note = signCheckpoint(formatCheckpointBody({ origin: state.origin, treeSize: 2, rootHash: root }), key);
      const err = await caught(sql`SELECT ledger_add_checkpoint(3::bigint, ${root.toString('hex')}, ${note}, ${key.verifierKey})`.execute(ledger.db));
      expect(err).toMatchObject({ code: 'SL422' });
    });

    it('refuses a size beyond the log', async () => {
      const err = await caught(sql`SELECT ledger_add_checkpoint(1000::bigint, 'r', 'n', ${key.verifierKey})`.execute(ledger.db));
      expect(err).toMatchObject({ code: 'SL422' });
    });
  });

  describe('when the log state was tampered with behind the trigger\'s back', () => {
    it('the checkpointer refuses to sign it with LOG_STATE_CORRUPT and stores nothing', async () => {
      const tampered = await freshDatabase('privtamper');
      const l2 = Ledger.open(tampered.appUrl, { maxConnections: 1 });
      const owner = openLedgerDb(tampered.ownerUrl, { max: 1 });
      try {
        for (let i = 0; i < 3; i++) await l2.append({ stream: 't', kind: 'test.note', contract: null, payload: { i }, idempotencyKey: `t${i}` });
        // With the trigger on, even the owner cannot set a root the nodes do not support.
        expect(await caught(sql`UPDATE ledger_log_state SET root_hash = repeat('ab', 32)`.execute(owner))).toMatchObject({ code: 'SL501' });
        await sql`ALTER TABLE ledger_log_state DISABLE TRIGGER ledger_log_state_consistent`.execute(owner);
        await sql`UPDATE ledger_log_state SET root_hash = repeat('ab', 32)`.execute(owner);
        await sql`ALTER TABLE ledger_log_state ENABLE TRIGGER ledger_log_state_consistent`.execute(owner);

        const err = await caught(createCheckpoint(l2.db, key));
        expect(err).toMatchObject({ code: 'LOG_STATE_CORRUPT' });
        expect((err as Error).message).toMatch(/differs from the root .* of the stored Merkle nodes/);
        expect(await latestCheckpoint(l2.db)).toBeNull();
        // The next append refuses to build on the tampered state too (its result is checked against the nodes).
        expect(await caught(l2.append({ stream: 't', kind: 'test.note', contract: null, payload: { i: 3 }, idempotencyKey: 't3' })))
          .toMatchObject({ code: 'LOG_STATE_CORRUPT' });
      } finally {
        await owner.destroy();
        await l2.close();
        await tampered.drop();
      }
    });
  });

  describe('when a second database has its own application role', () => {
    it('each role is named after its database and cannot connect to the other database', async () => {
      const second = await freshDatabase('privother');
      try {
        const firstRole = appRoleName(databaseOf(env.ownerUrl));
        const secondRole = appRoleName(databaseOf(second.ownerUrl));
        expect(new URL(env.appUrl).username).toBe(firstRole);
        expect(secondRole).not.toBe(firstRole);
        // The second role, pointed at the first database.
        const intruderUrl = new URL(env.appUrl);
        intruderUrl.username = secondRole;
        intruderUrl.password = new URL(second.appUrl).password;
        const intruder = openLedgerDb(intruderUrl.toString(), { max: 1 });
        try {
          await expect(sql`SELECT count(*) FROM ledger_entries`.execute(intruder)).rejects.toThrow(/permission denied for database|not permitted to log in|does not exist/);
        } finally {
          await intruder.destroy();
        }
        // Its own database answers.
        const own = openLedgerDb(second.appUrl, { max: 1 });
        try {
          const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ledger_entries`.execute(own);
          expect(Number(rows[0]!.n)).toBe(0);
        } finally {
          await own.destroy();
        }
      } finally {
        await second.drop();
      }
    });
  });

  describe('when a session of the application role sits idle inside a transaction', () => {
    it('new sessions start with the migrator\'s idle-in-transaction timeout', async () => {
      const client = new Client({ connectionString: env.appUrl });
      client.on('error', () => {});
      await client.connect();
      try {
        const { rows } = await client.query<{ ms: string }>("SELECT setting AS ms FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'");
        expect(Number(rows[0]!.ms)).toBe(APP_IDLE_IN_TRANSACTION_TIMEOUT_MS);
      } finally {
        await client.end().catch(() => undefined);
      }
    });

    it('a session holding the sequencer row lock is ended by the server, and appends proceed', async () => {
      // The same migration with a 1 s timeout, so the test need not wait 30 s; only sessions started after it get it.
      await migrateDatabase(env.ownerUrl, process.env, { idleInTransactionTimeoutMs: 1000 });
      const stalled = new Client({ connectionString: env.appUrl });
      const lost: Error[] = [];
      stalled.on('error', (e) => lost.push(e));
      await stalled.connect();
      await stalled.query('BEGIN');
      // ledger_append takes the log state's row lock first; an empty batch appends nothing and keeps it until commit.
      await stalled.query("SELECT ledger_append('[]'::jsonb)");
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const appended = await Promise.race([
        ledger.append({ stream: 's', kind: 'test.note', contract: null, payload: { stalled: true }, idempotencyKey: 'after-stall' }),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('the append still waits for the stalled session after 20 s')), 20_000); }),
      ]).finally(() => clearTimeout(timer));
      const waited = Date.now() - started;
      expect(appended.header.stream).toBe('s');
      // It waited for the lock (the stall was real) and got it when the server ended the stalled session.
      expect(waited).toBeGreaterThanOrEqual(500);
      expect(await caught(stalled.query('SELECT 1'))).toBeInstanceOf(Error);
      expect(lost.map((e) => (e as { code?: string }).code)).toContain('25P03');
      await stalled.end().catch(() => undefined);
      await migrateDatabase(env.ownerUrl);
    }, 60_000);
  });

  describe('when the server still has the cluster-wide role of earlier versions', () => {
    // Roles are cluster-wide and the server is shared: the test runs migration 0008's step on roles of its own
    // (named after its database), never on synthledger_app, which a database named synthledger may own.
    const admin = () => process.env.SYNTHLEDGER_TEST_ADMIN_URL!;
    let owner: ReturnType<typeof openLedgerDb>;
    let superuser: Client;
    /** Logs in as `role` (trust authentication: only its LOGIN attribute decides) and runs one query. */
    const login = async (role: string) => {
      const url = new URL(admin());
      url.username = role;
      url.password = role;
      const c = new Client({ connectionString: url.toString() });
      c.on('error', () => {});
      try {
        await c.connect();
        await c.query('SELECT 1');
      } finally {
        await c.end().catch(() => undefined);
      }
    };
    const roleOf = async (role: string) => (await superuser.query<{ rolcanlogin: boolean; rolpassword: string | null }>('SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = $1', [role])).rows;
    beforeAll(async () => {
      owner = openLedgerDb(env.ownerUrl, { max: 1 });
      superuser = new Client({ connectionString: admin() });
      superuser.on('error', () => {});
      await superuser.connect();
    });
    afterAll(async () => {
      await owner.destroy();
      await superuser.end();
    });

    it('is registered as migration 0008 and has run', async () => {
      const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(owner);
      expect(rows.map((r) => r.name)).toContain('0008-legacy-role-disabled');
    });

    it('leaves the role unable to log in, with no password, and does nothing the second time', async () => {
      const role = `${databaseOf(env.ownerUrl)}_legacy`;
      await superuser.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${role}'`);
      try {
        await login(role);
        await disableLegacyRole(owner, role, 'no_such_database');
        await expect(login(role)).rejects.toThrow(/not permitted to log in/);
        expect(await roleOf(role)).toEqual([{ rolcanlogin: false, rolpassword: null }]);
        await disableLegacyRole(owner, role, 'no_such_database');
        expect(await roleOf(role)).toEqual([{ rolcanlogin: false, rolpassword: null }]);
      } finally {
        await superuser.query(`DROP ROLE IF EXISTS "${role}"`);
      }
    });

    it('leaves alone the role of the database it is named after, and a server without the role', async () => {
      const role = `${databaseOf(env.ownerUrl)}_namesake`;
      const database = databaseOf(env.ownerUrl);
      await superuser.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${role}'`);
      try {
        // As the migrator grants a database's own role: CONNECT by name.
        await superuser.query(`GRANT CONNECT ON DATABASE "${database}" TO "${role}"`);
        await disableLegacyRole(owner, role, database);
        await login(role);
        expect(await roleOf(role)).toEqual([expect.objectContaining({ rolcanlogin: true })]);
        await expect(disableLegacyRole(owner, `${role}_absent`, database)).resolves.toBeUndefined();
      } finally {
        await superuser.query(`REVOKE ALL ON DATABASE "${database}" FROM "${role}"`);
        await superuser.query(`DROP ROLE IF EXISTS "${role}"`);
      }
    });
  });
});
