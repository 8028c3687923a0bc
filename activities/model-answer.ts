/**
 * The answer written by a chat model, checked before it is used: the model
 * gets the evidence the extractive answer would quote (numbered by reference
 * position), writes sentences with inline citations (`compose-answer.v2`;
 * in a revision it also gets the revision's points), and every sentence is
 * checked (`checkModelAnswer`: split into sentences, citations read from the
 * markers and known, lexical entailment, and with a judge `entail.v1` the
 * semantic verdict too; gap statements kept apart).
 * A refusal or an unusable answer (malformed JSON, an answer that breaks its
 * schema) falls back to the extractive answer, with the reason recorded;
 * a transient provider error propagates so the activity retries.
 */
import { isSynthledgerError } from '../common/errors';
import type { Claim } from './model';
import type { AnswerEvidence, ChatAnswerWriter, ChatEntailmentJudge, ReviewPoint } from './providers/chat-answer-writer';
import type { ProviderCallRecord } from './providers/call-record';
import { checkModelAnswer, pairKey, pairsToJudge, type ModelAnswerOutcome } from './stages/check-model-answer';
import type { Answer, ComposeAnswerInput } from './stages/compose-answer';
import type { EntailmentVerdict } from './stages/entailment';

/** Provider error codes that mean the model's answer cannot be used (not worth a retry). */
export const UNUSABLE_ANSWER_CODES: ReadonlySet<string> = new Set(['PROVIDER_RESPONSE_INVALID']);

/** The evidence the model may cite: the claims the extractive answer quotes, numbered by their source's reference position. */
export function evidenceFor(extractive: Answer, input: ComposeAnswerInput): AnswerEvidence[] {
  const claims = new Map<string, Claim>(input.claims.map((c) => [c.claimId, c]));
  const refs = new Map(input.sources.map((s, i) => [s.paper.id, i + 1]));
  const seen = new Set<string>();
  const out: AnswerEvidence[] = [];
  for (const aspect of extractive.aspects) {
    for (const id of aspect.evidence) {
      const c = claims.get(id);
      const n = c ? refs.get(c.sourceId) : undefined;
      if (!c || n === undefined || seen.has(id)) continue;
      seen.add(id);
      out.push({ n, claimId: id, aspect: aspect.label, text: c.span.sentence || c.text });
    }
  }
  return out;
}

/** Asks the model for the answer and checks it; see the module comment. */
export async function composeWithModel(
  extractive: Answer, input: ComposeAnswerInput, writer: ChatAnswerWriter, judge?: ChatEntailmentJudge, reviewPoints: readonly ReviewPoint[] = [],
): Promise<Answer & { model: ModelAnswerOutcome }> {
  const evidence = evidenceFor(extractive, input);
  const calls: ProviderCallRecord[] = [];
  const fallback = (status: 'refused' | 'failed', reason: string) => ({ ...extractive, model: { status, reason, removed: [], semanticAgreed: 0, calls } });
  let written;
  try {
    written = await writer.write(input.question, evidence, { reviewPoints });
  } catch (err) {
    if (isSynthledgerError(err) && UNUSABLE_ANSWER_CODES.has(err.code)) return fallback('failed', `${err.code}: ${err.message}`);
    throw err;
  }
  calls.push(written.call);
  if (written.answer.refused) return fallback('refused', written.answer.reason.trim() || 'no reason given');
  let semantic: Map<string, EntailmentVerdict> | undefined;
  if (judge) {
    semantic = new Map();
    for (const p of pairsToJudge(written.answer, evidence)) {
      try {
        const j = await judge.judge(p.statement, p.evidence);
        calls.push(j.call);
        semantic.set(pairKey(p.sentence, p.citation), j.verdict);
      } catch (err) {
        // An unusable verdict counts as no verdict: the sentence then cannot pass both methods.
        if (!(isSynthledgerError(err) && UNUSABLE_ANSWER_CODES.has(err.code))) throw err;
      }
    }
  }
  return checkModelAnswer({ extractive, model: written.answer, evidence, method: writer.method, calls, semantic });
}
