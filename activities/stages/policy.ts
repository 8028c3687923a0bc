/**
 * Publication policy and grading: the decision after the tribunal, and the
 * public grades of a synthesis (verification level, provenance level,
 * quality tier, quality dimensions). Every rule is written down in
 * docs/GRADING.md; the thresholds live in {@link PolicyConfig}, whose hash
 * the manifest records (`review.policy.configHash`).
 */
import type { PolicyDecision } from '../model';
import type { Answerability } from './compose-answer';
import { hashJson } from '../../ledger/core/hash';
import { disclosureCompleteness } from './disclosures';
import { computeMetrics, type SynthesisSnapshot } from './synthesis-metrics';
import { CROSS_METHOD_LEVEL, levelRank, type Level } from './verification-levels';

export { levelRank, type Level };
/** Grades of a quality dimension. */
export type DimensionGrade = 'LOW' | 'MEDIUM' | 'HIGH';
/** Correction statuses (manifest `correction.status`). */
export type CorrectionStatus = 'CURRENT' | 'CORRECTED' | 'UNDER_CONCERN' | 'RETRACTED' | 'WITHDRAWN';
/** Quality tiers. */
export type QualityTier = 'DOI-grade' | 'Watchlist' | 'Withdrawn';

/** Thresholds of the policy (DESIGN 4.2). */
export interface PolicyConfig {
  name: string;
  /** Tribunal score at or above which publication is automatic. */
  autoApproveScore: number;
  /** Tribunal score at or above which a human decides; below it the synthesis is rejected. */
  humanReviewScore: number;
  /** Whether a PARTIAL answer may be auto-approved (default false: a person decides). */
  autoApprovePartial: boolean;
  doiGrade: {
    minScore: number;
    minVerifiedRatio: number;
    minLevel: Level;
    statuses: CorrectionStatus[];
    /** Evidence strength (quality dimension) at or above which a synthesis may be DOI-grade. */
    minEvidenceStrength: DimensionGrade;
    /** Question coverage (key phrases found in verified claims) needed for DOI-grade. */
    minQuestionCoverage: number;
  };
  /** Verified ratio needed for verification level L2 (source-grounded). */
  l2MinVerifiedRatio: number;
}

/** The default policy. */
export const DEFAULT_POLICY_CONFIG: Readonly<PolicyConfig> = Object.freeze<PolicyConfig>({
  name: 'synthledger-policy-v2',
  autoApproveScore: 8.0,
  humanReviewScore: 6.0,
  autoApprovePartial: false,
  doiGrade: { minScore: 8.0, minVerifiedRatio: 0.8, minLevel: 'L2', statuses: ['CURRENT', 'CORRECTED'], minEvidenceStrength: 'MEDIUM', minQuestionCoverage: 0.5 },
  l2MinVerifiedRatio: 0.5,
});

/** `sha256(JCS(config))`, recorded in the manifest so a reader knows which thresholds applied. */
export function policyConfigHash(config: PolicyConfig = DEFAULT_POLICY_CONFIG): string {
  return hashJson(config);
}

/**
 * The publication decision: REJECT when the tribunal rejected or when the
 * collection holds no evidence on the question (answerability NO_EVIDENCE:
 * a synthesis that answers nothing is not published as an answer, see
 * docs/adr/0006-no-evidence-is-rejected.md); otherwise AUTO_APPROVE at
 * score ≥ autoApproveScore (8.0) — HUMAN_REVIEW instead when the answer is
 * PARTIAL, unless `autoApprovePartial` —, HUMAN_REVIEW at score ≥ humanReviewScore (6.0), else REJECT.
 */
