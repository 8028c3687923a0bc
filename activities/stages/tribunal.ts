/**
 * The deterministic review tribunal (deterministic-tribunal-v1): three
 * referees score the same draft from measured signals with different
 * weights, and write major/minor comments tied to report sections and claim
 * ids, like the referee report of seeds/002.
 *
 * Signals (each in [0, 1], see {@link SynthesisMetrics}):
 *   verifiedRatio, confidence = min(1, meanConfidence / 0.5), sourceCoverage,
 *   sourceDiversity, disclosure = required disclosures present / required,
 *   citationCompleteness, consistency = 1 − consistency failures / claims,
 *   questionCoverage.
 * Role score = 10 × Σ weight × signal (weights per role sum to 1, table
 * {@link ROLE_WEIGHTS}), rounded to 2 decimals. With a composed answer the
 * answer signals (answer-review-v1: aspect coverage, cited-source relevance,
 * supported share, gaps stated) enter with {@link ANSWER_WEIGHTS}. Verdict: ≥ 8 ACCEPT,
 * ≥ 6.5 MINOR_REVISION, ≥ 4 MAJOR_REVISION, else REJECT; the SYNTHESIZER's
 * verdict is REJECT whatever its score when no verified claim mentions any
 * key phrase of the question (off-topic). A draft with no claims scores 0.
 */
import { ValidationError } from '../../common/errors';
import type { Review, ReviewComment, ReviewRole } from '../model';
import { disclosureCompleteness, LOW_QUESTION_COVERAGE, LOW_SOURCE_COVERAGE } from './disclosures';
import { computeMetrics, type SynthesisMetrics, type SynthesisSnapshot } from './synthesis-metrics';
import { TRIBUNAL_ROLES } from '../../schemas/tribunal-roles';
import { answerFindings, skepticAnswerComments, synthesizerAnswerComments, validatorAnswerComments, type AnswerFindings, type AnswerSignals } from './answer-review';

/** Method label on every review from this module. */
export const TRIBUNAL_METHOD = 'deterministic-tribunal-v1';
/** Mean TF-IDF confidence that counts as a full confidence signal. */
export const FULL_CONFIDENCE = 0.5;
/** Verified claims whose confidence is below threshold + this margin are called borderline. */
export const BORDERLINE_MARGIN = 0.05;
/** Default aggregate score at or above which the tribunal approves (DESIGN section 3). */
export const DEFAULT_REVISION_THRESHOLD = 6.5;
/** Aggregate score below which the tribunal rejects outright. */
export const REJECT_BELOW = 4.0;
/** Cap on the aggregate score when any referee's verdict is REJECT. */
export const REJECT_VERDICT_CAP = 5.0;

/** Names of the signals a review scores on every draft. */
export type SignalName =
  | 'verifiedRatio' | 'confidence' | 'sourceCoverage' | 'sourceDiversity'
  | 'disclosure' | 'citationCompleteness' | 'consistency' | 'questionCoverage';
/** Names of the signals scored on the composed answer (answer-review-v1). */
export type AnswerSignalName = keyof AnswerSignals;

/** Signal weights per role; each row sums to 1. */
export const ROLE_WEIGHTS: Readonly<Record<ReviewRole, Readonly<Partial<Record<SignalName, number>>>>> = {
  // Doubts the evidence: is it attached, and are its limits said out loud?
  SKEPTIC: { verifiedRatio: 0.25, confidence: 0.1, disclosure: 0.25, consistency: 0.15, questionCoverage: 0.25 },
  // Checks the bookkeeping: citations resolve, numbers and negations match.
  VALIDATOR: { citationCompleteness: 0.25, consistency: 0.3, verifiedRatio: 0.2, confidence: 0.15, disclosure: 0.1 },
  // Judges the synthesis: breadth over sources and fit to the question.
  SYNTHESIZER: { sourceCoverage: 0.2, sourceDiversity: 0.15, questionCoverage: 0.4, verifiedRatio: 0.1, disclosure: 0.15 },
};

