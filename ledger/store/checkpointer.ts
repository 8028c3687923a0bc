/** Produces signed checkpoints of the log (on demand and after each publication) and reads them back. */
import type { Kysely } from 'kysely';
import { LedgerError } from '../../common/errors';
import type { LedgerDatabase } from './database-schema';
import { formatCheckpointBody } from '../core/checkpoint';
import type { SigningKey } from '../core/signing-key';
import { signCheckpoint } from '../core/checkpoint';

/** A stored signed checkpoint. */
export interface StoredCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  /** The C2SP signed note text. */
  note: string;
  origin: string;
}

/** Signs the log's current size and root; returns the stored checkpoint (the existing one if that size was already signed). */
export async function createCheckpoint(db: Kysely<LedgerDatabase>, signer: SigningKey): Promise<StoredCheckpoint> {
  const state = await db.selectFrom('ledger_log_state').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!state) throw new LedgerError('LOG_STATE_CORRUPT', 'ledger_log_state has no row: run `npm run migrate`');
  const treeSize = Number(state.size);
  const rootHash = Buffer.from(state.root_hash, 'hex');
  const note = signCheckpoint(formatCheckpointBody({ origin: state.origin, treeSize, rootHash }), signer);
  await db.insertInto('ledger_checkpoints').values({ tree_size: treeSize, root_hash: state.root_hash, note })
    .onConflict((oc) => oc.column('tree_size').doNothing()).execute();
  const stored = await checkpointAt(db, treeSize);
  return stored ?? { treeSize, rootHash, note, origin: state.origin };
}

/** The checkpoint signed at exactly `treeSize`, or null. */
export async function checkpointAt(db: Kysely<LedgerDatabase>, treeSize: number): Promise<StoredCheckpoint | null> {
  const row = await db.selectFrom('ledger_checkpoints').selectAll().where('tree_size', '=', String(treeSize)).executeTakeFirst();
  return row ? toStored(row) : null;
}

/** The checkpoint with the largest tree size, or null when none was signed. */
export async function latestCheckpoint(db: Kysely<LedgerDatabase>): Promise<StoredCheckpoint | null> {
  const row = await db.selectFrom('ledger_checkpoints').selectAll().where('tree_size', '>', '0')
    .orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
  return row ? toStored(row) : null;
}

function toStored(row: { tree_size: string; root_hash: string; note: string }): StoredCheckpoint {
  return { treeSize: Number(row.tree_size), rootHash: Buffer.from(row.root_hash, 'hex'), note: row.note, origin: row.note.split('\n', 1)[0] ?? '' };
}
