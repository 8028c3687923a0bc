/**
 * The stages of one synthesis from the request to the policy decision,
 * written once against an activities object: the workflow passes Temporal
 * activity proxies, `runInProcessStages` (in-process-activities.ts) and the
 * in-process baseline (bench/workflow-bench.ts) the activity functions
 * themselves, so all run exactly the same sequence.
 * Deterministic: no I/O of its own, safe in the workflow sandbox (which
 * bundles this file from activities/).
 */
import type { StageActivities } from './synthesis-activities';
import type { DraftReportInput } from './stages/draft-report';
import { MAX_TOP_K } from './stages/merge-sources';
import type { ReviewPoint } from './providers/chat-answer-writer';
import { TRIBUNAL_ROLES } from '../schemas/tribunal-roles';
import type {
  DraftOutput, FinalDecision, IndexOutput, PolicyOutput, PublishInput, RetainedSources, Stage, SynthesisInput, SynthesisParams, TribunalRound,
} from './synthesis-types';

/** Callbacks through which the steps report progress (the workflow feeds its queries with them). */
export interface StepHooks {
  enter(stage: Stage): void;
  /** What `recordRequest` returned, before the next stage is called (the workflow reads where its stages run from it). */
  requested(request: StepsOutcome['request']): void;
  /** How many queries were searched so far: the plan's, then with a revision's extra queries. */
  queries(count: number): void;
  counts(tally: DraftTally): void;
  report(reportHash: string): void;
  round(round: number): void;
  score(score: number, round: number): void;
  /**
   * Whether a versioned change applies: the workflow passes Temporal's
   * `patched()` so histories recorded before the change replay unchanged
   * (docs/VERSIONING.md); in-process runs take every change.
   */
  patched(patchId: string): boolean;
}

/** Hooks that ignore everything and take every versioned change. */
export const NO_HOOKS: StepHooks = { enter: () => {}, requested: () => {}, queries: () => {}, counts: () => {}, report: () => {}, round: () => {}, score: () => {}, patched: () => true };

/** Patch id of the composeAnswer stage (2026-12): runs started before it draft without an Answer. */
export const COMPOSE_ANSWER_PATCH = 'compose-answer-v1';

/** Patch id (2026-12): a revision's points on the answer go to composeAnswer, so a chat model rewriting the answer sees them. */
export const ANSWER_REVIEW_POINTS_PATCH = 'answer-review-points-v1';

/**
 * The same changes, asked at the start of a run (2026-12-03): the patches
 * above are asked after a local activity's result, and on replay that result
 * can be resolved in an earlier workflow task than when it was recorded, where
 * a patch not yet seen comes out false (docs/adr/0020). Runs started since ask
 * these first and never the ones above; older runs replay through the ones
 * above, asked where they always were (synthesis-workflow.ts).
 */
export const PATCHES_ASKED_AT_START: Readonly<Record<string, string>> = {
  [COMPOSE_ANSWER_PATCH]: 'compose-answer-v2',
  [ANSWER_REVIEW_POINTS_PATCH]: 'answer-review-points-v2',
};

/** What the progress and the summary show of a draft: how many queries, sources, claims and verified claims. */
export interface DraftTally {
  queries: number;
  sources: number;
  claims: number;
  verified: number;
}

/** The tally of `draft`. */
export function tallyOf(draft: DraftReportInput): DraftTally {
  return { queries: draft.queries.length, sources: draft.sources.length, claims: draft.claims.length, verified: draft.verifications.filter((v) => v.verified).length };
}

/**
 * What the workflow needs of the stages' outcome when they ran in one call
 * (`runInProcessStages`): the draft itself stays in the ledger (its hash is
 * `drafted.draftHash`), only its tally travels.
 */
export type CompactStagesOutcome = Omit<StagesOutcome, 'draft'> & { tally: DraftTally };

/** `outcome` with its tally, whichever form it was recorded in (results before 2026-12-03c carry the whole draft). */
export function compactOutcome(outcome: CompactStagesOutcome | StagesOutcome): CompactStagesOutcome {
  if ('tally' in outcome) return outcome;
  const { draft, ...rest } = outcome;
  return { ...rest, tally: tallyOf(draft) };
}

/** Everything the steps produced, as publication needs it. */
export interface StepsOutcome {
  request: Awaited<ReturnType<StageActivities['recordRequest']>>;
  draft: DraftReportInput;
  drafted: DraftOutput;
  rounds: TribunalRound[];
  recordHashes: Record<string, string>;
  provenance: RetainedSources['provenance'];
  index: IndexOutput;
  policy: PolicyOutput;
}

