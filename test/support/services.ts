/** Access for test files to the services started by the global setup. */
import { randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import { openLedgerDb } from '../../ledger/store/ledger-database';
import { appUrlFor } from '../../ledger/store/app-role';
import type { LedgerDatabase } from '../../ledger/store/database-schema';
import { parseSignerKey, type SigningKey } from '../../ledger/core/signing-key';
import { EMPTY_TRUST_POLICY, parseTrustedKeys, type TrustPolicy } from '../../ledger/core/trust-policy';

/** The test database's owner URL (migrations, tamper tests). */
export function ownerUrl(): string {
  const url = process.env.SYNTHLEDGER_TEST_OWNER_URL;
  if (!url) throw new Error('SYNTHLEDGER_TEST_OWNER_URL unset: run tests through jest with the global setup');
  return url;
}

/** The test database as the application role (SELECT and the ledger functions only). */
export function appUrl(): string {
  return appUrlFor(ownerUrl());
}

/** The signer key text of the test log (one key per log: every test signing the shared database uses it). */
export function testSignerKey(): string {
  const key = process.env.SYNTHLEDGER_TEST_SIGNER_KEY;
  if (!key) throw new Error('SYNTHLEDGER_TEST_SIGNER_KEY unset: run tests through jest with the global setup');
  return key;
}

/** The test log's signing key. */
export function testSigner(): SigningKey {
  return parseSignerKey(testSignerKey());
}

/** A trust policy pinning the test log's key, as a reader pins the publisher's key. */
export function pinnedTestKey(): TrustPolicy {
  return { ...EMPTY_TRUST_POLICY, anyOrigin: parseTrustedKeys([testSigner().verifierKey], '--trusted-key') };
}

/** The Temporal dev server address. */
export function temporalAddress(): string {
  const a = process.env.TEMPORAL_ADDRESS;
  if (!a) throw new Error('TEMPORAL_ADDRESS unset: run tests through jest with the global setup');
  return a;
}

/** Opens the test database as the application role. */
export function openAppDb(max = 5): Kysely<LedgerDatabase> {
  return openLedgerDb(appUrl(), { max });
}

/** Opens the test database as its owner. */
export function openOwnerDb(max = 2): Kysely<LedgerDatabase> {
  return openLedgerDb(ownerUrl(), { max });
}

/** A stream id unique to this test. */
export function uniqueStream(prefix = 'test'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** Creates and migrates a database of its own for a test that must damage data; returns its owner URL and a drop function. */
export async function freshDatabase(tag: string): Promise<{ ownerUrl: string; appUrl: string; drop: () => Promise<void> }> {
  const { ensureDatabase, dropDatabase, migrateDatabase } = await import('../../ledger/store/migrator');
  const { databaseUrl } = await import('../../ledger/store/ledger-database');
  const admin = process.env.SYNTHLEDGER_TEST_ADMIN_URL;
  if (!admin) throw new Error('SYNTHLEDGER_TEST_ADMIN_URL unset: run tests through jest with the global setup');
  const name = `${process.env.SYNTHLEDGER_TEST_DB_NAME}_${tag}`;
  await ensureDatabase(admin, name);
  const url = databaseUrl(admin, name);
  const { appUrl } = await migrateDatabase(url);
  return { ownerUrl: url, appUrl, drop: () => dropDatabase(admin, name) };
}
