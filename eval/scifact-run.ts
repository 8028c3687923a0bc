/**
 * Runs the verifiers of the SciFact section: the offline ones on every
 * pair, and the model verifier (when a chat judge is given) on each right
 * pair and a fixed sample of wrong pairs.
 */
import type { ChatEntailmentJudge } from '../activities/providers/chat-answer-writer';
import { MODEL_WRONG_PER_CLAIM, modelVerifier } from './model-verifier';
import { LEXICAL_ENTAILMENT_VERIFIER, STEMMED_ATTACHMENT_VERIFIER, TFIDF_BASELINE_VERIFIER } from './offline-verifiers';
import type { SciFactResult } from './render-evaluation';
import { figures, runPairs, splitTuneHeldOut, type ClaimVerifier, type SciFactRow } from './scifact-evaluation';

/** The line EVALUATION.md carries about the model verifier when no chat endpoint is configured. */
export const MODEL_NOT_MEASURED = 'model verifier: not measured (no SYNTHLEDGER_CHAT_* set)';

/** Figures of every verifier, and the line saying how the model verifier was measured (or that it was not). */
export async function sciFactResults(rows: readonly SciFactRow[], judge?: ChatEntailmentJudge): Promise<{ results: SciFactResult[]; modelLine: string }> {
  const split = splitTuneHeldOut(rows);
  const results: SciFactResult[] = [];
  const measure = async (verifier: ClaimVerifier, wrongPerClaim?: number) => {
    const outputs = await runPairs(rows, verifier, { wrongPerClaim });
    results.push({ verifier, all: figures(rows, outputs, split.all), tune: figures(rows, outputs, split.tune), heldOut: figures(rows, outputs, split.heldOut) });
  };
  for (const verifier of [LEXICAL_ENTAILMENT_VERIFIER, STEMMED_ATTACHMENT_VERIFIER, TFIDF_BASELINE_VERIFIER]) await measure(verifier);
  if (!judge) return { results, modelLine: MODEL_NOT_MEASURED };
  const model = modelVerifier(judge);
  await measure(model, MODEL_WRONG_PER_CLAIM);
  return { results, modelLine: `model verifier: ${model.name} (entail.v1), on every right pair and ${MODEL_WRONG_PER_CLAIM} wrong sources per claim; ${model.unusable} answer(s) that broke their schema counted as NOT_ENOUGH_INFO` };
}