/**
 * Runs request → plan → search ×N → merge → index → extract → verify →
 * answer → draft → (tribunal ×3 → revise → answer)* → policy. Inside the
 * workflow `acts` are proxies with the retry policy of each activity's
 * catalogued retry class.
 */
export async function runSynthesisSteps(
  acts: StageActivities, input: SynthesisInput, params: SynthesisParams, hooks: StepHooks = NO_HOOKS,
): Promise<StepsOutcome> {
  const request = await requestSynthesis(acts, input, params, hooks);
  return { request, ...(await runStagesAfterRequest(acts, input, params, request, hooks)) };
}

/** The first step: records the request (whose result says where the later stages may run). */
export async function requestSynthesis(
  acts: StageActivities, input: SynthesisInput, params: SynthesisParams, hooks: StepHooks = NO_HOOKS,
): Promise<StepsOutcome['request']> {
  hooks.enter('start');
  const request = await acts.recordRequest({ synthesisId: input.synthesisId, question: input.question, params, publisher: input.publisher ?? null });
  hooks.requested(request);
  return request;
}

/** What the stages after the request produce. */
export type StagesOutcome = Omit<StepsOutcome, 'request'>;

/**
 * Runs plan → search ×N → … → policy for a recorded request: in the workflow
 * over activity proxies, or inside `runInProcessStages` (docs/adr/0021) and
 * the in-process baseline over the activity functions themselves.
 */
