/**
 * The log's signing key, as bound in `ledger_log_keys` (migration 0003): read
 * the binding, and record a rotation. The database enforces the rules; this
 * module reads them and turns the database's refusal into a coded error.
 */
import { sql, type Kysely } from 'kysely';
import { LedgerError } from '../../common/errors';
import type { LedgerDatabase } from './database-schema';
import { SIGNING_KEY_MISMATCH_SQLSTATE } from './migrations/0003-log-keys';

/** A verifier key bound to a log origin from a tree size on. */
export interface LogKey {
  origin: string;
  fromTreeSize: number;
  verifierKey: string;
  /** The signed rotation statement that introduced the key; null for the log's first key. */
  rotationStatement: string | null;
}

/** Every key of `origin`, oldest first (empty before the first signed checkpoint). */
export async function logKeys(db: Kysely<LedgerDatabase>, origin: string): Promise<LogKey[]> {
  const rows = await db.selectFrom('ledger_log_keys').select(['origin', 'from_tree_size', 'verifier_key', 'rotation_statement'])
    .where('origin', '=', origin).orderBy('from_tree_size').execute();
  return rows.map((r) => ({ origin: r.origin, fromTreeSize: Number(r.from_tree_size), verifierKey: r.verifier_key, rotationStatement: r.rotation_statement }));
}

/** The key that signs `origin`'s next checkpoint, or null when the log has none yet. */
export async function currentLogKey(db: Kysely<LedgerDatabase>, origin: string): Promise<LogKey | null> {
  const keys = await logKeys(db, origin);
  return keys[keys.length - 1] ?? null;
}

/**
 * Refuses, before anything is signed, a signer whose verifier key is not the
 * log's current key (SIGNING_KEY_MISMATCH). A log without a key accepts any:
 * its first checkpoint binds it.
 */
export async function assertLogKey(db: Kysely<LedgerDatabase>, origin: string, verifierKey: string): Promise<void> {
  const current = await currentLogKey(db, origin);
  if (current && current.verifierKey !== verifierKey) throw keyMismatch(origin, current.verifierKey, verifierKey);
}

/**
 * Binds `verifierKey` to `origin` from `fromTreeSize` on, with the signed
 * rotation statement that authorizes it. The database refuses it unless the
 * statement names the current key as old and this key as new, and the tree
 * size is after every existing binding (SIGNING_KEY_MISMATCH).
 */
export async function bindRotatedKey(db: Kysely<LedgerDatabase>, key: { origin: string; verifierKey: string; fromTreeSize: number; rotationStatement: string }): Promise<void> {
  try {
    // The application role may not INSERT: the owner's function does (migration 0004).
    await sql`SELECT ledger_bind_log_key(${key.origin}, ${String(key.fromTreeSize)}::bigint, ${key.verifierKey}, ${key.rotationStatement})`.execute(db);
  } catch (e) {
    throw mapKeyError(e);
  }
}

/** Turns the database's key refusal (SQLSTATE SL409) into LedgerError SIGNING_KEY_MISMATCH; other errors pass through. */
export function mapKeyError(e: unknown): unknown {
  if ((e as { code?: unknown })?.code === SIGNING_KEY_MISMATCH_SQLSTATE) {
    return new LedgerError('SIGNING_KEY_MISMATCH', `refused by the ledger database: ${(e as Error).message}`, { cause: e });
  }
  return e;
}

/** The SIGNING_KEY_MISMATCH error for a signer that is not the log's key. */
export function keyMismatch(origin: string, bound: string, offered: string): LedgerError {
  return new LedgerError('SIGNING_KEY_MISMATCH',
    `log ${JSON.stringify(origin)} is signed by key ${JSON.stringify(bound)}; this signing key is ${JSON.stringify(offered)}. Configure the log's key (SYNTHLEDGER_SIGNING_KEY or SYNTHLEDGER_SIGNING_KEY_FILE), or rotate with \`synthledger keys rotate --new-key FILE\``,
    { details: { origin, boundKey: bound, offeredKey: offered } });
}
