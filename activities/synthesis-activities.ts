/**
 * The pipeline stages as Temporal activities, built by a factory that
 * receives their dependencies. Each activity computes with the pure stage
 * functions in `stages/` and appends its ledger records idempotently: a
 * retried call returns the entries of the earlier attempt and adds nothing.
 */
import type { Client } from '@temporalio/client';
import { ValidationError } from '../common/errors';
import type { Ledger, LedgerEntry } from '../ledger';
import { createCheckpoint } from '../ledger/store/checkpointer';
import { hashJson, sha256 } from '../ledger/core/hash';
import { buildReceipt } from '../ledger/store/receipt-builder';
import type { SigningKey } from '../ledger/core/signing-key';
import type { SourceProvenance } from '../schemas/source-provenance.schema';
import { currentCall, heartbeat, withFailureClassification } from './activity-context';
import { computeHistoryDigest, type HistoryDigest } from './history-digest';
import { buildManifest } from './manifest-builder';
import type { Claim, ClaimVerification, EmbeddingProvider, PolicyDecision, RankedPaper, Review, ReviewRole, Source } from './model';
import { StageLedger } from './stage-ledger';
import type { ChatClaimExtractor } from './providers/chat-claim-extractor';
import type { ChatReviewer } from './providers/chat-reviewer';
import type { Disclosure } from './stages/disclosures';
import { draftReport as renderReport, type DraftReportInput } from './stages/draft-report';
import { composeAnswer as composeExtractive, type Answer } from './stages/compose-answer';
import { extractClaims as extractHeuristic, QUESTION_CLAIM_METHOD, sourceText, withRelevance } from './stages/extract-claims';
import { MAX_TOP_K, mergeSources as mergeRanked } from './stages/merge-sources';
import { DEFAULT_PIPELINE_PARAMETERS, type PipelineParameters } from './stages/pipeline-parameters';
import { planQueries as planVariants } from './stages/plan-queries';
import { decidePolicy as applyPolicy, gradeSynthesis, DEFAULT_POLICY_CONFIG, type PolicyConfig } from './stages/policy';
import { revise, type ReviseOutput } from './stages/revise';
import type { SynthesisSnapshot } from './stages/synthesis-metrics';
import { HashedNgramEmbedder } from './stages/local-embedder';
import { normalizeTitle } from './stages/text';
import { aggregateReviews, review, TRIBUNAL_METHOD } from './stages/tribunal';
import { addEmbeddingAgreement, verifyClaims as verifyTfidf } from './stages/verify-claims';
import { validateSynthesisRequest } from './synthesis-request';
import type { FinalDecision, ProviderMode, RetainedSources, SynthesisParams, TribunalRound } from './synthesis-types';

/** Media type of the report artifact. */
export const REPORT_MEDIA_TYPE = 'text/markdown; charset=utf-8';
/** Media type of a stored draft state. */
export const DRAFT_MEDIA_TYPE = 'application/vnd.synthledger.draft-state+json';

/** Optional chat-model providers; when absent the deterministic heuristics run. */
export interface ChatProviders {
  extractor?: ChatClaimExtractor;
  reviewers?: Partial<Record<ReviewRole, ChatReviewer>>;
}

/** The providers one synthesis uses (its provider mode applied to the worker's). */
interface UsedProviders {
  embedder: EmbeddingProvider;
  extractor?: ChatClaimExtractor;
  reviewers?: Partial<Record<ReviewRole, ChatReviewer>>;
}

/** One provider as the manifest's `pipeline.providers` lists it. */
export interface ProviderUse {
  role: string;
  provider: string;
  model: string;
  deterministic: boolean;
}

