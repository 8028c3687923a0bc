/**
 * Publication activities: the policy decision and grading, the human review
 * record, a non-publication outcome, and the publication itself (manifest,
 * a signed checkpoint that covers it, receipt).
 */
import type { LedgerEntry } from '../ledger';
import { hashJson, sha256 } from '../ledger/core/hash';
import { streamWith } from '../ledger/core/stream-with';
import { isSynthledgerError } from '../common/errors';
import { createCheckpoint, waitForCheckpoint, type StoredCheckpoint } from '../ledger/store/checkpointer';
import { buildReceipt } from '../ledger/store/receipt-builder';
import { logKeys } from '../ledger/store/log-keys';
import { PAPER_MANIFEST_CONTRACT } from '../schemas/contract-names';
import type { PaperManifest } from '../schemas/paper-manifest.schema';
import { heartbeat } from './activity-context';
import { ENTRY_KINDS } from './catalogue/entry-kinds';
import { archiveDigest, archiveHistory } from './history-archive';
import type { HistoryDigest } from './history-digest';
import { buildManifest } from './manifest-builder';
import type { StageLedger } from './stage-ledger';
import { decidePolicy as applyPolicy, gradeSynthesis } from './stages/policy';
import { providerList, snapshotOf, sourceFor, type ActivityDeps, type SynthesisContext } from './synthesis-context';
import type { FinalDecision, PolicyOutput, ProviderMode, PublicationMode, PublishInput } from './synthesis-types';

/** Builds the publication activities (see the catalogue, family `publication`). */
export function createPublicationActivities(ctx: SynthesisContext) {
  const { deps, stage, use, loadDraft, pipelineParameters, policyConfig, now } = ctx;
  return {
    /** Applies the publication policy and grades the synthesis (DESIGN 4.2, docs/GRADING.md). */
    async decidePolicy(input: { synthesisId: string; score: number; tribunalDecision: 'APPROVE' | 'REVISE' | 'REJECT'; draftHash: string; providers?: ProviderMode }): Promise<PolicyOutput> {
      const used = use(input.providers);
      const { draft, disclosures } = await loadDraft(input.draftHash);
      const configHash = hashJson(policyConfig);
      const outcome = applyPolicy(input.score, policyConfig, input.tribunalDecision, draft.answer?.answerability);
      const grading = gradeSynthesis({
        snapshot: snapshotOf(draft, disclosures), score: input.score, correctionStatus: 'CURRENT',
        // L4 only when the stream with its proofs is published (the evidence bundle): the request says which.
        provenance: { provenanceRecords: true, claimLineage: true, inclusionProofs: (await publicationMode(deps.ledger, input.synthesisId)) === 'evidence' },
        reproducibility: { deterministicProviders: providerList(used, '').every((p) => p.role === 'source' || p.deterministic), providerCallsRecorded: true, configHashRecorded: true, historyDigestRecorded: deps.temporal !== undefined },
      }, policyConfig);
      const entry = await stage(input.synthesisId, 'decidePolicy', 'policy').writeOne({
        name: 'decision', kind: ENTRY_KINDS.policy, contract: null, payload: { outcome, score: input.score, tribunalDecision: input.tribunalDecision, answerability: draft.answer?.answerability ?? null, policyConfigHash: configHash, policy: policyConfig, grading },
      });
      return { outcome, configHash, grading, entryHash: entry.entryHash };
    },

    /** Records the human reviewer's decision (or the timeout default). */
    async recordHumanReview(input: { synthesisId: string; decision: FinalDecision; reviewer: string | null; note: string | null; timedOut: boolean; waitedMs: number }) {
      const entry = await stage(input.synthesisId, 'recordHumanReview', 'human-review').writeOne({ name: 'decision', kind: ENTRY_KINDS.humanReview, contract: null, payload: input });
      return { entryHash: entry.entryHash };
    },

    /** Records a terminal outcome that is not a publication (rejected, cancelled). */
    async recordOutcome(input: { synthesisId: string; status: 'REJECTED' | 'CANCELLED'; reason: string }) {
      const s = stage(input.synthesisId, 'recordOutcome', `outcome-${input.status}`);
      // The run ends here: archive its history so audit and replay outlive Temporal's retention.
      const run = s.run();
      if (deps.temporal && run) await archiveHistory(deps.ledger, deps.temporal, s, run, 'outcome');
      const entry = await s.writeOne({ name: 'outcome', kind: ENTRY_KINDS.outcome, contract: null, payload: input });
      return { entryHash: entry.entryHash };
    },

    /** Builds and appends the manifest, takes a signed checkpoint that includes it, and stores manifest, receipt and report. */
    async publishSynthesis(input: PublishInput) {
      const s = stage(input.synthesisId, 'publishSynthesis', 'publish');
      // The archived bytes are what the digest covers: its blob hash is the manifest's historyDigest.
      // The stream, the draft and the log's origin are read while Temporal sends the history, and the
      // ledger is asked for an earlier attempt's manifest (then the archive is that attempt's too: it came first).
      const [existing, archived, state, { draft }, read] = await Promise.all([
        deps.ledger.reader.entryByIdempotencyKey(s.key('manifest')),
        deps.temporal ? archiveHistory(deps.ledger, deps.temporal, s, input.workflow, 'publication') : null,
        deps.ledger.reader.logState(),
        loadDraft(input.draftHash),
        deps.ledger.reader.stream(input.synthesisId),
      ]);
      let manifestEntry: LedgerEntry;
      if (existing) {
        manifestEntry = existing;
      } else {
        const history: HistoryDigest = archived ? archiveDigest(archived.payload) : { lastEventId: 1, sha256: sha256('in-process') };
        const stream = (archived ? streamWith(read, archived.entry) : read) ?? await deps.ledger.reader.stream(input.synthesisId);
        const head = stream[stream.length - 1]!;
        const manifest = buildManifest({
          ...input, draft, history, streamHead: head.entryHash, entryCount: stream.length, logOrigin: state.origin,
          publishedAt: now().toISOString(), pipelineName: deps.pipelineName ?? 'synthledger', pipelineVersion: deps.pipelineVersion ?? '0.1.0',
          pipelineParameters: pipelineParameters(input.params), policyConfig,
          providers: providerList(use(input.params.providers), sourceFor(deps, input.params.source).name),
        });
        manifestEntry = await s.writeOne({ name: 'manifest', kind: ENTRY_KINDS.manifest, contract: PAPER_MANIFEST_CONTRACT, payload: manifest });
      }
      const published = await finishPublication(deps, s, manifestEntry);
      // The level goes back to the workflow (its VerificationLevel search attribute), not into the ledger.
      return { ...published, verificationLevel: (JSON.parse(manifestEntry.payloadJson) as PaperManifest).verification.level };
    },
  };
}

