/**
 * Runs the ledger's kysely migrations as the database owner, creates the
 * application role and grants it INSERT and SELECT only on ledger rows.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationResult } from 'kysely';
import { Client } from 'pg';
import { LedgerError } from '../../common/errors';
import { APP_ROLE, DEFAULT_APP_PASSWORD } from './ledger-database';
import * as m0001 from './migrations/0001-ledger-tables';
import * as m0002 from './migrations/0002-append-function';
import * as m0003 from './migrations/0003-log-keys';
import { APPEND_ONLY_TABLES } from './migrations/0001-ledger-tables';
import { LOG_KEY_TABLES } from './migrations/0003-log-keys';
import { sha256Bytes } from '../core/hash';

/** Default log origin (C2SP checkpoint first line); set SYNTHLEDGER_LOG_ORIGIN before the first migration to change it. */
export const DEFAULT_LOG_ORIGIN = 'synthledger.local/log';

const MIGRATIONS: Record<string, Migration> = { '0001-ledger-tables': m0001, '0002-append-function': m0002, '0003-log-keys': m0003 };

/** Outcome of {@link migrateLedger}: kysely's per-migration results. */
export interface MigrateOutcome {
  results: MigrationResult[];
}

/** Brings the schema up to date, ensures the log state row and the application role's grants. Idempotent. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function migrateLedger(db: Kysely<any>, env: NodeJS.ProcessEnv = process.env): Promise<MigrateOutcome> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new LedgerError('LEDGER_UNAVAILABLE', `migration failed: ${String((error as Error).message ?? error)}`, { cause: error, details: { results } });
  const origin = env.SYNTHLEDGER_LOG_ORIGIN ?? DEFAULT_LOG_ORIGIN;
  await sql`INSERT INTO ledger_log_state (id, origin, size, frontier, root_hash)
    VALUES (1, ${origin}, 0, '[]'::jsonb, ${sha256Bytes('').toString('hex')}) ON CONFLICT (id) DO NOTHING`.execute(db);
  await ensureAppRole(db, env.SYNTHLEDGER_APP_PASSWORD ?? DEFAULT_APP_PASSWORD);
  return { results: results ?? [] };
}

async function ensureAppRole(db: Kysely<unknown>, password: string): Promise<void> {
  // Roles are cluster-wide and parallel test runs race to create it: tolerate "already exists".
  await sql`DO $$ BEGIN
      CREATE ROLE ${sql.id(APP_ROLE)} LOGIN PASSWORD ${sql.lit(password)};
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO ${sql.id(APP_ROLE)}`.execute(db);
  for (const table of [...APPEND_ONLY_TABLES, ...LOG_KEY_TABLES]) {
    await sql`REVOKE ALL ON ${sql.table(table)} FROM ${sql.id(APP_ROLE)}`.execute(db);
    await sql`GRANT SELECT, INSERT ON ${sql.table(table)} TO ${sql.id(APP_ROLE)}`.execute(db);
  }
  await sql`REVOKE ALL ON ledger_log_state FROM ${sql.id(APP_ROLE)}`.execute(db);
  await sql`GRANT SELECT, UPDATE ON ledger_log_state TO ${sql.id(APP_ROLE)}`.execute(db);
}

/** Creates database `name` on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (e) {
        if ((e as { code?: string }).code !== '42P04') throw e; // created concurrently
      }
    }
  } finally {
    await client.end();
  }
}

/** Drops database `name` (used by the test teardown), terminating its connections. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
