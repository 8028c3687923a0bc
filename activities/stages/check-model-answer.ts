/**
 * Checks a model-written answer (compose-answer.v2) sentence by sentence
 * against the numbered evidence it was given (pure, deterministic given the
 * semantic verdicts).
 *
 * 1. Each `text` the model returned is split into sentences with the
 *    project's sentence splitter ({@link splitSentences}); a piece that is
 *    only citation markers belongs to the sentence before it.
 * 2. A sentence's citations are its inline markers `[n]`, `[n, m]`, `[n–m]`
 *    (the model's JSON has no separate citation list, so the two cannot
 *    disagree).
 * 3. A sentence the model marks `gap` that cites nothing and states an
 *    absence (a negation word: "No source reports …") is a gap statement: kept,
 *    not counted as an evidence sentence, assigned to the aspect whose label
 *    it names (uncovered aspects first). A gap statement on an aspect that
 *    kept evidence sentences cover is removed (`false-gap`). A sentence
 *    marked `gap` that cites is checked like any other.
 * 4. Every other sentence is kept only when it cites, every number it cites
 *    is an evidence number, no cited evidence refutes it and at least one
 *    supports it (lexical-entailment-v1 on the sentence without its markers;
 *    with a semantic judge both methods must say SUPPORTS). Otherwise it is
 *    removed and recorded with its reason: `no-citation`,
 *    `invented-citation`, `contradicts-evidence`,
 *    `not-supported-by-citation`, `methods-disagree`.
 *
 * The answer is then rebuilt: an aspect is covered only when a kept
 * evidence sentence bears on it (evidence the extractive answer quoted under
 * that aspect supports it and names the aspect, or it is the
 * sentence's only such aspect); for a covered aspect the extractive
 * agreement and disagreement sentences stay (they are checked extractively
 * and compare evidence the model was given); an uncovered aspect gets the
 * model's gap statement, else the extractive one, else a sentence saying no
 * model sentence on it passed its checks. Answerability follows the covered
 * aspects. When no sentence stating evidence survives, the extractive
 * answer is shown instead (status `rejected`), with every removal recorded.
 */
import type { AnswerEvidence, ModelAnswer } from '../providers/chat-answer-writer';
import type { ProviderCallRecord } from '../providers/call-record';
import type { Answer, AnswerSentence, Answerability, AspectAnswer } from './compose-answer';
import { checkEntailment, type EntailmentVerdict } from './entailment';
import { stem } from './stem';
import { countNegations, splitSentences, tokenize } from './text';

/** Why a model sentence was removed. */
export type RemovalReason = 'no-citation' | 'invented-citation' | 'contradicts-evidence' | 'not-supported-by-citation' | 'methods-disagree' | 'false-gap';

/** A model sentence that did not pass its checks. */
export interface RemovedSentence {
  text: string;
  citations: number[];
  reason: RemovalReason;
  detail: string;
}

/** What happened when a model was asked to write the answer. */
export interface ModelAnswerOutcome {
  /** `rejected`: the model answered, but no sentence stating evidence passed its checks (the extractive answer is shown). */
  status: 'used' | 'refused' | 'failed' | 'rejected';
  /** The model's reason for refusing, or the error that made its answer unusable. */
  reason: string | null;
  removed: RemovedSentence[];
  /** Kept sentences on which a semantic judge agreed with the lexical check. */
  semanticAgreed: number;
  /** Gap statements of the model kept (uncited sentences marked `gap` that state an absence); absent in answers checked before they existed. */
  gapStatements?: number;
  /** The writer's call record and the judge's, in call order (null when no call was made). */
  calls: ProviderCallRecord[];
}

/** A semantic verdict for (sentence index, citation number), when a judge was asked. */
export type SemanticVerdicts = ReadonlyMap<string, EntailmentVerdict>;

/** One sentence of a model answer after splitting, with the citations read from its markers. */
export interface ModelSentence {
  text: string;
  citations: number[];
  /** The model marked the `text` it came from as a gap. */
  gap: boolean;
}

/** Key of a (sentence, citation) pair in {@link SemanticVerdicts}; the sentence index is into {@link splitModelAnswer}'s output. */
export function pairKey(sentence: number, citation: number): string {
  return `${sentence}:${citation}`;
}

