/**
 * The model verifier the evaluation measures when a chat endpoint is
 * configured (`SYNTHLEDGER_CHAT_*`): the chat entailment judge (prompt
 * `entail.v1`, the semantic method the answer check uses) asked about the
 * claim against the whole abstract.
 */
import { isSynthledgerError } from '../common/errors';
import type { ChatEntailmentJudge } from '../activities/providers/chat-answer-writer';
import { checkEntailment, type EntailmentVerdict } from '../activities/stages/entailment';
import type { ClaimVerifier } from './scifact-evaluation';

/** Wrong-source pairs per claim for the model verifier (a sample: one model call per pair). */
export const MODEL_WRONG_PER_CLAIM = 3;

/** Ranking score of a verdict: the judge gives no confidence, so the score is the verdict's rank. */
const VERDICT_SCORE: Readonly<Record<EntailmentVerdict, number>> = { SUPPORTS: 1, NOT_ENOUGH_INFO: 0.5, REFUTES: 0 };

/** A {@link ClaimVerifier} over a chat entailment judge, counting the answers it could not use. */
export interface ModelVerifier extends ClaimVerifier {
  /** Pairs whose model answer could not be used (counted as NOT_ENOUGH_INFO). */
  unusable: number;
}

/**
 * Wraps `judge`: verdict from the model; score 1 / 0.5 / 0 for SUPPORTS /
 * NOT_ENOUGH_INFO / REFUTES; attachment is lexical-entailment-v1's (so the
 * attachment AUC is the lexical one). An answer that breaks its schema
 * counts as NOT_ENOUGH_INFO and is counted in `unusable`; any other
 * provider error (unreachable endpoint) stops the evaluation.
 */
export function modelVerifier(judge: ChatEntailmentJudge): ModelVerifier {
  const v: ModelVerifier = {
    name: judge.method,
    description: `the chat entailment judge (entail.v1) on the claim and the whole abstract; score 1 / 0.5 / 0 for SUPPORTS / NOT_ENOUGH_INFO / REFUTES; attachment is lexical-entailment-v1's; ${MODEL_WRONG_PER_CLAIM} wrong sources per claim (the next rows)`,
    unusable: 0,
    async verify(claim, source) {
      const attachment = checkEntailment(claim, source).attachment;
      try {
        const { verdict } = await judge.judge(claim, source);
        return { verdict, score: VERDICT_SCORE[verdict], attachment };
      } catch (err) {
        if (!(isSynthledgerError(err) && err.code === 'PROVIDER_RESPONSE_INVALID')) throw err;
        v.unusable++;
        return { verdict: 'NOT_ENOUGH_INFO', score: VERDICT_SCORE.NOT_ENOUGH_INFO, attachment };
      }
    },
  };
  return v;
}