/**
 * Weights of the answer signals per role, when the draft has a composed
 * answer. The role's {@link ROLE_WEIGHTS} are then scaled by 1 − (the sum of
 * its answer weights), so each row still sums to 1 and a draft without an
 * answer scores exactly as before.
 */
export const ANSWER_WEIGHTS: Readonly<Record<ReviewRole, Readonly<Partial<Record<AnswerSignalName, number>>>>> = {
  // Is every cited source on the question, and are gaps and disagreements said?
  SKEPTIC: { citedRelevance: 0.15, gapsStated: 0.15 },
  // Does every answer sentence's citation check out?
  VALIDATOR: { supportedShare: 0.2 },
  // Does the answer cover the question, from sources on it?
  SYNTHESIZER: { aspectCoverage: 0.25, citedRelevance: 0.15 },
};

/** The tribunal's combined outcome. */
export interface TribunalOutcome {
  score: number;
  decision: 'APPROVE' | 'REVISE' | 'REJECT';
}

/** Computes the eight signals of a snapshot. */
export function reviewSignals(input: SynthesisSnapshot, metrics: SynthesisMetrics = computeMetrics(input)): Record<SignalName, number> {
  const disclosure = disclosureCompleteness(input, input.disclosures, metrics).completeness;
  return {
    verifiedRatio: round(metrics.verifiedRatio, 4),
    confidence: round(Math.min(1, metrics.meanConfidence / FULL_CONFIDENCE), 4),
    sourceCoverage: round(metrics.sourceCoverage, 4),
    sourceDiversity: round(metrics.sourceDiversity, 4),
    disclosure: round(disclosure, 4),
    citationCompleteness: round(metrics.citationCompleteness, 4),
    consistency: round(metrics.claimCount > 0 ? 1 - metrics.consistencyFailureIds.length / metrics.claimCount : 0, 4),
    questionCoverage: round(metrics.questionCoverage, 4),
  };
}

/** Verdict for a role score. */
export function verdictFor(score: number): Review['verdict'] {
  if (score >= 8) return 'ACCEPT';
  if (score >= 6.5) return 'MINOR_REVISION';
  if (score >= 4) return 'MAJOR_REVISION';
  return 'REJECT';
}

/** One referee's review of the snapshot: score, verdict, comments, signals. */
export function review(role: ReviewRole, input: SynthesisSnapshot): Review {
  const metrics = computeMetrics(input);
  const signals = reviewSignals(input, metrics);
  const weights = ROLE_WEIGHTS[role];
  const findings = answerFindings(input);
  const base = Object.entries(weights).reduce((s, [name, w]) => s + (w ?? 0) * signals[name as SignalName], 0);
  let raw = base;
  if (findings) {
    const answerWeights = Object.entries(ANSWER_WEIGHTS[role]) as Array<[AnswerSignalName, number]>;
    const share = answerWeights.reduce((s, [, w]) => s + w, 0);
    raw = (1 - share) * base + answerWeights.reduce((s, [name, w]) => s + w * findings.signals[name], 0);
  }
  const score = metrics.claimCount === 0 ? 0 : round(10 * raw, 2);
  const drafts = [...COMMENTERS[role](input, metrics), ...(findings ? ANSWER_COMMENTERS[role](findings) : [])];
  const allSignals: Record<string, number> = findings ? { ...signals, ...findings.signals } : signals;
  // Off-topic gate: when no verified claim mentions any key phrase of the
  // question, a high bookkeeping score must not carry the synthesis through.
  const offTopic = role === 'SYNTHESIZER' && metrics.claimCount > 0 && metrics.questionCoverage === 0;
  return { role, score, verdict: offTopic ? 'REJECT' : verdictFor(score), comments: numberComments(role, drafts), signals: allSignals, method: TRIBUNAL_METHOD };
}

/**
 * A chat referee's review with the answer signals merged in: the answer
 * signals (answer-review-v1) join its signals, and the role's answer
 * comments follow its own, numbered on from them, so the reviser acts on
 * them as it does for the deterministic referee. The model's score and
 * verdict stand. Unchanged when the draft has no composed answer.
 */
