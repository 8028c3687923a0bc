/**
 * Jest global setup: ONE Temporal dev server and ONE fresh, migrated
 * PostgreSQL database per test run. Test files find them through env vars:
 * TEMPORAL_ADDRESS, SYNTHLEDGER_TEST_OWNER_URL (owner) and DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { databaseUrl } from '../../ledger/store/ledger-database';
import { ensureDatabase, migrateDatabase } from '../../ledger/store/migrator';
import { APP_PASSWORD_ENV, generateAppPassword } from '../../ledger/store/app-role';
import { findPostgres } from '../../runtime/services/postgres-server';
import { startTemporalDevServer } from '../../runtime/services/temporal-server';
import { generateSigningKey } from '../../ledger/core/signing-key';
import { DEFAULT_LOG_ORIGIN } from '../../ledger/store/migrator';

export default async function globalSetup(): Promise<void> {
  await setupServices({ temporalDevServer: true });
}

/** The setup above; without the dev server for tests that start their own Temporal (test/cluster/). */
export async function setupServices(options: { temporalDevServer: boolean }): Promise<void> {
  const log = (m: string) => process.stderr.write(`[setup] ${m}\n`);
  const [pg, temporal] = await Promise.all([findPostgres(process.env, log), options.temporalDevServer ? startTemporalDevServer({ log }) : undefined]);
  const dbName = `synthledger_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(pg.adminUrl, dbName);
  const ownerUrl = databaseUrl(pg.adminUrl, dbName);
  // One application role password for this run: every test database's role (and the CLI under test) uses it.
  process.env[APP_PASSWORD_ENV] = generateAppPassword();
  await migrateDatabase(ownerUrl);
  process.env.SYNTHLEDGER_TEST_ADMIN_URL = pg.adminUrl;
  process.env.SYNTHLEDGER_TEST_DB_NAME = dbName;
  process.env.SYNTHLEDGER_TEST_OWNER_URL = ownerUrl;
  process.env.DATABASE_URL = ownerUrl;
  if (temporal) process.env.TEMPORAL_ADDRESS = temporal.address;
  // The log has one signing key (migration 0003): every test that signs the shared test log uses this one.
  process.env.SYNTHLEDGER_TEST_SIGNER_KEY = generateSigningKey(DEFAULT_LOG_ORIGIN).signerKey;
  (globalThis as Record<string, unknown>).__synthledgerServices = { pg, temporal, dbName };
  log(`PostgreSQL database ${dbName} (${pg.origin})${temporal ? `; Temporal ${temporal.address}` : ''}`);
}
