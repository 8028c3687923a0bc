/**
 * Inputs, outputs and parameters of a synthesis, shared by the activities
 * and (as types only) by the workflows. Pure types and constants.
 */
import type { PolicyDecision, RankedPaper, Review } from './model';
import type { SynthesisGrade } from './stages/policy';

/** Tunable parameters of one synthesis run (all recorded in the ledger and the manifest). */
export interface SynthesisParams {
  /** Query variants planned from the question (1–8, default 4). */
  queries: number;
  /** Sources kept after merging (1–100, default 10). */
  topK: number;
  /** TF-IDF source-attachment threshold (0–1, default 0.15). */
  threshold: number;
  /** Tribunal aggregate below which a revision round runs (0–10, default 6.5). */
  revisionThreshold: number;
  /** Revision rounds at most (0–2, default 2: a hard cap). */
  maxRounds: number;
  /** `corpus` (bundled, default) or `arxiv`. */
  source: 'corpus' | 'arxiv';
  /** Claims extracted per source at most (default 3). */
  maxClaimsPerSource: number;
  /**
   * Which providers this synthesis uses: `auto` (default) whatever the worker
   * has configured; `offline` the deterministic local ones even when network
   * providers are configured; `network` the configured network providers
   * (refused when the worker has none).
   */
  providers: ProviderMode;
  /**
   * What the publisher publishes: `evidence` (default) the full bundle with
   * the ledger stream and its inclusion proofs, which earns public provenance
   * L4; `minimal` manifest, receipt and report only, which caps it at L3
   * (docs/GRADING.md section 7).
   */
  publication?: PublicationMode;
}

/** See {@link SynthesisParams.publication}. */
export type PublicationMode = 'evidence' | 'minimal';

/** See {@link SynthesisParams.providers}. */
export type ProviderMode = 'auto' | 'offline' | 'network';

/** Stage timeouts and waits, injectable so tests run quickly. Durations in milliseconds. */
export interface SynthesisTimeouts {
  /** Start-to-close timeout of one activity attempt. Default 60 s. */
  activityMs: number;
  /** How long HUMAN_REVIEW waits for a `review` update. Default 7 days. */
  humanReviewMs: number;
  /** Initial retry interval. Default 1 s. */
  retryInitialMs: number;
  /**
   * Heartbeat timeout of every activity attempt (capped at the attempt's
   * start-to-close timeout). The worker heartbeats at a third of it while an
   * activity runs, so an attempt lost with a dead worker is retried elsewhere
   * after this long, not after the whole start-to-close timeout. Default 10 s.
   */
  heartbeatMs: number;
}

/** What happens when the human review wait expires (documented default: REJECT, never publish unreviewed). */
export type HumanReviewDefault = 'APPROVE' | 'REJECT';

/** The input of `synthesisWorkflow`. */
export interface SynthesisInput {
  synthesisId: string;
  question: string;
  params?: Partial<SynthesisParams>;
  timeouts?: Partial<SynthesisTimeouts>;
  humanReviewDefault?: HumanReviewDefault;
  /** Publisher named in the manifest. */
  publisher?: string;
}

/** A human reviewer's decision, sent as the `review` update. */
export interface HumanReviewDecision {
  decision: 'APPROVE' | 'REJECT';
  reviewer: string;
  note?: string;
}

/** Final decision of a synthesis. */
export type FinalDecision = 'AUTO_APPROVE' | 'HUMAN_APPROVED' | 'HUMAN_REJECTED' | 'TIMEOUT_APPROVED' | 'TIMEOUT_REJECTED' | 'REJECT';

/** Stage names, in pipeline order (for progress). */
export const STAGES = ['start', 'plan', 'search', 'merge', 'index', 'extract', 'verify', 'answer', 'draft', 'tribunal', 'revise', 'policy', 'human-review', 'publish', 'done'] as const;
/** One pipeline stage. */
export type Stage = (typeof STAGES)[number];

/** What the `progress` query returns. */
export interface SynthesisProgress {
  stage: Stage;
  round: number;
  percent: number;
  counts: { queries: number; sources: number; claims: number; verified: number };
  status: 'RUNNING' | 'WAITING_FOR_REVIEW' | 'PUBLISHED' | 'REJECTED' | 'CANCELLED' | 'FAILED';
}

/** One tribunal round's outcome. */
export interface TribunalRound {
  round: number;
  reviews: Array<{ review: Review; recordHash: string }>;
  aggregate: { score: number; decision: 'APPROVE' | 'REVISE' | 'REJECT' };
}

/** What the `summary` query and the workflow result return. */
export interface SynthesisSummary {
  synthesisId: string;
  question: string;
  status: SynthesisProgress['status'];
  decision: FinalDecision | null;
  policyOutcome: PolicyDecision | null;
  score: number | null;
  rounds: number;
  sources: number;
  claims: number;
  verified: number;
  reportHash: string | null;
  manifestHash: string | null;
  manifestVersion: number | null;
}

/** Sources retained after merge, with their provenance record hashes. */
export interface RetainedSources {
  sources: RankedPaper[];
  provenance: Array<{ sourceId: string; provenanceHash: string }>;
}

/** Defaults of {@link SynthesisParams}. */
export const DEFAULT_PARAMS: SynthesisParams = {
  queries: 4, topK: 10, threshold: 0.15, revisionThreshold: 6.5, maxRounds: 2, source: 'corpus', maxClaimsPerSource: 3, providers: 'auto',
};

/** Defaults of {@link SynthesisTimeouts}. */
export const DEFAULT_TIMEOUTS: SynthesisTimeouts = {
  activityMs: 60_000, humanReviewMs: 7 * 24 * 3600 * 1000, retryInitialMs: 1000, heartbeatMs: 10_000,
};

/** One provider as the manifest's `pipeline.providers` lists it. */
export interface ProviderUse {
  role: string;
  provider: string;
  model: string;
  deterministic: boolean;
}

/** Roles of the two entailment methods in the manifest's provider list (docs/GRADING.md, level L3). */
export const ENTAILMENT_ROLES = { lexical: 'entailment:lexical', semantic: 'entailment:semantic' } as const;

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
  grading: SynthesisGrade;
  entryHash: string;
}

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
