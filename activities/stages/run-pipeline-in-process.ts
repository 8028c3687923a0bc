/**
 * The whole synthesis as one in-process call, composed from the pure stages
 * in the order the workflow runs them (DESIGN section 3), without Temporal
 * and without a ledger. It is the baseline the benchmarks compare the
 * durable workflow against, and the oracle the workflow tests compare its
 * outputs with; it adds no logic of its own beyond the loop.
 */
import type { Claim, ClaimVerification, EmbeddingProvider, PolicyDecision, RankedPaper, Review, Source } from '../model';
import { addEmbeddingAgreement, verifyClaims } from './verify-claims';
import { composeAnswer, type Answer } from './compose-answer';
import { decidePolicy, DEFAULT_POLICY_CONFIG, type PolicyConfig } from './policy';
import { draftReport, type DraftReport, type DraftReportInput } from './draft-report';
import { extractClaims } from './extract-claims';
import { HashedNgramEmbedder } from './local-embedder';
import { MAX_TOP_K, mergeSources } from './merge-sources';
import { DEFAULT_PIPELINE_PARAMETERS, type PipelineParameters } from './pipeline-parameters';
import { planQueries } from './plan-queries';
import { revise, type ReviseOutput } from './revise';
import { aggregateReviews, reviewAll, TRIBUNAL_METHOD, type TribunalOutcome } from './tribunal';
import { normalizeTitle } from './text';

/** Options of {@link runPipelineInProcess}. */
export interface InProcessPipelineOptions {
  parameters?: Partial<PipelineParameters>;
  /** Embedding provider for the agreement check (default: the local hashed-n-gram embedder). */
  embedder?: EmbeddingProvider;
  policy?: PolicyConfig;
  /** Size of the searched collection, for the corpus-limits disclosure. */
  corpusSize?: number | null;
  /** Date line of the report (none by default, so output is reproducible). */
  date?: string | null;
}

/** Every intermediate result of an in-process run. */
export interface InProcessPipelineResult {
  parameters: PipelineParameters;
  queries: string[];
  rankings: RankedPaper[][];
  sources: RankedPaper[];
  claims: Claim[];
  verifications: ClaimVerification[];
  /** Drafts in order: the first draft, then one per revision round. */
  drafts: DraftReport[];
  /** Tribunal reviews per round. */
  reviews: Review[][];
  revisions: ReviseOutput[];
  outcome: TribunalOutcome;
  policy: PolicyDecision;
  /** The final report, rendered with the tribunal outcome and the policy decision. */
  report: DraftReport;
  /** The answer of the final draft. */
  answer: Answer;
}

/** Runs plan → search → merge → extract → verify (+ embedding agreement) → answer → draft → tribunal ⟲ revise → policy. */
export async function runPipelineInProcess(question: string, source: Source, options: InProcessPipelineOptions = {}): Promise<InProcessPipelineResult> {
  const embedder = options.embedder ?? new HashedNgramEmbedder({ dimension: options.parameters?.embeddingDim });
  const parameters: PipelineParameters = {
    ...DEFAULT_PIPELINE_PARAMETERS,
    ...options.parameters,
    source: options.parameters?.source ?? source.name,
    embeddingModel: embedder.model,
    embeddingDim: embedder.dimension,
  };
  const queries = planQueries(question, parameters.queries);
  const rankings = await searchAll(source, queries, parameters.perQueryLimit);
  const sources = mergeSources(rankings, parameters.topK);
  const { claims, verifications } = await claimsFor(question, sources, parameters, embedder);

  let input: DraftReportInput = {
    question, queries, sources, claims, verifications, parameters,
    hitsBeforeMerge: rankings.reduce((n, r) => n + r.length, 0),
    corpusSize: options.corpusSize ?? null,
    date: options.date ?? null,
    reviewMethod: TRIBUNAL_METHOD,
  };
  input = { ...input, answer: composeAnswer(input) };
  let draft = draftReport(input);
  const drafts = [draft];
  const reviews: Review[][] = [];
  const revisions: ReviseOutput[] = [];
  let outcome: TribunalOutcome;
  for (let round = 0; ; round++) {
    const roundReviews = reviewAll(
      { ...input, corpusSize: input.corpusSize ?? null, disclosures: draft.disclosures, flaggedClaimIds: input.flaggedClaimIds ?? [] },
      parameters.tribunalRoles,
    );
    reviews.push(roundReviews);
    outcome = aggregateReviews(roundReviews, parameters.revisionThreshold);
    if (outcome.score >= parameters.revisionThreshold || round >= parameters.maxRounds) break;
    const revised = revise({ draft: input, disclosures: draft.disclosures, reviews: roundReviews, round: round + 1 });
    revisions.push(revised);
    input = { ...(await widen(revised, source, parameters, embedder, rankings)), tribunal: { ...outcome, round } };
    input = { ...input, answer: composeAnswer(input) };
    draft = draftReport(input);
    drafts.push(draft);
  }
  const policy = decidePolicy(outcome.score, options.policy ?? DEFAULT_POLICY_CONFIG, outcome.decision, input.answer?.answerability);
  const report = draftReport({ ...input, tribunal: { ...outcome, round: revisions.length }, policy });
  return {
    parameters, queries: input.queries, rankings, sources: input.sources, claims: input.claims, verifications: input.verifications,
    drafts, reviews, revisions, outcome, policy, report, answer: input.answer as Answer,
  };
}

async function searchAll(source: Source, queries: readonly string[], limit: number): Promise<RankedPaper[][]> {
  const out: RankedPaper[][] = [];
  // Sequential on purpose: a baseline with one request at a time, and a stable call order for recording sources.
  for (const q of queries) out.push(await source.search(q, limit));
  return out;
}

async function claimsFor(question: string, sources: readonly RankedPaper[], p: PipelineParameters, embedder: EmbeddingProvider) {
  const papers = sources.map((s) => s.paper);
  const claims = extractClaims(papers, { maxClaimsPerSource: p.maxClaimsPerSource, question });
  const verifications = await addEmbeddingAgreement(claims, verifyClaims(claims, papers, { threshold: p.threshold, entailment: true }), embedder);
  return { claims, verifications };
}

/** Searches the proposed queries and adds up to topK new sources (existing sources are kept so no claim loses its citation). */
async function widen(revised: ReviseOutput, source: Source, p: PipelineParameters, embedder: EmbeddingProvider, rankings: RankedPaper[][]): Promise<DraftReportInput> {
  const next = revised.draft;
  const extra = revised.revision.extraQueries;
  if (extra.length === 0) return next;
  const found = await searchAll(source, extra, p.perQueryLimit);
  rankings.push(...found);
  const known = new Set(next.sources.flatMap((s) => [s.paper.id, normalizeTitle(s.paper.title)]));
  const room = Math.max(0, Math.min(p.topK, MAX_TOP_K - next.sources.length));
  const added = room === 0 ? [] : mergeSources(found, MAX_TOP_K).filter((s) => !known.has(s.paper.id) && !known.has(normalizeTitle(s.paper.title))).slice(0, room);
  const fresh = await claimsFor(next.question, added, p, embedder);
  return {
    ...next,
    queries: [...next.queries, ...extra],
    sources: [...next.sources, ...added],
    claims: [...next.claims, ...fresh.claims],
    verifications: [...next.verifications, ...fresh.verifications],
    hitsBeforeMerge: (next.hitsBeforeMerge ?? 0) + found.reduce((n, r) => n + r.length, 0),
  };
}
