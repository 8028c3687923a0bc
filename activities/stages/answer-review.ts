/**
 * answer-review-v1: what the tribunal measures on the composed answer, and
 * the comments it writes about it. Four signals, each in [0, 1]:
 *
 * - aspectCoverage: aspects of the question the answer has evidence on ÷ aspects;
 * - citedRelevance: sources the answer's evidence cites that are on the
 *   question as a whole (question-sources-v1) ÷ sources it cites;
 * - supportedShare: evidence sentences whose citations check out ÷ all
 *   evidence sentences written, including those a model wrote that were
 *   removed (`counts.supported ÷ counts.evidenceSentences`);
 * - gapsStated: uncovered aspects the answer names as gaps, plus detected
 *   disagreements it states, ÷ (uncovered aspects + detected disagreements);
 *   1 when there is nothing to state.
 *
 * Comments carry the section `Answer`; the reviser acts on them: claim ids
 * (off-topic or unsupported evidence) are dropped, uncovered aspects that no
 * query has tried yet are searched for (docs/GRADING.md, sections 3 and 4).
 */
import type { ReviewComment } from '../model';
import type { Answer } from './compose-answer';
import { onTopicSourceIds } from './source-relevance';
import type { SynthesisSnapshot } from './synthesis-metrics';
import { tokenize } from './text';

/** Method label of the answer signals. */
export const ANSWER_REVIEW_METHOD = 'answer-review-v1' as const;
/** Section name of comments on the answer. */
export const ANSWER_SECTION = 'Answer';

/** The four answer signals. */
export interface AnswerSignals {
  aspectCoverage: number;
  citedRelevance: number;
  supportedShare: number;
  gapsStated: number;
}

/** What the signals were computed from, for comments and the reviser. */
export interface AnswerFindings {
  signals: AnswerSignals;
  /** Labels of aspects without evidence. */
  uncoveredAspects: string[];
  /** Uncovered aspects whose words no query of the draft has searched for together. */
  unsearchedAspects: string[];
  /** Claim ids of evidence from cited sources that are not on the question. */
  offTopicClaimIds: string[];
  /** Citation numbers of those sources. */
  offTopicRefs: number[];
  /** Claim ids behind evidence sentences whose citations do not check out. */
  unsupportedClaimIds: string[];
  /** Sentences a model wrote that were removed because their citations did not check out. */
  removedSentences: number;
  /** Gaps or disagreements found but not stated in the answer. */
  unstated: string[];
}

/** Measures the answer of `s` (null when no answer was composed). */
export function answerFindings(s: SynthesisSnapshot): AnswerFindings | null {
  const answer: Answer | null | undefined = s.answer;
  if (!answer) return null;
  const evidence = answer.sentences.filter((x) => x.kind === 'evidence');
  const cited = [...new Set(evidence.flatMap((x) => x.citations))].sort((a, b) => a - b);
  const onTopic = onTopicSourceIds(s.question, s.sources.map((r) => r.paper));
  const offTopicRefs = cited.filter((n) => { const src = s.sources[n - 1]; return src === undefined || !onTopic.has(src.paper.id); });
  const offTopicClaimIds = [...new Set(evidence.filter((x) => x.citations.some((n) => offTopicRefs.includes(n))).flatMap((x) => x.claimIds))];
  const unsupportedClaimIds = [...new Set(evidence.filter((x) => x.supported !== true).flatMap((x) => x.claimIds))];
  const uncovered = answer.aspects.filter((a) => !a.covered);
  const searched = (s.queries ?? []).map((q) => new Set(tokenize(q)));
  const unsearchedAspects = uncovered.map((a) => a.label).filter((label) => {
    const words = tokenize(label);
    return !searched.some((q) => words.every((w) => q.has(w)));
  });
  const unstated: string[] = [];
  for (const a of uncovered) if (!answer.sentences.some((x) => x.kind === 'gap' && x.aspectId === a.aspectId)) unstated.push(`gap on "${a.label}"`);
  for (const a of answer.aspects) for (const d of a.disagreements) if (!answer.sentences.some((x) => x.kind === 'disagreement' && x.text === d)) unstated.push(`disagreement under "${a.label}"`);
  const toState = uncovered.length + answer.aspects.reduce((n, a) => n + a.disagreements.length, 0);
  return {
    signals: {
      aspectCoverage: ratio(answer.counts.aspectsCovered, answer.counts.aspects),
      citedRelevance: ratio(cited.length - offTopicRefs.length, cited.length),
      supportedShare: ratio(answer.counts.supported, answer.counts.evidenceSentences),
      gapsStated: toState === 0 ? 1 : round((toState - unstated.length) / toState),
    },
    uncoveredAspects: uncovered.map((a) => a.label),
    unsearchedAspects,
    offTopicClaimIds,
    offTopicRefs,
    unsupportedClaimIds,
    removedSentences: answer.model?.removed.length ?? 0,
    unstated,
  };
}