/** The manifest's list of providers for a synthesis: source, embedding, claims and each tribunal role. */
function providerList(used: UsedProviders, sourceName: string): ProviderUse[] {
  const list: ProviderUse[] = [
    { role: 'source', provider: sourceName || 'unknown', model: sourceName || 'unknown', deterministic: sourceName === 'bundled-corpus' },
    { role: 'embedding', provider: used.embedder.name, model: used.embedder.model, deterministic: used.embedder.deterministic },
    used.extractor
      ? { role: 'claims', provider: 'openai-compatible', model: used.extractor.method.replace(/^chat:/, ''), deterministic: false }
      : { role: 'claims', provider: 'heuristic', model: QUESTION_CLAIM_METHOD, deterministic: true },
  ];
  for (const role of ['SKEPTIC', 'VALIDATOR', 'SYNTHESIZER'] as const) {
    const r = used.reviewers?.[role];
    list.push(r
      ? { role: `tribunal:${role}`, provider: 'openai-compatible', model: r.model, deterministic: false }
      : { role: `tribunal:${role}`, provider: 'deterministic-reviewer', model: TRIBUNAL_METHOD, deterministic: true });
  }
  return list;
}

function hasNetworkProvider(deps: ActivityDeps): boolean {
  return !deps.embedder.deterministic || deps.chat?.extractor !== undefined || Object.keys(deps.chat?.reviewers ?? {}).length > 0;
}

/** Dependencies of the activities. */
export interface ActivityDeps {
  /** Chat extractor and reviewers (network); omitted → offline heuristics. */
  chat?: ChatProviders;
  ledger: Ledger;
  /** Source adapters by name (`corpus`, `arxiv`). */
  sources: Record<string, Source>;
  embedder: EmbeddingProvider;
  /** Signs the checkpoint produced after each publication. */
  signer: SigningKey;
  /** Used to digest the workflow history at publication; omitted in-process. */
  temporal?: Client;
  policy?: PolicyConfig;
  pipelineName?: string;
  pipelineVersion?: string;
  /** Clock for publication timestamps (tests inject one). */
  now?: () => Date;
}

/** Output of `draftReport`. */
export interface DraftOutput {
  reportHash: string;
  bytes: number;
  /** Hash of the stored draft state (inputs and rendered disclosures); later stages load it by hash. */
  draftHash: string;
  entryHash: string;
}

/** Output of `indexSources`. */
export interface IndexOutput {
  model: string;
  dimension: number;
  deterministic: boolean;
  vectorsHash: string;
}

/** Output of `decidePolicy`. */
export interface PolicyOutput {
  outcome: PolicyDecision;
  configHash: string;
  grading: ReturnType<typeof gradeSynthesis>;
  entryHash: string;
}

