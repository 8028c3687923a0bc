/**
 * The pure ledger core: RFC 8785 canonical JSON, SHA-256 content hashes,
 * ledger entries and append requests, the RFC 9162 Merkle tree and its
 * proofs, C2SP signed notes and checkpoints, and every verifier. No
 * database and no Temporal; `node:crypto` only in crypto-primitives.ts.
 */
export { canonicalize } from './canonical-json';
export { sha256, sha256Bytes, hashJson, hashToBytes, bytesToHash, HASH_PREFIX, HASH_PATTERN } from './hash';
export type { ContentHash } from './hash';
export { makeEntry } from './ledger-entry';
export type { LedgerEntry } from './ledger-entry';
export { prepareAppend, MAX_PAYLOAD_BYTES, MAX_STREAM_ID_LENGTH, MAX_IDEMPOTENCY_KEY_LENGTH } from './append-request';
export type { AppendRequest, PreparedAppend } from './append-request';
export { buildTiles, tilePath, tileIndexPath, TILE_WIDTH, MAX_BUNDLED_ENTRY_BYTES } from './tlog-tiles';
export type { TileFile } from './tlog-tiles';
export { LEAF_PREFIX, NODE_PREFIX, HASH_SIZE, emptyRoot, leafHash, nodeHash, rootFromLeafHashes, largestPowerOfTwoBelow, perfectSubtreeLevels } from './merkle';
export type { NodeId } from './merkle';
export { MerkleFrontier } from './merkle-frontier';
export type { StoredNode, MerkleFrontierJSON } from './merkle-frontier';
export { planRoot, planInclusionProof, planConsistencyProof, MemoryNodeStore } from './merkle-proofs';
export type { ProofPlan } from './merkle-proofs';
export { verifyInclusion, verifyConsistency, rootFromInclusionProof, inclusionProofLength, consistencyProofLength } from './merkle-verify';
export {
  ED25519_SIGNATURE_TYPE, ED25519_KEY_SIZE, ED25519_SIGNATURE_SIZE, MAX_NOTE_SIGNATURES, SIGNATURE_LINE_PREFIX,
  isValidKeyName, computeKeyHash, Ed25519NoteVerifier, formatVerifierKey, parseVerifierKey, signNote, openNote,
} from './signed-note';
export type { NoteSigner, NoteVerifier, NoteSignature, OpenedNote } from './signed-note';
export { formatCheckpointBody, parseCheckpointBody } from './checkpoint';
export type { Checkpoint } from './checkpoint';
export { SigningKey, generateSigningKey, parseSignerKey } from './signing-key';
export { signCheckpoint, verifyCheckpoint } from './checkpoint';
export type { VerifiedCheckpoint } from './checkpoint';
export { verifyStreamRows, checkRow } from './verify-stream';
export { readCanonicalHeader } from './canonical-header';
export type { StoredEntryRow, StoredEntryBytesRow, EntryCheck, StreamVerification } from './verify-stream';
export { verifyLog } from './verify-log';
export type { LogVerification, VerifyLogOptions, CheckedRunSource } from './verify-log';
export { checkRun } from './checked-run';
export type { CheckedRun, StreamInRun } from './checked-run';
export { verifyReceipt, checkConsistencySince } from './verify-receipt';
export type { ReceiptInputs, ReceiptVerification, VerificationStep, VerificationStatus, UsedKey } from './verify-receipt';
export {
  parseTrustPolicy, trustPolicyFromDocument, parseTrustedKeys, splitTrustedKeyList, combineTrust, hasTrustRoot, trustedKeysFor, verifyTrustedCheckpoint,
  describeKey, EMPTY_TRUST_POLICY, TRUSTED_KEYS_ENV, MAX_TRUST_FILE_BYTES,
} from './trust-policy';
export type { TrustPolicy, TrustedKey, TrustedWitness, CheckpointTrust } from './trust-policy';
export { formatKeyRotation, signKeyRotation, parseKeyRotationText, openKeyRotation, KEY_ROTATION_HEADER } from './key-rotation';
export type { KeyRotation } from './key-rotation';
export { verifyEvidence, parseStreamJsonl, evidenceFailure } from './verify-evidence';
export type { EvidenceEntry, EvidenceCheck, EvidenceInputs, EvidenceVerification } from './verify-evidence';
export { parseNote, parseSignatureBlock } from './signed-note';
export type { ParsedNote, ParsedSignatureLine } from './signed-note';
export {
  COSIGNATURE_V1_SIGNATURE_TYPE, COSIGNATURE_V1_HEADER, COSIGNATURE_TIMESTAMP_SIZE, COSIGNATURE_V1_SIZE,
  cosignedMessage, CosignatureVerifier, parseCosignatureVerifierKey, Cosigner, parseCosignerKey, generateCosignerKey,
  verifyCosignatures, verifyCosignatureResponse, addCosignatures, distinctWitnesses,
} from './cosignature';
export type { Cosignature, VerifyCosignaturesOptions } from './cosignature';
export {
  ADD_CHECKPOINT_PATH, TLOG_SIZE_CONTENT_TYPE, MAX_CONSISTENCY_PROOF_LINES,
  formatAddCheckpointRequest, parseAddCheckpointRequest, formatTreeSizeBody, parseTreeSizeBody,
} from './add-checkpoint-request';
export type { AddCheckpointRequest } from './add-checkpoint-request';
export { checkAddCheckpoint, checkpointOriginOf, WITNESS_REFUSAL_STATUS } from './witness-check';
export type { AddCheckpointDecision, WitnessRefusal, WitnessState } from './witness-check';
