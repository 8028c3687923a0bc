/**
 * Where the operator finds the application role's password: the environment
 * ($SYNTHLEDGER_APP_PASSWORD), else the file `synthledger migrate` wrote in
 * the cache directory (mode 0600, one file per server and role).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_PASSWORD_ENV, appRoleName, databaseOf } from '../../ledger/store/app-role';
import { cacheDir } from './cache-dir';

/** The application role's password and where it was found. */
export type AppPassword = { password: string; from: 'environment' } | { password: string; from: 'file'; file: string };

/** The file that holds the password of the application role of the database at `ownerUrl`. */
export function appPasswordFile(ownerUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = new URL(ownerUrl);
  const role = appRoleName(databaseOf(ownerUrl));
  // One server's role must not pick up another server's password: the host and port name the file too.
  const server = `${url.hostname || 'localhost'}-${url.port || '5432'}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(cacheDir(env), 'app-roles', `${server}-${role}.password`);
}

/** The application role's password from the environment or the stored file, or null when neither has one. */
export function readAppPassword(ownerUrl: string, env: NodeJS.ProcessEnv = process.env): AppPassword | null {
  const given = env[APP_PASSWORD_ENV]?.trim();
  if (given) return { password: given, from: 'environment' };
  const file = appPasswordFile(ownerUrl, env);
  if (!existsSync(file)) return null;
  const stored = readFileSync(file, 'utf8').trim();
  return stored ? { password: stored, from: 'file', file } : null;
}

/** Writes `password` to the role's file, readable by this user only; returns the path. */
export function storeAppPassword(ownerUrl: string, password: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = appPasswordFile(ownerUrl, env);
  const dir = join(file, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of an existing file: make sure it is private either way.
  chmodSync(file, 0o600);
  return file;
}
