/**
 * `keys rotate`: the log's current key signs a rotation statement naming the
 * new key and the tree size from which it signs; the database binds the new
 * key (refusing it unless the statement names the current key) and the
 * statement is recorded as a ledger entry of the `log-keys` stream.
 */
import { ValidationError } from '../../common/errors';
import { signKeyRotation, type KeyRotation } from '../../ledger/core/key-rotation';
import type { LedgerEntry } from '../../ledger/core/ledger-entry';
import type { SigningKey } from '../../ledger/core/signing-key';
import { latestCheckpoint } from '../../ledger/store/checkpointer';
import type { Ledger } from '../../ledger/store/ledger';
import { bindRotatedKey, currentLogKey, keyMismatch, logKeys } from '../../ledger/store/log-keys';

/** Stream of the log's own key history. */
export const LOG_KEYS_STREAM = 'log-keys';
/** Entry kind of a recorded rotation statement. */
export const KEY_ROTATION_KIND = 'log.key-rotation';

/** What {@link rotateLogKey} did. */
export interface KeyRotationOutcome {
  rotation: KeyRotation;
  /** The signed statement (signed note). */
  statement: string;
  entry: LedgerEntry;
}

/**
 * Rotates the log's key from `oldKey` (which must be the current key) to
 * `newKey`. The new key applies from the tree size after every existing
 * entry and checkpoint, so the checkpoint covering the rotation entry is the
 * first the new key signs. Throws SIGNING_KEY_MISMATCH or INVALID_ARGUMENT;
 * a repeated call with the same keys records the entry once.
 */
export async function rotateLogKey(ledger: Ledger, oldKey: SigningKey, newKey: SigningKey): Promise<KeyRotationOutcome> {
  const { origin, size } = await ledger.reader.logState();
  const keys = await logKeys(ledger.db, origin);
  const already = keys.find((k) => k.verifierKey === newKey.verifierKey && k.rotationStatement !== null);
  let statement: string;
  let rotation: KeyRotation;
  if (already) {
    // Bound by an earlier run that stopped before recording the entry.
    statement = already.rotationStatement!;
    rotation = { origin, oldKey: oldKey.verifierKey, newKey: newKey.verifierKey, fromTreeSize: already.fromTreeSize };
  } else {
    const current = await currentLogKey(ledger.db, origin);
    if (!current) throw ValidationError.single('INVALID_ARGUMENT', 'signing key', 'bound', `log ${JSON.stringify(origin)} has no key yet: run \`synthledger keys init\``);
    if (current.verifierKey === newKey.verifierKey) throw ValidationError.single('INVALID_ARGUMENT', '--new-key', 'new', '--new-key is already the log\'s key');
    if (current.verifierKey !== oldKey.verifierKey) throw keyMismatch(origin, current.verifierKey, oldKey.verifierKey);
    const signed = (await latestCheckpoint(ledger.db))?.treeSize ?? 0;
    rotation = { origin, oldKey: oldKey.verifierKey, newKey: newKey.verifierKey, fromTreeSize: Math.max(size, signed) + 1 };
    statement = signKeyRotation(rotation, oldKey, newKey);
    await bindRotatedKey(ledger.db, { origin, verifierKey: newKey.verifierKey, fromTreeSize: rotation.fromTreeSize, rotationStatement: statement });
  }
  const entry = await ledger.writer.append({
    stream: LOG_KEYS_STREAM, kind: KEY_ROTATION_KIND, contract: null,
    payload: { ...rotation, statement },
    idempotencyKey: `${LOG_KEYS_STREAM}/rotation/${newKey.verifierKey}`,
  });
  return { rotation, statement, entry };
}
