/**
 * One revision round: a point-by-point response to every major comment (as
 * in the simulated authors' rebuttal of seeds/002) and the actions that
 * answer them, producing the inputs of the next draft.
 *
 * The action for a comment is inferred from what it points at, not from the
 * referee's wording, so it works the same for the deterministic tribunal and
 * for a chat-model referee:
 *   - claim ids whose source is missing           → DROPPED_CLAIM;
 *   - unverified claim ids                        → drop when confidence is
 *     below half the threshold (clearly not attached), else flag;
 *   - claim ids failing the consistency check, or without a verification
 *     record                                      → FLAGGED_CLAIM;
 *   - "4 Uncertainties" without claim ids         → ADDED_DISCLOSURE (every
 *     disclosure the current state requires and the draft lacks);
 *   - "1 Introduction" (fit to the question) or "3 Results" with no claims
 *                                                 → WIDENED_RETRIEVAL (extra
 *     queries from the question's uncovered phrases) plus a disclosure;
 *   - "3 Results" on source coverage              → ADDED_DISCLOSURE;
 *   - "Answer" with claim ids (evidence from an off-topic source, or not
 *     supported by its citation)                  → DROPPED_CLAIM; the answer
 *     is recomposed without it;
 *   - "Answer" or any other section without claim ids (a general comment)
 *                                                 → WIDENED_RETRIEVAL with the
 *     answer's uncovered aspects no query has tried yet; when none is left,
 *     NO_CHANGE with the measured reason (aspect coverage, supported share,
 *     what was already searched).
 * A minor comment is not acted on automatically: it gets a NO_CHANGE point
 * saying so, with the measured state for a general one, so every comment
 * has an action or a recorded reason.
 * When a chat model writes the answer, the comments on the answer and the
 * general ones, each with its response, go to the model that rewrites it
 * (`ReviseOutput.answerPoints`, prompt compose-answer.v2).
 * Proposed queries are not searched here: the caller searches
 * `revision.extraQueries`, merges, extracts and verifies before re-drafting.
 */
import type { Claim, ClaimVerification, Disclosure, RebuttalPoint, Review, ReviewComment } from '../model';
import type { ReviewPoint } from '../providers/chat-answer-writer';
import { disclosureCompleteness, disclosureFor, LOW_QUESTION_COVERAGE, LOW_SOURCE_COVERAGE, mergeDisclosures } from './disclosures';
import { REPORT_SECTIONS, type DraftReportInput, type RevisionInfo } from './draft-report';
import { ANSWER_SECTION, answerFindings } from './answer-review';
import { keyPhrases } from './plan-queries';
import { computeMetrics, type SynthesisMetrics } from './synthesis-metrics';

/** An unverified claim below threshold × this fraction is dropped rather than flagged. */
export const DROP_BELOW_THRESHOLD_FRACTION = 0.5;
/** At most this many extra queries per round. */
export const MAX_EXTRA_QUERIES = 2;
const MAX_TERMS_PER_EXTRA_QUERY = 6;

/** Inputs of {@link revise}. */
export interface ReviseInput {
  /** The inputs the current draft was rendered from. */
  draft: DraftReportInput;
  /** The disclosures the current draft rendered (`DraftReport.disclosures`). */
  disclosures: Disclosure[];
  reviews: Review[];
  /** The round being produced (1 for the first revision). */
  round: number;
}

/** Result of {@link revise}: the rebuttal and the next draft's inputs. */
export interface ReviseOutput {
  rebuttal: RebuttalPoint[];
  revision: RevisionInfo;
  /** Inputs for the next draft (claims dropped, flags and disclosures added, revision attached; queries unchanged). */
  draft: DraftReportInput;
  /** Comments on the answer and general comments, each with its response: what a model rewriting the answer is given. */
  answerPoints: ReviewPoint[];
}

interface WorkingState {
  dropped: Set<string>;
  flagged: Set<string>;
  added: Disclosure[];
  extraQueries: string[];
}