/** Builds the activities object registered with the worker. */
export function createActivities(deps: ActivityDeps) {
  const policyConfig = deps.policy ?? DEFAULT_POLICY_CONFIG;
  const now = deps.now ?? (() => new Date());
  const stage = (synthesisId: string, activityType: string, callName: string) =>
    new StageLedger(deps.ledger, synthesisId, currentCall({ synthesisId, activityType, callName }));
  const offlineEmbedder = new HashedNgramEmbedder();
  /** The providers a synthesis uses under its provider mode (see SynthesisParams.providers). */
  const use = (mode: ProviderMode = 'auto'): UsedProviders => {
    if (mode === 'offline') return { embedder: deps.embedder.deterministic ? deps.embedder : offlineEmbedder };
    return { embedder: deps.embedder, extractor: deps.chat?.extractor, reviewers: deps.chat?.reviewers };
  };
  const pipelineParameters = (p: SynthesisParams): PipelineParameters => pipelineParametersFor(p, sourceFor(deps, p.source).name, use(p.providers).embedder);
  const loadDraft = async (hash: string) => JSON.parse((await deps.ledger.blobs.get(hash)).bytes.toString('utf8')) as { draft: DraftReportInput; disclosures: Disclosure[] };
  const activities = {
    /** Validates the request and records it with its configuration hash. Bad input: non-retryable, nothing written. */
    async recordRequest(input: { synthesisId: string; question: string; params: SynthesisParams; publisher: string | null }) {
      validateSynthesisRequest(input, Object.keys(deps.sources));
      if (input.params.providers === 'network' && !hasNetworkProvider(deps)) {
        throw ValidationError.single('INVALID_ARGUMENT', '$.params.providers', 'configured',
          'providers "network" needs a network provider on the worker: set SYNTHLEDGER_CHAT_BASE_URL/_MODEL or SYNTHLEDGER_EMBED_BASE_URL/_MODEL/_DIM');
      }
      const used = use(input.params.providers);
      const s = stage(input.synthesisId, 'recordRequest', 'request');
      const config = { pipeline: pipelineParameters(input.params), policy: policyConfig, providers: providerList(used, sourceFor(deps, input.params.source).name) };
      const configHash = hashJson(config);
      // The start time is recorded once so every later record (and a retry) uses the same instant.
      const { payload } = await s.once('request', 'synthesis.request', async () => ({
        question: input.question, params: input.params, publisher: input.publisher, config, configHash, startedAt: now().toISOString(),
      }));
      const source = sourceFor(deps, input.params.source);
      const corpusSize = (source as { papers?: readonly unknown[] }).papers?.length ?? null;
      return { configHash, startedAt: payload.startedAt, parameters: config.pipeline, corpusSize, reviewMethod: TRIBUNAL_METHOD };
    },

    /** Plans N deterministic query variants. */
    async planQueries(input: { synthesisId: string; question: string; queries: number }) {
      const queries = planVariants(input.question, input.queries);
      await stage(input.synthesisId, 'planQueries', 'plan').writeOne({ name: 'plan', kind: 'search.plan', contract: null, payload: { question: input.question, queries } });
      return { queries };
    },

    /** Searches one query variant on the configured source. */
    async searchSources(input: { synthesisId: string; query: string; variant: number; round: number; limit: number; source: string }) {
      const source = sourceFor(deps, input.source);
      const results = await source.search(input.query, input.limit);
      await stage(input.synthesisId, 'searchSources', `search-${input.round}-${input.variant}`).writeOne({
        name: 'results', kind: 'search.results', contract: null,
        payload: { query: input.query, variant: input.variant, round: input.round, adapter: source.name, results: results.map((r) => ({ id: r.paper.id, rank: r.rank, score: r.score })) },
      });
      return results;
    },

    /**
     * Round 0: de-duplicates and keeps the top K. Later rounds (widened
     * retrieval): adds up to `limit` sources not already `known`. Writes a
     * source-provenance-v1 record per newly retained source.
     */
    async mergeSources(input: { synthesisId: string; round: number; results: RankedPaper[][]; known: Array<{ id: string; title: string }>; limit: number; retrievedAt: string }): Promise<RetainedSources> {
      const seen = new Set(input.known.flatMap((s) => [s.id, normalizeTitle(s.title)]));
      const merged = input.known.length === 0
        ? mergeRanked(input.results, input.limit)
        : mergeRanked(input.results, MAX_TOP_K).filter((s) => !seen.has(s.paper.id) && !seen.has(normalizeTitle(s.paper.title))).slice(0, input.limit);
      const call = currentCall({ synthesisId: input.synthesisId, activityType: 'mergeSources', callName: `merge-${input.round}` });
      const s = stage(input.synthesisId, 'mergeSources', `merge-${input.round}`);
      const records = merged.map((r) => ({ name: `provenance/${r.paper.id}`, kind: 'source.provenance', contract: 'source-provenance-v1', payload: provenanceRecord(r, input.retrievedAt, call.actor) }));
      const entries = await s.write([...records, {
        name: 'merged', kind: 'sources.merged', contract: null,
        payload: { round: input.round, hits: input.results.reduce((n, r) => n + r.length, 0), retained: merged.map((r) => ({ id: r.paper.id, score: r.score, query: r.query })) },
      }]);
      return { sources: merged, provenance: merged.map((r, i) => ({ sourceId: r.paper.id, provenanceHash: entries[i]!.header.payloadHash })) };
    },

    /** Embeds every source and records the model, dimension and vector hashes. */
    async indexSources(input: { synthesisId: string; round: number; sources: RankedPaper[]; providers?: ProviderMode }): Promise<IndexOutput> {
      const { embedder } = use(input.providers);
      const s = stage(input.synthesisId, 'indexSources', `index-${input.round}`);
      const { payload } = await s.once('index', 'index.record', async () => {
        const started = Date.now();
        const res = await embedder.embed(input.sources.map((r) => sourceText(r.paper)));
        return {
          provider: embedder.name, model: res.model, dimension: res.dimension, deterministic: embedder.deterministic,
          vectors: input.sources.map((r, i) => ({ sourceId: r.paper.id, sha256: hashJson(res.vectors[i]!) })),
          tokens: res.tokens, durationMs: Date.now() - started,
        };
      });
      return { model: payload.model, dimension: payload.dimension, deterministic: payload.deterministic, vectorsHash: hashJson(payload.vectors) };
    },

    /**
     * Extracts claims with their source spans, relevance and aspect; one claim
     * record each. Offline: the sentences that bear on the question
     * (question-focused-v1). A chat model's claims are scored for relevance
     * the same way. `question` is optional only for retries of activities
     * scheduled before it was passed (they extract as heuristic-v1 did).
     */
    async extractClaims(input: { synthesisId: string; round: number; sources: RankedPaper[]; maxClaimsPerSource: number; providers?: ProviderMode; question?: string }) {
      const s = stage(input.synthesisId, 'extractClaims', `extract-${input.round}`);
      const { extractor } = use(input.providers);
      let claims: Claim[];
      if (extractor) {
        // Each model call is recorded once (prompt/response hashes, tokens); a retry reuses the record.
        claims = [];
        for (const r of input.sources) {
          const { payload } = await s.once(`chat-extract/${r.paper.id}`, 'provider.call', async () => {
            const out = await extractor.extract(r.paper);
            return { stage: 'extractClaims', sourceId: r.paper.id, call: out.call, claims: out.claims, rejected: out.rejected };
          });
          claims.push(...payload.claims.slice(0, input.maxClaimsPerSource));
          heartbeat({ extracted: claims.length });
        }
      } else {
        claims = extractHeuristic(input.sources.map((r) => r.paper), { maxClaimsPerSource: input.maxClaimsPerSource, question: input.question });
      }
      if (input.question !== undefined) claims = withRelevance(input.question, claims, input.sources.map((r) => r.paper));
      await s.write([
        ...claims.map((c) => ({ name: `claim/${c.claimId}`, kind: 'claim.record', contract: null, payload: { ...c, round: input.round } })),
        { name: 'summary', kind: 'claims.extracted', contract: null, payload: { round: input.round, count: claims.length, method: extractor?.method ?? claims[0]?.method ?? QUESTION_CLAIM_METHOD } },
      ]);
      return { claims };
    },

    /**
     * Checks each claim against its source: TF-IDF source attachment,
     * numbers/negation consistency, the entailment verdict
     * (lexical-entailment-v1; verified means SUPPORTS) and embedding agreement.
     */
    async verifyClaims(input: { synthesisId: string; round: number; claims: Claim[]; sources: RankedPaper[]; threshold: number; providers?: ProviderMode }) {
      const { embedder } = use(input.providers);
      const papers = input.sources.map((r) => r.paper);
      const s = stage(input.synthesisId, 'verifyClaims', `verify-${input.round}`);
      const lexical = verifyTfidf(input.claims, papers, { threshold: input.threshold, entailment: true });
      const verifications = embedder.deterministic
        ? await addEmbeddingAgreement(input.claims, lexical, embedder)
        : (await s.once('embedding-agreement', 'provider.call', async () => {
          const started = Date.now();
          const out = await addEmbeddingAgreement(input.claims, lexical, embedder);
          return { stage: 'verifyClaims', provider: embedder.name, model: embedder.model, durationMs: Date.now() - started, verifications: out };
        })).payload.verifications;
      heartbeat({ verified: verifications.length });
      const entries = await s
        .write(verifications.map((v) => ({ name: `verification/${v.claimId}`, kind: 'claim.verification', contract: null, payload: v })));
      const recordHashes: Record<string, string> = {};
      verifications.forEach((v, i) => { recordHashes[v.claimId] = entries[i]!.header.payloadHash; });
      return { verifications, recordHashes };
    },

    /**
     * Composes the Answer (extractive-answer-v1) from the verified claims that
     * bear on the question, and records it: per aspect the cited evidence,
     * agreement, disagreement and gaps, the answerability and the sentence
     * checks. One record per round.
     */
    async composeAnswer(input: { synthesisId: string; round: number; question: string; sources: RankedPaper[]; claims: Claim[]; verifications: ClaimVerification[] }): Promise<{ answer: Answer; recordHash: string }> {
      const answer = composeExtractive(input);
      const entry = await stage(input.synthesisId, 'composeAnswer', `answer-${input.round}`).writeOne({
        name: 'answer', kind: 'answer.record', contract: null, payload: { ...answer, round: input.round },
      });
      return { answer, recordHash: entry.header.payloadHash };
    },

    /**
     * Renders the report from the draft state and stores both as blobs; later
     * stages receive the draft by hash, which keeps workflow histories small.
     */
    async draftReport(input: { synthesisId: string; round: number; draft: DraftReportInput }): Promise<DraftOutput> {
      const report = renderReport(input.draft);
      await deps.ledger.blobs.put(report.markdown, REPORT_MEDIA_TYPE);
      const draftHash = await deps.ledger.blobs.put(JSON.stringify({ draft: input.draft, disclosures: report.disclosures }), DRAFT_MEDIA_TYPE);
      const entry = await stage(input.synthesisId, 'draftReport', `draft-${input.round}`).writeOne({
        name: 'report', kind: 'artifact.report', contract: null,
        payload: { name: 'report.md', mediaType: REPORT_MEDIA_TYPE, round: input.round, bytes: report.bytes, sha256: report.sha256, draftStateHash: draftHash },
      });
      return { reportHash: report.sha256, bytes: report.bytes, draftHash, entryHash: entry.entryHash };
    },

    /** One tribunal member's review (the workflow runs the three roles in parallel). */
    async reviewAs(input: { synthesisId: string; round: number; role: ReviewRole; draftHash: string; reportHash: string; providers?: ProviderMode }) {
      const { draft, disclosures } = await loadDraft(input.draftHash);
      const s = stage(input.synthesisId, 'reviewAs', `review-${input.round}-${input.role}`);
      const reviewer = use(input.providers).reviewers?.[input.role];
      let result: Review;
      if (reviewer) {
        const report = (await deps.ledger.blobs.get(input.reportHash)).bytes.toString('utf8');
        result = (await s.once('chat-review', 'provider.call', async () => {
          const out = await reviewer.review({ draft: report, claims: draft.claims, verifications: draft.verifications });
          return { stage: 'reviewAs', role: input.role, call: out.call, review: out.review };
        })).payload.review;
      } else {
        result = review(input.role, snapshotOf(draft, disclosures));
      }
      const entry = await s.writeOne({
        name: 'review', kind: 'review.record', contract: null, payload: { ...result, round: input.round, reportHash: input.reportHash },
      });
      return { review: result, recordHash: entry.header.payloadHash };
    },

    /** Aggregates the three reviews by the documented rule and records it. */
    async aggregateTribunal(input: { synthesisId: string; round: number; reviews: Review[]; threshold: number }) {
      const aggregate = aggregateReviews(input.reviews, input.threshold);
      await stage(input.synthesisId, 'aggregateTribunal', `tribunal-${input.round}`).writeOne({
        name: 'aggregate', kind: 'tribunal.aggregate', contract: null, payload: { round: input.round, ...aggregate, method: TRIBUNAL_METHOD },
      });
      return aggregate;
    },

    /** Answers every major comment point by point and returns the next draft's inputs. */
    async reviseDraft(input: { synthesisId: string; round: number; draftHash: string; reviews: Review[] }): Promise<ReviseOutput> {
      const { draft, disclosures } = await loadDraft(input.draftHash);
      const out = revise({ draft, disclosures, reviews: input.reviews, round: input.round });
      await stage(input.synthesisId, 'reviseDraft', `revise-${input.round}`).writeOne({
        name: 'revision', kind: 'revision.record', contract: null, payload: { round: input.round, rebuttal: out.rebuttal, revision: out.revision },
      });
      return out;
    },

    /** Applies the publication policy and grades the synthesis (DESIGN 4.2, docs/GRADING.md). */
    async decidePolicy(input: { synthesisId: string; score: number; tribunalDecision: 'APPROVE' | 'REVISE' | 'REJECT'; draftHash: string; providers?: ProviderMode }): Promise<PolicyOutput> {
      const used = use(input.providers);
      const { draft, disclosures } = await loadDraft(input.draftHash);
      const configHash = hashJson(policyConfig);
      const outcome = applyPolicy(input.score, policyConfig, input.tribunalDecision, draft.answer?.answerability);
      const grading = gradeSynthesis({
        snapshot: snapshotOf(draft, disclosures), score: input.score, correctionStatus: 'CURRENT',
        provenance: { provenanceRecords: true, claimLineage: true, inclusionProofs: true },
        reproducibility: { deterministicProviders: providerList(used, '').every((p) => p.role === 'source' || p.deterministic), providerCallsRecorded: true, configHashRecorded: true, historyDigestRecorded: deps.temporal !== undefined },
      }, policyConfig);
      const entry = await stage(input.synthesisId, 'decidePolicy', 'policy').writeOne({
        name: 'decision', kind: 'policy.decision', contract: null, payload: { outcome, score: input.score, tribunalDecision: input.tribunalDecision, answerability: draft.answer?.answerability ?? null, policyConfigHash: configHash, policy: policyConfig, grading },
      });
      return { outcome, configHash, grading, entryHash: entry.entryHash };
    },

    /** Records the human reviewer's decision (or the timeout default). */
    async recordHumanReview(input: { synthesisId: string; decision: FinalDecision; reviewer: string | null; note: string | null; timedOut: boolean; waitedMs: number }) {
      const entry = await stage(input.synthesisId, 'recordHumanReview', 'human-review').writeOne({ name: 'decision', kind: 'review.human', contract: null, payload: input });
      return { entryHash: entry.entryHash };
    },

    /** Records a terminal outcome that is not a publication (rejected, cancelled). */
    async recordOutcome(input: { synthesisId: string; status: 'REJECTED' | 'CANCELLED'; reason: string }) {
      const entry = await stage(input.synthesisId, 'recordOutcome', `outcome-${input.status}`).writeOne({ name: 'outcome', kind: 'synthesis.outcome', contract: null, payload: input });
      return { entryHash: entry.entryHash };
    },

    /** Builds and appends the manifest, signs a checkpoint that includes it, and stores manifest, receipt and report. */
    async publishSynthesis(input: PublishInput) {
      const s = stage(input.synthesisId, 'publishSynthesis', 'publish');
      const existing = await deps.ledger.reader.entryByIdempotencyKey(s.key('manifest'));
      let manifestEntry: LedgerEntry;
      if (existing) {
        manifestEntry = existing;
      } else {
        const history: HistoryDigest = deps.temporal
          ? await computeHistoryDigest(deps.temporal, input.workflow.workflowId, input.workflow.runId)
          : { lastEventId: 1, sha256: sha256('in-process') };
        const stream = await deps.ledger.reader.stream(input.synthesisId);
        const head = stream[stream.length - 1]!;
        const state = await deps.ledger.reader.logState();
        const { draft } = await loadDraft(input.draftHash);
        const manifest = buildManifest({
          ...input, draft, history, streamHead: head.entryHash, entryCount: stream.length, logOrigin: state.origin,
          publishedAt: now().toISOString(), pipelineName: deps.pipelineName ?? 'synthledger', pipelineVersion: deps.pipelineVersion ?? '0.1.0',
          pipelineParameters: pipelineParameters(input.params), policyConfig,
          providers: providerList(use(input.params.providers), sourceFor(deps, input.params.source).name),
        });
        manifestEntry = await s.writeOne({ name: 'manifest', kind: 'manifest.published', contract: 'paper-manifest-v1.1', payload: manifest });
      }
      return finishPublication(deps, s, manifestEntry);
    },
  };
  return withFailureClassification(activities);
}