type CommentDraft = Omit<ReviewComment, 'commentId'>;

/** SKEPTIC: cited sources off the question, and gaps or disagreements left unsaid. */
export function skepticAnswerComments(f: AnswerFindings): CommentDraft[] {
  const out: CommentDraft[] = [];
  if (f.offTopicRefs.length > 0) {
    out.push({ severity: 'major', section: ANSWER_SECTION, claimIds: f.offTopicClaimIds, text: `The answer cites ${f.offTopicRefs.map((n) => `[${n}]`).join(', ')}, which ${f.offTopicRefs.length === 1 ? 'is' : 'are'} not on the question as a whole (cited-source relevance ${f.signals.citedRelevance.toFixed(2)}); drop that evidence.` });
  }
  if (f.unstated.length > 0) {
    out.push({ severity: 'major', section: ANSWER_SECTION, claimIds: [], text: `The answer does not state: ${f.unstated.join('; ')}.` });
  }
  return out;
}

/** VALIDATOR: evidence sentences whose citations do not check out. */
export function validatorAnswerComments(f: AnswerFindings): CommentDraft[] {
  if (f.unsupportedClaimIds.length === 0 && f.signals.supportedShare >= 1) return [];
  const share = Math.round((1 - f.signals.supportedShare) * 100);
  if (f.unsupportedClaimIds.length === 0 && f.removedSentences > 0) {
    return [{ severity: 'major', section: ANSWER_SECTION, claimIds: [], text: `${share}% of the sentences stating evidence that the model wrote were not supported by the evidence they cite (${f.removedSentences} removed); the answer should be rewritten from what the evidence supports.` }];
  }
  return [{ severity: 'major', section: ANSWER_SECTION, claimIds: f.unsupportedClaimIds, text: `${share}% of the answer's evidence sentences are not supported by the source they cite; drop them.` }];
}

/** SYNTHESIZER: aspects of the question the answer leaves uncovered (major while some were never searched for). */
export function synthesizerAnswerComments(f: AnswerFindings): CommentDraft[] {
  if (f.uncoveredAspects.length === 0) return [];
  const list = f.uncoveredAspects.map((x) => `"${x}"`).join(', ');
  return f.unsearchedAspects.length > 0
    ? [{ severity: 'major', section: ANSWER_SECTION, claimIds: [], text: `The answer covers ${Math.round(f.signals.aspectCoverage * 100)}% of the question's aspects; no evidence on ${list}. Search for ${f.unsearchedAspects.map((x) => `"${x}"`).join(', ')}.` }]
    : [{ severity: 'minor', section: ANSWER_SECTION, claimIds: [], text: `The answer covers ${Math.round(f.signals.aspectCoverage * 100)}% of the question's aspects; ${list} stayed uncovered after searching for them, and the answer says so.` }];
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : round(a / b);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
