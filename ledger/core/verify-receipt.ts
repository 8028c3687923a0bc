/**
 * Verifies a published manifest and its receipt offline (DESIGN 4.3), as a
 * sequence of named steps. No database import: this is the library side of
 * the standalone verifier. Every input here is attacker-controlled. The core
 * knows no contract of what is published: the caller passes a
 * {@link ReceiptSubject} that describes it.
 */
import { SynthledgerError, VerificationError, type ValidationIssue, type VerificationCode } from '../../common/errors';
import { contractIssues } from '../../schemas/contracts';
import { RECEIPT_CONTRACT } from '../../schemas/contract-names';
import { canonicalize } from './canonical-json';
import { sha256, hashToBytes } from './hash';
import { leafHash } from './merkle';
import { verifyInclusion } from './merkle-verify';
import { verifyCheckpoint } from './checkpoint';

/** One named step of a verification and its outcome. */
export interface VerificationStep {
  step: string;
  ok: boolean;
  message: string;
  code?: VerificationCode | string;
}

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
  /** A verifier key the reader trusts; when given, the receipt's publicKey must equal it. */
  trustedPublicKey?: string;
}

/** The outcome: ok only when every step passed. */
export interface ReceiptVerification {
  ok: boolean;
  manifestHash: string | null;
  steps: VerificationStep[];
}

/** Runs every step in order; a step whose inputs are unusable fails, later steps still run where they can. */
export function verifyReceipt(inputs: ReceiptInputs): ReceiptVerification {
  const steps: VerificationStep[] = [];
  const run = (step: string, fn: () => string): boolean => {
    try {
      steps.push({ step, ok: true, message: fn() });
      return true;
    } catch (e) {
      const code = e instanceof SynthledgerError ? e.code : 'MALFORMED_INPUT';
      steps.push({ step, ok: false, message: (e as Error).message, code });
      return false;
    }
  };
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
    if (receipt.entryHeader.contract !== subject.contract) throw fail('MALFORMED_INPUT', `ledger entry names contract ${receipt.entryHeader.contract}, not ${subject.contract}`);
    if (receipt.entryHeader.stream !== subject.streamOf(manifest)) throw fail('HASH_MISMATCH', `ledger entry stream ${receipt.entryHeader.stream} is not the manifest's stream`);
    return `manifest hash ${manifestHash} matches the receipt and its ledger entry`;
  });
  run('checkArtifacts', () => checkArtifacts(subject.artifactsOf(manifest), inputs.artifacts));
  let root: Buffer | null = null;
  run('checkCheckpointSignature', () => {
    if (!shapesOk) throw fail('MALFORMED_INPUT', 'receipt malformed');
    if (inputs.trustedPublicKey !== undefined && inputs.trustedPublicKey.trim() !== receipt.publicKey) {
      throw fail('SIGNATURE_INVALID', 'the receipt\'s public key is not the trusted public key');
    }
    const cp = verifyCheckpoint(receipt.checkpoint, receipt.publicKey, { origin: subject.logOriginOf(manifest) });
    if (cp.treeSize !== receipt.treeSize) throw fail('CHECKPOINT_INVALID', `checkpoint tree size ${cp.treeSize} is not the receipt treeSize ${receipt.treeSize}`);
    root = cp.rootHash;
    return `checkpoint for ${cp.origin} at size ${cp.treeSize} is signed by ${receipt.publicKey.split('+')[0]}`;
  });
  run('checkInclusion', () => {
    if (!root) throw fail('CHECKPOINT_INVALID', 'no verified checkpoint root to check against');
    const leaf = Buffer.from(canonicalize(receipt.entryHeader), 'utf8');
    verifyInclusion(leafHash(leaf), receipt.leafIndex, receipt.treeSize, (receipt.inclusionProof as string[]).map(hashToBytes), root);
    return `entry ${receipt.leafIndex} is included in the tree of size ${receipt.treeSize} (${receipt.inclusionProof.length} proof hashes)`;
  });
  return { ok: steps.every((s) => s.ok), manifestHash, steps };
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
    if (!bytes) throw fail('ARTIFACT_MISMATCH', `artifact ${a.name} was not provided`);
    const h = sha256(bytes);
    if (h !== a.sha256) throw fail('ARTIFACT_MISMATCH', `artifact ${a.name} hashes to ${h}, the manifest says ${a.sha256}`);
    if (bytes.length !== a.bytes) throw fail('ARTIFACT_MISMATCH', `artifact ${a.name} has ${bytes.length} bytes, the manifest says ${a.bytes}`);
  }
  return `${listed.length} artifact(s) match their sha256 and byte count`;
}

function fail(code: VerificationCode, message: string): VerificationError {
  return new VerificationError(code, message);
}
