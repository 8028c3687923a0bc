/** Kysely table types of the ledger database (see ledger/store/migrations). */
import type { ColumnType, Generated } from 'kysely';
import type { StoredEntryRow } from '../core/verify-stream';

/** `ledger_entries`: one row per entry; insert-only (triggers refuse UPDATE, DELETE, TRUNCATE). */
/** The columns verification reads are those of {@link StoredEntryRow} (`header` and `payload` hold the exact JCS bytes hashed). */
export interface LedgerEntriesTable extends Omit<StoredEntryRow, 'idx'> {
  idx: ColumnType<string, string | number, never>;
  recorded_at: string;
  idempotency_key: string;
  inserted_at: Generated<Date>;
}

/** `ledger_log_state`: the single sequencer row (size, Merkle frontier, root). */
export interface LedgerLogStateTable {
  id: number;
  origin: string;
  size: ColumnType<string, string | number, string | number>;
  /** Hex hashes of the perfect subtrees on the right edge, largest first. */
  frontier: ColumnType<string[], string, string>;
  root_hash: string;
}

/** `ledger_merkle_nodes`: hashes of complete (perfect) subtrees, so proofs read O(log n) rows. */
export interface LedgerMerkleNodesTable {
  level: number;
  idx: ColumnType<string, string | number, never>;
  hash: Buffer;
}

/** `ledger_checkpoints`: signed checkpoints (C2SP signed notes); insert-only. */
export interface LedgerCheckpointsTable {
  tree_size: ColumnType<string, string | number, never>;
  root_hash: string;
  note: string;
  /** The verifier key that signed `note` (NULL only on checkpoints older than migration 0003). */
  verifier_key: ColumnType<string | null, string, never>;
  created_at: Generated<Date>;
}

/** `ledger_log_keys`: the log's signing key from a tree size on; insert-only (migration 0003). */
export interface LedgerLogKeysTable {
  origin: string;
  from_tree_size: ColumnType<string, string | number, never>;
  verifier_key: string;
  /** The signed rotation statement that introduced the key; NULL for the first key. */
  rotation_statement: string | null;
  created_at: Generated<Date>;
}

/** `ledger_blobs`: published artifacts by content hash; insert-only. */
export interface LedgerBlobsTable {
  sha256: string;
  media_type: string;
  bytes: Buffer;
  created_at: Generated<Date>;
}

/** `ledger_outcomes`: what `ledger_integrate` did with a submission whose outcome is too long for a notice (migrations 0005, 0006); a queue, pruned after ten minutes. */
export interface LedgerOutcomesTable {
  seq: ColumnType<string, never, never>;
  /** `ledger_append`'s result for the submission's groups, in order. */
  outcome: ColumnType<unknown, never, never>;
  integrated_at: ColumnType<Date, never, never>;
}

/** The ledger database. */
export interface LedgerDatabase {
  ledger_entries: LedgerEntriesTable;
  ledger_log_state: LedgerLogStateTable;
  ledger_merkle_nodes: LedgerMerkleNodesTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  ledger_blobs: LedgerBlobsTable;
  ledger_log_keys: LedgerLogKeysTable;
  ledger_outcomes: LedgerOutcomesTable;
}
