/**
 * The offline claim verifiers the evaluation measures: the lexical
 * entailment verifier (lexical-entailment-v1), its attachment step alone
 * (an ablation), and the pipeline's earlier check
 * (tfidf-source-attachment-v1) as the baseline.
 */
import { checkEntailment, DEFAULT_ATTACH_THRESHOLD } from '../activities/stages/entailment';
import { splitSentences } from '../activities/stages/text';
import { checkConsistency, DEFAULT_VERIFY_THRESHOLD, tfidfSimilarities } from '../activities/stages/verify-claims';
import type { ClaimVerifier } from './scifact-evaluation';

/** lexical-entailment-v1: verdict and evidence from {@link checkEntailment}; score its support score. */
export const LEXICAL_ENTAILMENT_VERIFIER: ClaimVerifier = {
  name: 'lexical-entailment-v1',
  description: 'stemmed TF-IDF attachment (threshold 0.15), then direction, negation and number consistency; score = attachment, × 0.5 on a conflict',
  verify(claim, source) {
    const r = checkEntailment(claim, source);
    return { verdict: r.verdict, score: r.support, attachment: r.attachment };
  },
};

/** Ablation: lexical-entailment-v1's stemmed attachment alone, no conflict checks (SUPPORTS when attached). */
export const STEMMED_ATTACHMENT_VERIFIER: ClaimVerifier = {
  name: 'stemmed attachment only (ablation)',
  description: 'lexical-entailment-v1 without its direction, negation and number checks: attached (≥ 0.15) → SUPPORTS; score = attachment',
  verify(claim, source) {
    const r = checkEntailment(claim, source);
    return { verdict: r.attachment >= DEFAULT_ATTACH_THRESHOLD ? 'SUPPORTS' : 'NOT_ENOUGH_INFO', score: r.attachment, attachment: r.attachment };
  },
};

/**
 * tfidf-source-attachment-v1 as the pipeline ran it before entailment:
 * score the best TF-IDF cosine; SUPPORTS when attached (≥ 0.15) and the
 * best sentence passes the numbers/negation check, REFUTES when attached but
 * inconsistent, else NOT_ENOUGH_INFO.
 */
export const TFIDF_BASELINE_VERIFIER: ClaimVerifier = {
  name: 'tfidf-source-attachment-v1 (baseline)',
  description: 'best TF-IDF cosine (threshold 0.15); attached and consistent → SUPPORTS, attached but inconsistent → REFUTES; score = cosine',
  verify(claim, source) {
    const sentences = splitSentences(source).map((s) => s.text);
    const sims = tfidfSimilarities(claim, sentences);
    let best = 0;
    for (let i = 1; i < sims.length; i++) if (sims[i] > sims[best]) best = i;
    const confidence = sims[best] ?? 0;
    const c = checkConsistency(claim, sentences[best] ?? '');
    const verdict = confidence < DEFAULT_VERIFY_THRESHOLD ? 'NOT_ENOUGH_INFO' : c.numbers && c.negation ? 'SUPPORTS' : 'REFUTES';
    return { verdict, score: confidence, attachment: confidence };
  },
};
