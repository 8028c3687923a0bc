/**
 * The evidence of a published version, beside its manifest, receipt and
 * report (docs/VERIFYING.md, "The evidence bundle"): every entry of the
 * synthesis stream covered by the receipt's checkpoint with its inclusion
 * proof, the source texts by content hash (when their license allows it),
 * each revision round's draft and reviews, the archived workflow histories,
 * the correction records and consistency proofs to earlier versions'
 * checkpoints. Every file is listed in `evidence/index.json` with its hash.
 */
import { ENTRY_KINDS } from '../../activities/catalogue/entry-kinds';
import type { HistoryArchiveRecord } from '../../activities/history-archive';
import type { Ledger, LedgerEntry } from '../../ledger';
import { bytesToHash, sha256 } from '../../ledger/core/hash';
import { CORRECTION_RECORD_CONTRACT, SOURCE_PROVENANCE_CONTRACT } from '../../schemas/contract-names';
import type { SourceProvenance } from '../../schemas/source-provenance.schema';
import { loadPublished, type PublishedBundle } from './bundle-export';
import { EVIDENCE_PATHS } from './evidence-paths';
import { redistributable } from '../../verification/redistribution';

/** Format marker of `evidence/index.json`. */
export const EVIDENCE_FORMAT = 'synthledger-evidence-v1';

/** One line of `evidence/stream.jsonl`: the header, the exact canonical payload bytes, and the entry's inclusion proof under the receipt's checkpoint. */
export interface EvidenceStreamLine {
  header: LedgerEntry['header'];
  payloadJson: string;
  inclusionProof: string[];
}

/** A source as the evidence lists it: shipped (file named by content hash) or withheld with the reason. */
export interface EvidenceSource {
  sourceId: string;
  contentHash: string;
  locator: string;
  license: string | null;
  /** `evidence/sources/<hex>.txt`, or null when not shipped. */
  file: string | null;
  /** Why the text is not shipped (license, or not stored), when `file` is null. */
  withheld: string | null;
}

/** `evidence/index.json`. */
export interface EvidenceIndex {
  format: typeof EVIDENCE_FORMAT;
  synthesisId: string;
  manifestVersion: number;
  manifestHash: string;
  /** The receipt's checkpoint size: every stream entry with a smaller index is in `stream.jsonl`. */
  treeSize: number;
  entries: number;
  sources: EvidenceSource[];
  files: Array<{ path: string; bytes: number; sha256: string }>;
}

