/**
 * Builds a valid published bundle (DESIGN 4.2, 4.3) in a directory without a
 * database: a paper-manifest-v1.1 that validates against the schema, its
 * report, a small in-memory ledger (a few entries of two streams, chained per
 * stream, then the manifest's entry and one later entry) whose Merkle tree is
 * kept by a MemoryNodeStore, a checkpoint signed with a fresh Ed25519 key, the
 * receipt, public-key.txt and a copy of the standalone verifier.
 *
 * The library builds everything here, so the bundle is what the publisher
 * would ship; the standalone verifier then checks it independently.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertContract } from '../../schemas/contracts';
import type { EntryHeader } from '../../schemas/entry-header.schema';
import type { PaperManifest } from '../../schemas/paper-manifest.schema';
import type { Receipt } from '../../schemas/receipt.schema';
import { canonicalize } from '../../ledger/core/canonical-json';
import { bytesToHash, hashJson, sha256 } from '../../ledger/core/hash';
import { makeEntry, type LedgerEntry } from '../../ledger/core/ledger-entry';
import { MemoryNodeStore } from '../../ledger/core/merkle-proofs';
import { formatCheckpointBody } from '../../ledger/core/checkpoint';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { signCheckpoint } from '../../ledger/core/checkpoint';
import { signKeyRotation } from '../../ledger/core/key-rotation';
import { addCosignatures, parseCosignerKey } from '../../ledger/core/cosignature';

/** The standalone verifier that every bundle carries a copy of. */
export const VERIFIER_SOURCE = join(__dirname, '..', '..', 'verifier', 'verify-bundle.mjs');

/** Log origin and checkpoint key name of the sample log (by convention the same string). */
export const SAMPLE_LOG_ORIGIN = 'synthledger.example/log';
/** The synthesis whose manifest the sample bundle publishes. */
export const SAMPLE_SYNTHESIS_ID = 'syn_01J9Z3K7QF4T8N2W6X5R1M0VAB';

/** Options of {@link writeSampleBundle}. */
export interface SampleBundleOptions {
  /** A `PRIVATE+KEY+…` signer key to sign with; a fresh key is generated when absent. */
  signerKey?: string;
  /**
   * Sign the checkpoint with this `PRIVATE+KEY+…` key instead, and put in the
   * receipt a key rotation statement from `signerKey` to it, signed by
   * `rotationSignerKey` (default `signerKey`, the rightful old key).
   */
  rotateTo?: { signerKey: string; fromTreeSize: number; rotationSignerKey?: string };
  /** Witness signer keys (`PRIVATE+KEY+…`, cosignature/v1) whose cosignatures are added to the checkpoint. */
  cosigners?: string[];
}

/** Where {@link writeSampleBundle} wrote each file, and the documents it wrote. */
export interface SampleBundle {
  dir: string;
  manifestPath: string;
  receiptPath: string;
  reportPath: string;
  publicKeyPath: string;
  verifierPath: string;
  manifest: PaperManifest;
  receipt: Receipt;
  manifestHash: string;
  /** The signer key used; secret in real life, here so tests can sign variants. */
  signerKey: string;
  verifierKey: string;
}

const REPORT = `# Does retrieval grounding reduce unsupported claims in clinical question answering?

*Synthesis ${SAMPLE_SYNTHESIS_ID}, version 1. Verification level L2 (source-grounded).*

## Summary

Across the six retrieved studies, grounding a language model's answer in
retrieved passages lowered the share of unsupported statements, with effect
sizes that vary by retrieval quality [corpus:pubmed-3312]. The evidence is
moderate: most studies are small and use automatic rather than clinician
judgement of support [corpus:arxiv-2402.01234].

## Claims

1. Retrieval grounding reduced unsupported statements by 20 to 40 percent in
   benchmark settings [corpus:pubmed-3312; corpus:arxiv-2402.01234].
2. Gains shrink when the retriever returns off-topic passages
   [corpus:arxiv-2311.09876].
3. No included study measured patient outcomes [corpus:pubmed-3312].

## Uncertainty

Support was judged by lexical overlap (TF-IDF, threshold 0.15), which shows a
claim is attached to the right source but barely separates supported from
contradicted claims.
`;