export function decidePolicy(
  score: number, config: PolicyConfig = DEFAULT_POLICY_CONFIG, tribunalDecision?: 'APPROVE' | 'REVISE' | 'REJECT', answerability?: Answerability,
): PolicyDecision {
  if (tribunalDecision === 'REJECT' || answerability === 'NO_EVIDENCE') return 'REJECT';
  // A partial answer leaves aspects of the question without evidence: a person decides whether it is worth publishing.
  if (score >= config.autoApproveScore) return answerability === 'PARTIAL' && !config.autoApprovePartial ? 'HUMAN_REVIEW' : 'AUTO_APPROVE';
  if (score >= config.humanReviewScore) return 'HUMAN_REVIEW';
  return 'REJECT';
}

/** Labels of verification levels (public page wording). */
export const VERIFICATION_LABELS: Readonly<Record<Level, string>> = {
  L0: 'Unverified claims',
  L1: 'Source-cited claims',
  L2: 'Source-grounded claims',
  L3: 'Cross-method agreement (lexical and semantic)',
  L4: 'Human-approved claims',
};

/** Labels of public provenance levels. */
export const PROVENANCE_LABELS: Readonly<Record<Exclude<Level, 'L0'>, string>> = {
  L1: 'Source list',
  L2: 'Per-source provenance records',
  L3: 'Claim aggregate record',
  L4: 'Full ledger stream with inclusion proofs',
};

/** What grading needs beyond the draft state. */
export interface GradeInput {
  snapshot: SynthesisSnapshot;
  /** Final tribunal score (0–10). */
  score: number;
  correctionStatus: CorrectionStatus;
  /** Claims a human approved one by one (L4). */
  humanApprovedClaimIds?: readonly string[];
  /** What the publication exposes (public provenance level). */
  provenance: { provenanceRecords: boolean; claimLineage: boolean; inclusionProofs: boolean };
  /** How the run can be reproduced (reproducibility dimension). */
  reproducibility: { deterministicProviders: boolean; providerCallsRecorded: boolean; configHashRecorded: boolean; historyDigestRecorded: boolean };
}

/** The public grades of a synthesis, with the rule behind each dimension. */
export interface SynthesisGrade {
  verification: { level: Level; label: string; claimsExtracted: number; claimsVerified: number; threshold: number };
  provenance: { publicLevel: Exclude<Level, 'L0'>; label: string };
  qualityTier: { tier: QualityTier; basis: string };
  qualityDimensions: { evidenceStrength: DimensionGrade; citationGrounding: DimensionGrade; uncertaintyDisclosure: DimensionGrade; reproducibilityStatus: DimensionGrade };
  /** Which rule produced each dimension's grade, in words. */
  dimensionRules: Record<'evidenceStrength' | 'citationGrounding' | 'uncertaintyDisclosure' | 'reproducibilityStatus', string>;
}

/**
 * Whether two entailment methods agree, as verification level L3 needs: on
 * every verified claim the lexical verdict (lexical-entailment-v1) and the
 * semantic one (a chat model's entail.v1) are both SUPPORTS and the numbers
 * and negation check passes; and when a model wrote the answer, every
 * sentence it kept passed both methods. An embedding cosine is not an
 * entailment verdict and counts for nothing here.
 */
export function entailmentMethodsAgree(s: Pick<SynthesisSnapshot, 'claims' | 'verifications' | 'answer'>): boolean {
  const byClaim = new Map(s.verifications.map((v) => [v.claimId, v]));
  const claimsAgree = s.claims.every((c) => {
    const v = byClaim.get(c.claimId);
    return !v?.verified || (v.entailment?.verdict === 'SUPPORTS' && v.semantic?.verdict === 'SUPPORTS' && v.consistency.numbers && v.consistency.negation);
  });
  const model = s.answer?.model;
  return claimsAgree && (model?.status !== 'used' || model.semanticAgreed === s.answer!.counts.supported);
}

/**
 * Computes verification level (L0–L4), public provenance level, quality
 * tier and the four quality dimensions by the rules of docs/GRADING.md.
 * Without a semantic entailment judge (the offline default) the
 * verification level cannot exceed L2.
 */
