/**
 * Deep verification of a published stream (docs/VERIFYING.md, "Deep
 * verification"): the stream's entries as a bundle ships them, each checked
 * as a named step with PASS/FAIL and a code. The core checks what any
 * stream has (chain, inclusion under the checkpoint, the published
 * document's place in it); checks of what a stream means (claims, sources,
 * re-verification) come from the caller as {@link EvidenceCheck}s, so the
 * core knows no synthesis. Every input is attacker-controlled.
 */
import { VerificationError, type VerificationCode } from '../../common/errors';
import { canonicalize } from './canonical-json';
import { hashToBytes, sha256 } from './hash';
import { leafHash } from './merkle';
import { verifyInclusion } from './merkle-verify';
import { stepRunner, type VerificationStep } from './verification-step';
import { verifyStreamRows } from './verify-stream';

/** One parsed line of a shipped stream: header, canonical header bytes and hash, canonical payload bytes, inclusion proof. */
export interface EvidenceEntry {
  header: { index: number; stream: string; streamIndex: number; kind: string; contract: string | null; payloadHash: string; prevEntryHash: string | null; [k: string]: unknown };
  headerJson: string;
  entryHash: string;
  payloadJson: string;
  inclusionProof: string[];
}

/** A caller's named check over the parsed entries: returns what passed, throws a coded VerificationError otherwise. */
export interface EvidenceCheck {
  step: string;
  run(entries: EvidenceEntry[]): string;
}

/** Inputs of {@link verifyEvidence}. */
export interface EvidenceInputs {
  /** The stream the entries must belong to. */
  stream: string;
  /** `stream.jsonl` text: one `{ header, payloadJson, inclusionProof }` per line, in stream order. */
  streamJsonl: string;
  /** The verified checkpoint (size and root) every entry must be included under; null when it did not verify. */
  checkpoint: { treeSize: number; rootHash: Uint8Array } | null;
  /** The published document's entry: its log index and what it says precedes it. */
  published: { leafIndex: number; streamHead: string | undefined; entryCount: number | undefined };
  checks: EvidenceCheck[];
}

/** The outcome: ok only when every step passed. */
export interface EvidenceVerification {
  ok: boolean;
  steps: VerificationStep[];
  entries: EvidenceEntry[];
}

/** Runs the stream steps, then the caller's checks; a step whose input is unusable fails, later steps still run. */
export function verifyEvidence(inputs: EvidenceInputs): EvidenceVerification {
  const steps: VerificationStep[] = [];
  const run = stepRunner(steps);
  let entries: EvidenceEntry[] = [];
  const parsed = run('checkStreamParse', () => {
    entries = parseStreamJsonl(inputs.streamJsonl);
    return `${entries.length} entries read`;
  });
  run('checkStreamChain', () => {
    if (!parsed) throw evidenceFailure('EVIDENCE_MISSING', 'no readable stream');
    const v = verifyStreamRows(inputs.stream, entries.map((e) => ({
      idx: e.header.index, stream: e.header.stream, stream_index: e.header.streamIndex, kind: e.header.kind, contract: e.header.contract,
      payload_hash: e.header.payloadHash, prev_entry_hash: e.header.prevEntryHash, entry_hash: e.entryHash, header: e.headerJson, payload: e.payloadJson,
    })));
    if (!v.ok) {
      const b = v.firstBroken!;
      const position = v.entries.findIndex((x) => x.status === 'broken');
      throw misplacedEntry(entries, position, b.field) ?? evidenceFailure('CHAIN_BROKEN', `entry ${b.index} (stream position ${b.streamIndex}): ${b.reason} (${b.field}: expected ${b.expected}, found ${b.computed})`);
    }
    return `${entries.length} entries of ${inputs.stream} chain from the first to ${v.head ?? 'none'}`;
  });
  run('checkStreamInclusion', () => {
    if (!inputs.checkpoint) throw evidenceFailure('CHECKPOINT_INVALID', 'no verified checkpoint to check the entries against');
    const { treeSize, rootHash } = inputs.checkpoint;
    for (const e of entries) {
      if (e.header.index >= treeSize) throw evidenceFailure('PROOF_MISMATCH', `entry ${e.header.index} is beyond the checkpoint's tree size ${treeSize}`);
      try {
        verifyInclusion(leafHash(Buffer.from(e.headerJson, 'utf8')), e.header.index, treeSize, e.inclusionProof.map(hashToBytes), Buffer.from(rootHash));
      } catch (err) {
        throw evidenceFailure('PROOF_MISMATCH', `entry ${e.header.index}: ${(err as Error).message}`);
      }
    }
    return `all ${entries.length} entries are included in the tree of size ${treeSize}`;
  });
  run('checkStreamHead', () => {
    const { leafIndex, streamHead, entryCount } = inputs.published;
    const at = entries.findIndex((e) => e.header.index === leafIndex);
    if (at < 0) throw evidenceFailure('STREAM_MISMATCH', `the published entry ${leafIndex} is not in the shipped stream`);
    const before = entries[at - 1];
    if ((before?.entryHash ?? null) !== (streamHead ?? null)) throw evidenceFailure('STREAM_MISMATCH', `streamHead ${streamHead ?? 'none'} but the entry before the published one is ${before?.entryHash ?? 'absent'}`);
    if (entries[at]!.header.streamIndex !== entryCount) throw evidenceFailure('STREAM_MISMATCH', `entryCount ${entryCount ?? 'none'} but ${entries[at]!.header.streamIndex} entries precede the published one`);
    return `streamHead and entryCount (${entryCount}) name the ${at} entries before the published one`;
  });
  for (const c of inputs.checks) run(c.step, () => c.run(entries));
  return { ok: steps.every((s) => s.ok), steps, entries };
}