/** Citation markers: `[n]`, `[n, m]`, `[n; m]`, `[n–m]`. */
const MARKER = /\[(\d+(?:\s*[,;–-]\s*\d+)*)\]/g;
/** A sentence names an aspect when more than this share of the aspect label's stemmed terms occur in it. */
const NAMED_SHARE = 0.5;
/** A range marker `[n–m]` expands to at most this many numbers; a longer one cites its two ends only. */
const MAX_RANGE = 20;

/** Removes citation markers `[n]`, `[n, m]` from a sentence before checking it. */
export function withoutMarkers(text: string): string {
  return text.replace(/\s*\[\d+(?:\s*[,;–-]\s*\d+)*\]/g, '').replace(/\s+/g, ' ').trim();
}

/** The citation numbers of a sentence's inline markers, in order of first mention. */
export function citationsOf(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(MARKER)) {
    for (const part of m[1].split(/\s*[,;]\s*/)) {
      const [a, b] = part.split(/\s*[–-]\s*/).map(Number);
      if (b === undefined) out.push(a);
      else if (b >= a && b - a < MAX_RANGE) for (let n = a; n <= b; n++) out.push(n);
      else out.push(a, b);
    }
  }
  return [...new Set(out)];
}

/** Splits each `text` of the model's answer into sentences and reads their citations (see the module comment, steps 1–2). */
export function splitModelAnswer(model: ModelAnswer): ModelSentence[] {
  const out: ModelSentence[] = [];
  for (const item of model.sentences) {
    const pieces: string[] = [];
    for (const span of splitSentences(item.text.replace(/\s+/g, ' ').trim())) {
      if (withoutMarkers(span.text).replace(/[.;,:]/g, '').trim() === '' && pieces.length > 0) pieces[pieces.length - 1] += ` ${span.text}`;
      else pieces.push(span.text);
    }
    for (const text of pieces) out.push({ text, citations: citationsOf(text), gap: item.gap === true });
  }
  return out;
}

/** Whether a sentence is a gap statement: marked `gap`, cites nothing, and states an absence. */
function isGapStatement(s: ModelSentence): boolean {
  return s.gap && s.citations.length === 0 && countNegations(s.text) > 0;
}

/** The pairs a semantic judge should be asked about: cited, known evidence of sentences that pass the citation checks. */
export function pairsToJudge(model: ModelAnswer, evidence: readonly AnswerEvidence[]): Array<{ sentence: number; citation: number; statement: string; evidence: string }> {
  const byN = new Map(evidence.map((e) => [e.n, e]));
  return splitModelAnswer(model).flatMap((s, i) =>
    s.citations.length === 0 || s.citations.some((n) => !byN.has(n))
      ? []
      : s.citations.map((n) => ({ sentence: i, citation: n, statement: withoutMarkers(s.text), evidence: byN.get(n)!.text })));
}

