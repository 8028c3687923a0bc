/**
 * heuristic-v1 claim extraction: picks the result-bearing sentences of each
 * source's text and states each as a claim, keeping the sentence's span.
 *
 * A sentence is a candidate when it has a result verb ("show", "outperform",
 * "improve", "achieve", "reduce", "demonstrate", "find", …) or when it has
 * both a comparison ("than", "compared to", "state-of-the-art", …) and a
 * number; a method statement ("we propose …") needs the comparison and the
 * number. Candidates score 2 for a result verb, 1 for a comparison, 1 for a
 * number; the best `maxClaimsPerSource` (ties: earlier sentence first) are
 * kept and emitted in source order. The claim text is the sentence with its
 * reporting frame dropped ("We show that", "Our results indicate that"), the
 * final period removed, LaTeX `\%` unescaped and the first letter capitalized:
 * a restatement, never a paraphrase, so it stays checkable against the span.
 */
import type { Claim, Paper } from '../model';
import { ValidationError } from '../../common/errors';
import { sha256 } from '../../ledger/core/hash';
import { deriveAspects, RelevanceScorer, RELEVANCE_THRESHOLD } from './question-aspects';
import { sentenceKind } from './sentence-kind';
import { sourceText } from './source-text';
import { onTopicSourceIds } from './source-relevance';
import { extractNumbers, splitSentences, tokenize, type SentenceSpan } from './text';

/** Method label recorded on every claim from this extractor. */
export const CLAIM_METHOD = 'heuristic-v1';
/** Default number of claims kept per source. */
export const DEFAULT_MAX_CLAIMS_PER_SOURCE = 3;
/** Largest accepted maxClaimsPerSource. */
export const MAX_CLAIMS_PER_SOURCE_LIMIT = 20;
const MIN_CLAIM_TOKENS = 4;

