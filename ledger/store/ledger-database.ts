/**
 * Connections to the ledger database: the owner (runs migrations) and the
 * application role (may only SELECT and EXECUTE the ledger functions,
 * migration 0004).
 */
import { Kysely, PostgresDialect, type LogConfig } from 'kysely';
import { Pool, types, type PoolClient } from 'pg';
import type { LedgerDatabase } from './database-schema';

// bigint (int8) as string: ledger indexes may exceed 2^53 in principle; callers convert where safe.
types.setTypeParser(20, (v) => v);

/** Options of {@link openLedgerDb}. */
export interface LedgerDbOptions {
  /** Pool size. Default 10. */
  max?: number;
  log?: LogConfig;
  /** Told of every connection error that the pool absorbed (server restart, network loss). */
  onConnectionError?: (error: Error) => void;
}

/**
 * Opens a kysely instance over a pg pool that survives its server: a lost
 * connection fails the statements running on it (the caller retries) and
 * never raises an unhandled `error` event.
 */
export function openLedgerDb(url: string, options: LedgerDbOptions = {}): Kysely<LedgerDatabase> {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  const absorb = (error: Error) => options.onConnectionError?.(error);
  // The pool's own listener covers idle clients only; a checked-out client that loses its
  // server emits `error` on itself, which without a listener ends the process. Its running
  // query is rejected anyway, and the pool discards the broken client when it is released.
  pool.on('error', absorb);
  pool.on('connect', (client: PoolClient) => {
    client.on('error', absorb);
  });
  return new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }), log: options.log });
}

/** The URL of `database` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
