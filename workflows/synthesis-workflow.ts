/**
 * One durable synthesis: plan → search ×N (parallel) → merge → index →
 * extract → verify → draft → tribunal (3 roles in parallel) → revision loop
 * → policy → (human review) → publish. Every stage is an activity that
 * appends its ledger entries idempotently; this function only orchestrates.
 */
import {
  CancellationScope, condition, isCancellation, proxyActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { SynthesisActivities } from '../activities/synthesis-activities';
import type { PolicyDecision } from '../activities/model';
import type { DraftReportInput } from '../activities/stages/draft-report';
import { TRIBUNAL_ROLES } from '../activities/stages/pipeline-parameters';
import {
  DEFAULT_PARAMS, DEFAULT_TIMEOUTS, STAGES,
  type FinalDecision, type HumanReviewDecision, type Stage, type SynthesisInput,
  type SynthesisProgress, type SynthesisSummary, type TribunalRound,
} from '../activities/synthesis-types';
import { progressQuery, reviewUpdate, summaryQuery, validateReviewDecision } from './definitions';
import { localStagePolicy, networkStagePolicy } from './retry-policies';

/** Runs one synthesis to publication or rejection; returns its summary. */
export async function synthesisWorkflow(input: SynthesisInput): Promise<SynthesisSummary> {
  const params = { ...DEFAULT_PARAMS, ...(input.params ?? {}) };
  const timeouts = { ...DEFAULT_TIMEOUTS, ...(input.timeouts ?? {}) };
  const local = proxyActivities<SynthesisActivities>({ startToCloseTimeout: timeouts.activityMs, retry: localStagePolicy(timeouts) });
  const network = proxyActivities<SynthesisActivities>({ startToCloseTimeout: timeouts.activityMs, retry: networkStagePolicy(timeouts) });
  const synthesisId = input.synthesisId;

  const progress: SynthesisProgress = { stage: 'start', round: 0, percent: 0, counts: { queries: 0, sources: 0, claims: 0, verified: 0 }, status: 'RUNNING' };
  const summary: SynthesisSummary = {
    synthesisId, question: input.question, status: 'RUNNING', decision: null, policyOutcome: null, score: null, rounds: 0,
    sources: 0, claims: 0, verified: 0, reportHash: null, manifestHash: null, manifestVersion: null,
  };
  let humanDecision: HumanReviewDecision | undefined;
  setHandler(progressQuery, () => progress);
  setHandler(summaryQuery, () => summary);
  setHandler(reviewUpdate, (d) => {
    humanDecision = d;
    return { accepted: true as const, decision: d.decision };
  }, {
    validator: (d) => {
      validateReviewDecision(d);
      if (progress.status !== 'WAITING_FOR_REVIEW') throw new Error(`$: synthesis ${synthesisId} is not waiting for a human review (status ${progress.status})`);
      if (humanDecision) throw new Error('$: a review decision was already recorded');
    },
  });
  const enter = (stage: Stage) => {
    progress.stage = stage;
    progress.percent = Math.round((100 * STAGES.indexOf(stage)) / (STAGES.length - 1));
  };
  const setCounts = (d: DraftReportInput) => {
    progress.counts.sources = summary.sources = d.sources.length;
    progress.counts.claims = summary.claims = d.claims.length;
    progress.counts.verified = summary.verified = d.verifications.filter((v) => v.verified).length;
  };

  try {
    enter('start');
    const request = await local.recordRequest({ synthesisId, question: input.question, params, publisher: input.publisher ?? null });

    enter('plan');
    const { queries } = await local.planQueries({ synthesisId, question: input.question, queries: params.queries });
    progress.counts.queries = queries.length;

    enter('search');
    const results = await Promise.all(queries.map((query, variant) =>
      network.searchSources({ synthesisId, query, variant, round: 0, limit: params.topK, source: params.source })));

    enter('merge');
    const merged = await local.mergeSources({ synthesisId, round: 0, results, known: [], limit: params.topK, retrievedAt: request.startedAt });
    const provenance = [...merged.provenance];

    enter('index');
    const index = await network.indexSources({ synthesisId, round: 0, sources: merged.sources });

    enter('extract');
    const extracted = await network.extractClaims({ synthesisId, round: 0, sources: merged.sources, maxClaimsPerSource: params.maxClaimsPerSource });

    enter('verify');
    const checked = await network.verifyClaims({ synthesisId, round: 0, claims: extracted.claims, sources: merged.sources, threshold: params.threshold });
    const recordHashes: Record<string, string> = { ...checked.recordHashes };

    let draft: DraftReportInput = {
      question: input.question, queries, sources: merged.sources, claims: extracted.claims, verifications: checked.verifications,
      parameters: request.parameters, hitsBeforeMerge: results.reduce((n, r) => n + r.length, 0), corpusSize: request.corpusSize,
      date: null, reviewMethod: request.reviewMethod,
    };
    setCounts(draft);

    enter('draft');
    let drafted = await local.draftReport({ synthesisId, round: 0, draft });
    summary.reportHash = drafted.reportHash;

    const rounds: TribunalRound[] = [];
    for (let round = 0; ; round++) {
      enter('tribunal');
      progress.round = round;
      const reviews = await Promise.all(TRIBUNAL_ROLES.map((role) =>
        network.reviewAs({ synthesisId, round, role, draftHash: drafted.draftHash, reportHash: drafted.reportHash })));
      const aggregate = await local.aggregateTribunal({ synthesisId, round, reviews: reviews.map((r) => r.review), threshold: params.revisionThreshold });
      rounds.push({ round, reviews, aggregate });
      summary.score = aggregate.score;
      summary.rounds = round;
      if (aggregate.score >= params.revisionThreshold || round >= params.maxRounds) break;

      enter('revise');
      const revised = await local.reviseDraft({ synthesisId, round: round + 1, draftHash: drafted.draftHash, reviews: reviews.map((r) => r.review) });
      draft = { ...revised.draft, tribunal: { ...aggregate, round } };
      const extra = revised.revision.extraQueries;
      if (extra.length > 0) {
        // Widen retrieval: new sources only; existing ones stay so no claim loses its citation.
        const found = await Promise.all(extra.map((query, variant) =>
          network.searchSources({ synthesisId, query, variant, round: round + 1, limit: params.topK, source: params.source })));
        const added = await local.mergeSources({ synthesisId, round: round + 1, results: found, known: draft.sources.map((s) => ({ id: s.paper.id, title: s.paper.title })), limit: Math.max(0, Math.min(params.topK, 100 - draft.sources.length)), retrievedAt: request.startedAt });
        provenance.push(...added.provenance);
        let newClaims: typeof draft.claims = [];
        let newChecks: typeof draft.verifications = [];
        if (added.sources.length > 0) {
          newClaims = (await network.extractClaims({ synthesisId, round: round + 1, sources: added.sources, maxClaimsPerSource: params.maxClaimsPerSource })).claims;
          const more = await network.verifyClaims({ synthesisId, round: round + 1, claims: newClaims, sources: added.sources, threshold: params.threshold });
          newChecks = more.verifications;
          Object.assign(recordHashes, more.recordHashes);
        }
        draft = {
          ...draft, queries: [...draft.queries, ...extra], sources: [...draft.sources, ...added.sources],
          claims: [...draft.claims, ...newClaims], verifications: [...draft.verifications, ...newChecks],
          hitsBeforeMerge: (draft.hitsBeforeMerge ?? 0) + found.reduce((n, r) => n + r.length, 0),
        };
      }
      setCounts(draft);
      enter('draft');
      drafted = await local.draftReport({ synthesisId, round: round + 1, draft });
      summary.reportHash = drafted.reportHash;
    }

    enter('policy');
    const last = rounds[rounds.length - 1]!;
    const policy = await local.decidePolicy({ synthesisId, score: last.aggregate.score, tribunalDecision: last.aggregate.decision, draftHash: drafted.draftHash });
    summary.policyOutcome = policy.outcome;

    let decision: FinalDecision = decisionFor(policy.outcome);
    let reviewer: HumanReviewDecision | null = null;
    if (policy.outcome === 'HUMAN_REVIEW') {
      enter('human-review');
      progress.status = summary.status = 'WAITING_FOR_REVIEW';
      const answered = await condition(() => humanDecision !== undefined, timeouts.humanReviewMs);
      progress.status = summary.status = 'RUNNING';
      const fallback = input.humanReviewDefault ?? 'REJECT';
      if (answered && humanDecision) {
        reviewer = humanDecision;
        decision = humanDecision.decision === 'APPROVE' ? 'HUMAN_APPROVED' : 'HUMAN_REJECTED';
      } else {
        decision = fallback === 'APPROVE' ? 'TIMEOUT_APPROVED' : 'TIMEOUT_REJECTED';
      }
      await local.recordHumanReview({ synthesisId, decision, reviewer: reviewer?.reviewer ?? null, note: reviewer?.note ?? null, timedOut: !answered, waitedMs: timeouts.humanReviewMs });
    }
    summary.decision = decision;

    if (decision === 'AUTO_APPROVE' || decision === 'HUMAN_APPROVED' || decision === 'TIMEOUT_APPROVED') {
      enter('publish');
      const info = workflowInfo();
      const published = await local.publishSynthesis({
        synthesisId, question: input.question, params, publisher: input.publisher ?? null, configHash: request.configHash,
        workflow: { namespace: info.namespace, workflowId: info.workflowId, runId: info.runId, taskQueue: info.taskQueue },
        rounds, draftHash: drafted.draftHash, recordHashes, provenance, reportHash: drafted.reportHash, reportBytes: drafted.bytes, index, policy, decision,
        reviewer: reviewer ? { reviewer: reviewer.reviewer, note: reviewer.note ?? null } : null,
        startedAt: request.startedAt,
      });
      summary.manifestHash = published.manifestHash;
      summary.manifestVersion = published.manifestVersion;
      progress.status = summary.status = 'PUBLISHED';
    } else {
      await local.recordOutcome({ synthesisId, status: 'REJECTED', reason: `decision ${decision}` });
      progress.status = summary.status = 'REJECTED';
    }
    enter('done');
    return summary;
  } catch (err) {
    if (isCancellation(err)) {
      progress.status = summary.status = 'CANCELLED';
      // Record the cancellation even though the workflow is being cancelled: the chain stays complete.
      await CancellationScope.nonCancellable(() => local.recordOutcome({ synthesisId, status: 'CANCELLED', reason: `cancelled during ${progress.stage}` }));
    } else {
      progress.status = summary.status = 'FAILED';
    }
    throw err;
  }
}

function decisionFor(outcome: PolicyDecision): FinalDecision {
  // HUMAN_REVIEW is resolved by the reviewer or the timeout default before publication.
  return outcome === 'AUTO_APPROVE' ? 'AUTO_APPROVE' : 'REJECT';
}