/** Answers every comment (majors by action, minors with a recorded reason) and returns the next draft's inputs (pure). */
export function revise(input: ReviseInput): ReviseOutput {
  const { draft } = input;
  const state = { ...draft, corpusSize: draft.corpusSize ?? null };
  const metrics = computeMetrics(state);
  const byClaim = new Map(draft.verifications.map((v) => [v.claimId, v]));
  const work: WorkingState = { dropped: new Set(), flagged: new Set(draft.flaggedClaimIds ?? []), added: [], extraQueries: [] };
  const majors = input.reviews.flatMap((r) => r.comments.filter((c) => c.severity === 'major'));

  const modelWritten = draft.answer?.model !== undefined;
  const majorPoints = majors.map((comment) => {
    const point = comment.section === ANSWER_SECTION && comment.claimIds.length > 0
      ? dropAnswerEvidence(comment, draft, work)
      : comment.claimIds.length > 0
        ? answerClaims(comment, draft, byClaim, work)
        : answerSection(comment, input, metrics, work);
    return modelWritten && isAnswerPoint(comment) ? { ...point, response: `${point.response} ${TO_THE_WRITER}` } : point;
  });
  const minors = input.reviews.flatMap((r) => r.comments.filter((c) => c.severity === 'minor'));
  const rebuttal = [...majorPoints, ...minors.map((c) => answerMinor(c, input, modelWritten))];
  const comments = new Map([...majors, ...minors].map((c) => [c.commentId, c]));
  const answerPoints: ReviewPoint[] = modelWritten
    ? rebuttal.flatMap((p) => { const c = comments.get(p.commentId); return c && isAnswerPoint(c) ? [{ comment: c.text, response: p.response }] : []; })
    : [];

  const claims = draft.claims.filter((c) => !work.dropped.has(c.claimId));
  const verifications = draft.verifications.filter((v) => !work.dropped.has(v.claimId));
  const newlyFlagged = [...work.flagged].filter((id) => !work.dropped.has(id) && !(draft.flaggedClaimIds ?? []).includes(id));
  const droppedIds = [...work.dropped];
  const nextState = { ...state, claims, verifications };
  const nextMetrics = computeMetrics(nextState);
  if (newlyFlagged.length > 0) work.added.push(disclosureFor('flagged-claims', nextState, nextMetrics, newlyFlagged));
  if (droppedIds.length > 0) work.added.push(disclosureFor('dropped-claims', nextState, nextMetrics, droppedIds));

  const revision: RevisionInfo = {
    round: input.round,
    rebuttal,
    flaggedClaimIds: newlyFlagged,
    droppedClaimIds: droppedIds,
    addedDisclosures: work.added,
    extraQueries: work.extraQueries,
  };
  return {
    rebuttal,
    revision,
    answerPoints,
    draft: {
      ...draft,
      claims,
      verifications,
      flaggedClaimIds: [...work.flagged].filter((id) => !work.dropped.has(id)),
      extraDisclosures: mergeDisclosures(draft.extraDisclosures ?? [], work.added),
      revision,
    },
  };
}

function answerClaims(
  comment: ReviewComment,
  draft: DraftReportInput,
  byClaim: Map<string, ClaimVerification>,
  work: WorkingState,
): RebuttalPoint {
  const sourceIds = new Set(draft.sources.map((s) => s.paper.id));
  const claims = new Map<string, Claim>(draft.claims.map((c) => [c.claimId, c]));
  const threshold = draft.parameters.threshold;
  const dropped: string[] = [];
  const flagged: string[] = [];
  const kept: string[] = [];
  for (const id of comment.claimIds) {
    const claim = claims.get(id);
    const v = byClaim.get(id);
    if (!claim || work.dropped.has(id)) continue;
    if (!sourceIds.has(claim.sourceId)) dropped.push(id);
    else if (!v) flagged.push(id);
    else if (!v.verified && v.confidence < threshold * DROP_BELOW_THRESHOLD_FRACTION) dropped.push(id);
    else if (!v.verified || !v.consistency.numbers || !v.consistency.negation) flagged.push(id);
    else kept.push(id);
  }
  dropped.forEach((id) => work.dropped.add(id));
  flagged.forEach((id) => work.flagged.add(id));
  if (dropped.length === 0 && flagged.length === 0) {
    return { commentId: comment.commentId, action: 'NO_CHANGE', response: kept.length > 0 ? `We keep ${kept.join(', ')}: each is attached to its source above the threshold of ${threshold} and passes the numbers and negation check.` : 'The claims referred to were already removed in this round.' };
  }
  const parts: string[] = ['We agree.'];
  if (dropped.length > 0) parts.push(`Dropped ${dropped.join(', ')} (not attached to a listed source, or confidence below ${round(threshold * DROP_BELOW_THRESHOLD_FRACTION)}).`);
  if (flagged.length > 0) parts.push(`Flagged ${flagged.join(', ')} in section 5 and listed them in section 4; they are kept for traceability but not presented as supported findings.`);
  return { commentId: comment.commentId, action: dropped.length > 0 && flagged.length === 0 ? 'DROPPED_CLAIM' : 'FLAGGED_CLAIM', response: parts.join(' ') };
}

