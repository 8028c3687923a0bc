/**
 * The PostgreSQL ledger store (kysely + pg): the database and its roles,
 * migrations (append-only triggers, the `ledger_append` function, least
 * privilege for the per-database application role), the
 * writer, the reader, blobs, checkpoints and receipts. Builds on the pure
 * `ledger/core`; knows nothing of Temporal or syntheses.
 */
export { Ledger } from './ledger';
export type { LedgerOpenOptions } from './ledger';
export { LedgerWriter, rowToEntry } from './ledger-writer';
export type { LedgerWriterOptions } from './ledger-writer';
export { DirectSequencer } from './append-sequencer';
export type { AppendSequencer, GroupResult, SubmittedBatch } from './append-sequencer';
export { BatchSequencer, DEFAULT_BATCH_MAX_ENTRIES } from './batch-sequencer';
export type { BatchSequencerOptions } from './batch-sequencer';
export { LedgerReader } from './ledger-reader';
export type { LogState } from './ledger-reader';
export { BlobStore } from './blob-store';
export type { Blob } from './blob-store';
export { openLedgerDb, databaseUrl } from './ledger-database';
export type { LedgerDbOptions } from './ledger-database';
export { appUrlFor, appRoleName, databaseOf, generateAppPassword, APP_PASSWORD_ENV } from './app-role';
export { asLedgerError, LEDGER_SQLSTATES } from './database-errors';
export type { LedgerDatabase } from './database-schema';
export { migrateLedger, migrateDatabase, ensureDatabase, dropDatabase, DEFAULT_LOG_ORIGIN } from './migrator';
export type { MigrateOutcome, MigrateOptions } from './migrator';
export { createCheckpoint, latestCheckpoint, checkpointAt, waitForCheckpoint } from './checkpointer';
export type { StoredCheckpoint, CheckpointWaitOptions } from './checkpointer';
export { startBackgroundCheckpointer, CHECKPOINT_LEASE_KEY } from './background-checkpointer';
export type { BackgroundCheckpointer, BackgroundCheckpointerOptions, CheckpointerEvent } from './background-checkpointer';
export { buildReceipt } from './receipt-builder';
export { logKeys, currentLogKey, assertLogKey, bindRotatedKey, keyMismatch, mapKeyError } from './log-keys';
export type { LogKey } from './log-keys';
export type { ReceiptExtras } from './receipt-builder';