/** A realistic paper-manifest-v1.1 for the sample report; `ledger` and `artifacts` come from the caller. */
function sampleManifest(report: Buffer, ledger: PaperManifest['ledger'], recordHashes: string[]): PaperManifest {
  const [skeptic, validator, synthesizer, c1, c2, c3, p1, p2, p3] = recordHashes as [string, string, string, string, string, string, string, string, string];
  return {
    contract: 'paper-manifest-v1.1',
    manifestVersion: 1,
    synthesisId: SAMPLE_SYNTHESIS_ID,
    previousManifestHash: null,
    title: 'Does retrieval grounding reduce unsupported claims in clinical question answering?',
    researchQuestion: 'In clinical question answering, does grounding model answers in retrieved literature reduce statements unsupported by the cited sources?',
    publishedAt: '2025-03-14T09:26:53.589Z',
    publisher: 'synthledger demo publisher',
    pipeline: {
      name: 'synthledger',
      version: '0.1.0',
      configHash: sha256('pipeline-config-v1'),
      parameters: {
        queries: 4,
        topK: 6,
        tfidfNgrams: [1, 2],
        threshold: 0.15,
        embeddingModel: 'local-hashed-ngram',
        embeddingDim: 256,
        tribunalRoles: ['SKEPTIC', 'VALIDATOR', 'SYNTHESIZER'],
        revisionThreshold: 7,
        maxRounds: 2,
        source: 'bundled-corpus',
      },
      providers: [{ role: 'writer', provider: 'offline-template', model: 'template-v1', deterministic: true }],
    },
    workflow: {
      namespace: 'default',
      workflowId: `synthesis-${SAMPLE_SYNTHESIS_ID}`,
      runId: '8f14e45f-ceea-467f-a0e6-1c2b7a9f3d21',
      taskQueue: 'synthledger',
      historyDigest: { lastEventId: 87, sha256: sha256('history-events-1-87') },
    },
    review: {
      score: 8.4,
      method: 'three-role tribunal (SKEPTIC, VALIDATOR, SYNTHESIZER), mean score',
      roles: [
        { role: 'SKEPTIC', score: 7.6, verdict: 'ACCEPT_WITH_CAVEATS', recordHash: skeptic },
        { role: 'VALIDATOR', score: 8.8, verdict: 'ACCEPT', recordHash: validator },
        { role: 'SYNTHESIZER', score: 8.8, verdict: 'ACCEPT', recordHash: synthesizer },
      ],
      revisionRounds: 1,
      decision: 'AUTO_APPROVE',
      policy: { name: 'default-review-policy', configHash: sha256('review-policy-v1'), outcome: 'AUTO_APPROVE', reviewer: null, note: null },
    },
    verification: { level: 'L2', label: 'source-grounded', claimsExtracted: 3, claimsVerified: 3, threshold: 0.15 },
    qualityTier: { tier: 'DOI-grade', basis: 'score 8.4 ≥ 8.0, verified ratio 1.00 ≥ 0.80, level L2 ≥ L2, status CURRENT' },
    qualityDimensions: { evidenceStrength: 'MEDIUM', citationGrounding: 'HIGH', uncertaintyDisclosure: 'HIGH', reproducibilityStatus: 'HIGH' },
    claims: [
      { claimId: 'c1', text: 'Retrieval grounding reduced unsupported statements by 20 to 40 percent in benchmark settings.', verified: true, confidence: 0.82, sourceIds: ['corpus:pubmed-3312', 'corpus:arxiv-2402.01234'], recordHash: c1 },
      { claimId: 'c2', text: 'Gains shrink when the retriever returns off-topic passages.', verified: true, confidence: 0.71, sourceIds: ['corpus:arxiv-2311.09876'], recordHash: c2 },
      { claimId: 'c3', text: 'No included study measured patient outcomes.', verified: true, confidence: 0.64, sourceIds: ['corpus:pubmed-3312'], recordHash: c3 },
    ],
    sources: [
      { sourceId: 'corpus:pubmed-3312', provenanceHash: p1 },
      { sourceId: 'corpus:arxiv-2402.01234', provenanceHash: p2 },
      { sourceId: 'corpus:arxiv-2311.09876', provenanceHash: p3 },
    ],
    correction: { status: 'CURRENT', count: 0, contract: 'correction-record-v1', records: [] },
    provenance: {
      publicLevel: 'L4',
      label: 'full ledger stream with inclusion proofs',
      contract: 'source-provenance-v1',
      claimLineage: 'claim aggregate records in the ledger stream',
      reviewMethod: 'tribunal records in the ledger stream',
      externalRecord: null,
    },
    artifacts: [{ name: 'report.md', mediaType: 'text/markdown; charset=utf-8', bytes: report.length, sha256: sha256(report) }],
    ledger,
    accounting: { durationMs: 41873, tokens: { 'offline-template': { input: 0, output: 0 } } },
  };
}

