/**
 * Builds `paper-manifest-v1.1` documents (DESIGN 4.2): version 1 from a
 * finished synthesis, version n+1 from version n plus its corrections.
 * Pure: the same inputs give the same manifest and hash.
 */
import { CORRECTION_RECORD_CONTRACT, PAPER_MANIFEST_CONTRACT, SOURCE_PROVENANCE_CONTRACT } from '../schemas/contract-names';
import { assertContract } from '../schemas/contracts';
import type { CorrectionRecord } from '../schemas/correction-record.schema';
import type { PaperManifest } from '../schemas/paper-manifest.schema';
import { escapeUnsafeText } from '../common/text-safety';
import { hashJson } from '../ledger/core/hash';
import type { HistoryDigest } from './history-digest';
import { ENTAILMENT_PROMPT_ID } from './providers/chat-answer-writer';
import type { Answer } from './stages/compose-answer';
import { ENTAILMENT_METHOD } from './stages/entailment';
import type { DraftReportInput } from './stages/draft-report';
import { manifestParameters, type PipelineParameters } from './stages/pipeline-parameters';
import type { PolicyConfig } from './stages/policy';
import { TRIBUNAL_METHOD } from './stages/tribunal';
import { ENTAILMENT_ROLES, type ProviderUse, type PublishInput } from './synthesis-types';

/** Everything {@link buildManifest} needs beyond the workflow's publish input. */
export interface ManifestContext extends PublishInput {
  /** The final draft state, loaded from its blob. */
  draft: DraftReportInput;
  history: HistoryDigest;
  streamHead: string;
  entryCount: number;
  logOrigin: string;
  publishedAt: string;
  pipelineName: string;
  pipelineVersion: string;
  pipelineParameters: PipelineParameters;
  policyConfig: PolicyConfig;
  /** The providers the synthesis used (source, embedding, claims, each tribunal role). */
  providers: ProviderUse[];
}

/** Builds and validates manifest version 1. */
export function buildManifest(c: ManifestContext): PaperManifest {
  const last = c.rounds[c.rounds.length - 1]!;
  const g = c.policy.grading;
  const byClaim = new Map(c.draft.verifications.map((v) => [v.claimId, v]));
  const verified = c.draft.claims.filter((x) => byClaim.get(x.claimId)?.verified).length;
  const tribunal = c.providers.filter((p) => p.role.startsWith('tribunal:'));
  const reviewMethod = tribunal.every((p) => p.deterministic)
    ? TRIBUNAL_METHOD
    : `tribunal: ${tribunal.map((p) => `${p.role.slice('tribunal:'.length)}=${p.model}`).join(', ')}`;
  const manifest: PaperManifest = {
    contract: PAPER_MANIFEST_CONTRACT,
    manifestVersion: 1,
    synthesisId: c.synthesisId,
    previousManifestHash: null,
    title: titleFor(c.question),
    researchQuestion: c.question,
    publishedAt: c.publishedAt,
    publisher: c.publisher ?? 'synthledger',
    pipeline: {
      name: c.pipelineName,
      version: c.pipelineVersion,
      configHash: c.configHash,
      parameters: { ...manifestParameters(c.pipelineParameters), maxRounds: c.params.maxRounds },
      providers: c.providers,
    },
    workflow: { ...c.workflow, historyDigest: c.history },
    review: {
      score: last.aggregate.score,
      method: reviewMethod,
      roles: last.reviews.map((r) => ({ role: r.review.role, score: r.review.score, verdict: r.review.verdict, recordHash: r.recordHash })),
      revisionRounds: last.round,
      decision: c.decision,
      policy: { name: c.policyConfig.name, configHash: hashJson(c.policyConfig), outcome: c.policy.outcome, reviewer: c.reviewer?.reviewer ?? null, note: c.reviewer?.note ?? null },
    },
    verification: {
      level: g.verification.level, label: g.verification.label, claimsExtracted: c.draft.claims.length, claimsVerified: verified, threshold: c.params.threshold,
      ...(c.draft.answer ? { answer: answerChecks(c.draft.answer, c.providers) } : {}),
    },
    qualityTier: { ...g.qualityTier },
    qualityDimensions: { ...g.qualityDimensions },
    claims: c.draft.claims.map((x) => ({
      claimId: x.claimId, text: x.text, verified: byClaim.get(x.claimId)?.verified ?? false, confidence: byClaim.get(x.claimId)?.confidence ?? 0,
      sourceIds: [x.sourceId], recordHash: c.recordHashes[x.claimId]!,
    })),
    sources: c.provenance,
    correction: { status: 'CURRENT', count: 0, contract: CORRECTION_RECORD_CONTRACT, records: [] },
    provenance: {
      publicLevel: g.provenance.publicLevel,
      label: g.provenance.label,
      contract: SOURCE_PROVENANCE_CONTRACT,
      claimLineage: `${verified} of ${c.draft.claims.length} claims source-grounded; each claim record names its source and sentence span`,
      reviewMethod: `Automated multi-reviewer assessment (${reviewMethod})` + (c.reviewer ? `; human review by ${c.reviewer.reviewer}` : ''),
      externalRecord: null,
    },
    artifacts: [{ name: 'report.md', mediaType: 'text/markdown; charset=utf-8', bytes: c.reportBytes, sha256: c.reportHash }],
    ledger: { logOrigin: c.logOrigin, streamHead: c.streamHead, entryCount: c.entryCount },
    accounting: { durationMs: Math.max(0, Date.parse(c.publishedAt) - Date.parse(c.startedAt)), tokens: {} },
  };
  assertContract(PAPER_MANIFEST_CONTRACT, manifest);
  return manifest;
}

