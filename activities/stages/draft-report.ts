/**
 * Renders the synthesis report as Markdown: the Answer first (composed by
 * the composeAnswer stage), then the section layout of the seed report
 * (seeds/001): Abstract, 1 Introduction, 2 Methodology, 3 Results,
 * 4 Uncertainties, 5 Extracted Claims, References.
 *
 * Byte-identical output for identical input: no clock, no locale-dependent
 * formatting (numbers use toFixed), LF line endings, one trailing newline.
 * Every number in the text is computed from the input, never typed in.
 */
import type { Claim, ClaimVerification, Disclosure, PolicyDecision, RankedPaper, RebuttalPoint } from '../model';
import { escapeUnsafeText } from '../../common/text-safety';
import { sha256 } from '../../ledger/core/hash';
import { renderAnswer, type Answer } from './compose-answer';
import { ASPECT_METHOD, RELEVANCE_THRESHOLD } from './question-aspects';
import { mergeDisclosures, standardDisclosures } from './disclosures';
import type { PipelineParameters } from './pipeline-parameters';
import { BM25_B, BM25_K1 } from './rank';
import { markdownReference } from './reference';
import { computeMetrics } from './synthesis-metrics';

/** The exact section headings, in order. */
export const REPORT_SECTIONS = [
  'Answer',
  'Abstract',
  '1 Introduction',
  '2 Methodology',
  '3 Results',
  '4 Uncertainties',
  '5 Extracted Claims',
  'References',
] as const;

/** What a revision round changed, rendered in Results and Uncertainties. */
export interface RevisionInfo {
  round: number;
  rebuttal: RebuttalPoint[];
  flaggedClaimIds: string[];
  droppedClaimIds: string[];
  addedDisclosures: Disclosure[];
  extraQueries: string[];
}

/** Inputs of {@link draftReport}. */
export interface DraftReportInput {
  question: string;
  /** The query variants actually searched (planned plus any added in revision). */
  queries: string[];
  /** Merged sources in reference order. */
  sources: RankedPaper[];
  claims: Claim[];
  verifications: ClaimVerification[];
  parameters: PipelineParameters;
  /** Number of hits before merging (all queries), for the Results counts. */
  hitsBeforeMerge?: number;
  corpusSize?: number | null;
  /** Disclosures added by revision, rendered after the standard ones. */
  extraDisclosures?: Disclosure[];
  /** Claims kept but flagged by revision. */
  flaggedClaimIds?: string[];
  /** Present after a revision round. */
  revision?: RevisionInfo | null;
  /** The previous tribunal outcome, when re-drafting after review. */
  tribunal?: { score: number; decision: string; round: number } | null;
  policy?: PolicyDecision | null;
  /** A date line (e.g. "2026-05-28"); omitted when absent, so drafts hash the same across days. */
  date?: string | null;
  /** Tribunal method label shown in Methodology. */
  reviewMethod?: string;
  /** The answer composed for these claims (composeAnswer stage); absent in drafts made before that stage existed. */
  answer?: Answer | null;
}

/** The rendered report with its content hash and the disclosures it shows. */
export interface DraftReport {
  markdown: string;
  /** `sha256:<hex>` of the UTF-8 Markdown. */
  sha256: string;
  bytes: number;
  disclosures: Disclosure[];
}

