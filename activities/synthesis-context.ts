/**
 * What every synthesis activity factory shares: the dependencies the worker
 * passes in, and the helpers built from them once (the stage ledger of a
 * call, the providers a provider mode selects, the stored draft state).
 */
import type { Client } from '@temporalio/client';
import { ValidationError } from '../common/errors';
import type { Ledger } from '../ledger';
import type { SigningKey } from '../ledger/core/signing-key';
import { TRIBUNAL_ROLES } from '../schemas/tribunal-roles';
import { currentCall } from './activity-context';
import type { CheckpointWitnesses } from './checkpoint-witnesses';
import type { Disclosure, EmbeddingProvider, ReviewRole, Source } from './model';
import type { ChatClaimExtractor } from './providers/chat-claim-extractor';
import type { ChatReviewer } from './providers/chat-reviewer';
import type { ChatAnswerWriter, ChatEntailmentJudge } from './providers/chat-answer-writer';
import { StageLedger } from './stage-ledger';
import type { DraftReportInput } from './stages/draft-report';
import { ENTAILMENT_METHOD } from './stages/entailment';
import { QUESTION_CLAIM_METHOD } from './stages/extract-claims';
import { HashedNgramEmbedder } from './stages/local-embedder';
import { DEFAULT_PIPELINE_PARAMETERS, type PipelineParameters } from './stages/pipeline-parameters';
import { DEFAULT_POLICY_CONFIG, type PolicyConfig } from './stages/policy';
import type { SynthesisSnapshot } from './stages/synthesis-metrics';
import { TRIBUNAL_METHOD } from './stages/tribunal';
import { ENTAILMENT_ROLES, type ProviderMode, type ProviderUse, type SynthesisParams } from './synthesis-types';

/** Optional chat-model providers; when absent the deterministic heuristics run. */
export interface ChatProviders {
  extractor?: ChatClaimExtractor;
  reviewers?: Partial<Record<ReviewRole, ChatReviewer>>;
  /** Writes the answer from the evidence (compose-answer.v1); absent → the extractive answer. */
  answerWriter?: ChatAnswerWriter;
  /** Semantic entailment of answer sentences (entail.v1), next to the lexical check. */
  entailmentJudge?: ChatEntailmentJudge;
}

/** Where a synthesis without network providers runs the catalogue's `inProcess` stages (see {@link ActivityDeps.inProcessStages}). */
export const IN_PROCESS_PLACEMENTS = ['local', 'regular'] as const;
/** One of {@link IN_PROCESS_PLACEMENTS}. */
export type InProcessPlacement = typeof IN_PROCESS_PLACEMENTS[number];

/** Dependencies of the activities. */
export interface ActivityDeps {
  /** Chat extractor and reviewers (network); omitted → offline heuristics. */
  chat?: ChatProviders;
  ledger: Ledger;
  /** Source adapters by name (`corpus`, `arxiv`). */
  sources: Record<string, Source>;
  embedder: EmbeddingProvider;
  /** The log's key: signs a publication's checkpoint when no covering one came in time (see checkpointWaitMs). */
  signer: SigningKey;
  /**
   * How long a publication waits for a checkpoint covering its manifest, signed by a background
   * checkpointer (any worker's, docs/adr/0015), before it signs one itself. Absent or 0: it signs
   * at once (nothing signs on a clock: in-process runs, activities built directly).
   */
  checkpointWaitMs?: number;
  /** Witnesses that must cosign each publication's checkpoint; omitted → none asked. */
  witnesses?: CheckpointWitnesses;
  /** Used to digest the workflow history at publication; omitted in-process. */
  temporal?: Client;
  policy?: PolicyConfig;
  pipelineName?: string;
  pipelineVersion?: string;
  /** Clock for publication timestamps (tests inject one). */
  now?: () => Date;
  /**
   * Where a synthesis whose every provider is deterministic runs the stages the
   * catalogue marks `inProcess`, as `recordRequest` tells the workflow:
   * `local` (default) as local activities, `regular` as regular activities,
   * which keep each failed attempt's cause in the history and heartbeat while
   * they run (docs/adr/0020).
   */
  inProcessStages?: InProcessPlacement;
}

/** The providers one synthesis uses (its provider mode applied to the worker's). */
export interface UsedProviders {
  embedder: EmbeddingProvider;
  extractor?: ChatClaimExtractor;
  reviewers?: Partial<Record<ReviewRole, ChatReviewer>>;
  answerWriter?: ChatAnswerWriter;
  entailmentJudge?: ChatEntailmentJudge;
}

/** A draft state as `draftReport` stores it: the inputs and the disclosures the report rendered. */
export interface StoredDraft {
  draft: DraftReportInput;
  disclosures: Disclosure[];
}

