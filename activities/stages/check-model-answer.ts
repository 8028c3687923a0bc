/**
 * Checks a model-written answer sentence by sentence against the numbered
 * evidence it was given (pure, deterministic given the semantic verdicts).
 *
 * A sentence is kept only when it cites, every number it cites is one of the
 * evidence numbers, no cited evidence refutes it and at least one supports it
 * (lexical-entailment-v1 on the sentence without its citation markers; with
 * a semantic judge, both methods must say SUPPORTS). Otherwise it is removed
 * from the answer and recorded with its reason: `no-citation`,
 * `invented-citation`, `contradicts-evidence`, `not-supported-by-citation`,
 * `methods-disagree` (lexical SUPPORTS, semantic not).
 */
import type { AnswerEvidence, ModelAnswer } from '../providers/chat-answer-writer';
import type { ProviderCallRecord } from '../providers/call-record';
import type { Answer, AnswerSentence } from './compose-answer';
import { checkEntailment, type EntailmentVerdict } from './entailment';

/** Why a model sentence was removed. */
export type RemovalReason = 'no-citation' | 'invented-citation' | 'contradicts-evidence' | 'not-supported-by-citation' | 'methods-disagree';

/** A model sentence that did not pass its checks. */
export interface RemovedSentence {
  text: string;
  citations: number[];
  reason: RemovalReason;
  detail: string;
}

/** What happened when a model was asked to write the answer. */
export interface ModelAnswerOutcome {
  status: 'used' | 'refused' | 'failed';
  /** The model's reason for refusing, or the error that made its answer unusable. */
  reason: string | null;
  removed: RemovedSentence[];
  /** Kept sentences on which a semantic judge agreed with the lexical check. */
  semanticAgreed: number;
  /** The writer's call record and the judge's, in call order (null when no call was made). */
  calls: ProviderCallRecord[];
}

/** A semantic verdict for (sentence index, citation number), when a judge was asked. */
export type SemanticVerdicts = ReadonlyMap<string, EntailmentVerdict>;

/** Key of a (sentence, citation) pair in {@link SemanticVerdicts}. */
export function pairKey(sentence: number, citation: number): string {
  return `${sentence}:${citation}`;
}

/** Removes citation markers `[n]`, `[n, m]` from a sentence before checking it. */
export function withoutMarkers(text: string): string {
  return text.replace(/\s*\[\d+(?:\s*[,;–-]\s*\d+)*\]/g, '').replace(/\s+/g, ' ').trim();
}

/** The pairs a semantic judge should be asked about: cited, known evidence of sentences that pass the citation checks. */
export function pairsToJudge(model: ModelAnswer, evidence: readonly AnswerEvidence[]): Array<{ sentence: number; citation: number; statement: string; evidence: string }> {
  const byN = new Map(evidence.map((e) => [e.n, e]));
  return model.sentences.flatMap((s, i) =>
    s.citations.length === 0 || s.citations.some((n) => !byN.has(n))
      ? []
      : [...new Set(s.citations)].map((n) => ({ sentence: i, citation: n, statement: withoutMarkers(s.text), evidence: byN.get(n)!.text })));
}

/**
 * Builds the answer from a model's sentences: kept sentences replace the
 * extractive evidence sentences; gaps stay as the extractive answer states
 * them; removed sentences are recorded in `model.removed` and counted as
 * unsupported.
 */
export function checkModelAnswer(input: {
  extractive: Answer;
  model: ModelAnswer;
  evidence: readonly AnswerEvidence[];
  method: string;
  calls: ProviderCallRecord[];
  semantic?: SemanticVerdicts;
}): Answer & { model: ModelAnswerOutcome } {
  const { extractive, model, evidence } = input;
  const byN = new Map<number, AnswerEvidence[]>();
  for (const e of evidence) byN.set(e.n, [...(byN.get(e.n) ?? []), e]);
  const aspectIdOf = new Map(extractive.aspects.map((a) => [a.label, a.aspectId]));
  const kept: AnswerSentence[] = [];
  const removed: RemovedSentence[] = [];
  let semanticAgreed = 0;
  model.sentences.forEach((s, i) => {
    const text = s.text.replace(/\s+/g, ' ').trim();
    const citations = [...new Set(s.citations)];
    const remove = (reason: RemovalReason, detail: string) => removed.push({ text, citations, reason, detail });
    if (citations.length === 0) return remove('no-citation', 'the sentence cites no evidence');
    const invented = citations.filter((n) => !byN.has(n));
    if (invented.length > 0) return remove('invented-citation', `cites ${invented.map((n) => `[${n}]`).join(', ')}, which the evidence does not have`);
    const statement = withoutMarkers(text);
    const verdicts = citations.map((n) => {
      const lexical = byN.get(n)!.map((e) => checkEntailment(statement, e.text).verdict);
      const lex: EntailmentVerdict = lexical.includes('REFUTES') ? 'REFUTES' : lexical.includes('SUPPORTS') ? 'SUPPORTS' : 'NOT_ENOUGH_INFO';
      return { n, lexical: lex, semantic: input.semantic?.get(pairKey(i, n)) ?? null };
    });
    const refuting = verdicts.filter((v) => v.lexical === 'REFUTES' || v.semantic === 'REFUTES');
    if (refuting.length > 0) return remove('contradicts-evidence', `${refuting.map((v) => `[${v.n}]`).join(', ')} ${refuting.length === 1 ? 'says' : 'say'} otherwise (${refuting.map((v) => `lexical ${v.lexical}${v.semantic ? `, semantic ${v.semantic}` : ''}`).join('; ')})`);
    const lexicalSupport = verdicts.filter((v) => v.lexical === 'SUPPORTS');
    if (lexicalSupport.length === 0) return remove('not-supported-by-citation', `no cited evidence supports it (lexical ${verdicts.map((v) => `[${v.n}] ${v.lexical}`).join(', ')})`);
    if (input.semantic && !lexicalSupport.some((v) => v.semantic === 'SUPPORTS')) {
      return remove('methods-disagree', `lexical SUPPORTS but the semantic judge says ${lexicalSupport.map((v) => `[${v.n}] ${v.semantic ?? 'nothing'}`).join(', ')}`);
    }
    if (input.semantic) semanticAgreed++;
    const first = byN.get(lexicalSupport[0].n)![0];
    kept.push({
      text, kind: 'evidence', aspectId: aspectIdOf.get(first.aspect) ?? null, citations,
      claimIds: [...new Set(citations.flatMap((n) => byN.get(n)!.map((e) => e.claimId)))], supported: true,
    });
  });
  const gaps = extractive.sentences.filter((s) => s.kind === 'gap');
  const sentences = [...kept, ...gaps];
  return {
    ...extractive,
    method: input.method,
    sentences,
    counts: {
      ...extractive.counts,
      evidenceSentences: kept.length + removed.length,
      supported: kept.length,
      unsupported: removed.length,
      sourcesCited: new Set(kept.flatMap((s) => s.citations)).size,
    },
    model: { status: 'used', reason: null, removed, semanticAgreed, calls: input.calls },
  };
}
