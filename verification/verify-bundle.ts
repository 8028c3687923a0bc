/**
 * The one verifier of a published bundle, written once: it takes the
 * bundle's files as bytes and returns every named step with PASS/FAIL and a
 * code. `synthledger verify`, the standalone `verify-bundle.mjs` and the
 * browser module (both built from this by `npm run build`,
 * scripts/build-verifier.ts) only read files and print; the verification is
 * here. Pure: no file is read, nothing but the core's crypto primitives.
 *
 * The steps, in order: readBundle (strict JSON), the receipt steps
 * (ledger/core/verify-receipt.ts), with a `since` checkpoint either
 * checkConsistency (an older one) or checkSuperseded (a later one), then the
 * deep steps over evidence/ (verify-synthesis-evidence.ts) when the bundle
 * carries it. Every byte is attacker-controlled.
 */
import { VerificationError } from '../common/errors';
import { parseStrictJson } from '../common/strict-json';
import { parseCheckpointBody } from '../ledger/core/checkpoint';
import { canonicalize } from '../ledger/core/canonical-json';
import { hashJson, hashToBytes } from '../ledger/core/hash';
import { leafHash } from '../ledger/core/merkle';
import { verifyInclusion } from '../ledger/core/merkle-verify';
import { EMPTY_TRUST_POLICY, verifyTrustedCheckpoint, type TrustPolicy } from '../ledger/core/trust-policy';
import { stepRunner, type VerificationStep } from '../ledger/core/verification-step';
import { checkConsistencySince, verifyReceipt, type UsedKey, type VerificationStatus } from '../ledger/core/verify-receipt';
import { PAPER_MANIFEST_SUBJECT } from '../schemas/paper-manifest-subject';
import { correctionNotice, type CorrectionNotice } from './correction-notice';
import { verifySynthesisEvidence } from './verify-synthesis-evidence';

/** The bundle as bytes: manifest and receipt, and every other file by relative path with `/` separators. */
export interface BundleBytes {
  /** Absent when it could not be read (the reader says why in `readProblems`). */
  manifest?: Uint8Array;
  receipt?: Uint8Array;
  /** Artifacts (`report.md`) and `evidence/…`, by path relative to the bundle. */
  files: ReadonlyMap<string, Uint8Array>;
  /** What the reader could not read (a missing file, a link, a file over its cap), each failing readBundle. */
  readProblems?: readonly string[];
  /** How to name the manifest and receipt in messages (default `manifest.json`, `receipt.json`). */
  names?: { manifest?: string; receipt?: string };
}

/** A later or earlier version to compare with (`--since`): a signed checkpoint, or a receipt (and its manifest) from a bundle. */
export interface SinceInput {
  /** Text of a checkpoint note, or of a receipt.json. */
  receiptOrCheckpoint: Uint8Array;
  /** That bundle's manifest.json, when `--since` named a bundle. */
  manifest?: Uint8Array;
  /** How to name it in messages (a path). */
  source: string;
}

/** Options of {@link verifyBundle}. */
export interface BundleVerifyOptions {
  /** The reader's trust roots; never anything the bundle ships. */
  trust?: TrustPolicy;
  since?: SinceInput;
}

/** The version that supersedes the one verified, as a later receipt proves it. */
export interface Supersession {
  manifestHash: string;
  manifestVersion: number | null;
  leafIndex: number;
  treeSize: number;
  /** The later version's correction status, when its manifest was given. */
  correctionStatus: string | null;
}

/** The outcome. `status` is about the bytes; `correction` and `superseded` about the synthesis's standing. */
export interface BundleVerification {
  ok: boolean;
  status: VerificationStatus;
  manifestHash: string | null;
  trustedKey: UsedKey | null;
  correction: CorrectionNotice;
  superseded: Supersession | null;
  /** readBundle, the receipt steps and checkConsistency or checkSuperseded. */
  steps: VerificationStep[];
  /** The deep steps; null for a bundle without evidence/ (exported with --minimal). */
  evidence: { ok: boolean; steps: VerificationStep[] } | null;
}