export function withAnswerReview(r: Review, input: SynthesisSnapshot): Review {
  const findings = answerFindings(input);
  if (!findings) return r;
  const drafts = ANSWER_COMMENTERS[r.role](findings);
  let major = r.comments.filter((c) => c.severity === 'major').length;
  let minor = r.comments.length - major;
  const added = drafts.map((d) => ({ ...d, commentId: `${r.role}-${d.severity === 'major' ? `M${++major}` : `m${++minor}`}` }));
  return { ...r, comments: [...r.comments, ...added], signals: { ...r.signals, ...findings.signals } };
}

/** Reviews by every role of `roles` (default all three), in role order. */
export function reviewAll(input: SynthesisSnapshot, roles: readonly ReviewRole[] = TRIBUNAL_ROLES): Review[] {
  return roles.map((r) => review(r, input));
}

/**
 * Combines reviews: the mean of role scores, capped at 5.0 when any verdict
 * is REJECT (one referee's outright rejection cannot be averaged away),
 * rounded to 2 decimals. Decision: score ≥ revisionThreshold → APPROVE,
 * score < 4.0 → REJECT, otherwise REVISE.
 */
export function aggregateReviews(reviews: readonly Review[], revisionThreshold: number = DEFAULT_REVISION_THRESHOLD): TribunalOutcome {
  if (reviews.length === 0) throw ValidationError.single('INVALID_ARGUMENT', '$.reviews', 'minItems', 'aggregateReviews needs at least one review');
  let score = reviews.reduce((s, r) => s + r.score, 0) / reviews.length;
  if (reviews.some((r) => r.verdict === 'REJECT')) score = Math.min(score, REJECT_VERDICT_CAP);
  score = round(score, 2);
  const decision = score >= revisionThreshold ? 'APPROVE' : score < REJECT_BELOW ? 'REJECT' : 'REVISE';
  return { score, decision };
}

type CommentDraft = Omit<ReviewComment, 'commentId'>;

const ANSWER_COMMENTERS: Record<ReviewRole, (f: AnswerFindings) => CommentDraft[]> = {
  SKEPTIC: skepticAnswerComments,
  VALIDATOR: validatorAnswerComments,
  SYNTHESIZER: synthesizerAnswerComments,
};
type Commenter = (input: SynthesisSnapshot, m: SynthesisMetrics) => CommentDraft[];

