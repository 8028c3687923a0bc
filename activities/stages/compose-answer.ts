/**
 * extractive-answer-v1: the Answer section of a synthesis, composed from the
 * verified, question-relevant claims only. Deterministic and offline.
 *
 * 1. Aspects of the question ({@link deriveAspects}); evidence for an aspect
 *    is every claim whose verification SUPPORTS it and whose sentence bears
 *    on that aspect with relevance ≥ 0.6.
 * 2. Per aspect: evidence ranked by relevance (then reference order),
 *    near-duplicates removed (stemmed-term Jaccard ≥ 0.6), at most
 *    {@link MAX_EVIDENCE_PER_ASPECT} sentences, each with its citation `[n]`
 *    (the source's position in the reference list).
 * 3. Between evidence from different sources: agreement and disagreement by
 *    {@link statementRelation} (direction, negation).
 * 4. An aspect without evidence is a gap, said in words. With no evidence
 *    at all the answer says the collection holds none (NO_EVIDENCE); with
 *    some aspects uncovered it is PARTIAL; otherwise ANSWERED.
 *
 * Every answer sentence that states evidence cites, and every citation is
 * checked: the cited claim's source is in the reference list and its
 * verification SUPPORTS it. Extractive on purpose: the sentences are the
 * sources' own words, so nothing is asserted that a source does not say.
 */
import type { Claim, ClaimVerification, RankedPaper } from '../model';
import type { ModelAnswerOutcome } from './check-model-answer';
import { statementRelation } from './entailment';
import { sourceText } from './source-text';
import { onTopicSourceIds } from './source-relevance';
import { deriveAspects, RelevanceScorer, RELEVANCE_THRESHOLD } from './question-aspects';
import { stem } from './stem';
import { splitSentences, tokenize } from './text';
import { escapeUnsafeText } from '../../common/text-safety';

/** Method label of the offline answer. */
export const ANSWER_METHOD = 'extractive-answer-v1' as const;
/** Most evidence sentences quoted per aspect. */
export const MAX_EVIDENCE_PER_ASPECT = 3;
/** Stemmed-term Jaccard at or above which two evidence sentences say the same thing. */
export const REDUNDANCY_JACCARD = 0.6;

/** Whether the collection answers the question. */
export type Answerability = 'ANSWERED' | 'PARTIAL' | 'NO_EVIDENCE';

/** One sentence of the answer. */
export interface AnswerSentence {
  /** The sentence as rendered (citation markers included). */
  text: string;
  kind: 'evidence' | 'agreement' | 'disagreement' | 'gap' | 'summary';
  aspectId: string | null;
  /** Citation numbers (1-based positions in the reference list). */
  citations: number[];
  claimIds: string[];
  /** For evidence sentences: whether every citation is checked and supports it. */
  supported: boolean | null;
}

/** What the answer says about one aspect. */
export interface AspectAnswer {
  aspectId: string;
  label: string;
  covered: boolean;
  /** Claim ids quoted for this aspect, in the order quoted. */
  evidence: string[];
  agreements: string[];
  disagreements: string[];
}

/** The composed answer, as recorded in the ledger (`answer.record`). */
export interface Answer {
  method: string;
  /** When a chat model was asked to write the answer: what it did, what was removed and why, its calls. */
  model?: ModelAnswerOutcome;
  question: string;
  answerability: Answerability;
  aspects: AspectAnswer[];
  sentences: AnswerSentence[];
  counts: {
    /** Sentences that state evidence. */
    evidenceSentences: number;
    /** Evidence sentences whose citations all check out. */
    supported: number;
    /** Evidence sentences removed or marked because a citation failed its check. */
    unsupported: number;
    /** Distinct sources cited. */
    sourcesCited: number;
    aspectsCovered: number;
    aspects: number;
  };
}

/** Inputs of {@link composeAnswer}. */
export interface ComposeAnswerInput {
  question: string;
  /** Merged sources in reference order (citation n is sources[n − 1]). */
  sources: readonly RankedPaper[];
  claims: readonly Claim[];
  verifications: readonly ClaimVerification[];
}