export async function runStagesAfterRequest(
  acts: StageActivities, input: SynthesisInput, params: SynthesisParams, request: StepsOutcome['request'], hooks: StepHooks = NO_HOOKS,
): Promise<StagesOutcome> {
  const synthesisId = input.synthesisId;
  hooks.enter('plan');
  const { queries } = await acts.planQueries({ synthesisId, question: input.question, queries: params.queries });
  hooks.queries(queries.length);

  hooks.enter('search');
  const results = await Promise.all(queries.map((query, variant) =>
    acts.searchSources({ synthesisId, query, variant, round: 0, limit: params.topK, source: params.source })));

  hooks.enter('merge');
  const merged = await acts.mergeSources({ synthesisId, round: 0, results, known: [], limit: params.topK, retrievedAt: request.startedAt });
  const provenance = [...merged.provenance];

  hooks.enter('index');
  const index = await acts.indexSources({ synthesisId, round: 0, sources: merged.sources, providers: params.providers });

  hooks.enter('extract');
  const extracted = await acts.extractClaims({ synthesisId, round: 0, sources: merged.sources, maxClaimsPerSource: params.maxClaimsPerSource, providers: params.providers, question: input.question });

  hooks.enter('verify');
  const checked = await acts.verifyClaims({ synthesisId, round: 0, claims: extracted.claims, sources: merged.sources, threshold: params.threshold, providers: params.providers });
  const recordHashes: Record<string, string> = { ...checked.recordHashes };

  let draft: DraftReportInput = {
    question: input.question, queries, sources: merged.sources, claims: extracted.claims, verifications: checked.verifications,
    parameters: request.parameters, hitsBeforeMerge: results.reduce((n, r) => n + r.length, 0), corpusSize: request.corpusSize,
    date: null, reviewMethod: request.reviewMethod,
  };
  /** Composes the answer for the draft's claims (behind COMPOSE_ANSWER_PATCH) and returns the draft with it. */
  const withAnswer = async (round: number, d: DraftReportInput, reviewPoints: ReviewPoint[] = []): Promise<DraftReportInput> => {
    if (!hooks.patched(COMPOSE_ANSWER_PATCH)) return d;
    hooks.enter('answer');
    // Points exist only when a chat model wrote the previous answer; histories recorded before the patch never passed them.
    const points = reviewPoints.length > 0 && hooks.patched(ANSWER_REVIEW_POINTS_PATCH) ? { reviewPoints } : {};
    const { answer } = await acts.composeAnswer({ synthesisId, round, question: d.question, sources: d.sources, claims: d.claims, verifications: d.verifications, providers: params.providers, ...points });
    return { ...d, answer };
  };
  draft = await withAnswer(0, draft);
  hooks.counts(tallyOf(draft));

  hooks.enter('draft');
  let drafted = await acts.draftReport({ synthesisId, round: 0, draft });
  hooks.report(drafted.reportHash);

  const rounds: TribunalRound[] = [];
  for (let round = 0; ; round++) {
    hooks.enter('tribunal');
    hooks.round(round);
    const reviews = await Promise.all(TRIBUNAL_ROLES.map((role) =>
      acts.reviewAs({ synthesisId, round, role, draftHash: drafted.draftHash, reportHash: drafted.reportHash, providers: params.providers })));
    const aggregate = await acts.aggregateTribunal({ synthesisId, round, reviews: reviews.map((r) => r.review), threshold: params.revisionThreshold });
    rounds.push({ round, reviews, aggregate });
    hooks.score(aggregate.score, round);
    if (aggregate.score >= params.revisionThreshold || round >= params.maxRounds) break;

    hooks.enter('revise');
    const revised = await acts.reviseDraft({ synthesisId, round: round + 1, draftHash: drafted.draftHash, reviews: reviews.map((r) => r.review) });
    draft = { ...revised.draft, tribunal: { ...aggregate, round } };
    const extra = revised.revision.extraQueries;
    if (extra.length > 0) {
      // Widen retrieval: new sources only; existing ones stay so no claim loses its citation.
      const found = await Promise.all(extra.map((query, variant) =>
        acts.searchSources({ synthesisId, query, variant, round: round + 1, limit: params.topK, source: params.source })));
      const added = await acts.mergeSources({ synthesisId, round: round + 1, results: found, known: draft.sources.map((s) => ({ id: s.paper.id, title: s.paper.title })), limit: Math.max(0, Math.min(params.topK, MAX_TOP_K - draft.sources.length)), retrievedAt: request.startedAt });
      provenance.push(...added.provenance);
      let newClaims: typeof draft.claims = [];
      let newChecks: typeof draft.verifications = [];
      if (added.sources.length > 0) {
        newClaims = (await acts.extractClaims({ synthesisId, round: round + 1, sources: added.sources, maxClaimsPerSource: params.maxClaimsPerSource, providers: params.providers, question: input.question })).claims;
        const more = await acts.verifyClaims({ synthesisId, round: round + 1, claims: newClaims, sources: added.sources, threshold: params.threshold, providers: params.providers });
        newChecks = more.verifications;
        Object.assign(recordHashes, more.recordHashes);
      }
      draft = {
        ...draft, queries: [...draft.queries, ...extra], sources: [...draft.sources, ...added.sources],
        claims: [...draft.claims, ...newClaims], verifications: [...draft.verifications, ...newChecks],
        hitsBeforeMerge: (draft.hitsBeforeMerge ?? 0) + found.reduce((n, r) => n + r.length, 0),
      };
      hooks.queries(draft.queries.length);
    }
    draft = await withAnswer(round + 1, draft, revised.answerPoints ?? []);
    hooks.counts(tallyOf(draft));
    hooks.enter('draft');
    drafted = await acts.draftReport({ synthesisId, round: round + 1, draft });
    hooks.report(drafted.reportHash);
  }

  hooks.enter('policy');
  const last = rounds[rounds.length - 1]!;
  const policy = await acts.decidePolicy({ synthesisId, score: last.aggregate.score, tribunalDecision: last.aggregate.decision, draftHash: drafted.draftHash, providers: params.providers });
  return { draft, drafted, rounds, recordHashes, provenance, index, policy };
}

/**
 * Tells `hooks` what a run of the stages produced, all at once: for a run
 * whose stages ran in one call (`runInProcessStages`), which could not report
 * as it went.
 */
export function reportOutcome(o: Omit<StepsOutcome, 'draft'> & CompactStagesOutcome, hooks: StepHooks): void {
  const last = o.rounds[o.rounds.length - 1]!;
  hooks.queries(o.tally.queries);
  hooks.counts(o.tally);
  hooks.report(o.drafted.reportHash);
  hooks.round(last.round);
  hooks.score(last.aggregate.score, last.round);
  hooks.enter('policy');
}

/** The input of `publishSynthesis` for a finished run of the steps. */
export function publicationInput(
  o: Omit<StepsOutcome, 'draft'>, input: SynthesisInput, params: SynthesisParams, workflow: PublishInput['workflow'],
  decision: FinalDecision, reviewer: PublishInput['reviewer'],
): PublishInput {
  return {
    synthesisId: input.synthesisId, question: input.question, params, publisher: input.publisher ?? null, configHash: o.request.configHash,
    workflow, rounds: o.rounds, draftHash: o.drafted.draftHash, recordHashes: o.recordHashes, provenance: o.provenance,
    reportHash: o.drafted.reportHash, reportBytes: o.drafted.bytes, index: o.index, policy: o.policy, decision, reviewer,
    startedAt: o.request.startedAt,
  };
}
