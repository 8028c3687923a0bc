/**
 * The state of a synthesis draft as the tribunal, the reviser and the policy
 * see it, and the measurable signals derived from it. One definition of each
 * signal, so a reviewer's score and the published quality dimensions can
 * never disagree about what "coverage" means.
 */
import type { Claim, ClaimVerification, Disclosure, RankedPaper } from '../model';
import type { Answer } from './compose-answer';
import type { PipelineParameters } from './pipeline-parameters';
import { keyPhrases } from './plan-queries';
import { ngrams, tokenize } from './text';

/** Everything a reviewer looks at: the draft's inputs and the disclosures its report shows. */
export interface SynthesisSnapshot {
  question: string;
  /** Merged sources, in reference order. */
  sources: readonly RankedPaper[];
  claims: readonly Claim[];
  verifications: readonly ClaimVerification[];
  parameters: PipelineParameters;
  /** Disclosures rendered in the report's Uncertainties section. */
  disclosures: readonly Disclosure[];
  /** Claims marked as flagged in the report (kept, but called out). */
  flaggedClaimIds: readonly string[];
  /** Size of the searched collection, when known (the bundled corpus). */
  corpusSize?: number | null;
  /** The composed answer, when the composeAnswer stage ran. */
  answer?: Answer | null;
  /** The queries searched so far (the reviser does not propose them again). */
  queries?: readonly string[];
}

/** Signals measured on a snapshot; ratios are in [0, 1]. */
export interface SynthesisMetrics {
  claimCount: number;
  verifiedCount: number;
  /** verified claims / claims (0 without claims). */
  verifiedRatio: number;
  /** Mean TF-IDF confidence over claims (a claim without a verification counts 0). */
  meanConfidence: number;
  sourceCount: number;
  /** Sources with at least one verified claim / sources. */
  sourceCoverage: number;
  /** Distinct sources cited by claims / min(claims, sources): 1 when claims spread over as many sources as they can. */
  sourceDiversity: number;
  /** Claims whose source is in the source list with a title and a locator / claims. */
  citationCompleteness: number;
  /** Claims whose best sentence fails the numbers or negation check. */
  consistencyFailureIds: string[];
  /** Unverified claims (below threshold or without a verification record). */
  unverifiedIds: string[];
  /** Claims whose source is missing from the source list. */
  uncitedIds: string[];
  /** Verified claims on which a semantic embedding provider agrees. */
  semanticAgreementCount: number;
  /** True when at least one verification carries a semantic embedding check. */
  semanticProviderUsed: boolean;
  /**
   * Key phrases of the question (adjacent content-term pairs such as
   * "negative sampling") found in at least one verified claim / key phrases.
   * Phrases rather than single terms, because generic terms ("datasets",
   * "benchmark") match almost any abstract and would overstate the fit.
   */
  questionCoverage: number;
  /** Key phrases of the question no verified claim mentions. */
  missingQuestionPhrases: string[];
}

/** Measures a snapshot (pure; see {@link SynthesisMetrics} for each definition). */
export function computeMetrics(s: Pick<SynthesisSnapshot, 'question' | 'sources' | 'claims' | 'verifications'>): SynthesisMetrics {
  const byClaim = new Map(s.verifications.map((v) => [v.claimId, v]));
  const sourceById = new Map(s.sources.map((r) => [r.paper.id, r.paper]));
  const verified = s.claims.filter((c) => byClaim.get(c.claimId)?.verified === true);
  const claimCount = s.claims.length;
  const coveredSources = new Set(verified.map((c) => c.sourceId).filter((id) => sourceById.has(id)));
  const citedSources = new Set(s.claims.map((c) => c.sourceId));
  const cited = s.claims.filter((c) => {
    const p = sourceById.get(c.sourceId);
    return p !== undefined && p.title.trim().length > 0 && p.locator.trim().length > 0;
  });
  const verifiedGrams = new Set(verified.flatMap((c) => ngrams(tokenize(c.text), 2)));
  const phrases = keyPhrases(s.question);
  const missing = phrases.filter((t) => !verifiedGrams.has(t));
  return {
    claimCount,
    verifiedCount: verified.length,
    verifiedRatio: ratio(verified.length, claimCount),
    meanConfidence: ratio(s.claims.reduce((sum, c) => sum + (byClaim.get(c.claimId)?.confidence ?? 0), 0), claimCount),
    sourceCount: s.sources.length,
    sourceCoverage: ratio(coveredSources.size, s.sources.length),
    sourceDiversity: ratio(citedSources.size, Math.min(claimCount, s.sources.length)),
    citationCompleteness: ratio(cited.length, claimCount),
    consistencyFailureIds: s.claims
      .filter((c) => {
        const v = byClaim.get(c.claimId);
        return v !== undefined && (!v.consistency.numbers || !v.consistency.negation);
      })
      .map((c) => c.claimId),
    unverifiedIds: s.claims.filter((c) => byClaim.get(c.claimId)?.verified !== true).map((c) => c.claimId),
    uncitedIds: s.claims.filter((c) => !sourceById.has(c.sourceId)).map((c) => c.claimId),
    semanticAgreementCount: verified.filter((c) => {
      const e = byClaim.get(c.claimId)?.embedding;
      return e?.semantic === true && e.agrees;
    }).length,
    semanticProviderUsed: s.verifications.some((v) => v.embedding?.semantic === true),
    questionCoverage: ratio(phrases.length - missing.length, phrases.length),
    missingQuestionPhrases: missing,
  };
}

function ratio(a: number, b: number): number {
  return b > 0 ? Math.min(1, a / b) : 0;
}