/** Composes the extractive answer (pure, deterministic). */
export function composeAnswer(input: ComposeAnswerInput): Answer {
  const aspects = deriveAspects(input.question);
  const refIndex = new Map(input.sources.map((s, i) => [s.paper.id, i + 1]));
  const byClaim = new Map(input.verifications.map((v) => [v.claimId, v]));
  const scorer = new RelevanceScorer(aspects, input.sources.flatMap((s) => splitSentences(sourceText(s.paper)).map((x) => x.text)));
  const onTopic = onTopicSourceIds(aspects, input.sources.map((s) => s.paper));
  const supported = (c: Claim) => {
    const v = byClaim.get(c.claimId);
    return onTopic.has(c.sourceId) && v !== undefined && v.verified && (v.entailment === undefined || v.entailment.verdict === 'SUPPORTS') && refIndex.has(c.sourceId);
  };
  const evidence = input.claims.filter(supported).map((c) => ({ claim: c, perAspect: scorer.perAspect(c.span.sentence || c.text), ref: refIndex.get(c.sourceId) as number }));

  const sentences: AnswerSentence[] = [];
  const aspectAnswers: AspectAnswer[] = [];
  const quoted = new Map<string, string>();
  aspects.forEach((aspect, ai) => {
    const ranked = evidence
      .filter((e) => e.perAspect[ai] >= RELEVANCE_THRESHOLD)
      .sort((a, b) => b.perAspect[ai] - a.perAspect[ai] || a.ref - b.ref || a.claim.span.start - b.claim.span.start);
    const chosen: typeof ranked = [];
    for (const e of ranked) {
      if (chosen.length === MAX_EVIDENCE_PER_ASPECT) break;
      if (chosen.some((c) => jaccard(c.claim.text, e.claim.text) >= REDUNDANCY_JACCARD)) continue;
      chosen.push(e);
    }
    const answer: AspectAnswer = { aspectId: aspect.aspectId, label: aspect.label, covered: chosen.length > 0, evidence: chosen.map((e) => e.claim.claimId), agreements: [], disagreements: [] };
    aspectAnswers.push(answer);
    if (chosen.length === 0) {
      sentences.push({ text: `No retrieved source has a finding on ${aspect.label}.`, kind: 'gap', aspectId: aspect.aspectId, citations: [], claimIds: [], supported: null });
      return;
    }
    for (const e of chosen) {
      const earlier = quoted.get(e.claim.claimId);
      const text = earlier
        ? `The finding quoted under ${earlier} bears on this too [${e.ref}].`
        : `${sentenceCase(e.claim.text)} [${e.ref}].`;
      if (!earlier) quoted.set(e.claim.claimId, aspect.label);
      sentences.push({ text, kind: 'evidence', aspectId: aspect.aspectId, citations: [e.ref], claimIds: [e.claim.claimId], supported: true });
    }
    for (let i = 0; i < chosen.length; i++) {
      for (let j = i + 1; j < chosen.length; j++) {
        const [a, b] = [chosen[i], chosen[j]];
        if (a.ref === b.ref) continue;
        const r = statementRelation(a.claim.text, b.claim.text);
        if (r.relation === 'unrelated') continue;
        const refs = [a.ref, b.ref].sort((x, y) => x - y);
        const text = r.relation === 'agree'
          ? `Sources [${refs[0]}] and [${refs[1]}] agree: ${r.detail}.`
          : `Sources [${refs[0]}] and [${refs[1]}] disagree: ${r.detail}.`;
        (r.relation === 'agree' ? answer.agreements : answer.disagreements).push(text);
        sentences.push({ text, kind: r.relation === 'agree' ? 'agreement' : 'disagreement', aspectId: aspect.aspectId, citations: refs, claimIds: [a.claim.claimId, b.claim.claimId], supported: null });
      }
    }
  });

  const covered = aspectAnswers.filter((a) => a.covered).length;
  const answerability: Answerability = covered === 0 ? 'NO_EVIDENCE' : covered < aspects.length ? 'PARTIAL' : 'ANSWERED';
  const evidenceSentences = sentences.filter((s) => s.kind === 'evidence');
  const cited = new Set(evidenceSentences.flatMap((s) => s.citations));
  return {
    method: ANSWER_METHOD,
    question: input.question,
    answerability,
    aspects: aspectAnswers,
    sentences,
    counts: {
      evidenceSentences: evidenceSentences.length,
      supported: evidenceSentences.filter((s) => s.supported === true).length,
      unsupported: evidenceSentences.filter((s) => s.supported === false).length,
      sourcesCited: cited.size,
      aspectsCovered: covered,
      aspects: aspects.length,
    },
  };
}

/**
 * The Markdown lines of the Answer section (without its heading). The first
 * line says whether the collection answers the question; NO_EVIDENCE says so
 * before anything else.
 */