/**
 * The manifest's `verification.answer`: the answer's evidence sentences, how
 * many passed their checks and how many were removed or marked, and the
 * methods that checked them: lexical-entailment-v1 always (the extractive
 * answer quotes claims it verified; a model's sentences are checked with it),
 * and the semantic judge when it checked a model's sentences.
 */
export function answerChecks(answer: Answer, providers: readonly ProviderUse[]): NonNullable<PaperManifest['verification']['answer']> {
  const semantic = providers.find((p) => p.role === ENTAILMENT_ROLES.semantic);
  const judged = answer.model?.status === 'used' && answer.model.calls.some((call) => call.promptId === ENTAILMENT_PROMPT_ID);
  return {
    sentences: answer.counts.evidenceSentences,
    supported: answer.counts.supported,
    unsupported: answer.counts.unsupported,
    methods: [ENTAILMENT_METHOD, ...(judged && semantic ? [semantic.model] : [])],
  };
}

/** Status after a correction of this type (DESIGN 4.4 / the correction workflow). */
export function statusAfter(type: CorrectionRecord['type']): PaperManifest['correction']['status'] {
  if (type === 'RETRACTION') return 'RETRACTED';
  if (type === 'WITHDRAWAL' || type === 'REMOVAL') return 'WITHDRAWN';
  if (type === 'EXPRESSION_OF_CONCERN') return 'UNDER_CONCERN';
  return 'CORRECTED';
}

/** Builds version n+1 from version n and the new correction (additive: earlier records kept). */
export function correctedManifest(previous: PaperManifest, previousHash: string, correctionHash: string, correction: CorrectionRecord,
  ledger: { streamHead: string; entryCount: number }, publishedAt: string, report?: PaperManifest['artifacts'][number]): PaperManifest {
  const status = statusAfter(correction.type);
  const withdrawn = status === 'RETRACTED' || status === 'WITHDRAWN';
  const manifest: PaperManifest = {
    ...previous,
    manifestVersion: previous.manifestVersion + 1,
    previousManifestHash: previousHash,
    publishedAt,
    correction: { status, count: previous.correction.count + 1, contract: CORRECTION_RECORD_CONTRACT, records: [...previous.correction.records, correctionHash] },
    qualityTier: withdrawn
      ? { tier: 'Withdrawn', basis: `${correction.type} issued by ${correction.issuedBy}: ${correction.reasonCode}` }
      : previous.qualityTier.tier === 'DOI-grade' && status === 'UNDER_CONCERN'
        ? { tier: 'Watchlist', basis: `Expression of concern issued by ${correction.issuedBy}` }
        : previous.qualityTier,
    ledger: { ...previous.ledger, streamHead: ledger.streamHead, entryCount: ledger.entryCount },
    // The corrected report (notice on top) replaces the artifact of the same name.
    artifacts: report ? previous.artifacts.map((a) => (a.name === report.name ? report : a)) : previous.artifacts,
  };
  assertContract(PAPER_MANIFEST_CONTRACT, manifest);
  return manifest;
}

// The request validator refuses unsafe questions; escaping here keeps the title (shown by every reader of the manifest) safe regardless.
function titleFor(question: string): string {
  const q = escapeUnsafeText(question.trim().replace(/\s+/g, ' '));
  return q.length <= 200 ? q : `${q.slice(0, 197)}...`;
}
