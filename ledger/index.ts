/**
 * The ledger: append-only, content-hashed entries in PostgreSQL, per-stream
 * hash chains, an RFC 9162 Merkle log with signed C2SP checkpoints, and the
 * verification of all of it. Knows nothing of Temporal or syntheses.
 */
export { Ledger } from './ledger';
export type { LedgerOpenOptions } from './ledger';
export { LedgerWriter } from './ledger-writer';
export type { LedgerWriterOptions } from './ledger-writer';
export { LedgerReader } from './ledger-reader';
export type { LogState } from './ledger-reader';
export { BlobStore } from './blob-store';
export type { Blob } from './blob-store';
export { prepareAppend, MAX_PAYLOAD_BYTES, MAX_STREAM_ID_LENGTH, MAX_IDEMPOTENCY_KEY_LENGTH } from './append-request';
export type { AppendRequest, PreparedAppend } from './append-request';
export { makeEntry } from './ledger-entry';
export type { LedgerEntry } from './ledger-entry';
export { openLedgerDb, appUrlFor, databaseUrl, APP_ROLE } from './ledger-database';
export { migrateLedger, ensureDatabase, dropDatabase, DEFAULT_LOG_ORIGIN } from './migrator';
export { createCheckpoint, latestCheckpoint, checkpointAt } from './checkpointer';
export type { StoredCheckpoint } from './checkpointer';
export { buildReceipt } from './receipt-builder';
export { resolveSigningKey, defaultKeyFile, keyNameFor } from './key-store';
export { generateSigningKey, loadSigningKey, parseSignerKey, signCheckpoint, verifyCheckpoint, SigningKey } from './signing-key';
export { canonicalize } from './canonical-json';
export { sha256, hashJson, HASH_PATTERN } from './hash';
export { verifyStreamRows } from './verify-stream';
export type { StreamVerification, EntryCheck, StoredEntryRow } from './verify-stream';
export { verifyLog } from './verify-log';
export type { LogVerification } from './verify-log';
export { verifyReceipt } from './verify-receipt';
export type { ReceiptVerification, VerificationStep, ReceiptInputs } from './verify-receipt';
export { verifyInclusion, verifyConsistency } from './merkle-verify';