const RESULT_VERB =
  /\b(?:show(?:s|ed|n)?|outperform(?:s|ed|ing)?|improv(?:e|es|ed|ing)|achiev(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|demonstrat(?:e|es|ed|ing)|find|finds|found|surpass(?:es|ed|ing)?|exceed(?:s|ed|ing)?|increas(?:e|es|ed)|decreas(?:e|es|ed)|boost(?:s|ed)?|yield(?:s|ed)?|attain(?:s|ed)?|reach(?:es|ed)?|beat(?:s)?|reveal(?:s|ed)?|indicat(?:e|es|ed)|confirm(?:s|ed)?|enabl(?:e|es|ed)|lead(?:s)? to|results? in)\b/i;
const COMPARISON = /\b(?:than|compared (?:to|with)|relative to|versus|vs\.?|outperform\w*|better|worse|higher|lower|state-of-the-art|baselines?|over (?:the )?(?:baseline|prior|previous))\b/i;
const REPORTING_FRAME =
  /^(?:(?:in this (?:paper|work|study)|here|finally|moreover|furthermore|in addition|also|overall|specifically|in particular|additionally|empirically|experimentally|importantly),?\s+)*(?:we|our (?:\w+ )?(?:results|experiments|analysis|analyses|evaluations?|findings|study)|(?:the )?(?:results|experiments|evaluations?|analysis|analyses|findings)|this (?:paper|work|study))\s+(?:also\s+|further\s+|empirically\s+)?(?:show|shows|showed|demonstrate|demonstrates|demonstrated|find|finds|found|observe|observes|observed|indicate|indicates|suggest|suggests|reveal|reveals|confirm|confirms|verify|verifies)(?:\s+[\w-]+){0,4}?\s+that\s+/i;
// "We propose/introduce X" states a method, not a finding; such sentences only
// qualify with both a comparison and a number.
const METHOD_STATEMENT = /\b(?:we|this (?:paper|work))\s+(?:also\s+)?(?:propose|introduce|present|develop|describe|design)\b/i;

/** Method label of claims selected by relevance to the question. */
export const QUESTION_CLAIM_METHOD = 'question-focused-v1';

/** Options of {@link extractClaims}. */
export interface ExtractClaimsOptions {
  /** Claims kept per source, 1..20 (default 3). */
  maxClaimsPerSource?: number;
  /**
   * The research question. When given, claims are chosen by relevance to
   * its aspects instead (question-focused-v1, see {@link extractQuestionClaims}).
   */
  question?: string;
}

export { sourceText } from './source-text';

/** Stable claim id: `claim:` + first 16 hex of sha256(sourceId + "\n" + text). */
export function claimIdFor(sourceId: string, text: string): string {
  return 'claim:' + sha256(`${sourceId}\n${text}`).slice('sha256:'.length, 'sha256:'.length + 16);
}

/** Scores a sentence as a claim candidate (0 = not a candidate); exported for tests. */
export function claimScore(sentence: string): number {
  const verb = RESULT_VERB.test(sentence);
  const comparison = COMPARISON.test(sentence);
  const number = extractNumbers(sentence).length > 0;
  if (!(comparison && number) && (!verb || METHOD_STATEMENT.test(sentence))) return 0;
  return (verb ? 2 : 0) + (comparison ? 1 : 0) + (number ? 1 : 0);
}

/** States a source sentence as a claim: reporting frame dropped, final period removed, `\%` unescaped, first letter capitalized. */
export function claimTextFromSentence(sentence: string): string {
  const collapsed = sentence.replace(/\s+/g, ' ').trim();
  const stripped = collapsed.replace(REPORTING_FRAME, '').replace(/\\%/g, '%').replace(/\.$/, '').trim();
  const text = tokenize(stripped, { removeStopWords: false }).length >= MIN_CLAIM_TOKENS ? stripped : collapsed.replace(/\.$/, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Extracts up to `maxClaimsPerSource` claims from each paper's
 * {@link sourceText}, in paper order then sentence order. Throws
 * INVALID_ARGUMENT (`$.maxClaimsPerSource`) for a bound outside 1..20.
 */
export function extractClaims(papers: readonly Paper[], options: ExtractClaimsOptions = {}): Claim[] {
  const max = options.maxClaimsPerSource ?? DEFAULT_MAX_CLAIMS_PER_SOURCE;
  if (!Number.isInteger(max) || max < 1 || max > MAX_CLAIMS_PER_SOURCE_LIMIT) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.maxClaimsPerSource', 'range', `maxClaimsPerSource must be an integer in 1..${MAX_CLAIMS_PER_SOURCE_LIMIT}, got ${String(max)}`);
  }
  if (options.question !== undefined) return extractQuestionClaims(options.question, papers, max);
  return papers.flatMap((paper) => extractFromPaper(paper, max));
}

/**
 * question-focused-v1: from each paper, the finding sentences
 * ({@link sentenceKind}; not questions, aims, background or fragments) that
 * bear on an aspect of the question with relevance ≥ 0.6, best first
 * (relevance, then {@link claimScore}, then position), at most `max`, in
 * source order. A paper with no such sentence gives no claim: a sentence is
 * evidence because it bears on the question, not because it reads like a
 * result. A paper that is not on the question as a whole
 * ({@link onTopicSourceIds}, question-sources-v1) gives no claim either,
 * even when one of its sentences mentions an aspect. Relevance IDF is taken
 * over the sentences of all `papers`.
 */
export function extractQuestionClaims(question: string, papers: readonly Paper[], max: number = DEFAULT_MAX_CLAIMS_PER_SOURCE): Claim[] {
  const aspects = deriveAspects(question);
  const spans = papers.map((p) => splitSentences(sourceText(p)));
  const scorer = new RelevanceScorer(aspects, spans.flat().map((s) => s.text));
  const labels = new Map(aspects.map((a) => [a.aspectId, a.label]));
  const onTopic = onTopicSourceIds(aspects, papers);
  return papers.flatMap((paper, i) => {
    if (!onTopic.has(paper.id)) return [];
    const scored = spans[i]
      .map((span, position) => ({ span, position, ...scorer.score(span.text), score: claimScore(span.text) }))
      .filter((s) => s.relevance >= RELEVANCE_THRESHOLD && s.aspectId !== null && sentenceKind(s.span.text) === 'finding');
    const chosen = [...scored].sort((a, b) => b.relevance - a.relevance || b.score - a.score || a.position - b.position).slice(0, max);
    chosen.sort((a, b) => a.position - b.position);
    const seen = new Set<string>();
    const claims: Claim[] = [];
    for (const c of chosen) {
      const claim: Claim = {
        ...toClaim(paper.id, c.span), method: QUESTION_CLAIM_METHOD, relevance: c.relevance,
        aspect: c.aspectId === null ? null : { aspectId: c.aspectId, label: labels.get(c.aspectId) ?? '' },
      };
      if (seen.has(claim.claimId)) continue;
      seen.add(claim.claimId);
      claims.push(claim);
    }
    return claims;
  });
}

/**
 * Adds relevance and aspect (question-aspects-v1) to claims that lack them,
 * e.g. claims a chat model extracted; IDF over the sentences of `papers`.
 */
export function withRelevance(question: string, claims: readonly Claim[], papers: readonly Paper[]): Claim[] {
  const aspects = deriveAspects(question);
  const scorer = new RelevanceScorer(aspects, papers.flatMap((p) => splitSentences(sourceText(p)).map((s) => s.text)));
  const labels = new Map(aspects.map((a) => [a.aspectId, a.label]));
  return claims.map((c) => {
    if (c.relevance !== undefined) return c;
    const r = scorer.score(c.span.sentence || c.text);
    return { ...c, relevance: r.relevance, aspect: r.aspectId === null ? null : { aspectId: r.aspectId, label: labels.get(r.aspectId) ?? '' } };
  });
}

/** Why {@link gateModelClaims} did not keep a claim. */
export type ClaimGateReason = 'not-a-finding' | 'below-relevance' | 'off-topic-source';

/** A claim a chat model extracted that the question gate did not keep. */
export interface GatedClaim {
  claimId: string;
  sourceId: string;
  text: string;
  reason: ClaimGateReason;
  detail: string;
}

/**
 * The gates of question-focused-v1 applied to claims a chat model extracted
 * (which never sees the question): a claim is kept only when its source is
 * on the question as a whole ({@link onTopicSourceIds}, question-sources-v1),
 * its sentence is a finding ({@link sentenceKind}: not a question, aim,
 * background or fragment), and it bears on an aspect with relevance ≥
 * {@link RELEVANCE_THRESHOLD}. Claims without relevance are scored first
 * ({@link withRelevance}); the rest are returned with their reason, checked
 * in that order.
 */
export function gateModelClaims(question: string, claims: readonly Claim[], papers: readonly Paper[]): { kept: Claim[]; rejected: GatedClaim[] } {
  const onTopic = onTopicSourceIds(question, papers);
  const kept: Claim[] = [];
  const rejected: GatedClaim[] = [];
  for (const c of withRelevance(question, claims, papers)) {
    const reject = (reason: ClaimGateReason, detail: string) => rejected.push({ claimId: c.claimId, sourceId: c.sourceId, text: c.text, reason, detail });
    const kind = sentenceKind(c.span.sentence || c.text);
    if (!onTopic.has(c.sourceId)) reject('off-topic-source', `${c.sourceId} is not on the question as a whole (question-sources-v1)`);
    else if (kind !== 'finding') reject('not-a-finding', `its sentence is ${kind === 'aim' ? 'an aim' : `a ${kind}`}, not a finding`);
    else if ((c.relevance ?? 0) < RELEVANCE_THRESHOLD || !c.aspect) reject('below-relevance', `relevance ${(c.relevance ?? 0).toFixed(2)} < ${RELEVANCE_THRESHOLD} to every aspect of the question`);
    else kept.push(c);
  }
  return { kept, rejected };
}

function extractFromPaper(paper: Paper, max: number): Claim[] {
  const scored = splitSentences(sourceText(paper))
    .map((span, position) => ({ span, position, score: claimScore(span.text) }))
    .filter((s) => s.score > 0 && tokenize(s.span.text, { removeStopWords: false }).length >= MIN_CLAIM_TOKENS);
  const chosen = [...scored].sort((a, b) => b.score - a.score || a.position - b.position).slice(0, max);
  chosen.sort((a, b) => a.position - b.position);
  const seen = new Set<string>();
  const claims: Claim[] = [];
  for (const { span } of chosen) {
    const claim = toClaim(paper.id, span);
    if (seen.has(claim.claimId)) continue;
    seen.add(claim.claimId);
    claims.push(claim);
  }
  return claims;
}

function toClaim(sourceId: string, span: SentenceSpan): Claim {
  const text = claimTextFromSentence(span.text);
  return {
    claimId: claimIdFor(sourceId, text),
    text,
    sourceId,
    span: { sentence: span.text, start: span.start, end: span.end },
    method: CLAIM_METHOD,
  };
}