/** Runs every step; a step whose input is unusable fails, later steps still run where they can. Never throws. */
export function verifyBundle(bundle: BundleBytes, options: BundleVerifyOptions = {}): BundleVerification {
  const steps: VerificationStep[] = [];
  const run = stepRunner(steps);
  const trust = options.trust ?? EMPTY_TRUST_POLICY;
  const names = { manifest: bundle.names?.manifest ?? 'manifest.json', receipt: bundle.names?.receipt ?? 'receipt.json' };
  let manifest: unknown;
  let receipt: unknown;
  run('readBundle', () => {
    const problems = [...(bundle.readProblems ?? [])];
    const read: string[] = [];
    const load = (bytes: Uint8Array | undefined, name: string): unknown => {
      if (bytes === undefined) return undefined;
      try {
        const value = parseStrictJson(decodeUtf8(bytes, name));
        read.push(`${name} (${bytes.length} bytes)`);
        return value;
      } catch (e) {
        problems.push(`${name} is not strict JSON: ${(e as Error).message}`);
        return undefined;
      }
    };
    manifest = load(bundle.manifest, names.manifest);
    receipt = load(bundle.receipt, names.receipt);
    if (problems.length > 0) throw new VerificationError('MALFORMED_INPUT', problems.join('; '));
    return `read ${read.join(', ')}`;
  });

  let since: ReadSince | null = null;
  let sinceError: unknown = null;
  try {
    since = options.since === undefined ? null : readSince(options.since);
  } catch (e) {
    sinceError = e;
  }
  const later = since !== null && since.later(receipt);
  const artifacts = new Map<string, Uint8Array>();
  for (const a of PAPER_MANIFEST_SUBJECT.artifactsOf(manifest)) {
    // Names come from the manifest: only plain file names directly inside the bundle.
    const bytes = typeof a?.name === 'string' && /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(a.name) ? bundle.files.get(a.name) : undefined;
    if (bytes) artifacts.set(a.name, bytes);
  }
  const receiptResult = verifyReceipt({
    subject: PAPER_MANIFEST_SUBJECT, manifest, receipt, artifacts, trust,
    since: since && !later ? since.checkpoint : undefined,
  });
  steps.push(...receiptResult.steps);

  if (sinceError !== null) run('checkConsistency', () => { throw sinceError; });
  let superseded: Supersession | null = null;
  if (since && later) {
    run('checkSuperseded', () => {
      const out = checkSuperseded(manifest, receipt, receiptResult.status === 'FAILED' ? null : receiptCheckpoint(receipt), since, trust);
      superseded = out.superseded;
      return out.message;
    });
  }

  let evidence: BundleVerification['evidence'] = null;
  let correction = correctionNotice(manifest);
  if (bundle.files.has('evidence/index.json')) {
    const deep = verifySynthesisEvidence({ manifest, receipt, files: bundle.files, trustedPublicKey: receiptResult.trustedKey?.key });
    evidence = { ok: deep.ok, steps: deep.steps };
    correction = deep.correction;
  }
  const failed = [...steps, ...(evidence?.steps ?? [])].filter((s) => !s.ok);
  const status: VerificationStatus = failed.length === 0 ? 'OK' : failed.every((s) => s.code === 'UNTRUSTED_KEY') ? 'UNTRUSTED' : 'FAILED';
  return {
    ok: status === 'OK', status, manifestHash: receiptResult.manifestHash ?? safeHash(manifest),
    trustedKey: status === 'OK' ? receiptResult.trustedKey : null, correction, superseded, steps, evidence,
  };
}

/** Every step of a result in the order it ran: readBundle, the receipt steps, the deep steps. */
export function allSteps(v: BundleVerification): VerificationStep[] {
  return [...v.steps, ...(v.evidence?.steps ?? [])];
}