export function gradeSynthesis(input: GradeInput, config: PolicyConfig = DEFAULT_POLICY_CONFIG): SynthesisGrade {
  const s = input.snapshot;
  const m = computeMetrics(s);
  const byClaim = new Map(s.verifications.map((v) => [v.claimId, v]));

  // Verification level: each level requires the one below it.
  let level: Level = 'L0';
  if (m.claimCount > 0 && m.uncitedIds.length === 0) level = 'L1';
  if (level === 'L1' && s.claims.every((c) => byClaim.has(c.claimId)) && m.verifiedCount > 0 && m.verifiedRatio >= config.l2MinVerifiedRatio) level = 'L2';
  if (level === 'L2' && entailmentMethodsAgree(s)) level = CROSS_METHOD_LEVEL;
  const approved = new Set(input.humanApprovedClaimIds ?? []);
  if (level === 'L3' && s.claims.every((c) => approved.has(c.claimId))) level = 'L4';

  let publicLevel: Exclude<Level, 'L0'> = 'L1';
  if (input.provenance.provenanceRecords) publicLevel = 'L2';
  if (publicLevel === 'L2' && input.provenance.claimLineage) publicLevel = 'L3';
  if (publicLevel === 'L3' && input.provenance.inclusionProofs) publicLevel = 'L4';

  const disclosure = disclosureCompleteness(s, s.disclosures, m).completeness;

  // Aspect coverage of the composed answer (1 when no answer was composed: question coverage then stands alone).
  const answer = s.answer;
  const aspectCoverage = answer ? (answer.counts.aspects === 0 ? 0 : answer.counts.aspectsCovered / answer.counts.aspects) : 1;
  const evidenceStrength: DimensionGrade =
    levelRank(level) >= 3 && m.verifiedRatio >= 0.8 && m.sourceCoverage >= 0.5 && m.questionCoverage >= 0.5 && aspectCoverage >= 1 ? 'HIGH'
      : levelRank(level) >= 2 && m.verifiedRatio >= 0.6 && m.sourceCoverage >= 0.5 && m.questionCoverage >= 0.5 && aspectCoverage >= 0.5 ? 'MEDIUM' : 'LOW';
  const qualityTier = tierFor(input, { verifiedRatio: m.verifiedRatio, questionCoverage: m.questionCoverage, evidenceStrength }, level, config);
  const citationGrounding: DimensionGrade =
    m.claimCount > 0 && m.citationCompleteness === 1 && m.verifiedRatio >= 0.8 && levelRank(publicLevel) >= 2 ? 'HIGH'
      : m.claimCount > 0 && m.citationCompleteness === 1 && m.verifiedRatio >= 0.5 ? 'MEDIUM' : 'LOW';
  const uncertaintyDisclosure: DimensionGrade = disclosure >= 1 ? 'HIGH' : disclosure >= 0.5 ? 'MEDIUM' : 'LOW';
  const r = input.reproducibility;
  const reproducibilityStatus: DimensionGrade =
    r.deterministicProviders && r.configHashRecorded && r.historyDigestRecorded ? 'HIGH'
      : (r.deterministicProviders || r.providerCallsRecorded) && r.configHashRecorded ? 'MEDIUM' : 'LOW';

  return {
    verification: { level, label: VERIFICATION_LABELS[level], claimsExtracted: m.claimCount, claimsVerified: m.verifiedCount, threshold: s.parameters.threshold },
    provenance: { publicLevel, label: PROVENANCE_LABELS[publicLevel] },
    qualityTier,
    qualityDimensions: { evidenceStrength, citationGrounding, uncertaintyDisclosure, reproducibilityStatus },
    dimensionRules: {
      evidenceStrength: `${evidenceStrength}: level ${level}, verified ratio ${m.verifiedRatio.toFixed(2)}, source coverage ${m.sourceCoverage.toFixed(2)}, question coverage ${m.questionCoverage.toFixed(2)}, aspect coverage ${answer ? aspectCoverage.toFixed(2) : 'n/a (no answer)'} (HIGH needs ≥ L3, ≥ 0.8, ≥ 0.5, question ≥ 0.5, every aspect; MEDIUM needs ≥ L2, ≥ 0.6, ≥ 0.5, question ≥ 0.5, aspects ≥ 0.5)`,
      citationGrounding: `${citationGrounding}: citation completeness ${m.citationCompleteness.toFixed(2)}, verified ratio ${m.verifiedRatio.toFixed(2)}, provenance ${publicLevel} (HIGH needs 1.0, ≥ 0.8, ≥ L2; MEDIUM needs 1.0, ≥ 0.5)`,
      uncertaintyDisclosure: `${uncertaintyDisclosure}: ${disclosure.toFixed(2)} of required disclosures present (HIGH needs all, MEDIUM at least half)`,
      reproducibilityStatus: `${reproducibilityStatus}: deterministic providers ${r.deterministicProviders}, provider calls recorded ${r.providerCallsRecorded}, config hash ${r.configHashRecorded}, history digest ${r.historyDigestRecorded} (HIGH needs deterministic + config hash + history digest; MEDIUM needs deterministic or recorded calls, + config hash)`,
    },
  };
}