/** The dependencies plus the helpers every activity family uses. */
export interface SynthesisContext {
  deps: ActivityDeps;
  policyConfig: PolicyConfig;
  now: () => Date;
  /** The stage ledger of one activity call (its idempotency keys and actor). */
  stage(synthesisId: string, activityType: string, callName: string): StageLedger;
  /** The providers a synthesis uses under its provider mode (see SynthesisParams.providers). */
  use(mode?: ProviderMode): UsedProviders;
  /** The pipeline parameters of a run as recorded in the request and the manifest. */
  pipelineParameters(p: SynthesisParams): PipelineParameters;
  /** Loads a draft state stored by `draftReport`. */
  loadDraft(hash: string): Promise<StoredDraft>;
}

/** Builds the shared context of the activity factories from the worker's dependencies. */
export function createSynthesisContext(deps: ActivityDeps): SynthesisContext {
  const offlineEmbedder = new HashedNgramEmbedder();
  const use = (mode: ProviderMode = 'auto'): UsedProviders => {
    if (mode === 'offline') return { embedder: deps.embedder.deterministic ? deps.embedder : offlineEmbedder };
    return { embedder: deps.embedder, extractor: deps.chat?.extractor, reviewers: deps.chat?.reviewers, answerWriter: deps.chat?.answerWriter, entailmentJudge: deps.chat?.entailmentJudge };
  };
  return {
    deps,
    policyConfig: deps.policy ?? DEFAULT_POLICY_CONFIG,
    now: deps.now ?? (() => new Date()),
    stage: (synthesisId, activityType, callName) =>
      new StageLedger(deps.ledger, synthesisId, currentCall({ synthesisId, activityType, callName })),
    use,
    pipelineParameters: (p) => pipelineParametersFor(p, sourceFor(deps, p.source).name, use(p.providers).embedder),
    loadDraft: async (hash) => JSON.parse((await deps.ledger.blobs.get(hash)).bytes.toString('utf8')) as StoredDraft,
  };
}

/** The source adapter named `name`; an unknown name is bad input (INVALID_ARGUMENT). */
export function sourceFor(deps: Pick<ActivityDeps, 'sources'>, name: string): Source {
  const source = deps.sources[name];
  if (!source) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.params.source', 'known-source', `unknown source "${name}"; available: ${Object.keys(deps.sources).join(', ')}`);
  }
  return source;
}

/** True when the worker has at least one network provider configured. */
export function hasNetworkProvider(deps: ActivityDeps): boolean {
  return !deps.embedder.deterministic || deps.chat?.extractor !== undefined || Object.keys(deps.chat?.reviewers ?? {}).length > 0;
}

/**
 * The manifest's list of providers for a synthesis: source, embedding,
 * claims, the two entailment methods (`entailment:lexical` always,
 * `entailment:semantic` when a chat model judges), the answer writer when a
 * model writes the answer, and each tribunal role.
 */
export function providerList(used: UsedProviders, sourceName: string): ProviderUse[] {
  const list: ProviderUse[] = [
    { role: 'source', provider: sourceName || 'unknown', model: sourceName || 'unknown', deterministic: sourceName === 'bundled-corpus' },
    { role: 'embedding', provider: used.embedder.name, model: used.embedder.model, deterministic: used.embedder.deterministic },
    used.extractor
      ? { role: 'claims', provider: 'openai-compatible', model: used.extractor.method.replace(/^chat:/, ''), deterministic: false }
      : { role: 'claims', provider: 'heuristic', model: QUESTION_CLAIM_METHOD, deterministic: true },
    { role: ENTAILMENT_ROLES.lexical, provider: 'lexical-rules', model: ENTAILMENT_METHOD, deterministic: true },
  ];
  if (used.entailmentJudge) list.push({ role: ENTAILMENT_ROLES.semantic, provider: 'openai-compatible', model: used.entailmentJudge.method, deterministic: false });
  // Named only when a model writes the answer.
  if (used.answerWriter) list.push({ role: 'answer', provider: 'openai-compatible', model: used.answerWriter.method, deterministic: false });
  for (const role of TRIBUNAL_ROLES) {
    const r = used.reviewers?.[role];
    list.push(r
      ? { role: `tribunal:${role}`, provider: 'openai-compatible', model: r.model, deterministic: false }
      : { role: `tribunal:${role}`, provider: 'deterministic-reviewer', model: TRIBUNAL_METHOD, deterministic: true });
  }
  return list;
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

/** The snapshot a reviewer, the reviser and the policy see of a stored draft. */
export function snapshotOf(draft: DraftReportInput, disclosures: Disclosure[]): SynthesisSnapshot {
  return { ...draft, corpusSize: draft.corpusSize ?? null, disclosures, flaggedClaimIds: draft.flaggedClaimIds ?? [] };
}