/** Renders the report (pure and deterministic). */
export function draftReport(input: DraftReportInput): DraftReport {
  const state = { ...input, corpusSize: input.corpusSize ?? null };
  const metrics = computeMetrics(state);
  const disclosures = mergeDisclosures(standardDisclosures(state, metrics), input.extraDisclosures ?? []);
  const refIndex = new Map(input.sources.map((s, i) => [s.paper.id, i + 1]));
  const byClaim = new Map(input.verifications.map((v) => [v.claimId, v]));
  const flagged = new Set(input.flaggedClaimIds ?? []);
  const p = input.parameters;

  const lines: string[] = [];
  const section = (name: (typeof REPORT_SECTIONS)[number], body: string[]) => lines.push(`## ${name}`, '', ...body, '');

  lines.push(`# Synthesis: ${oneLine(input.question)}`, '');
  if (input.date) lines.push(`Date: ${oneLine(input.date)}`, '');
  lines.push('Machine-generated synthesis of existing literature. Not primary research.', '');

  section('Answer', input.answer
    ? renderAnswer(input.answer, input.sources.length)
    : ['No answer was composed for this draft; the sections below list what was found.']);

  const topClaims = input.claims.filter((c) => byClaim.get(c.claimId)?.verified && !flagged.has(c.claimId)).slice(0, 2);
  section('Abstract', [
    [
      `This synthesis addresses the question: ${oneLine(input.question)}`,
      `${count(input.sources.length, 'source')} ${input.sources.length === 1 ? 'was' : 'were'} retrieved from ${p.source} with ${count(input.queries.length, 'query variant')}; ${count(metrics.claimCount, 'claim')} ${metrics.claimCount === 1 ? 'was' : 'were'} extracted and ${metrics.verifiedCount} ${metrics.verifiedCount === 1 ? 'is' : 'are'} attached to ${metrics.verifiedCount === 1 ? 'its' : 'their'} source text above the TF-IDF threshold of ${p.threshold}.`,
      topClaims.length > 0
        ? `Among them: ${topClaims.map((c) => `"${oneLine(c.text)}" [${refIndex.get(c.sourceId) ?? '?'}]`).join('; ')}.`
        : 'No claim is attached to its source above the threshold.',
      `The verified claims mention ${percent(metrics.questionCoverage)} of the question's key phrases; see section 4 for what this does and does not establish.`,
    ].join(' '),
  ]);

  const leading = input.sources.slice(0, 3).map((s, i) => `${oneLine(s.paper.title)} [${i + 1}]`);
  section('1 Introduction', [
    `Research question: ${oneLine(input.question)}`,
    '',
    leading.length > 0 ? `Analysis of: ${leading.join('; ')}${input.sources.length > 3 ? `; and ${count(input.sources.length - 3, 'further source')}` : ''}.` : 'No sources were retrieved.',
  ]);

  section('2 Methodology', [
    `- Query planning: ${count(input.queries.length, 'deterministic query variant')} (${p.queries} planned${input.queries.length > p.queries ? `, ${input.queries.length - p.queries} added in revision` : ''}): ${input.queries.map((q) => `\`${q}\``).join('; ')}.`,
    `- Retrieval: ${p.source}, BM25 (k1=${BM25_K1}, b=${BM25_B}) over title and abstract, up to ${p.perQueryLimit} papers per query; merged by id and normalized title, relevance-sorted, topK=${p.topK}.`,
    `- Claim extraction: ${methodsOf(input.claims)}, at most ${p.maxClaimsPerSource} claims per source.`,
    `- Verification: tfidf-source-attachment-v1, TF-IDF cosine over ${p.tfidfNgrams.map((n) => `${n}-grams`).join(' + ')} with smoothed IDF over each source's sentences, threshold=${p.threshold}; numbers and negation consistency check against the best sentence.${entailmentMethods(input.verifications)}`,
    ...(input.answer ? [`- Answer: ${input.answer.method}, quoting verified claims whose sentences bear on an aspect of the question (${ASPECT_METHOD}, relevance ≥ ${RELEVANCE_THRESHOLD}); agreement and disagreement from direction and negation words.`] : []),
    `- Embeddings: ${p.embeddingModel} (dim=${p.embeddingDim}).`,
    `- Tribunal: ${p.tribunalRoles.length}-role review (${p.tribunalRoles.join('/')})${input.reviewMethod ? `, ${input.reviewMethod}` : ''}; revision round if score < ${p.revisionThreshold}, at most ${count(p.maxRounds, 'round')}.`,
  ]);

  const results = [
    `${count(input.sources.length, 'source')} retrieved${input.hitsBeforeMerge !== undefined ? ` (${count(input.hitsBeforeMerge, 'hit')} before merging)` : ''}. ${count(metrics.claimCount, 'claim')} extracted, ${metrics.verifiedCount} verified (${percent(metrics.verifiedRatio)}), mean confidence ${metrics.meanConfidence.toFixed(2)}. ${metrics.consistencyFailureIds.length} consistency-check ${metrics.consistencyFailureIds.length === 1 ? 'failure' : 'failures'}. Source coverage: ${Math.round(metrics.sourceCoverage * metrics.sourceCount)} of ${metrics.sourceCount} sources support a verified claim.${embeddingSummary(input.verifications)}`,
  ];
  if (input.tribunal) {
    results.push('', `Tribunal: ${input.tribunal.score.toFixed(2)}/10 → ${input.tribunal.decision} (revision_round=${input.tribunal.round}).${input.policy ? ` Policy: ${input.policy}.` : ''}`);
  }
  if (input.revision) results.push('', ...renderRevision(input.revision));
  section('3 Results', results);

  section('4 Uncertainties', disclosures.map((d) => `- ${oneLine(d.text)}`));

  const table = ['| Claim | Verified | Confidence | Source |', '|---|---|---|---|'];
  for (const c of input.claims) {
    const v = byClaim.get(c.claimId);
    const mark = (v?.verified ? '✓' : '×') + (flagged.has(c.claimId) ? ' (flagged)' : '');
    const ref = refIndex.get(c.sourceId);
    table.push(`| ${cell(c.text)} | ${mark} | ${(v?.confidence ?? 0).toFixed(2)} | ${ref ? `[${ref}] ` : ''}\`${c.sourceId}\` |`);
  }
  section('5 Extracted Claims', input.claims.length > 0 ? table : ['No claims were extracted.']);

  section('References', input.sources.length > 0
    ? input.sources.map((s, i) => `${i + 1}. ${markdownReference(s.paper, oneLine)}`)
    : ['No sources.']);

  const markdown = lines.join('\n').replace(/\n+$/, '') + '\n';
  return { markdown, sha256: sha256(markdown), bytes: Buffer.byteLength(markdown, 'utf8'), disclosures };
}