const GRADE_RANK: Readonly<Record<DimensionGrade, number>> = { LOW: 0, MEDIUM: 1, HIGH: 2 };

function tierFor(
  input: GradeInput, measured: { verifiedRatio: number; questionCoverage: number; evidenceStrength: DimensionGrade }, level: Level, config: PolicyConfig,
): SynthesisGrade['qualityTier'] {
  const { verifiedRatio, questionCoverage, evidenceStrength } = measured;
  const status = input.correctionStatus;
  if (status === 'RETRACTED' || status === 'WITHDRAWN') {
    return { tier: 'Withdrawn', basis: `Correction status is ${status}; the synthesis remains readable but is withdrawn from the record.` };
  }
  const d = config.doiGrade;
  const shortfalls: string[] = [];
  if (input.score < d.minScore) shortfalls.push(`review score ${input.score.toFixed(2)} < ${d.minScore.toFixed(1)}`);
  if (verifiedRatio < d.minVerifiedRatio) shortfalls.push(`verified ratio ${verifiedRatio.toFixed(2)} < ${d.minVerifiedRatio}`);
  if (levelRank(level) < levelRank(d.minLevel)) shortfalls.push(`verification level ${level} < ${d.minLevel}`);
  if (!d.statuses.includes(status)) shortfalls.push(`correction status ${status} is not ${d.statuses.join(' or ')}`);
  if (questionCoverage < d.minQuestionCoverage) shortfalls.push(`question coverage ${questionCoverage.toFixed(2)} < ${d.minQuestionCoverage}`);
  if (GRADE_RANK[evidenceStrength] < GRADE_RANK[d.minEvidenceStrength]) shortfalls.push(`evidence strength ${evidenceStrength} < ${d.minEvidenceStrength}`);
  const answer = input.snapshot.answer;
  if (answer && answer.answerability !== 'ANSWERED') {
    shortfalls.push(answer.answerability === 'NO_EVIDENCE'
      ? 'the searched collection holds no evidence on the question'
      : `the answer covers ${answer.counts.aspectsCovered} of ${answer.counts.aspects} aspects of the question`);
  }
  if (shortfalls.length === 0) {
    return {
      tier: 'DOI-grade',
      basis: `Review score ${input.score.toFixed(2)} ≥ ${d.minScore.toFixed(1)}, verified ratio ${verifiedRatio.toFixed(2)} ≥ ${d.minVerifiedRatio}, level ${level} ≥ ${d.minLevel}, question coverage ${questionCoverage.toFixed(2)} ≥ ${d.minQuestionCoverage}, evidence strength ${evidenceStrength}, status ${status}${answer ? `, answer covers every aspect (${answer.counts.aspects})` : ''}.`,
    };
  }
  return { tier: 'Watchlist', basis: `Below the DOI-grade threshold: ${shortfalls.join('; ')}.` };
}
