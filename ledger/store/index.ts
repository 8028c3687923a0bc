/**
 * The PostgreSQL ledger store (kysely + pg): the database and its roles,
 * migrations (append-only triggers, the `ledger_append` function), the
 * writer, the reader, blobs, checkpoints and receipts. Builds on the pure
 * `ledger/core`; knows nothing of Temporal or syntheses.
 */
export { Ledger } from './ledger';
export type { LedgerOpenOptions } from './ledger';
export { LedgerWriter, rowToEntry } from './ledger-writer';
export type { LedgerWriterOptions } from './ledger-writer';
export { LedgerReader } from './ledger-reader';
export type { LogState } from './ledger-reader';
export { BlobStore } from './blob-store';
export type { Blob } from './blob-store';
export { openLedgerDb, databaseUrl, appUrlFor, APP_ROLE, DEFAULT_APP_PASSWORD } from './ledger-database';
export type { LedgerDatabase } from './database-schema';
export { migrateLedger, ensureDatabase, dropDatabase, DEFAULT_LOG_ORIGIN } from './migrator';
export type { MigrateOutcome } from './migrator';
export { createCheckpoint, latestCheckpoint, checkpointAt } from './checkpointer';
export type { StoredCheckpoint } from './checkpointer';
export { buildReceipt } from './receipt-builder';
export { logKeys, currentLogKey, assertLogKey, bindRotatedKey, keyMismatch, mapKeyError } from './log-keys';
export type { LogKey } from './log-keys';
export type { ReceiptExtras } from './receipt-builder';