/** The publication mode the synthesis was requested with (`evidence` unless it asked for `minimal`). */
export async function publicationMode(ledger: ActivityDeps['ledger'], synthesisId: string): Promise<PublicationMode> {
  const request = (await ledger.reader.stream(synthesisId)).find((e) => e.header.kind === ENTRY_KINDS.request);
  const mode = request ? (JSON.parse(request.payloadJson) as { params?: { publication?: unknown } }).params?.publication : undefined;
  return mode === 'minimal' ? 'minimal' : 'evidence';
}

/**
 * After the manifest entry exists: checkpoint, witness cosignatures, receipt,
 * blobs and the publication record (all idempotent). The checkpoint is the
 * latest one once it covers the manifest (signed by the background
 * checkpointer when asked, docs/adr/0015; it may cover later entries too),
 * or one signed here when none came within `checkpointWaitMs`. A witness failure that
 * retrying cannot fix is recorded in the stream as a `witnessRefusal` entry
 * before it is thrown; no receipt is written with a missing or bad cosignature.
 */
export async function finishPublication(deps: Pick<ActivityDeps, 'ledger' | 'signer' | 'witnesses' | 'checkpointWaitMs'>, s: StageLedger, manifestEntry: LedgerEntry, receiptName = 'receipt') {
  const recorded = await deps.ledger.reader.entryByIdempotencyKey(s.key(receiptName));
  if (recorded) {
    const p = JSON.parse(recorded.payloadJson) as { manifestHash: string; manifestVersion: number; receiptHash: string; treeSize: number };
    return p;
  }
  // While the checkpoint comes: the earlier receipts, and the manifest's blob (stored before the entry that names it).
  const [signed, earlierTreeSizes] = await Promise.all([
    checkpointCovering(deps, manifestEntry.header.index),
    // Earlier versions of this manifest were published at these tree sizes: version n+1 proves the log only grew since.
    deps.ledger.reader.stream(manifestEntry.header.stream).then((stream) => stream
      .filter((e) => e.header.kind === ENTRY_KINDS.receipt)
      .map((e) => (JSON.parse(e.payloadJson) as { treeSize: number }).treeSize)),
    deps.ledger.blobs.put(manifestEntry.payloadJson, 'application/json'),
  ]);
  const checkpoint = deps.witnesses ? await cosignedCheckpoint(deps, s, signed, receiptName) : signed;
  const keyRotations = (await logKeys(deps.ledger.db, checkpoint.origin)).flatMap((k) => (k.rotationStatement ? [k.rotationStatement] : []));
  // The key that signed the checkpoint (the log's key; after a rotation another worker's may be newer than ours).
  const receipt = await buildReceipt(deps.ledger.reader, manifestEntry, checkpoint, checkpoint.verifierKey ?? deps.signer.verifierKey, { earlierTreeSizes, keyRotations });
  const manifestHash = manifestEntry.header.payloadHash;
  const receiptHash = await deps.ledger.blobs.put(JSON.stringify(receipt, null, 2) + '\n', 'application/json');
  const manifestVersion = (JSON.parse(manifestEntry.payloadJson) as { manifestVersion: number }).manifestVersion;
  const payload = { manifestHash, manifestVersion, receiptHash, treeSize: checkpoint.treeSize };
  await s.writeOne({ name: receiptName, kind: ENTRY_KINDS.receipt, contract: null, payload });
  return payload;
}

