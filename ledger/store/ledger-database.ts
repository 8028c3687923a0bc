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

/**
 * A statement whose text starts with this comment (`/* prepared:<name> *\/`)
 * runs as the named prepared statement `<name>` on each connection: parsed
 * and planned once per connection instead of once per call. For hot
 * statements of constant text (parameters as $n), such as a proof's node
 * lookup, where planning costs as much as executing.
 */
export const PREPARED_MARK = /^\/\* prepared:([a-z_]+) \*\//;

/** The pool under each instance {@link openLedgerDb} opened, for the statements kysely cannot send (COPY). */
const POOLS = new WeakMap<Kysely<LedgerDatabase>, Pool>();

/**
 * The pg pool under `db` when {@link openLedgerDb} opened it (undefined for
 * any other instance, a transaction's included): for protocol features
 * kysely has no way to send, such as `COPY … TO STDOUT`.
 */
export function poolOf(db: Kysely<LedgerDatabase>): Pool | undefined {
  return POOLS.get(db);
}

/** The connection string `db` was opened with by {@link openLedgerDb}, or undefined. */
export function urlOf(db: Kysely<LedgerDatabase>): string | undefined {
  return POOLS.get(db)?.options.connectionString;
}

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
    preparesMarkedStatements(client);
  });
  const db = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }), log: options.log });
  POOLS.set(db, pool);
  return db;
}

/** Makes `client` run every statement marked with {@link PREPARED_MARK} as its named prepared statement. */
function preparesMarkedStatements(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  // kysely calls query(text, values); pg prepares a named statement on its first use on a connection.
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [config, values, ...rest] = args;
    const name = typeof config === 'string' && Array.isArray(values) ? PREPARED_MARK.exec(config)?.[1] : undefined;
    return name ? query({ name, text: config, values }, ...rest) : query(...args);
  };
}

/** The URL of `database` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