/** A `--since` input read: its checkpoint, and the receipt and manifest when it was a bundle or receipt. */
interface ReadSince {
  checkpoint: string;
  receipt: Record<string, unknown> | null;
  manifest: Record<string, unknown> | null;
  source: string;
  /** True when its checkpoint is of a larger tree than `receipt`'s (the version verified is the older one). */
  later(receipt: unknown): boolean;
}

function readSince(s: SinceInput): ReadSince {
  const text = decodeUtf8(s.receiptOrCheckpoint, s.source);
  let receipt: Record<string, unknown> | null = null;
  let checkpoint = text;
  if (text.trimStart().startsWith('{')) {
    try {
      receipt = parseStrictJson(text) as Record<string, unknown>;
    } catch (e) {
      throw new VerificationError('MALFORMED_INPUT', `${s.source} is not strict JSON: ${(e as Error).message}`);
    }
    checkpoint = typeof receipt?.checkpoint === 'string' ? receipt.checkpoint : '';
  }
  let manifest: Record<string, unknown> | null = null;
  if (s.manifest) {
    try {
      manifest = parseStrictJson(decodeUtf8(s.manifest, `${s.source} manifest`)) as Record<string, unknown>;
    } catch {
      manifest = null;
    }
  }
  const size = sizeOf(checkpoint);
  return {
    checkpoint, receipt, manifest, source: s.source,
    later: (r) => size !== null && typeof (r as { treeSize?: unknown } | undefined)?.treeSize === 'number' && size > (r as { treeSize: number }).treeSize,
  };
}

/** The tree size a checkpoint note states, unverified (to decide which way to compare); null when unreadable. */
function sizeOf(note: string): number | null {
  try {
    const split = note.lastIndexOf('\n\n');
    return split < 0 ? null : parseCheckpointBody(note.slice(0, split + 1)).treeSize;
  } catch {
    return null;
  }
}

/** The receipt's checkpoint size and root, as the receipt steps accepted them (their root is re-read from the verified note). */
function receiptCheckpoint(receipt: unknown): { treeSize: number; rootHash: Uint8Array } | null {
  const note = (receipt as { checkpoint?: unknown } | undefined)?.checkpoint;
  if (typeof note !== 'string') return null;
  try {
    const split = note.lastIndexOf('\n\n');
    const cp = parseCheckpointBody(note.slice(0, split + 1));
    return { treeSize: cp.treeSize, rootHash: cp.rootHash };
  } catch {
    return null;
  }
}

/**
 * Step checkSuperseded: `since` is a later checkpoint of the same log, signed
 * by a trusted key; the log only grew from this version's checkpoint to it
 * (the later receipt's consistency proof); and when the later receipt is of
 * this synthesis's stream, a later manifest of it was published: this
 * version is superseded by that one (its inclusion proof checked under the
 * later root, and its manifest, when given, hashing to what the receipt says).
 */