/** Builds the answer from a model's sentences; see the module comment. */
export function checkModelAnswer(input: {
  extractive: Answer;
  model: ModelAnswer;
  evidence: readonly AnswerEvidence[];
  method: string;
  calls: ProviderCallRecord[];
  semantic?: SemanticVerdicts;
}): Answer & { model: ModelAnswerOutcome } {
  const { extractive, evidence } = input;
  const byN = new Map<number, AnswerEvidence[]>();
  for (const e of evidence) byN.set(e.n, [...(byN.get(e.n) ?? []), e]);
  // The aspects each claim was quoted under by the extractive answer.
  const aspectsOfClaim = new Map<string, string[]>();
  for (const a of extractive.aspects) for (const id of a.evidence) aspectsOfClaim.set(id, [...(aspectsOfClaim.get(id) ?? []), a.aspectId]);
  const kept: Array<AnswerSentence & { covers: string[] }> = [];
  const gapStatements: ModelSentence[] = [];
  const removed: RemovedSentence[] = [];
  let semanticAgreed = 0;
  splitModelAnswer(input.model).forEach((s, i) => {
    const { text, citations } = s;
    const remove = (reason: RemovalReason, detail: string) => removed.push({ text, citations, reason, detail });
    if (isGapStatement(s)) return gapStatements.push(s);
    if (citations.length === 0) return remove('no-citation', s.gap ? 'marked as a gap, but it states no absence' : 'the sentence cites no evidence');
    const invented = citations.filter((n) => !byN.has(n));
    if (invented.length > 0) return remove('invented-citation', `cites ${invented.map((n) => `[${n}]`).join(', ')}, which the evidence does not have`);
    const statement = withoutMarkers(text);
    const verdicts = citations.map((n) => {
      const items = byN.get(n)!.map((e) => ({ e, verdict: checkEntailment(statement, e.text).verdict }));
      const lexical = items.map((x) => x.verdict);
      const lex: EntailmentVerdict = lexical.includes('REFUTES') ? 'REFUTES' : lexical.includes('SUPPORTS') ? 'SUPPORTS' : 'NOT_ENOUGH_INFO';
      return { n, lexical: lex, semantic: input.semantic?.get(pairKey(i, n)) ?? null, supporting: items.filter((x) => x.verdict === 'SUPPORTS').map((x) => x.e) };
    });
    const refuting = verdicts.filter((v) => v.lexical === 'REFUTES' || v.semantic === 'REFUTES');
    if (refuting.length > 0) return remove('contradicts-evidence', `${refuting.map((v) => `[${v.n}]`).join(', ')} ${refuting.length === 1 ? 'says' : 'say'} otherwise (${refuting.map((v) => `lexical ${v.lexical}${v.semantic ? `, semantic ${v.semantic}` : ''}`).join('; ')})`);
    const lexicalSupport = verdicts.filter((v) => v.lexical === 'SUPPORTS');
    if (lexicalSupport.length === 0) return remove('not-supported-by-citation', `no cited evidence supports it (lexical ${verdicts.map((v) => `[${v.n}] ${v.lexical}`).join(', ')})`);
    if (input.semantic && !lexicalSupport.some((v) => v.semantic === 'SUPPORTS')) {
      return remove('methods-disagree', `lexical SUPPORTS but the semantic judge says ${lexicalSupport.map((v) => `[${v.n}] ${v.semantic ?? 'nothing'}`).join(', ')}`);
    }
    if (input.semantic) semanticAgreed++;
    const covers = coveredAspects(statement, lexicalSupport.flatMap((v) => v.supporting.flatMap((e) => aspectsOfClaim.get(e.claimId) ?? [])), extractive.aspects);
    kept.push({
      text, kind: 'evidence', aspectId: covers[0] ?? null, citations,
      claimIds: [...new Set(citations.flatMap((n) => byN.get(n)!.map((e) => e.claimId)))], supported: true, covers,
    });
  });

  const coveredIds = new Set(kept.flatMap((s) => s.covers));
  const gaps: AnswerSentence[] = [];
  for (const g of gapStatements) {
    const aspectId = gapAspect(g.text, extractive.aspects, coveredIds);
    if (aspectId !== null && coveredIds.has(aspectId)) {
      const on = kept.filter((s) => s.covers.includes(aspectId)).flatMap((s) => s.citations);
      removed.push({ text: g.text, citations: [], reason: 'false-gap', detail: `states a gap on "${extractive.aspects.find((a) => a.aspectId === aspectId)!.label}", which kept sentences citing ${[...new Set(on)].map((n) => `[${n}]`).join(', ')} cover` });
      continue;
    }
    gaps.push({ text: g.text, kind: 'gap', aspectId, citations: [], claimIds: [], supported: null });
  }
  const outcome = (status: ModelAnswerOutcome['status']): ModelAnswerOutcome => ({ status, reason: null, removed, semanticAgreed, gapStatements: gaps.length, calls: input.calls });

  if (kept.length === 0) {
    // Nothing the model wrote about the evidence passed: the extractive answer stands, and the removals count against it.
    return {
      ...extractive,
      counts: { ...extractive.counts, evidenceSentences: extractive.counts.evidenceSentences + removed.length, unsupported: extractive.counts.unsupported + removed.length },
      model: { ...outcome('rejected'), reason: `none of the ${removed.length} sentence(s) stating evidence passed its checks`, gapStatements: 0 },
    };
  }

  const sentences: AnswerSentence[] = [];
  const labelOf = new Map(extractive.aspects.map((a) => [a.aspectId, a.label]));
  const plain = ({ covers: _covers, ...s }: AnswerSentence & { covers: string[] }): AnswerSentence => s;
  const aspects: AspectAnswer[] = extractive.aspects.map((a) => {
    const covered = coveredIds.has(a.aspectId);
    const own = kept.filter((s) => s.aspectId === a.aspectId);
    sentences.push(...own.map(plain));
    if (covered) {
      const bearing = kept.filter((s) => s.covers.includes(a.aspectId));
      // A kept sentence stated under an earlier aspect that bears on this one too, said as the extractive answer says it.
      for (const s of own.length > 0 ? [] : bearing) {
        sentences.push({ text: `The sentence stated under ${labelOf.get(s.aspectId!)} bears on this too ${s.citations.map((n) => `[${n}]`).join('')}.`, kind: 'summary', aspectId: a.aspectId, citations: s.citations, claimIds: s.claimIds, supported: null });
      }
      sentences.push(...extractive.sentences.filter((s) => s.aspectId === a.aspectId && (s.kind === 'agreement' || s.kind === 'disagreement')));
      return { ...a, covered, evidence: [...new Set(bearing.flatMap((s) => s.claimIds))] };
    }
    const stated = gaps.filter((s) => s.aspectId === a.aspectId);
    const extractiveGap = extractive.sentences.filter((s) => s.aspectId === a.aspectId && s.kind === 'gap');
    sentences.push(...(stated.length > 0 ? stated : extractiveGap.length > 0 ? extractiveGap : [{
      text: `No sentence of the model-written answer on ${a.label} passed its checks.`, kind: 'gap' as const, aspectId: a.aspectId, citations: [], claimIds: [], supported: null,
    }]));
    return { ...a, covered, evidence: [], agreements: [], disagreements: [] };
  });
  sentences.push(...kept.filter((s) => s.aspectId === null).map(plain), ...gaps.filter((s) => s.aspectId === null));
  const covered = aspects.filter((a) => a.covered).length;
  const answerability: Answerability = covered === 0 ? 'NO_EVIDENCE' : covered < aspects.length ? 'PARTIAL' : 'ANSWERED';
  return {
    ...extractive,
    method: input.method,
    answerability,
    aspects,
    sentences,
    counts: {
      ...extractive.counts,
      evidenceSentences: kept.length + removed.length,
      supported: kept.length,
      unsupported: removed.length,
      sourcesCited: new Set(kept.flatMap((s) => s.citations)).size,
      aspectsCovered: covered,
    },
    model: outcome('used'),
  };
}