/** A tiny append-only log: entries chained per stream, leaves in a MemoryNodeStore. */
class SampleLog {
  readonly store = new MemoryNodeStore();
  readonly entries: LedgerEntry[] = [];
  private readonly heads = new Map<string, { hash: string; count: number }>();

  append(stream: string, kind: string, contract: string | null, payload: unknown, activityType: string): LedgerEntry {
    const head = this.heads.get(stream);
    const index = this.entries.length;
    const header: EntryHeader = {
      v: 1,
      index,
      stream,
      streamIndex: head?.count ?? 0,
      kind,
      contract,
      payloadHash: hashJson(payload),
      prevEntryHash: head?.hash ?? null,
      recordedAt: new Date(Date.UTC(2025, 2, 14, 9, 20, index)).toISOString(),
      actor: { workflowId: `synthesis-${stream}`, runId: '8f14e45f-ceea-467f-a0e6-1c2b7a9f3d21', activityType, activityId: String(index + 1) },
    };
    const entry = makeEntry(header, canonicalize(payload), `${stream}/${index}`);
    // The Merkle leaf is JCS(header) itself (DESIGN 4.1).
    if (this.store.appendLeaf(Buffer.from(entry.headerJson, 'utf8')) !== index) throw new Error('sample log out of step');
    this.entries.push(entry);
    this.heads.set(stream, { hash: entry.entryHash, count: header.streamIndex + 1 });
    return entry;
  }

  head(stream: string): { hash: string; count: number } {
    const head = this.heads.get(stream);
    if (!head) throw new Error(`no entries in ${stream}`);
    return head;
  }
}

/**
 * Writes a valid bundle into `dir` (created if needed): manifest.json,
 * receipt.json, report.md, public-key.txt and verify-bundle.mjs. The manifest
 * is validated with the contract schema before anything is signed.
 */
