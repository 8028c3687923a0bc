/**
 * The semantic half of claim verification: a chat model's entailment judge
 * (`entail.v1`) asked, for every claim the lexical check verified, whether
 * the claim's evidence sentence supports it. Its verdicts are recorded on
 * the claims' verification records (`semantic`) next to the lexical one
 * (`entailment`, lexical-entailment-v1); the verification level L3 needs
 * both to say SUPPORTS (docs/GRADING.md, section 6).
 *
 * Claims the lexical check did not verify are not sent: they cannot reach
 * agreement, so a call for each would cost without changing any grade.
 * An unusable answer (malformed JSON, a verdict outside the schema) is
 * recorded as no verdict with the error as its reason; a transient provider
 * error propagates so the activity retries.
 */
import { mapBounded } from '../common/bounded-map';
import { isSynthledgerError } from '../common/errors';
import type { Claim, ClaimVerification } from './model';
import { UNUSABLE_ANSWER_CODES } from './model-answer';
import type { ChatEntailmentJudge } from './providers/chat-answer-writer';
import type { ProviderCallRecord } from './providers/call-record';

/** A claim's semantic verdict as recorded (see {@link ClaimVerification.semantic}). */
export type SemanticVerdict = NonNullable<ClaimVerification['semantic']>;

/** The evidence sentence a claim is judged against: the lexical check's evidence, else its best TF-IDF sentence. */
export function evidenceSentenceOf(v: ClaimVerification): string {
  return v.entailment?.evidence || v.bestSentence;
}

/** Most judge calls in flight at once: the calls are independent, so the stage takes about a quarter of the sequential time. */
export const JUDGE_CONCURRENCY = 4;

/**
 * Asks `judge` about every verified claim that has an evidence sentence, one
 * call each, at most {@link JUDGE_CONCURRENCY} at a time. Returns the
 * verdicts by claim id and the call records in claim order, whatever order
 * the calls finish in.
 */
export async function judgeClaims(
  claims: readonly Claim[], verifications: readonly ClaimVerification[], judge: ChatEntailmentJudge,
): Promise<{ verdicts: Record<string, SemanticVerdict>; calls: ProviderCallRecord[] }> {
  const byClaim = new Map(verifications.map((v) => [v.claimId, v]));
  const asked = claims.flatMap((claim) => {
    const v = byClaim.get(claim.claimId);
    const evidence = v ? evidenceSentenceOf(v) : '';
    return v?.verified && evidence.length > 0 ? [{ claim, evidence }] : [];
  });
  const answers = await mapBounded(asked, JUDGE_CONCURRENCY, async ({ claim, evidence }) => {
    const recorded = { evidence, method: judge.method, prompt: judge.promptId };
    try {
      const j = await judge.judge(claim.text, evidence);
      return { call: j.call, verdict: { verdict: j.verdict, reason: j.reason, ...recorded } };
    } catch (err) {
      if (!(isSynthledgerError(err) && UNUSABLE_ANSWER_CODES.has(err.code))) throw err;
      return { call: null, verdict: { verdict: null, reason: `${err.code}: ${err.message}`, ...recorded } };
    }
  });
  const verdicts: Record<string, SemanticVerdict> = {};
  const calls: ProviderCallRecord[] = [];
  answers.forEach((a, i) => {
    verdicts[asked[i]!.claim.claimId] = a.verdict;
    if (a.call) calls.push(a.call);
  });
  return { verdicts, calls };
}

/** The verifications with each judged claim's semantic verdict attached (others unchanged). */
export function withSemanticVerdicts(verifications: readonly ClaimVerification[], verdicts: Readonly<Record<string, SemanticVerdict>>): ClaimVerification[] {
  return verifications.map((v) => (Object.prototype.hasOwnProperty.call(verdicts, v.claimId) ? { ...v, semantic: verdicts[v.claimId] } : { ...v }));
}