/** The activities registered with the worker. */
export type SynthesisActivities = ReturnType<typeof createActivities>;

/** Input of `publishSynthesis`. */
export interface PublishInput {
  synthesisId: string;
  question: string;
  params: SynthesisParams;
  publisher: string | null;
  configHash: string;
  workflow: { namespace: string; workflowId: string; runId: string; taskQueue: string };
  rounds: TribunalRound[];
  /** Hash of the final draft state blob (claims, verifications, sources in reference order). */
  draftHash: string;
  /** Claim id → payload hash of its verification record. */
  recordHashes: Record<string, string>;
  /** Provenance record hash of every retained source. */
  provenance: RetainedSources['provenance'];
  reportHash: string;
  reportBytes: number;
  index: IndexOutput;
  policy: PolicyOutput;
  decision: FinalDecision;
  reviewer: { reviewer: string; note: string | null } | null;
  startedAt: string;
}

/** After the manifest entry exists: checkpoint, receipt, blobs and the publication record (all idempotent). */
export async function finishPublication(deps: Pick<ActivityDeps, 'ledger' | 'signer'>, s: StageLedger, manifestEntry: LedgerEntry, receiptName = 'receipt') {
  const recorded = await deps.ledger.reader.entryByIdempotencyKey(s.key(receiptName));
  if (recorded) {
    const p = JSON.parse(recorded.payloadJson) as { manifestHash: string; manifestVersion: number; receiptHash: string; treeSize: number };
    return p;
  }
  const checkpoint = await createCheckpoint(deps.ledger.db, deps.signer);
  const receipt = await buildReceipt(deps.ledger.reader, manifestEntry, checkpoint, deps.signer.verifierKey);
  const manifestHash = manifestEntry.header.payloadHash;
  await deps.ledger.blobs.put(manifestEntry.payloadJson, 'application/json');
  const receiptHash = await deps.ledger.blobs.put(JSON.stringify(receipt, null, 2) + '\n', 'application/json');
  const manifestVersion = (JSON.parse(manifestEntry.payloadJson) as { manifestVersion: number }).manifestVersion;
  const payload = { manifestHash, manifestVersion, receiptHash, treeSize: checkpoint.treeSize };
  await s.writeOne({ name: receiptName, kind: 'publication.receipt', contract: null, payload });
  return payload;
}

