/**
 * Produces signed checkpoints of the log (on request, from the background
 * checkpointer, and by a publication that waited for one in vain) and reads
 * them back.
 */
import { sql, type Kysely } from 'kysely';
import { LedgerError } from '../../common/errors';
import type { LedgerDatabase } from './database-schema';
import { formatCheckpointBody } from '../core/checkpoint';
import type { SigningKey } from '../core/signing-key';
import { signCheckpoint } from '../core/checkpoint';
import { LedgerReader } from './ledger-reader';
import { asLedgerError } from './database-errors';
import { keyMismatch, mapKeyError } from './log-keys';

/** A stored signed checkpoint. */
export interface StoredCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  /** The C2SP signed note text. */
  note: string;
  origin: string;
  /** The verifier key that signed it (null on checkpoints older than key binding). */
  verifierKey: string | null;
}

/**
 * Signs the log's current size and root; returns the stored checkpoint (the
 * existing one if that size was already signed). The root is recomputed from
 * the stored Merkle nodes first and a state that disagrees is refused with
 * LOG_STATE_CORRUPT before anything is signed; `ledger_add_checkpoint`
 * (migration 0004) checks the same again as it stores the row. The first
 * checkpoint of a log binds its key; a signer other than the key bound for
 * this size is refused with SIGNING_KEY_MISMATCH and nothing is written
 * (the database checks it, migration 0003). The waiters of this process on
 * `waitersOn` (the pool `db` was taken from, when it is one connection of
 * it) are handed the checkpoint.
 */
export async function createCheckpoint(db: Kysely<LedgerDatabase>, signer: SigningKey, waitersOn: Kysely<LedgerDatabase> = db): Promise<StoredCheckpoint> {
  const state = await db.selectFrom('ledger_log_state').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!state) throw new LedgerError('LOG_STATE_CORRUPT', 'ledger_log_state has no row: run `synthledger migrate`');
  const treeSize = Number(state.size);
  const rootHash = Buffer.from(state.root_hash, 'hex');
  const fromNodes = await new LedgerReader(db).rootAt(treeSize);
  if (!fromNodes.equals(rootHash)) {
    throw new LedgerError('LOG_STATE_CORRUPT',
      `the log state's root ${state.root_hash} at size ${treeSize} differs from the root ${fromNodes.toString('hex')} of the stored Merkle nodes: refusing to sign it`,
      { details: { treeSize, stateRoot: state.root_hash, nodesRoot: fromNodes.toString('hex') } });
  }
  const note = signCheckpoint(formatCheckpointBody({ origin: state.origin, treeSize, rootHash }), signer);
  try {
    await sql`SELECT ledger_add_checkpoint(${String(treeSize)}::bigint, ${state.root_hash}, ${note}, ${signer.verifierKey})`.execute(db);
  } catch (e) {
    const keyError = mapKeyError(e);
    throw keyError !== e ? keyError : asLedgerError(e, 'storing the checkpoint');
  }
  const stored = await checkpointAt(db, treeSize);
  // A checkpoint of this size signed earlier by another key (before migration 0003 bound keys).
  if (stored && stored.verifierKey !== null && stored.verifierKey !== signer.verifierKey) throw keyMismatch(state.origin, stored.verifierKey, signer.verifierKey);
  const signed = stored ?? { treeSize, rootHash, note, origin: state.origin, verifierKey: signer.verifierKey };
  wakeWaiters(waitersOn, signed);
  return signed;
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

function toStored(row: { tree_size: string; root_hash: string; note: string; verifier_key: string | null }): StoredCheckpoint {
  return { treeSize: Number(row.tree_size), rootHash: Buffer.from(row.root_hash, 'hex'), note: row.note, origin: row.note.split('\n', 1)[0] ?? '', verifierKey: row.verifier_key };
}

/**
 * Channel on which a waiting publication asks the background checkpointer
 * (docs/adr/0015) for a checkpoint; the payload is the leaf index it needs
 * covered. NOTIFY needs no privilege, so the application role may ask.
 */
export const CHECKPOINT_WANTED_CHANNEL = 'ledger_checkpoint_wanted';

/** Options of {@link waitForCheckpoint}. */
export interface CheckpointWaitOptions {
  /** How long to wait at most; 0 looks once. */
  timeoutMs: number;
  /** Called before each pause (an activity heartbeats here). */
  onWait?: () => void;
  /** Ask the background checkpointer for a checkpoint when none covers the entry yet (default true); false waits for its clock. */
  ask?: boolean;
  /** Longest pause between two looks, in milliseconds (default {@link MAX_POLL_MS}). */
  maxPauseMs?: number;
}

