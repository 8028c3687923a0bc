/**
 * A PostgreSQL server of our own, in a temporary directory on a free port,
 * that a test or the chaos script may crash and restart at will
 * (`pg_ctl restart -m immediate`: the server dies without a checkpoint and
 * recovers from its WAL, as after a power cut). As root the server runs as
 * user `postgres`, like the embedded fallback (runtime/services/postgres-server.ts).
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseUrl } from '../../ledger/store/ledger-database';
import { ensureDatabase, migrateDatabase } from '../../ledger/store/migrator';
import { freePort } from '../../runtime/services/temporal-server';

/** A running throwaway server. */
export interface ThrowawayPostgres {
  /** Superuser URL of its `postgres` database (trust authentication, 127.0.0.1 only). */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** Crash-restarts the server (`pg_ctl restart -m immediate`); resolves when it accepts connections again. */
  crashRestart(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** The directory of the newest installed PostgreSQL's binaries (initdb, pg_ctl), or throws. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${root}/*/bin`);
  return join(root, versions[0]!, 'bin');
}

/** Starts a fresh server; `stop()` it when done. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'synthledger-pg-'));
  const dataDir = join(dir, 'data');
  const port = await freePort();
  // As root, initdb and the server refuse to run: they run as `postgres`, which must own the directory.
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
  if (asRoot) {
    chmodSync(dir, 0o755);
    chownSync(dir, ids.uid!, ids.gid!);
  }
  const run = (tool: string, args: string[]) => new Promise<void>((resolve, reject) => {
    execFile(join(bin, tool), args, { ...ids, cwd: dir, env: { ...process.env, LC_ALL: 'C', PGTZ: 'UTC' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${tool} ${args.join(' ')} failed: ${stderr || stdout || error.message}`));
      else resolve();
    });
  });
  const log = join(dir, 'server.log');
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=200`;
  try {
    await run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    await run('pg_ctl', ['-D', dataDir, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let stopped = false;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    // The server dies without a shutdown checkpoint and recovers from its WAL on start, as after a power cut.
    crashRestart: () => run('pg_ctl', ['-D', dataDir, '-l', log, '-o', options, '-m', 'immediate', '-w', '-t', '60', 'restart']),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        await run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '60', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Creates database `name` on `pg` and migrates it; returns the application role's URL (what workers and writers use). */
export async function migratedDatabase(pg: ThrowawayPostgres, name: string): Promise<string> {
  await ensureDatabase(pg.adminUrl, name);
  return (await migrateDatabase(databaseUrl(pg.adminUrl, name))).appUrl;
}