const COMMENTERS: Record<ReviewRole, Commenter> = {
  SKEPTIC: (input, m) => {
    const out: CommentDraft[] = [];
    const byClaim = new Map(input.verifications.map((v) => [v.claimId, v]));
    const flagged = new Set(input.flaggedClaimIds);
    // One major comment per source whose claims are unverified and not yet flagged.
    const groups = new Map<string, string[]>();
    for (const c of input.claims) {
      if (!m.unverifiedIds.includes(c.claimId) || flagged.has(c.claimId)) continue;
      groups.set(c.sourceId, [...(groups.get(c.sourceId) ?? []), c.claimId]);
    }
    for (const [sourceId, ids] of groups) {
      const best = Math.max(...ids.map((id) => byClaim.get(id)?.confidence ?? 0));
      out.push({ severity: 'major', section: '5 Extracted Claims', claimIds: ids, text: `${ids.length} claim(s) from ${sourceId} fall below the attachment threshold (best cosine ${best.toFixed(2)} < ${input.parameters.threshold}); they are presented as findings without support in the source text. Flag or drop them.` });
    }
    const flaggedUnverified = m.unverifiedIds.filter((id) => flagged.has(id));
    if (flaggedUnverified.length > 0) {
      out.push({ severity: 'minor', section: '5 Extracted Claims', claimIds: flaggedUnverified, text: `Flagged unverified claims remain in the table; readers may still quote them.` });
    }
    const { missing } = disclosureCompleteness(input, input.disclosures, m);
    if (missing.length > 0) {
      out.push({ severity: 'major', section: '4 Uncertainties', claimIds: [], text: `The uncertainties section does not disclose: ${missing.join(', ')}.` });
    }
    const borderline = input.claims.filter((c) => {
      const v = byClaim.get(c.claimId);
      return v?.verified === true && v.confidence < v.threshold + BORDERLINE_MARGIN;
    });
    if (borderline.length > 0) {
      out.push({ severity: 'minor', section: '5 Extracted Claims', claimIds: borderline.map((c) => c.claimId), text: `${borderline.length} verified claim(s) sit within ${BORDERLINE_MARGIN} of the threshold; their attachment is marginal.` });
    }
    if (m.claimCount === 0) out.push({ severity: 'major', section: '3 Results', claimIds: [], text: 'No claims were extracted; the report has no findings to review.' });
    return out;
  },
  VALIDATOR: (input, m) => {
    const out: CommentDraft[] = [];
    const byClaim = new Map(input.verifications.map((v) => [v.claimId, v]));
    const flagged = new Set(input.flaggedClaimIds);
    for (const id of m.consistencyFailureIds) {
      const issues = byClaim.get(id)?.consistency.issues ?? [];
      out.push({ severity: flagged.has(id) ? 'minor' : 'major', section: '5 Extracted Claims', claimIds: [id], text: `Consistency check failed against the best source sentence: ${issues.join('; ')}.` });
    }
    if (m.uncitedIds.length > 0) {
      out.push({ severity: 'major', section: 'References', claimIds: m.uncitedIds, text: `${m.uncitedIds.length} claim(s) cite a source that is not in the reference list.` });
    }
    const incomplete = input.sources.filter((s) => s.paper.title.trim() === '' || s.paper.locator.trim() === '');
    if (incomplete.length > 0) {
      out.push({ severity: 'minor', section: 'References', claimIds: [], text: `${incomplete.length} reference(s) lack a title or locator: ${incomplete.map((s) => s.paper.id).join(', ')}.` });
    }
    const unchecked = input.claims.filter((c) => !byClaim.has(c.claimId)).map((c) => c.claimId);
    if (unchecked.length > 0) {
      out.push({ severity: 'major', section: '5 Extracted Claims', claimIds: unchecked, text: `${unchecked.length} claim(s) have no verification record.` });
    }
    if (m.claimCount === 0) out.push({ severity: 'major', section: '3 Results', claimIds: [], text: 'Nothing to validate: no claims were extracted.' });
    return out;
  },
  SYNTHESIZER: (input, m) => {
    const out: CommentDraft[] = [];
    const disclosed = new Set(input.disclosures.map((d) => d.key));
    if (m.sourceCount > 0 && m.sourceCoverage < LOW_SOURCE_COVERAGE) {
      out.push({ severity: disclosed.has('low-source-coverage') ? 'minor' : 'major', section: '3 Results', claimIds: [], text: `Only ${Math.round(m.sourceCoverage * m.sourceCount)} of ${m.sourceCount} sources support a verified claim; the synthesis rests on a narrow base.` });
    }
    if (m.questionCoverage < LOW_QUESTION_COVERAGE) {
      out.push({ severity: disclosed.has('question-coverage') ? 'minor' : 'major', section: '1 Introduction', claimIds: [], text: `The verified claims mention ${Math.round(m.questionCoverage * 100)}% of the question's key phrases (missing: ${m.missingQuestionPhrases.map((x) => `"${x}"`).join(', ')}); retrieval should be widened or the gap disclosed.` });
    }
    if (m.claimCount > 0 && m.sourceDiversity < 0.5) {
      out.push({ severity: 'minor', section: '5 Extracted Claims', claimIds: [], text: `Claims concentrate on few sources (diversity ${m.sourceDiversity.toFixed(2)}).` });
    }
    if (m.claimCount === 0) out.push({ severity: 'major', section: '3 Results', claimIds: [], text: 'No claims to synthesize.' });
    return out;
  },
};

function numberComments(role: ReviewRole, drafts: CommentDraft[]): ReviewComment[] {
  let major = 0;
  let minor = 0;
  return drafts.map((d) => ({ ...d, commentId: `${role}-${d.severity === 'major' ? `M${++major}` : `m${++minor}`}` }));
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