/**
 * The aspects a kept sentence covers: of the aspects its supporting
 * evidence was quoted under (`candidates`), those whose label it names
 * (more than half of the stemmed label terms); when it names none of them, the
 * first candidate. In aspect order.
 */
function coveredAspects(statement: string, candidates: readonly string[], aspects: readonly AspectAnswer[]): string[] {
  const words = new Set(tokenize(statement).map(stem));
  const inOrder = aspects.filter((a) => candidates.includes(a.aspectId));
  const named = inOrder.filter((a) => labelShare(a.label, words) > NAMED_SHARE).map((a) => a.aspectId);
  return named.length > 0 ? named : inOrder.slice(0, 1).map((a) => a.aspectId);
}

/** Share of an aspect label's stemmed terms among `words` (0 for a label without terms). */
function labelShare(label: string, words: ReadonlySet<string>): number {
  const terms = [...new Set(tokenize(label).map(stem))];
  return terms.length === 0 ? 0 : terms.filter((t) => words.has(t)).length / terms.length;
}

/**
 * The aspect a gap statement names: the one with the largest share (> 0.5)
 * of its stemmed label terms in the sentence, uncovered aspects first; null
 * when it names none.
 */
function gapAspect(text: string, aspects: readonly AspectAnswer[], coveredIds: ReadonlySet<string>): string | null {
  const words = new Set(tokenize(text).map(stem));
  let best: { id: string; uncovered: boolean; share: number } | null = null;
  for (const a of aspects) {
    const share = labelShare(a.label, words);
    if (share <= NAMED_SHARE) continue;
    const c = { id: a.aspectId, uncovered: !coveredIds.has(a.aspectId), share };
    if (!best || (c.uncovered && !best.uncovered) || (c.uncovered === best.uncovered && c.share > best.share)) best = c;
  }
  return best?.id ?? null;
}
