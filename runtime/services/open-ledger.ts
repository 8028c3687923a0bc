/**
 * Opens the ledger database: created and migrated as its owner, then used as
 * the INSERT/SELECT-only application role.
 */
import { EnvironmentError, LedgerError } from '../../common/errors';
import { appUrlFor, databaseUrl, ensureDatabase, Ledger, migrateLedger, openLedgerDb } from '../../ledger';
import { answers, embeddedAdminUrl, findPostgres, localPostgresUrl, type PostgresServer } from './postgres-server';
import { redact } from './redact';
import { DEFAULT_DATABASE_NAME, type RuntimeConfig } from './runtime-config';

/** An open ledger and what it took to open it. */
export interface LedgerHandle {
  ledger: Ledger;
  ownerUrl: string;
  origin: PostgresServer['origin'] | 'embedded (already running)';
  close(): Promise<void>;
}

/**
 * Opens the ledger: DATABASE_URL as given, else database `synthledger` on a
 * found server (local, an already running embedded one, or a new embedded
 * one), created and migrated. Returns the ledger as the application role.
 */
export async function openLedger(config: RuntimeConfig, log: (m: string) => void = () => {}): Promise<LedgerHandle> {
  let server: PostgresServer;
  let origin: LedgerHandle['origin'];
  let ownerUrl: string;
  if (config.databaseUrl) {
    server = await findPostgres(config.env, log);
    ownerUrl = config.databaseUrl;
    origin = server.origin;
  } else {
    // A second process must reuse the embedded server the first one started, not start another.
    const embedded = embeddedAdminUrl(config.env);
    if (!(await answers(localPostgresUrl(config.env))) && (await answers(embedded))) {
      server = { adminUrl: embedded, origin: 'embedded', stop: async () => {} };
      origin = 'embedded (already running)';
    } else {
      server = await findPostgres(config.env, log);
      origin = server.origin;
    }
    try {
      await ensureDatabase(server.adminUrl, DEFAULT_DATABASE_NAME);
    } catch (cause) {
      await server.stop();
      throw new EnvironmentError('SERVICE_UNAVAILABLE', `cannot create database ${DEFAULT_DATABASE_NAME} on ${redact(server.adminUrl)}: ${(cause as Error).message}`, { cause });
    }
    ownerUrl = databaseUrl(server.adminUrl, DEFAULT_DATABASE_NAME);
  }
  const owner = openLedgerDb(ownerUrl, { max: 1 });
  try {
    await migrateLedger(owner, config.env);
  } catch (cause) {
    await server.stop();
    if (cause instanceof LedgerError) throw cause;
    throw new EnvironmentError('SERVICE_UNAVAILABLE', `cannot reach or migrate the ledger database ${redact(ownerUrl)}: ${(cause as Error).message}`, { cause });
  } finally {
    await owner.destroy();
  }
  const ledger = Ledger.open(appUrlFor(ownerUrl, config.env), { maxConnections: 5 });
  return {
    ledger, ownerUrl, origin,
    close: async () => {
      await ledger.close();
      await server.stop();
    },
  };
}