export function renderAnswer(answer: Answer, sourceCount: number): string[] {
  const labels = answer.aspects.map((a) => a.label);
  const uncovered = answer.aspects.filter((a) => !a.covered).map((a) => a.label);
  const lines: string[] = [];
  if (answer.answerability === 'NO_EVIDENCE') {
    lines.push(
      sourceCount === 0
        ? `The searched collection holds no evidence on this question: no source was retrieved for ${list(labels)}.`
        : `The searched collection holds no evidence on this question: none of the ${count(sourceCount, 'retrieved source')} has a verified finding on ${list(labels)}.`,
      '',
      'Nothing in this report counts as an answer; the sections below document the search and what it found.',
    );
    return lines;
  }
  lines.push(answer.answerability === 'ANSWERED'
    ? `The searched collection has verified findings on every aspect of the question (${list(labels)}), from ${count(answer.counts.sourcesCited, 'source')}.`
    : `The searched collection answers this question only in part: it has verified findings on ${answer.counts.aspectsCovered} of ${answer.counts.aspects} aspects, from ${count(answer.counts.sourcesCited, 'source')}; no source covers ${list(uncovered)}.`);
  for (const aspect of answer.aspects) {
    const body = answer.sentences.filter((s) => s.aspectId === aspect.aspectId).map((s) => escapeUnsafeText(s.text));
    lines.push('', `- **${aspect.label}.** ${body.join(' ')}`);
  }
  // Model sentences that bear on no aspect of the question (a general finding, a gap outside the aspects).
  const general = answer.sentences.filter((s) => s.aspectId === null).map((s) => escapeUnsafeText(s.text));
  if (general.length > 0) lines.push('', `- **Beyond the aspects.** ${general.join(' ')}`);
  const m = answer.model;
  if (m && m.status === 'used') {
    const gaps = m.gapStatements ?? 0;
    lines.push('', `Model-written answer (${answer.method}): ${count(answer.counts.evidenceSentences, 'sentence')} stating evidence written, ${answer.counts.supported} kept because the evidence they cite supports them (lexical-entailment-v1${m.semanticAgreed > 0 ? `, and a semantic judge agreeing on ${m.semanticAgreed}` : ''}), ${answer.counts.unsupported} removed${gaps > 0 ? `; ${count(gaps, 'gap statement')} kept (uncited sentences naming what no evidence covers)` : ''}. Agreement and disagreement between sources are the extractive answer's, detected from direction and negation words.`);
    for (const r of m.removed) lines.push('', `- Removed (${r.reason}): "${escapeUnsafeText(r.text)}" (${escapeUnsafeText(r.detail)}).`);
  } else {
    if (m) lines.push('', m.status === 'refused'
      ? `A chat model was asked to write this answer and declined ("${escapeUnsafeText(m.reason ?? '')}"); the extractive answer is shown instead.`
      : m.status === 'rejected'
        ? `A chat model wrote an answer, but ${escapeUnsafeText(m.reason ?? '')}; the extractive answer is shown instead.`
        : `A chat model was asked to write this answer, but its answer could not be used (${escapeUnsafeText(m.reason ?? '')}); the extractive answer is shown instead.`);
    if (m?.status === 'rejected') for (const r of m.removed) lines.push('', `- Removed (${r.reason}): "${escapeUnsafeText(r.text)}" (${escapeUnsafeText(r.detail)}).`);
    // A rejected model answer's removed sentences are in the counts (they count against the answer), not in the extractive answer shown.
    const rejected = m?.status === 'rejected' ? m.removed.length : 0;
    const unsupported = answer.counts.unsupported - rejected;
    lines.push('', `Extractive answer (${ANSWER_METHOD}): ${count(answer.counts.evidenceSentences - rejected, 'evidence sentence')}, each quoting a source in its own words and citing it; ${answer.counts.supported} of them checked as supported by the cited source${unsupported > 0 ? `, ${unsupported} marked unsupported` : ''}. Agreement and disagreement are detected from direction and negation words only.`);
  }
  return lines;
}

function jaccard(a: string, b: string): number {
  const x = new Set(tokenize(a).map(stem));
  const y = new Set(tokenize(b).map(stem));
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  const union = x.size + y.size - both;
  return union === 0 ? 0 : both / union;
}

function sentenceCase(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim().replace(/[.;:,]+$/, '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function list(items: readonly string[]): string {
  const quoted = items.map((x) => `"${x}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : noun + 's'}`;
}