/** First pause between two looks, doubled after each up to {@link MAX_POLL_MS}. */
const FIRST_POLL_MS = 5;
/** Default of {@link CheckpointWaitOptions.maxPauseMs}. */
const MAX_POLL_MS = 50;

/**
 * The waiters of this process, each with its database and the leaf index it
 * needs covered. A checkpoint stored by this process (its background
 * checkpointer, most often) ends the pause of those it covers at once: a
 * waiter on the same database (the same Kysely instance) takes the stored
 * checkpoint as it is, one on another database in this process only looks
 * again. One signed by another process is seen by polling.
 */
const waiters = new Set<{ db: Kysely<LedgerDatabase>; leafIndex: number; wake: (signed: StoredCheckpoint | null) => void }>();

function wakeWaiters(db: Kysely<LedgerDatabase>, signed: StoredCheckpoint): void {
  for (const w of waiters) if (signed.treeSize > w.leafIndex) w.wake(w.db === db ? signed : null);
}

/**
 * A pause of `ms` that a checkpoint stored by this process covering
 * `leafIndex` ends early: with that checkpoint when it is of `db`, else null.
 */
function pauseUntilSigned(db: Kysely<LedgerDatabase>, leafIndex: number, ms: number): Promise<StoredCheckpoint | null> {
  return new Promise((resolve) => {
    const waiter = { db, leafIndex, wake: (signed: StoredCheckpoint | null) => {
      clearTimeout(timer);
      waiters.delete(waiter);
      resolve(signed);
    } };
    const timer = setTimeout(() => waiter.wake(null), ms);
    waiters.add(waiter);
  });
}

/**
 * The background checkpointers leading in this process, by the database
 * (Kysely instance) they sign for: a waiter on that database asks one
 * directly instead of over {@link CHECKPOINT_WANTED_CHANNEL}.
 */
const localLeaders = new Map<Kysely<LedgerDatabase>, () => void>();

/**
 * Registers `ask` as the way waiters of this process on `db` ask for a
 * checkpoint, while the caller leads (background-checkpointer.ts); returns
 * the function that withdraws it.
 */
export function leadInProcess(db: Kysely<LedgerDatabase>, ask: () => void): () => void {
  localLeaders.set(db, ask);
  return () => {
    if (localLeaders.get(db) === ask) localLeaders.delete(db);
  };
}

/** Asks for a checkpoint: the leader of this process on `db` directly, else whoever leads over NOTIFY. */
async function askForCheckpoint(db: Kysely<LedgerDatabase>, leafIndex: number): Promise<void> {
  const local = localLeaders.get(db);
  if (local) local();
  else await sql`SELECT pg_notify(${CHECKPOINT_WANTED_CHANNEL}, ${String(leafIndex)})`.execute(db);
}

/**
 * The latest checkpoint once one covers the entry at `leafIndex` (its tree
 * size is larger than the index), or null when none does within
 * `timeoutMs`. When none covers it at the first look, asks for one unless
 * told not to: the background checkpointer leading in this process on the
 * same `db` directly, else on {@link CHECKPOINT_WANTED_CHANNEL} (the one
 * that leads signs within its request spacing; without one, the ask is lost
 * and the wait ends as before). Reads `ledger_checkpoints` with a short
 * backoff: whoever signs (the background checkpointer of any process,
 * `synthledger checkpoint`) is seen the same way. A checkpoint this process
 * stores on `db` ends the wait at once and is returned as stored (the
 * background checkpointer of a worker, which leads when it is the only one,
 * signs in the process of its publications); one stored on another
 * database of this process ends the pause only.
 */
export async function waitForCheckpoint(db: Kysely<LedgerDatabase>, leafIndex: number, o: CheckpointWaitOptions): Promise<StoredCheckpoint | null> {
  const deadline = Date.now() + o.timeoutMs;
  // A checkpoint this process stored for `db` while the wait paused: it covers the entry, so no look is needed.
  let handed: StoredCheckpoint | null = null;
  for (let pause = FIRST_POLL_MS; ; pause = Math.min(pause * 2, o.maxPauseMs ?? MAX_POLL_MS)) {
    const latest = handed ?? await latestCheckpoint(db);
    if (latest && latest.treeSize > leafIndex) return latest;
    const left = deadline - Date.now();
    if (left <= 0) return null;
    if (pause === FIRST_POLL_MS && o.ask !== false) await askForCheckpoint(db, leafIndex);
    o.onWait?.();
    handed = await pauseUntilSigned(db, leafIndex, Math.min(pause, left));
  }
}
