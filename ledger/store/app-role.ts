/**
 * The application role of one ledger database: its name is derived from the
 * database's name, so every database has its own role and a role of one
 * database can neither connect to nor read another (migration 0004,
 * docs/adr/0007).
 */
import { createHash, randomBytes } from 'node:crypto';
import { EnvironmentError } from '../../common/errors';

/** PostgreSQL truncates identifiers to NAMEDATALEN - 1 = 63 bytes; a derived name must fit whole. */
export const MAX_ROLE_NAME_BYTES = 63;
/** Suffix of every application role name. */
export const APP_ROLE_SUFFIX = '_app';
/**
 * How long a session of the application role may sit idle inside a
 * transaction before the server ends it (`idle_in_transaction_session_timeout`,
 * set per database by the migrator): 30 s. The application never leaves a
 * transaction open while it waits for something else (every append,
 * submission, integration and park is one statement; the streaming reader
 * holds a read-only transaction between batches of 1,000 rows), so only a
 * stalled process reaches it, and it stops holding the sequencer's row lock
 * (docs/adr/0007).
 */
export const APP_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;
/** Environment variable that supplies the application role's password (else the one `migrate` stored). */
export const APP_PASSWORD_ENV = 'SYNTHLEDGER_APP_PASSWORD';

/**
 * The application role of database `database`: `<database>_app` when that is
 * a plain lower-case identifier of at most 63 bytes; otherwise a cleaned,
 * shortened prefix plus 12 hex digits of the name's SHA-256, so two databases
 * never share a role.
 */
export function appRoleName(database: string): string {
  const plain = `${database}${APP_ROLE_SUFFIX}`;
  if (/^[a-z_][a-z0-9_]*$/.test(plain) && plain.length <= MAX_ROLE_NAME_BYTES) return plain;
  const digest = createHash('sha256').update(database, 'utf8').digest('hex').slice(0, 12);
  let prefix = database.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  if (!/^[a-z_]/.test(prefix)) prefix = `db_${prefix}`;
  prefix = prefix.slice(0, MAX_ROLE_NAME_BYTES - digest.length - APP_ROLE_SUFFIX.length - 1);
  return `${prefix}_${digest}${APP_ROLE_SUFFIX}`;
}

/** The database named in the path of `url`. */
export function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new EnvironmentError('CONFIG_INVALID', 'the database URL names no database (its path is empty)', { details: { field: 'DATABASE_URL' } });
  return name;
}

/** A fresh password for an application role: 24 random bytes, base64url (URL-safe, no quoting needed). */
export function generateAppPassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The application role's URL for the database of `ownerUrl`: the same server
 * and database, the derived role, and `password` (else $SYNTHLEDGER_APP_PASSWORD).
 * SYNTHLEDGER_APP_DATABASE_URL, when set, is used as given. There is no
 * default password: without one this throws CONFIG_INVALID.
 */
export function appUrlFor(ownerUrl: string, env: NodeJS.ProcessEnv = process.env, password?: string): string {
  if (env.SYNTHLEDGER_APP_DATABASE_URL) return env.SYNTHLEDGER_APP_DATABASE_URL;
  const secret = password ?? env[APP_PASSWORD_ENV];
  if (!secret) {
    throw new EnvironmentError('CONFIG_INVALID',
      `no password for the ledger's application role: run \`synthledger migrate\` (it stores one) or set ${APP_PASSWORD_ENV}`,
      { details: { field: APP_PASSWORD_ENV } });
  }
  const url = new URL(ownerUrl);
  url.username = appRoleName(databaseOf(ownerUrl));
  url.password = secret;
  return url.toString();
}