/** The evidence files of `published` (paths relative to the bundle directory), `evidence/index.json` last. */
export async function loadEvidence(ledger: Ledger, published: PublishedBundle): Promise<Map<string, Buffer>> {
  const synthesisId = published.receipt.entryHeader.stream;
  const treeSize = published.receipt.treeSize;
  const stream = (await ledger.reader.stream(synthesisId)).filter((e) => e.header.index < treeSize);
  const files = new Map<string, Buffer>();
  const put = (path: string, data: string | Buffer) => files.set(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

  // The stream, each entry with its inclusion proof under the receipt's checkpoint.
  const lines: string[] = [];
  for (const e of stream) {
    const proof = (await ledger.reader.inclusionProof(e.header.index, treeSize)).map(bytesToHash);
    const line: EvidenceStreamLine = { header: e.header, payloadJson: e.payloadJson, inclusionProof: proof };
    lines.push(JSON.stringify(line));
  }
  put(EVIDENCE_PATHS.stream, lines.join('\n') + '\n');

  // Source texts, named by content hash.
  const sources: EvidenceSource[] = [];
  for (const e of stream.filter((x) => x.header.contract === SOURCE_PROVENANCE_CONTRACT)) {
    const p = JSON.parse(e.payloadJson) as SourceProvenance;
    const base = { sourceId: p.sourceId, contentHash: p.contentHash, locator: p.locator, license: p.license ?? null };
    if (!redistributable(p)) {
      sources.push({ ...base, file: null, withheld: `license ${p.license ?? 'unknown'} does not allow redistribution: fetch ${p.locator} and compare its SHA-256` });
      continue;
    }
    const blob = await ledger.blobs.get(p.contentHash).catch(() => null);
    if (!blob) {
      sources.push({ ...base, file: null, withheld: 'text not stored by this ledger (published before source texts were archived)' });
      continue;
    }
    const file = EVIDENCE_PATHS.source(p.contentHash);
    put(file, blob.bytes);
    sources.push({ ...base, file, withheld: null });
  }

  // Revision rounds: each draft's report and state, its reviews and the revision that followed.
  for (const e of stream.filter((x) => x.header.kind === ENTRY_KINDS.report)) {
    const r = JSON.parse(e.payloadJson) as { round: number; sha256: string; draftStateHash: string };
    put(EVIDENCE_PATHS.roundReport(r.round), (await ledger.blobs.get(r.sha256)).bytes);
    put(EVIDENCE_PATHS.roundDraftState(r.round), (await ledger.blobs.get(r.draftStateHash)).bytes);
  }
  for (const e of stream.filter((x) => x.header.kind === ENTRY_KINDS.review)) {
    const r = JSON.parse(e.payloadJson) as { round: number; role: string };
    put(EVIDENCE_PATHS.review(r.round, r.role), e.payloadJson);
  }
  for (const e of stream.filter((x) => x.header.kind === ENTRY_KINDS.revision)) {
    const r = JSON.parse(e.payloadJson) as { round: number };
    put(EVIDENCE_PATHS.revision(r.round), e.payloadJson);
  }

  // Archived workflow histories (the publication's is the manifest's historyDigest).
  for (const e of stream.filter((x) => x.header.kind === ENTRY_KINDS.historyArchive)) {
    const a = JSON.parse(e.payloadJson) as HistoryArchiveRecord;
    put(EVIDENCE_PATHS.history(a.sha256), (await ledger.blobs.get(a.sha256)).bytes);
  }

  // Correction records, in stream order.
  let n = 0;
  for (const e of stream.filter((x) => x.header.contract === CORRECTION_RECORD_CONTRACT)) {
    n++;
    put(EVIDENCE_PATHS.correction(n), e.payloadJson);
  }

  // Consistency proofs from each earlier version's checkpoint to this one.
  const receipts = stream.filter((x) => x.header.kind === ENTRY_KINDS.receipt).map((x) => JSON.parse(x.payloadJson) as { manifestVersion: number; receiptHash: string; treeSize: number });
  for (const r of receipts.filter((x) => x.manifestVersion < published.manifest.manifestVersion)) {
    const earlier = JSON.parse((await ledger.blobs.get(r.receiptHash)).bytes.toString('utf8')) as { checkpoint: string; treeSize: number };
    const proof = earlier.treeSize === treeSize ? [] : (await ledger.reader.consistencyProof(earlier.treeSize, treeSize)).map(bytesToHash);
    put(EVIDENCE_PATHS.consistency(r.manifestVersion), JSON.stringify({ manifestVersion: r.manifestVersion, fromTreeSize: earlier.treeSize, fromCheckpoint: earlier.checkpoint, toTreeSize: treeSize, proof }, null, 2) + '\n');
  }

  const index: EvidenceIndex = {
    format: EVIDENCE_FORMAT, synthesisId, manifestVersion: published.manifest.manifestVersion, manifestHash: published.manifestHash,
    treeSize, entries: stream.length, sources,
    files: [...files].map(([path, bytes]) => ({ path, bytes: bytes.length, sha256: sha256(bytes) })),
  };
  put(EVIDENCE_PATHS.index, JSON.stringify(index, null, 2) + '\n');
  return files;
}

/** Loads the published version (latest, or `version`) with its evidence: what `export`, `run --out` and `correct --out` write. */
export async function loadFullBundle(ledger: Ledger, synthesisId: string, version?: number): Promise<{ published: PublishedBundle; evidence: Map<string, Buffer> }> {
  const published = await loadPublished(ledger, synthesisId, version);
  return { published, evidence: await loadEvidence(ledger, published) };
}
