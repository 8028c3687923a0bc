/**
 * Connections to the ledger database: the owner (runs migrations) and the
 * application role (may only INSERT and SELECT ledger rows).
 */
import { Kysely, PostgresDialect, type LogConfig } from 'kysely';
import { Pool, types } from 'pg';
import type { LedgerDatabase } from './database-schema';

// bigint (int8) as string: ledger indexes may exceed 2^53 in principle; callers convert where safe.
types.setTypeParser(20, (v) => v);

/** Name of the application role created by the migrations. */
export const APP_ROLE = 'synthledger_app';
/** Default password of the application role (trust auth ignores it); override with SYNTHLEDGER_APP_PASSWORD. */
export const DEFAULT_APP_PASSWORD = 'synthledger_app';

/** Opens a kysely instance over a pg pool. */
export function openLedgerDb(url: string, options: { max?: number; log?: LogConfig } = {}): Kysely<LedgerDatabase> {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  return new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }), log: options.log });
}

/** The URL of `database` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The application role's URL for the database of `ownerUrl` (or SYNTHLEDGER_APP_DATABASE_URL). */
export function appUrlFor(ownerUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.SYNTHLEDGER_APP_DATABASE_URL) return env.SYNTHLEDGER_APP_DATABASE_URL;
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = env.SYNTHLEDGER_APP_PASSWORD ?? DEFAULT_APP_PASSWORD;
  return url.toString();
}
