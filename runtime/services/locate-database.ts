/** Finds the ledger database's server and URL, the same way for `migrate` and for every other command. */
import { databaseUrl } from '../../ledger';
import { answers, embeddedAdminUrl, findPostgres, localPostgresUrl, type PostgresServer } from './postgres-server';
import { DEFAULT_DATABASE_NAME, type RuntimeConfig } from './runtime-config';

/** Where the ledger database is. */
export interface LocatedDatabase {
  server: PostgresServer;
  /** The database's URL with the configured (owner) credentials. */
  ownerUrl: string;
  origin: PostgresServer['origin'] | 'embedded (already running)';
  /** True when the database is `synthledger` on a found server (DATABASE_URL unset), which `migrate` may create. */
  defaultDatabase: boolean;
}

/**
 * DATABASE_URL as given, else database `synthledger` on a found server
 * (local, an already running embedded one, or a new embedded one). Stop
 * `server` when done (a no-op unless this process started it).
 */
export async function locateDatabase(config: RuntimeConfig, log: (m: string) => void = () => {}): Promise<LocatedDatabase> {
  if (config.databaseUrl) {
    const server = await findPostgres(config.env, log);
    return { server, ownerUrl: config.databaseUrl, origin: server.origin, defaultDatabase: false };
  }
  // A second process must reuse the embedded server the first one started, not start another.
  const embedded = embeddedAdminUrl(config.env);
  if (!(await answers(localPostgresUrl(config.env))) && (await answers(embedded))) {
    const server: PostgresServer = { adminUrl: embedded, origin: 'embedded', stop: async () => {} };
    return { server, ownerUrl: databaseUrl(embedded, DEFAULT_DATABASE_NAME), origin: 'embedded (already running)', defaultDatabase: true };
  }
  const server = await findPostgres(config.env, log);
  return { server, ownerUrl: databaseUrl(server.adminUrl, DEFAULT_DATABASE_NAME), origin: server.origin, defaultDatabase: true };
}