/**
 * Tells an entry removed, duplicated or moved apart from an entry changed,
 * for the chain's first break at line `position` (0-based). Only breaks of
 * place are classified (`field` streamIndex or prevEntryHash: the entry's
 * own bytes hash and read as a header): a line whose entry hash an earlier
 * line has is a duplicate; a line whose stream position is not its line's,
 * and whose predecessor is not the line before, was moved when the entry of
 * that position is shipped on another line, and follows a gap when no line
 * holds it (nor the entry its link names). A header edited to claim another
 * position keeps its link to the line before, so it stays CHAIN_BROKEN, as
 * does everything else. Null when the break is none of these.
 */
function misplacedEntry(entries: EvidenceEntry[], position: number, field: string): VerificationError | null {
  const e = entries[position];
  if (!e || (field !== 'streamIndex' && field !== 'prevEntryHash')) return null;
  const where = `line ${position + 1} (entry ${e.header.index}, stream position ${e.header.streamIndex})`;
  const first = entries.findIndex((x) => x.entryHash === e.entryHash);
  if (first < position) return evidenceFailure('ENTRY_DUPLICATED', `${where} repeats line ${first + 1}: the same entry shipped twice`);
  const before = position > 0 ? entries[position - 1]!.entryHash : null;
  if (e.header.streamIndex === position || e.header.prevEntryHash === before) return null;
  const shippedAt = entries.findIndex((x) => x.header.streamIndex === position);
  if (shippedAt > position) return evidenceFailure('ENTRY_OUT_OF_ORDER', `${where} is out of order: stream position ${position} is shipped on line ${shippedAt + 1}`);
  const linked = entries.some((x) => x.entryHash === e.header.prevEntryHash);
  if (e.header.streamIndex > position && shippedAt < 0 && !linked) {
    const gap = e.header.streamIndex - position;
    return evidenceFailure('ENTRY_MISSING', `${where} follows line ${position}: ${gap === 1 ? `the entry at stream position ${position} is` : `the ${gap} entries at stream positions ${position}..${e.header.streamIndex - 1} are`} missing (its prevEntryHash ${e.header.prevEntryHash} is no shipped entry)`);
  }
  return null;
}

/** Parses `stream.jsonl` defensively; the header bytes are re-canonicalized, so a non-canonical header cannot hide. */
export function parseStreamJsonl(text: string): EvidenceEntry[] {
  const out: EvidenceEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let doc: { header?: unknown; payloadJson?: unknown; inclusionProof?: unknown };
    try {
      doc = JSON.parse(line) as typeof doc;
    } catch (e) {
      throw evidenceFailure('MALFORMED_INPUT', `line ${i + 1}: ${(e as Error).message}`);
    }
    const h = doc.header as EvidenceEntry['header'] | undefined;
    if (typeof h !== 'object' || h === null || typeof h.index !== 'number' || typeof h.stream !== 'string' || typeof h.streamIndex !== 'number'
      || typeof h.payloadHash !== 'string' || typeof doc.payloadJson !== 'string' || !Array.isArray(doc.inclusionProof) || !doc.inclusionProof.every((p) => typeof p === 'string')) {
      throw evidenceFailure('MALFORMED_INPUT', `line ${i + 1}: expected { header, payloadJson, inclusionProof }`);
    }
    const headerJson = canonicalize(h);
    out.push({ header: h, headerJson, entryHash: sha256(headerJson), payloadJson: doc.payloadJson, inclusionProof: doc.inclusionProof as string[] });
  });
  if (out.length === 0) throw evidenceFailure('EVIDENCE_MISSING', 'the stream has no entries');
  return out;
}

/** A coded verification failure, for the caller's checks too. */
export function evidenceFailure(code: VerificationCode, message: string): VerificationError {
  return new VerificationError(code, message);
}
