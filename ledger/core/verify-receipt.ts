/**
 * Verifies a published manifest and its receipt offline (DESIGN 4.3), as a
 * sequence of named steps. No database import: this is the library side of
 * the standalone verifier. Every input here is attacker-controlled. The core
 * knows no contract of what is published: the caller passes a
 * {@link ReceiptSubject} that describes it.
 */
import { VerificationError, type ValidationIssue, type VerificationCode } from '../../common/errors';
import { contractIssues } from '../../schemas/contracts';
import { RECEIPT_CONTRACT } from '../../schemas/contract-names';
import { canonicalize } from './canonical-json';
import { sha256, hashToBytes } from './hash';
import { leafHash } from './merkle';
import { verifyConsistency, verifyInclusion } from './merkle-verify';
import { EMPTY_TRUST_POLICY, show as showText, verifyTrustedCheckpoint, type TrustPolicy } from './trust-policy';
import { stepRunner, type VerificationStep } from './verification-step';

export type { VerificationStep } from './verification-step';

/** An artifact a published document lists: its name, size and content hash. */
export interface ListedArtifact {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * What a receipt vouches for, described by whoever defines that document:
 * its contract name (the ledger entry must carry it), its shape check, and
 * where it names its stream, log origin and artifacts. The accessors see
 * attacker-controlled input that may have failed `issues`: they must not
 * throw on it (return `undefined`, `''` or `[]` for what is missing).
 */
export interface ReceiptSubject {
  readonly contract: string;
  /** Shape issues of the document, paths under `rootPath`; empty when valid. */
  issues(document: unknown, rootPath: string): ValidationIssue[];
  /** The ledger stream the document belongs to. */
  streamOf(document: unknown): string;
  /** The log origin the document names, when it names one. */
  logOriginOf(document: unknown): string | undefined;
  /** The artifacts the document lists. */
  artifactsOf(document: unknown): ListedArtifact[];
}

/** Inputs of {@link verifyReceipt}. */
export interface ReceiptInputs {
  /** Describes the published document (for synthledger, the paper manifest). */
  subject: ReceiptSubject;
  manifest: unknown;
  receipt: unknown;
  /** Artifact bytes by artifact name; a listed artifact absent here is reported as not found. */
  artifacts: Map<string, Uint8Array>;
  /**
   * The reader's trust roots (pinned keys, trust file). The receipt's own
   * publicKey is never one: without a root for the log the result is UNTRUSTED.
   */
  trust?: TrustPolicy;
  /**
   * An older signed checkpoint of the same log (from an earlier bundle): adds
   * the step checkConsistency, which requires a consistency proof in the
   * receipt showing the log only grew since.
   */
  since?: string;
}

/**
 * OK: every step passed with a trusted key. UNTRUSTED: every step passed but
 * the checkpoint signature is valid only for the key the receipt names
 * itself. FAILED: anything else.
 */
export type VerificationStatus = 'OK' | 'FAILED' | 'UNTRUSTED';

/** The trusted key a verification used: name, key id, where the trust came from. */
export interface UsedKey {
  name: string;
  keyId: string;
  key: string;
  source: string;
}

/** The outcome: ok only when every step passed with a trusted key. */
export interface ReceiptVerification {
  ok: boolean;
  status: VerificationStatus;
  manifestHash: string | null;
  /** The trusted key that signed the checkpoint, or null (UNTRUSTED or FAILED). */
  trustedKey: UsedKey | null;
  steps: VerificationStep[];
}

/** Runs every step in order; a step whose inputs are unusable fails, later steps still run where they can. */
export function verifyReceipt(inputs: ReceiptInputs): ReceiptVerification {
  const steps: VerificationStep[] = [];
  const run = stepRunner(steps);
  const receipt = inputs.receipt as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- shape checked by the first step
  const manifest = inputs.manifest as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let manifestHash: string | null = null;

  const { subject } = inputs;
  const shapesOk = run('checkShapes', () => checkShapes(subject, inputs.manifest, inputs.receipt));
  run('checkManifestHash', () => {
    manifestHash = sha256(canonicalize(manifest));
    if (!shapesOk) throw fail('MALFORMED_INPUT', 'cannot compare: receipt or manifest malformed');
    if (manifestHash !== receipt.manifestHash) throw fail('HASH_MISMATCH', `manifest hashes to ${manifestHash} but the receipt names ${receipt.manifestHash}`);
    if (receipt.entryHeader.payloadHash !== manifestHash) throw fail('HASH_MISMATCH', `ledger entry payloadHash ${receipt.entryHeader.payloadHash} is not the manifest hash ${manifestHash}`);
    if (receipt.entryHeader.index !== receipt.leafIndex) throw fail('PROOF_MISMATCH', `entry index ${receipt.entryHeader.index} is not the receipt leafIndex ${receipt.leafIndex}`);
    if (receipt.entryHeader.contract !== subject.contract) throw fail('MALFORMED_INPUT', `ledger entry names contract ${show(String(receipt.entryHeader.contract))}, not ${subject.contract}`);
    if (receipt.entryHeader.stream !== subject.streamOf(manifest)) throw fail('HASH_MISMATCH', `ledger entry stream ${show(receipt.entryHeader.stream)} is not the manifest's stream ${show(subject.streamOf(manifest))}`);
    return `manifest hash ${manifestHash} matches the receipt and its ledger entry`;
  });
  run('checkArtifacts', () => checkArtifacts(subject.artifactsOf(manifest), inputs.artifacts));
  let root: Buffer | null = null;
  let treeSize = 0;
  let trustedKey: UsedKey | null = null;
  const policy = inputs.trust ?? EMPTY_TRUST_POLICY;
  const keyRotations = (): string[] => (Array.isArray(receipt?.keyRotations) ? receipt.keyRotations : []);
  run('checkCheckpointSignature', () => {
    if (!shapesOk) throw fail('MALFORMED_INPUT', 'receipt malformed');
    const result = verifyTrustedCheckpoint(receipt.checkpoint, { policy, origin: subject.logOriginOf(manifest), presentedKey: receipt.publicKey, keyRotations: keyRotations() });
    const cp = result.checkpoint;
    if (cp.treeSize !== receipt.treeSize) throw fail('CHECKPOINT_INVALID', `checkpoint tree size ${cp.treeSize} is not the receipt treeSize ${receipt.treeSize}`);
    root = cp.rootHash;
    treeSize = cp.treeSize;
    const what = `checkpoint for ${show(cp.origin)} at size ${cp.treeSize}`;
    if (result.status === 'UNTRUSTED') throw fail('UNTRUSTED_KEY', `${what}: ${result.message}`);
    const k = result.trustedKey!;
    trustedKey = { name: k.name, keyId: k.keyId, key: k.key, source: k.source };
    return `${what} is ${result.message}`;
  });
  run('checkInclusion', () => {
    if (!root) throw fail('CHECKPOINT_INVALID', 'no verified checkpoint root to check against');
    const leaf = Buffer.from(canonicalize(receipt.entryHeader), 'utf8');
    verifyInclusion(leafHash(leaf), receipt.leafIndex, receipt.treeSize, (receipt.inclusionProof as string[]).map(hashToBytes), root);
    return `entry ${receipt.leafIndex} is included in the tree of size ${receipt.treeSize} (${receipt.inclusionProof.length} proof hashes)`;
  });
  if (inputs.since !== undefined) {
    run('checkConsistency', () => {
      if (!root) throw fail('CHECKPOINT_INVALID', 'no verified checkpoint root to check against');
      const old = verifyTrustedCheckpoint(inputs.since!, { policy, origin: subject.logOriginOf(manifest), presentedKey: receipt.publicKey, keyRotations: keyRotations() });
      const from = old.checkpoint;
      const signed = old.status === 'TRUSTED' ? old.message : `UNTRUSTED: ${old.message}`;
      checkConsistencySince(from.treeSize, from.rootHash, treeSize, root, receipt.consistencyProofs);
      const message = `the log only grew from size ${from.treeSize} (older checkpoint ${signed}) to size ${treeSize}`;
      if (old.status === 'UNTRUSTED') throw fail('UNTRUSTED_KEY', message);
      return message;
    });
  }
  const failed = steps.filter((s) => !s.ok);
  const status: VerificationStatus = failed.length === 0 ? 'OK' : failed.every((s) => s.code === 'UNTRUSTED_KEY') ? 'UNTRUSTED' : 'FAILED';
  return { ok: status === 'OK', status, manifestHash, trustedKey: status === 'OK' ? trustedKey : null, steps };
}

/**
 * Checks that the tree of `newSize` with root `newRoot` extends the tree of
 * `oldSize` with `oldRoot` (RFC 9162 section 2.1.4), using the proof from
 * `oldSize` among `proofs` (the receipt's consistencyProofs). Throws
 * CONSISTENCY_MISMATCH when the log shrank, forked or no proof is given.
 */
export function checkConsistencySince(oldSize: number, oldRoot: Uint8Array, newSize: number, newRoot: Uint8Array, proofs: unknown): void {
  if (oldSize > newSize) throw fail('CONSISTENCY_MISMATCH', `the older checkpoint has size ${oldSize}, larger than this one (${newSize}): the log shrank`);
  if (oldSize === newSize) {
    if (!Buffer.from(oldRoot).equals(Buffer.from(newRoot))) throw fail('CONSISTENCY_MISMATCH', `two different roots for tree size ${oldSize}: the log forked`);
    return;
  }
  const list = Array.isArray(proofs) ? (proofs as Array<{ fromTreeSize?: unknown; fromRootHash?: unknown; proof?: unknown }>) : [];
  const entry = list.find((p) => p?.fromTreeSize === oldSize);
  if (!entry || !Array.isArray(entry.proof)) throw fail('CONSISTENCY_MISMATCH', `the receipt carries no consistency proof from tree size ${oldSize}`);
  if (entry.fromRootHash !== `sha256:${Buffer.from(oldRoot).toString('hex')}`) {
    throw fail('CONSISTENCY_MISMATCH', `the receipt's proof from size ${oldSize} starts at root ${show(String(entry.fromRootHash))}, not the older checkpoint's root: the log forked`);
  }
  try {
    verifyConsistency(oldSize, newSize, (entry.proof as string[]).map(hashToBytes), oldRoot, newRoot);
  } catch (e) {
    throw fail('CONSISTENCY_MISMATCH', `the consistency proof from size ${oldSize} to ${newSize} does not verify: ${(e as Error).message}`);
  }
}

function checkShapes(subject: ReceiptSubject, manifest: unknown, receipt: unknown): string {
  const issues = [...contractIssues(RECEIPT_CONTRACT, receipt, '$receipt'), ...subject.issues(manifest, '$manifest')];
  if (issues.length > 0) throw fail('MALFORMED_INPUT', issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; '));
  return `manifest is a valid ${subject.contract} and receipt a valid ${RECEIPT_CONTRACT}`;
}

function checkArtifacts(listed: ListedArtifact[], artifacts: Map<string, Uint8Array>): string {
  if (listed.length === 0) throw fail('ARTIFACT_MISMATCH', 'the manifest lists no artifacts');
  for (const a of listed) {
    const bytes = artifacts.get(a.name);
    if (!bytes) throw fail('ARTIFACT_MISMATCH', `artifact ${show(a.name)} was not provided (missing, or not a regular file of the bundle)`);
    const h = sha256(bytes);
    if (h !== a.sha256) throw fail('ARTIFACT_MISMATCH', `artifact ${show(a.name)} hashes to ${h}, the manifest says ${show(String(a.sha256))}`);
    if (bytes.length !== a.bytes) throw fail('ARTIFACT_MISMATCH', `artifact ${show(a.name)} has ${bytes.length} bytes, the manifest says ${show(String(a.bytes))}`);
  }
  return `${listed.length} artifact(s) match their sha256 and byte count`;
}

function show(text: string): string {
  return showText(String(text), 200);
}

function fail(code: VerificationCode, message: string): VerificationError {
  return new VerificationError(code, message);
}