function checkSuperseded(manifest: unknown, receipt: unknown, mine: { treeSize: number; rootHash: Uint8Array } | null, since: ReadSince, trust: TrustPolicy): { message: string; superseded: Supersession | null } {
  if (!mine) throw new VerificationError('CHECKPOINT_INVALID', 'this bundle\'s checkpoint did not verify, so nothing can be compared with a later one');
  if (!since.receipt) {
    throw new VerificationError('CONSISTENCY_MISMATCH', `${since.source} is a bare checkpoint of a later tree: it carries no consistency proof from size ${mine.treeSize} and names no version; give the later bundle or its receipt.json`);
  }
  const later = since.receipt as { treeSize?: unknown; leafIndex?: unknown; manifestHash?: unknown; entryHeader?: Record<string, unknown>; inclusionProof?: unknown; consistencyProofs?: unknown; publicKey?: unknown; keyRotations?: unknown };
  const origin = PAPER_MANIFEST_SUBJECT.logOriginOf(manifest);
  const rotations = [
    ...(Array.isArray((receipt as { keyRotations?: unknown })?.keyRotations) ? (receipt as { keyRotations: string[] }).keyRotations : []),
    ...(Array.isArray(later.keyRotations) ? (later.keyRotations as string[]) : []),
  ];
  const signed = verifyTrustedCheckpoint(since.checkpoint, { policy: trust, origin, presentedKey: typeof later.publicKey === 'string' ? later.publicKey : undefined, keyRotations: rotations });
  const cp = signed.checkpoint;
  checkConsistencySince(mine.treeSize, mine.rootHash, cp.treeSize, cp.rootHash, later.consistencyProofs);
  const grew = `the log only grew from this version's checkpoint (size ${mine.treeSize}) to the later one of ${since.source} (size ${cp.treeSize}, ${signed.status === 'TRUSTED' ? signed.message : `UNTRUSTED: ${signed.message}`})`;
  if (signed.status === 'UNTRUSTED') throw new VerificationError('UNTRUSTED_KEY', grew);
  const stream = PAPER_MANIFEST_SUBJECT.streamOf(manifest);
  const h = later.entryHeader;
  const myIndex = (receipt as { leafIndex?: unknown })?.leafIndex;
  if (!h || h.stream !== stream || h.contract !== PAPER_MANIFEST_SUBJECT.contract || typeof later.leafIndex !== 'number' || typeof myIndex !== 'number' || later.leafIndex <= myIndex) {
    return { message: `${grew}; it publishes no later version of ${JSON.stringify(stream)}`, superseded: null };
  }
  if (h.index !== later.leafIndex || later.treeSize !== cp.treeSize || typeof later.manifestHash !== 'string' || h.payloadHash !== later.manifestHash || !Array.isArray(later.inclusionProof)) {
    throw new VerificationError('PROOF_MISMATCH', `the later receipt of ${since.source} does not describe its own ledger entry consistently (index, treeSize, manifestHash)`);
  }
  verifyInclusion(leafHash(new TextEncoder().encode(canonicalize(h))), later.leafIndex, cp.treeSize, (later.inclusionProof as string[]).map(hashToBytes), cp.rootHash);
  let version: number | null = null;
  let status: string | null = null;
  if (since.manifest) {
    if (hashJson(since.manifest) !== later.manifestHash) throw new VerificationError('HASH_MISMATCH', `the manifest of ${since.source} does not hash to its receipt's manifestHash ${later.manifestHash}`);
    version = typeof since.manifest.manifestVersion === 'number' ? since.manifest.manifestVersion : null;
    const c = (since.manifest as { correction?: { status?: unknown } }).correction;
    status = typeof c?.status === 'string' ? c.status : null;
  }
  const superseded: Supersession = { manifestHash: later.manifestHash, manifestVersion: version, leafIndex: later.leafIndex, treeSize: cp.treeSize, correctionStatus: status };
  return { message: `SUPERSEDED by ${describeSupersession(superseded)}; ${grew}`, superseded };
}

/** `version 2 (manifest sha256:…, ledger entry 12, RETRACTED)`, for messages. */
export function describeSupersession(s: Supersession): string {
  return `${s.manifestVersion === null ? 'a later version' : `version ${s.manifestVersion}`} (manifest ${s.manifestHash}, ledger entry ${s.leafIndex}${s.correctionStatus ? `, ${s.correctionStatus}` : ''})`;
}

function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    if (text.startsWith('\ufeff')) throw new Error('byte order mark');
    return text;
  } catch (e) {
    throw new VerificationError('MALFORMED_INPUT', `${name} is not UTF-8 text (${(e as Error).message})`);
  }
}

function safeHash(manifest: unknown): string | null {
  try {
    return manifest === undefined ? null : hashJson(manifest);
  } catch {
    return null;
  }
}