function answerSection(comment: ReviewComment, input: ReviseInput, metrics: SynthesisMetrics, work: WorkingState): RebuttalPoint {
  const { draft } = input;
  const state = { ...draft, corpusSize: draft.corpusSize ?? null };
  const present = mergeDisclosures(input.disclosures, work.added);
  const add = (d: Disclosure): boolean => {
    if (present.some((p) => p.key === d.key)) return false;
    present.push(d);
    work.added.push(d);
    return true;
  };
  switch (comment.section) {
    case '4 Uncertainties': {
      const { missing } = disclosureCompleteness(state, present, metrics);
      const added = missing.filter((k) => add(disclosureFor(k, state, metrics)));
      return added.length > 0
        ? { commentId: comment.commentId, action: 'ADDED_DISCLOSURE', response: `We agree. Section 4 now discloses: ${added.join(', ')}.` }
        : { commentId: comment.commentId, action: 'NO_CHANGE', response: 'Every disclosure the current state requires is already in section 4.' };
    }
    case '1 Introduction':
    case '3 Results': {
      const widen = metrics.claimCount === 0 || (comment.section === '1 Introduction' && metrics.questionCoverage < LOW_QUESTION_COVERAGE);
      const queries = widen ? proposeQueries(draft, metrics, work) : [];
      const disclosed: string[] = [];
      if (metrics.questionCoverage < LOW_QUESTION_COVERAGE && comment.section === '1 Introduction' && add(disclosureFor('question-coverage', state, metrics))) disclosed.push('question-coverage');
      if (metrics.sourceCount > 0 && metrics.sourceCoverage < LOW_SOURCE_COVERAGE && comment.section === '3 Results' && add(disclosureFor('low-source-coverage', state, metrics))) disclosed.push('low-source-coverage');
      if (queries.length > 0) {
        return { commentId: comment.commentId, action: 'WIDENED_RETRIEVAL', response: `We agree. Retrieval is widened with ${queries.map((q) => `"${q}"`).join(' and ')}${disclosed.length > 0 ? `, and section 4 now discloses ${disclosed.join(', ')}` : ''}.` };
      }
      if (disclosed.length > 0) {
        return { commentId: comment.commentId, action: 'ADDED_DISCLOSURE', response: `We agree. No further query would add new terms, so section 4 now discloses ${disclosed.join(', ')}.` };
      }
      return { commentId: comment.commentId, action: 'NO_CHANGE', response: 'The gap is already disclosed and no untried query remains; the limitation stands as stated in section 4.' };
    }
    default:
      return answerGeneralComment(comment, input, work);
  }
}

/** Drops the claims an answer comment names (off-topic or unsupported evidence). */
function dropAnswerEvidence(comment: ReviewComment, draft: DraftReportInput, work: WorkingState): RebuttalPoint {
  const known = new Set(draft.claims.map((c) => c.claimId));
  const ids = comment.claimIds.filter((id) => known.has(id) && !work.dropped.has(id));
  ids.forEach((id) => work.dropped.add(id));
  return ids.length > 0
    ? { commentId: comment.commentId, action: 'DROPPED_CLAIM', response: `We agree. Dropped ${ids.join(', ')} from the evidence; the answer is recomposed without ${ids.length === 1 ? 'it' : 'them'}.` }
    : { commentId: comment.commentId, action: 'NO_CHANGE', response: 'The evidence referred to was already removed in this round.' };
}

/**
 * A comment without claim ids on the answer or a section no rule covers (a
 * referee's general remark): search for the answer's uncovered aspects no
 * query has tried; otherwise record why nothing automated applies, with the
 * measured state, for the human reviewer.
 */
