/**
 * The ledger: append-only, content-hashed entries in PostgreSQL, per-stream
 * hash chains, an RFC 9162 Merkle log with signed C2SP checkpoints, and the
 * verification of all of it. Knows nothing of Temporal or syntheses.
 */
export { Ledger } from './store/ledger';
export type { LedgerOpenOptions } from './store/ledger';
export { LedgerWriter } from './store/ledger-writer';
export type { LedgerWriterOptions } from './store/ledger-writer';
export { LedgerReader } from './store/ledger-reader';
export type { LogState } from './store/ledger-reader';
export { BlobStore } from './store/blob-store';
export type { Blob } from './store/blob-store';
export { prepareAppend, MAX_PAYLOAD_BYTES, MAX_STREAM_ID_LENGTH, MAX_IDEMPOTENCY_KEY_LENGTH } from './core/append-request';
export type { AppendRequest, PreparedAppend } from './core/append-request';
export { makeEntry } from './core/ledger-entry';
export type { LedgerEntry } from './core/ledger-entry';
export { openLedgerDb, databaseUrl } from './store/ledger-database';
export { appUrlFor, appRoleName, databaseOf, generateAppPassword, APP_PASSWORD_ENV } from './store/app-role';
export { migrateLedger, migrateDatabase, ensureDatabase, dropDatabase, DEFAULT_LOG_ORIGIN } from './store/migrator';
export type { MigrateOutcome, MigrateOptions } from './store/migrator';
export { createCheckpoint, latestCheckpoint, checkpointAt, waitForCheckpoint } from './store/checkpointer';
export type { StoredCheckpoint, CheckpointWaitOptions } from './store/checkpointer';
export { startBackgroundCheckpointer, CHECKPOINT_LEASE_KEY } from './store/background-checkpointer';
export type { BackgroundCheckpointer, BackgroundCheckpointerOptions, CheckpointerEvent } from './store/background-checkpointer';
export { buildReceipt } from './store/receipt-builder';
export { generateSigningKey, parseSignerKey, SigningKey } from './core/signing-key';
export { signCheckpoint, verifyCheckpoint } from './core/checkpoint';
export { buildTiles, tilePath } from './core/tlog-tiles';
export type { TileFile } from './core/tlog-tiles';
export { canonicalize } from './core/canonical-json';
export { sha256, hashJson, HASH_PATTERN, bytesToHash } from './core/hash';
export { verifyStreamRows } from './core/verify-stream';
export type { StreamVerification, EntryCheck, StoredEntryRow } from './core/verify-stream';
export { verifyLog } from './core/verify-log';
export type { LogVerification } from './core/verify-log';
export { verifyReceipt } from './core/verify-receipt';
export type { ReceiptVerification, VerificationStep, ReceiptInputs } from './core/verify-receipt';
export { verifyInclusion, verifyConsistency } from './core/merkle-verify';
export { parseTrustPolicy, trustPolicyFromDocument, parseTrustedKeys, splitTrustedKeyList, combineTrust, hasTrustRoot, trustedKeysFor, verifyTrustedCheckpoint, describeKey, EMPTY_TRUST_POLICY, TRUSTED_KEYS_ENV, MAX_TRUST_FILE_BYTES } from './core/trust-policy';
export type { TrustPolicy, TrustedKey, TrustedWitness, CheckpointTrust } from './core/trust-policy';
export { formatKeyRotation, signKeyRotation, parseKeyRotationText, openKeyRotation, KEY_ROTATION_HEADER } from './core/key-rotation';
export type { KeyRotation } from './core/key-rotation';
export { logKeys, currentLogKey, assertLogKey, bindRotatedKey, keyMismatch } from './store/log-keys';
export type { LogKey } from './store/log-keys';
export { verifyCosignatures, verifyCosignatureResponse, addCosignatures, parseCosignatureVerifierKey, parseCosignerKey, generateCosignerKey, Cosigner, CosignatureVerifier } from './core/cosignature';
export type { Cosignature, VerifyCosignaturesOptions } from './core/cosignature';
export { formatAddCheckpointRequest, parseAddCheckpointRequest } from './core/add-checkpoint-request';
export type { AddCheckpointRequest } from './core/add-checkpoint-request';
export { checkAddCheckpoint } from './core/witness-check';
export type { AddCheckpointDecision, WitnessState } from './core/witness-check';