export async function writeSampleBundle(dir: string, options: SampleBundleOptions = {}): Promise<SampleBundle> {
  mkdirSync(dir, { recursive: true });
  const signerKey = options.signerKey ?? generateSigningKey(SAMPLE_LOG_ORIGIN).signerKey;
  const signer = parseSignerKey(signerKey);
  const report = Buffer.from(REPORT, 'utf8');

  // Entries of the synthesis stream interleaved with another stream's, as the shared global log has them.
  const log = new SampleLog();
  const other = 'syn_01J9Z2AAAAOTHERSTREAM0000';
  const records: string[] = [];
  const rec = (stream: string, kind: string, contract: string | null, payload: unknown, activity: string): void => {
    records.push(log.append(stream, kind, contract, payload, activity).header.payloadHash);
  };
  log.append(other, 'synthesis-started', null, { question: 'another question' }, 'startSynthesis');
  rec(SAMPLE_SYNTHESIS_ID, 'source', 'source-provenance-v1', { sourceId: 'corpus:pubmed-3312' }, 'retrieveSources');
  rec(SAMPLE_SYNTHESIS_ID, 'claims', null, { claims: ['c1', 'c2', 'c3'] }, 'extractClaims');
  log.append(other, 'source', 'source-provenance-v1', { sourceId: 'corpus:arxiv-2001.00001' }, 'retrieveSources');
  rec(SAMPLE_SYNTHESIS_ID, 'review', null, { role: 'SKEPTIC', score: 7.6 }, 'tribunalReview');
  // The manifest also cites records that stand in for the rest of the stream.
  for (const name of ['validator', 'synthesizer', 'claim-c1', 'claim-c2', 'claim-c3', 'prov-2', 'prov-3']) records.push(sha256(`${name}-record`));
  const [source1, , skeptic, validator, synthesizer, c1, c2, c3, prov2, prov3] = records as string[];

  const head = log.head(SAMPLE_SYNTHESIS_ID);
  const manifest = sampleManifest(report, { logOrigin: SAMPLE_LOG_ORIGIN, streamHead: head.hash, entryCount: head.count },
    [skeptic!, validator!, synthesizer!, c1!, c2!, c3!, source1!, prov2!, prov3!]);
  assertContract('paper-manifest-v1.1', manifest);
  const manifestHash = hashJson(manifest);

  const manifestEntry = log.append(SAMPLE_SYNTHESIS_ID, 'manifest', 'paper-manifest-v1.1', manifest, 'publishManifest');
  log.append(other, 'claims', null, { claims: [] }, 'extractClaims');

  const treeSize = log.store.size;
  const body = formatCheckpointBody({ origin: SAMPLE_LOG_ORIGIN, treeSize, rootHash: log.store.root(treeSize) });
  const rotated = options.rotateTo ? parseSignerKey(options.rotateTo.signerKey) : null;
  const signed = signCheckpoint(body, rotated ?? signer);
  // A fixed time, so the bundle depends only on its keys.
  const checkpoint = addCosignatures(signed, (options.cosigners ?? []).map((k) => parseCosignerKey(k).cosign(body, 1_741_944_000)));
  const leafIndex = manifestEntry.header.index;
  const receipt: Receipt = {
    contract: 'receipt-v1',
    manifestHash,
    entryHeader: manifestEntry.header,
    leafIndex,
    treeSize,
    inclusionProof: log.store.inclusionProof(leafIndex, treeSize).map(bytesToHash),
    checkpoint,
    publicKey: (rotated ?? signer).verifierKey,
  };
  if (rotated && options.rotateTo) {
    const old = options.rotateTo.rotationSignerKey ? parseSignerKey(options.rotateTo.rotationSignerKey) : signer;
    receipt.keyRotations = [signKeyRotation({ origin: SAMPLE_LOG_ORIGIN, oldKey: old.verifierKey, newKey: rotated.verifierKey, fromTreeSize: options.rotateTo.fromTreeSize }, old, rotated)];
  }
  assertContract('receipt-v1', receipt);

  const paths = {
    manifestPath: join(dir, 'manifest.json'),
    receiptPath: join(dir, 'receipt.json'),
    reportPath: join(dir, 'report.md'),
    publicKeyPath: join(dir, 'public-key.txt'),
    verifierPath: join(dir, 'verify-bundle.mjs'),
  };
  // Pretty-printed on purpose: the hashes are over JCS, so layout does not matter.
  writeFileSync(paths.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(paths.receiptPath, `${JSON.stringify(receipt, null, 2)}\n`);
  writeFileSync(paths.reportPath, report);
  writeFileSync(paths.publicKeyPath, `${receipt.publicKey}\n`);
  copyFileSync(VERIFIER_SOURCE, paths.verifierPath);
  return { dir, ...paths, manifest, receipt, manifestHash, signerKey, verifierKey: signer.verifierKey };
}