function answerGeneralComment(comment: ReviewComment, input: ReviseInput, work: WorkingState): RebuttalPoint {
  const f = answerFindings({ ...input.draft, disclosures: input.disclosures, flaggedClaimIds: input.draft.flaggedClaimIds ?? [] });
  if (f && f.unsearchedAspects.length > 0) {
    const known = new Set([...input.draft.queries, ...work.extraQueries].map(termKey));
    const queries: string[] = [];
    for (const q of f.unsearchedAspects) {
      if (work.extraQueries.length >= MAX_EXTRA_QUERIES || known.has(termKey(q))) continue;
      known.add(termKey(q));
      work.extraQueries.push(q);
      queries.push(q);
    }
    if (queries.length > 0) {
      return { commentId: comment.commentId, action: 'WIDENED_RETRIEVAL', response: `We agree. The answer has no evidence on ${f.uncoveredAspects.map((x) => `"${x}"`).join(', ')}; retrieval is widened with ${queries.map((q) => `"${q}"`).join(' and ')} and the answer is recomposed.` };
    }
  }
  const state = f
    ? `the answer covers ${Math.round(f.signals.aspectCoverage * 100)}% of the question's aspects, ${Math.round(f.signals.supportedShare * 100)}% of its evidence sentences are supported, ${f.uncoveredAspects.length > 0 ? `and ${f.uncoveredAspects.map((x) => `"${x}"`).join(', ')} ${f.uncoveredAspects.length === 1 ? 'was' : 'were'} already searched for and stated as gaps` : 'and no aspect is left uncovered'}`
    : 'no answer was composed for this draft';
  return { commentId: comment.commentId, action: 'NO_CHANGE', response: `No automated revision applies to this comment on section "${comment.section}": ${state}. The comment is recorded for the human reviewer.` };
}

/** What a point on the answer says when a chat model writes the answer: the model gets the comment with this response when it rewrites. */
const TO_THE_WRITER = 'The comment and this response are given to the model that rewrites the answer.';

/** Whether a comment is on the answer, or general (a section the report does not have): the points a model rewriting the answer is given. */
function isAnswerPoint(c: ReviewComment): boolean {
  return c.section === ANSWER_SECTION || !(REPORT_SECTIONS as readonly string[]).includes(c.section);
}

/**
 * A minor comment: no automated action (revision acts on major comments),
 * with the reason recorded; a general one states the measured state of the
 * answer, as a general major comment does when nothing applies.
 */
function answerMinor(comment: ReviewComment, input: ReviseInput, modelWritten: boolean): RebuttalPoint {
  const toWriter = modelWritten && isAnswerPoint(comment) ? ` ${TO_THE_WRITER}` : '';
  const general = isAnswerPoint(comment) && comment.claimIds.length === 0;
  const f = general ? answerFindings({ ...input.draft, disclosures: input.disclosures, flaggedClaimIds: input.draft.flaggedClaimIds ?? [] }) : null;
  const state = f ? ` Measured: the answer covers ${Math.round(f.signals.aspectCoverage * 100)}% of the question's aspects and ${Math.round(f.signals.supportedShare * 100)}% of its sentences stating evidence are supported.` : '';
  return { commentId: comment.commentId, action: 'NO_CHANGE', response: `A minor comment: revision acts on major comments only, so nothing was changed for it; it is recorded for the human reviewer.${state}${toWriter}` };
}

/** Up to two queries from the question phrases no verified claim mentions (all their terms, the first two, then each phrase alone), not already searched or proposed. */
function proposeQueries(draft: DraftReportInput, metrics: SynthesisMetrics, work: WorkingState): string[] {
  const phrases = metrics.claimCount === 0 ? keyPhrases(draft.question) : metrics.missingQuestionPhrases;
  const terms = [...new Set(phrases.flatMap((p) => p.split(' ')))];
  const candidates = [terms.slice(0, MAX_TERMS_PER_EXTRA_QUERY).join(' '), terms.slice(0, 2).join(' '), ...phrases].filter((q) => q.length > 0);
  const known = new Set([...draft.queries, ...work.extraQueries].map(termKey));
  const out: string[] = [];
  for (const q of candidates) {
    if (work.extraQueries.length >= MAX_EXTRA_QUERIES || known.has(termKey(q))) continue;
    known.add(termKey(q));
    work.extraQueries.push(q);
    out.push(q);
  }
  return out;
}

function termKey(query: string): string {
  return [...new Set(query.toLowerCase().split(/\s+/).filter(Boolean))].sort().join(' ');
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