/**
 * The latest checkpoint once one covers the entry at `index` (asked of the
 * background checkpointer, docs/adr/0015), or one signed here when none came
 * within `checkpointWaitMs`.
 */
async function checkpointCovering(deps: Pick<ActivityDeps, 'ledger' | 'signer' | 'checkpointWaitMs'>, index: number): Promise<StoredCheckpoint> {
  const waited = deps.checkpointWaitMs ? await waitForCheckpoint(deps.ledger.db, index, { timeoutMs: deps.checkpointWaitMs, onWait: () => heartbeat() }) : null;
  return waited ?? await createCheckpoint(deps.ledger.db, deps.signer);
}

/** Times a publication moves on to a newer checkpoint because a witness already cosigned one (each is another publication's). */
const WITNESS_CATCH_UP_ROUNDS = 5;

/**
 * `signed` with every configured witness's cosignature. When a witness has
 * already cosigned a newer checkpoint of this log (a concurrent publication
 * presented it first), that witness cannot cosign an older one; the latest
 * checkpoint, which covers this manifest too, is cosigned instead, at once
 * rather than after a failed attempt.
 */
async function cosignedCheckpoint(deps: Pick<ActivityDeps, 'ledger' | 'signer' | 'witnesses' | 'checkpointWaitMs'>, s: StageLedger, signed: StoredCheckpoint, receiptName: string): Promise<StoredCheckpoint> {
  for (let round = 1; ; round++) {
    try {
      return { ...signed, note: await cosigned(deps, s, signed, receiptName) };
    } catch (err) {
      const witnessSize = isSynthledgerError(err) && err.code === 'WITNESS_REFUSED' && err.retryable ? err.details.witnessSize : undefined;
      if (typeof witnessSize !== 'number' || witnessSize <= signed.treeSize || round === WITNESS_CATCH_UP_ROUNDS) throw err;
      signed = await checkpointCovering(deps, witnessSize - 1);
    }
  }
}

/** The checkpoint note with every configured witness's cosignature, or the witness failure (recorded first when final). */
async function cosigned(deps: Pick<ActivityDeps, 'ledger' | 'witnesses'>, s: StageLedger, checkpoint: StoredCheckpoint, receiptName: string): Promise<string> {
  try {
    const result = await deps.witnesses!.cosign(checkpoint.note, (oldSize, newSize) => deps.ledger.reader.consistencyProof(oldSize, newSize));
    return result.note;
  } catch (err) {
    if (isSynthledgerError(err) && !err.retryable) {
      // Evidence for auditors: which witness refused which checkpoint, and why. A retryable failure is not a refusal.
      const witness = typeof err.details.witness === 'string' ? err.details.witness : null;
      await s.writeOne({
        name: `${receiptName}/witness-refusal`, kind: ENTRY_KINDS.witnessRefusal, contract: null,
        payload: { code: err.code, message: err.message, witness, url: typeof err.details.url === 'string' ? err.details.url : null, treeSize: checkpoint.treeSize, checkpoint: checkpoint.note },
      });
    }
    throw err;
  }
}