function renderRevision(r: RevisionInfo): string[] {
  const out = [
    `Revision round ${r.round}: answered ${count(r.rebuttal.filter((p) => !MINOR_COMMENT_ID.test(p.commentId)).length, 'major comment')}${minorCount(r) > 0 ? ` (and recorded ${count(minorCount(r), 'minor comment')})` : ''}; flagged ${r.flaggedClaimIds.length}, dropped ${count(r.droppedClaimIds.length, 'claim')}; added ${count(r.addedDisclosures.length, 'disclosure')}${r.extraQueries.length > 0 ? `; widened retrieval with ${r.extraQueries.map((q) => `\`${q}\``).join('; ')}` : ''}.`,
  ];
  if (r.droppedClaimIds.length > 0) out.push('', `Dropped claims: ${r.droppedClaimIds.join(', ')}.`);
  if (r.rebuttal.length > 0) {
    out.push('', 'Point-by-point responses:', '');
    for (const point of r.rebuttal) out.push(`- ${point.commentId} (${point.action}): ${oneLine(point.response)}`);
  }
  return out;
}

/** Comment ids of minor comments end in `-m<n>` (ReviewComment.commentId). */
const MINOR_COMMENT_ID = /-m\d+$/;

function minorCount(r: RevisionInfo): number {
  return r.rebuttal.filter((p) => MINOR_COMMENT_ID.test(p.commentId)).length;
}

function embeddingSummary(verifications: readonly ClaimVerification[]): string {
  const checked = verifications.filter((v) => v.embedding !== null);
  if (checked.length === 0) return '';
  const agree = checked.filter((v) => v.embedding?.agrees).length;
  const semantic = checked.some((v) => v.embedding?.semantic);
  return ` Embedding agreement: ${agree} of ${checked.length} (${semantic ? 'semantic provider' : 'lexical provider, not an independent check'}).`;
}

function entailmentMethods(verifications: readonly ClaimVerification[]): string {
  const methods = [...new Set(verifications.flatMap((v) => (v.entailment ? [v.entailment.method] : [])))].sort();
  return methods.length > 0 ? ` Entailment: ${methods.join(', ')} (SUPPORTS / REFUTES / NOT_ENOUGH_INFO with the evidence sentence); a claim counts as verified only when it SUPPORTS.` : '';
}

function methodsOf(claims: readonly Claim[]): string {
  const methods = [...new Set(claims.map((c) => c.method))].sort();
  return methods.length > 0 ? methods.join(', ') : 'heuristic-v1';
}

function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : noun.endsWith('y') && !/[aeiou]y$/.test(noun) ? noun.slice(0, -1) + 'ies' : noun + 's'}`;
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

// Source titles and claims come from outside (a corpus, arXiv, a model): shown as data, never as terminal control or bidi overrides.
function oneLine(text: string): string {
  return escapeUnsafeText(text.replace(/\s+/g, ' ').trim());
}

function cell(text: string): string {
  return oneLine(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}