function sourceFor(deps: Pick<ActivityDeps, 'sources'>, name: string): Source {
  const source = deps.sources[name];
  if (!source) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.params.source', 'known-source', `unknown source "${name}"; available: ${Object.keys(deps.sources).join(', ')}`);
  }
  return source;
}

function provenanceRecord(r: RankedPaper, retrievedAt: string, actor: { workflowId: string | null; activityId: string | null }): SourceProvenance {
  return {
    contract: 'source-provenance-v1', sourceId: r.paper.id, title: r.paper.title, authors: r.paper.authors, year: r.paper.year,
    locator: r.paper.locator, adapter: r.paper.adapter, retrievedAt, query: r.query, rank: r.rank, relevanceScore: r.score,
    contentHash: sha256(sourceText(r.paper)), contentKind: 'abstract', license: r.paper.license,
    retrieval: { workflowId: actor.workflowId, activityId: actor.activityId }, usedByClaims: null,
  };
}

/** The pipeline parameters of a run: the synthesis params plus the source and embedder actually used. */
export function pipelineParametersFor(p: SynthesisParams, sourceName: string, embedder: Pick<EmbeddingProvider, 'model' | 'dimension'>): PipelineParameters {
  return {
    ...DEFAULT_PIPELINE_PARAMETERS,
    queries: p.queries, topK: p.topK, threshold: p.threshold, revisionThreshold: p.revisionThreshold, maxRounds: p.maxRounds,
    source: sourceName, maxClaimsPerSource: p.maxClaimsPerSource, perQueryLimit: p.topK,
    embeddingModel: embedder.model, embeddingDim: embedder.dimension,
  };
}

function snapshotOf(draft: DraftReportInput, disclosures: Disclosure[]): SynthesisSnapshot {
  return { ...draft, corpusSize: draft.corpusSize ?? null, disclosures, flaggedClaimIds: draft.flaggedClaimIds ?? [] };
}
