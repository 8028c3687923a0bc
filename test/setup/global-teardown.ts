/** Jest global teardown: stops the Temporal dev server (when one was started) and drops the test database. */
import { dropDatabase } from '../../ledger/store/migrator';
import type { PostgresServer } from '../../runtime/services/postgres-server';
import type { TemporalDevServer } from '../../runtime/services/temporal-server';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>).__synthledgerServices as
    | { pg: PostgresServer; temporal?: TemporalDevServer; dbName: string }
    | undefined;
  if (!services) return;
  await services.temporal?.stop();
  if (!process.env.SYNTHLEDGER_KEEP_TEST_DB) await dropDatabase(services.pg.adminUrl, services.dbName);
  await services.pg.stop();
}
