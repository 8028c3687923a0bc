/**
 * `synthledger migrate`: the one operation that connects as the database's
 * owner. Creates the default database if needed, runs the migrations, sets
 * up the database's application role and makes its password available to
 * the other commands and the workers (docs/adr/0007).
 */
import { EnvironmentError, LedgerError } from '../../common/errors';
import { databaseOf, ensureDatabase, migrateDatabase, type MigrateOutcome } from '../../ledger';
import { readAppPassword, storeAppPassword } from './app-credentials';
import { locateDatabase, type LocatedDatabase } from './locate-database';
import { redact } from './redact';
import type { RuntimeConfig } from './runtime-config';

/** What a migration did. */
export interface MigrationReport {
  ownerUrl: string;
  origin: LocatedDatabase['origin'];
  migrations: MigrateOutcome['results'];
  appRole: string;
  /** Where the role's password comes from: the environment, the stored file, or generated now (and stored). */
  passwordSource: 'environment' | 'stored file' | 'generated';
  /** The file that holds the password (null when it came from the environment). */
  passwordFile: string | null;
  /** Stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/**
 * Migrates the ledger database as its owner. The role's password is
 * $SYNTHLEDGER_APP_PASSWORD, else the one stored by an earlier migration,
 * else a new random one, stored under the cache directory (mode 0600).
 */
export async function migrateLedgerDatabase(config: RuntimeConfig, log: (m: string) => void = () => {}): Promise<MigrationReport> {
  const located = await locateDatabase(config, log);
  const { server, ownerUrl } = located;
  try {
    if (located.defaultDatabase) await ensureDatabase(server.adminUrl, databaseOf(ownerUrl));
    const known = readAppPassword(ownerUrl, config.env);
    const outcome = await migrateDatabase(ownerUrl, config.env, { appPassword: known?.password });
    const fromEnv = known?.from === 'environment';
    const passwordFile = fromEnv ? null : storeAppPassword(ownerUrl, outcome.appPassword, config.env);
    return {
      ownerUrl, origin: located.origin, migrations: outcome.results, appRole: outcome.appRole,
      passwordSource: fromEnv ? 'environment' : known ? 'stored file' : 'generated', passwordFile,
      close: () => server.stop(),
    };
  } catch (cause) {
    await server.stop();
    if (cause instanceof LedgerError || cause instanceof EnvironmentError) throw cause;
    throw new EnvironmentError('SERVICE_UNAVAILABLE', `cannot reach or migrate the ledger database ${redact(ownerUrl)} as its owner: ${(cause as Error).message}`, { cause });
  }
}
