/**
 * One durable synthesis: plan → search ×N (parallel) → merge → index →
 * extract → verify → answer → draft → tribunal (3 roles in parallel) → revision loop
 * → policy → (human review) → publish. Every stage is an activity that
 * appends its ledger entries idempotently (the cheap local stages, behind
 * patch `local-activities-v1`, as local activities, and without network
 * providers, behind `in-process-stages-v1`, every stage up to the policy,
 * since `in-process-batch-v1` all in one local activity, `runInProcessStages`,
 * which since `request-in-batch-v1` records the request too; since
 * `synthesis-shape-2026-12-03` one patch stands for all of these); this
 * function only orchestrates.
 */
import {
  CancellationScope, condition, isCancellation, patched, setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { SynthesisActivities } from '../activities/synthesis-activities';
import type { PolicyDecision } from '../activities/model';
import {
  DEFAULT_PARAMS, DEFAULT_TIMEOUTS, STAGES,
  type FinalDecision, type HumanReviewDecision, type Stage, type SynthesisInput,
  type SynthesisProgress, type SynthesisSummary,
} from '../activities/synthesis-types';
import { progressQuery, refuseUpdate, reviewDecisionIssues, reviewUpdate, summaryQuery } from './definitions';
import { cataloguedActivities, IN_PROCESS_BATCH_PATCH, IN_PROCESS_STAGES_PATCH, LOCAL_ACTIVITIES_PATCH, REQUEST_IN_BATCH_PATCH } from './catalogued-activities';
import {
  compactOutcome, PATCHES_ASKED_AT_START, publicationInput, reportOutcome, requestSynthesis, runStagesAfterRequest,
  type CompactStagesOutcome, type DraftTally, type StagesOutcome, type StepHooks, type StepsOutcome,
} from '../activities/synthesis-steps';
import { SEARCH_ATTRIBUTES_PATCH, searchAttributeUpdates } from './search-attributes';
import { showDetails, synthesisDetails } from './synthesis-details';
import { outcomeSummaryParts } from './activity-summaries';
import { shapePatched } from './shape-patch';

/** Runs one synthesis to publication or rejection; returns its summary. */
export async function synthesisWorkflow(input: SynthesisInput): Promise<SynthesisSummary> {
  const params = { ...DEFAULT_PARAMS, ...(input.params ?? {}) };
  const timeouts = { ...DEFAULT_TIMEOUTS, ...(input.timeouts ?? {}) };
  // Runs started before the patch run every stage as a regular activity: their histories replay unchanged.
  // Since 2026-12-03d one patch stands for every change below (docs/adr/0024); earlier runs ask each.
  const took = shapePatched(patched);
  const localActivities = took(LOCAL_ACTIVITIES_PATCH);
  // Asked here, before any activity: a patch asked after a local activity's result could fall in another workflow
  // task on replay than it did when recorded (core may resolve the result in the task that recorded its marker).
  const inProcessPatch = localActivities && took(IN_PROCESS_STAGES_PATCH);
  // And, since 2026-12-03, those stages run in one local activity (docs/adr/0021).
  const batchPatch = inProcessPatch && took(IN_PROCESS_BATCH_PATCH);
  // And, since 2026-12-03c, that local activity records the request first (docs/adr/0022).
  const requestInBatch = batchPatch && took(REQUEST_IN_BATCH_PATCH);
  // The steps' later patches, asked here under their at-start ids; a run that has one never asks the original.
  const atStart = new Set(Object.entries(PATCHES_ASKED_AT_START).filter(([, id]) => took(id)).map(([original]) => original));
  // Set once recordRequest reports every provider deterministic (and the patch applies): the `inProcess` stages run locally too.
  let inProcessStages = false;
  // The final recordOutcome's summary names the outcome and score (metadata: replay does not compare summaries).
  const acts = cataloguedActivities<SynthesisActivities>(timeouts, {
    runsLocally: (spec) => localActivities && (spec.local === true || (inProcessStages && spec.inProcess === true) || (requestInBatch && spec.runsStages === true)),
    summaryParts: (name, callInput) => (name === 'recordOutcome' ? outcomeSummaryParts(callInput, summary.score) : []),
  });
  const synthesisId = input.synthesisId;

  const progress: SynthesisProgress = { stage: 'start', round: 0, percent: 0, counts: { queries: 0, sources: 0, claims: 0, verified: 0 }, status: 'RUNNING' };
  const summary: SynthesisSummary = {
    synthesisId, question: input.question, status: 'RUNNING', decision: null, policyOutcome: null, score: null, rounds: 0,
    sources: 0, claims: 0, verified: 0, reportHash: null, manifestHash: null, manifestVersion: null,
  };
  let humanDecision: HumanReviewDecision | undefined;
  // Runs started before the patch set no search attribute: their histories replay without the upserts.
  const searchable = took(SEARCH_ATTRIBUTES_PATCH);
  let verificationLevel: string | null = null;
  /** Shows the summary in visibility (search attributes) and in the workflow's current details. */
  const publishVisibility = () => {
    if (searchable) {
      upsertSearchAttributes(searchAttributeUpdates({ status: summary.status, decision: summary.decision ?? summary.policyOutcome, score: summary.score, verificationLevel }));
    }
    showDetails(synthesisDetails(summary, progress, verificationLevel));
  };
  publishVisibility();
  setHandler(progressQuery, () => progress);
  setHandler(summaryQuery, () => summary);
  setHandler(reviewUpdate, (d) => {
    humanDecision = d;
    return { accepted: true as const, decision: d.decision };
  }, {
    validator: (d) => {
      refuseUpdate(reviewDecisionIssues(d));
      if (progress.status !== 'WAITING_FOR_REVIEW') refuseUpdate([{ code: 'state', path: '$', message: `synthesis ${synthesisId} is not waiting for a human review (status ${progress.status})` }]);
      if (humanDecision) refuseUpdate([{ code: 'state', path: '$', message: 'a review decision was already recorded' }]);
    },
  });
  const enter = (stage: Stage) => {
    progress.stage = stage;
    progress.percent = Math.round((100 * STAGES.indexOf(stage)) / (STAGES.length - 1));
    showDetails(synthesisDetails(summary, progress, verificationLevel));
  };
  const setCounts = (t: DraftTally) => {
    progress.counts.sources = summary.sources = t.sources;
    progress.counts.claims = summary.claims = t.claims;
    progress.counts.verified = summary.verified = t.verified;
  };

  try {
    const hooks: StepHooks = {
      enter,
      requested: (request) => { inProcessStages = inProcessPatch && request.inProcess === true; },
      queries: (n) => { progress.counts.queries = n; },
      counts: setCounts,
      report: (h) => { summary.reportHash = h; },
      round: (r) => { progress.round = r; },
      score: (score, round) => { summary.score = score; summary.rounds = round; publishVisibility(); },
      patched: (id) => atStart.has(id) || took(id),
    };
    let request: StepsOutcome['request'];
    // The outcome of the stages when they ran in one local activity (docs/adr/0021), else null.
    let batched: CompactStagesOutcome | StagesOutcome | null = null;
    if (requestInBatch) {
      // One local activity records the request and, when every provider is deterministic, runs the stages to the policy.
      enter('start');
      const batch = await acts.runInProcessStages({ input, params });
      request = batch.request!;
      hooks.requested(request);
      batched = batch.outcome;
    } else {
      request = await requestSynthesis(acts, input, params, hooks);
      if (inProcessStages && batchPatch) {
        enter('plan');
        batched = (await acts.runInProcessStages({ input, params, request })).outcome;
      }
    }
    let steps: Omit<StepsOutcome, 'draft'>;
    if (batched) {
      // Told to the hooks at once: the stages could not report as they went.
      const compact = { request, ...compactOutcome(batched) };
      reportOutcome(compact, hooks);
      steps = compact;
    } else {
      steps = { request, ...(await runStagesAfterRequest(acts, input, params, request, hooks)) };
    }
    const policy = steps.policy;
    summary.policyOutcome = policy.outcome;
    if (policy.outcome !== 'HUMAN_REVIEW') publishVisibility();

    let decision: FinalDecision = decisionFor(policy.outcome);
    let reviewer: HumanReviewDecision | null = null;
    if (policy.outcome === 'HUMAN_REVIEW') {
      enter('human-review');
      progress.status = summary.status = 'WAITING_FOR_REVIEW';
      publishVisibility();
      const answered = await condition(() => humanDecision !== undefined, timeouts.humanReviewMs);
      progress.status = summary.status = 'RUNNING';
      const fallback = input.humanReviewDefault ?? 'REJECT';
      if (answered && humanDecision) {
        reviewer = humanDecision;
        decision = humanDecision.decision === 'APPROVE' ? 'HUMAN_APPROVED' : 'HUMAN_REJECTED';
      } else {
        decision = fallback === 'APPROVE' ? 'TIMEOUT_APPROVED' : 'TIMEOUT_REJECTED';
      }
      await acts.recordHumanReview({ synthesisId, decision, reviewer: reviewer?.reviewer ?? null, note: reviewer?.note ?? null, timedOut: !answered, waitedMs: timeouts.humanReviewMs });
    }
    summary.decision = decision;

    if (decision === 'AUTO_APPROVE' || decision === 'HUMAN_APPROVED' || decision === 'TIMEOUT_APPROVED') {
      enter('publish');
      const info = workflowInfo();
      const published = await acts.publishSynthesis(publicationInput(steps, input, params,
        { namespace: info.namespace, workflowId: info.workflowId, runId: info.runId, taskQueue: info.taskQueue }, decision,
        reviewer ? { reviewer: reviewer.reviewer, note: reviewer.note ?? null } : null));
      summary.manifestHash = published.manifestHash;
      summary.manifestVersion = published.manifestVersion;
      verificationLevel = published.verificationLevel ?? null;
      progress.status = summary.status = 'PUBLISHED';
    } else {
      await acts.recordOutcome({ synthesisId, status: 'REJECTED', reason: `decision ${decision}` });
      progress.status = summary.status = 'REJECTED';
    }
    enter('done');
    publishVisibility();
    return summary;
  } catch (err) {
    if (isCancellation(err)) {
      progress.status = summary.status = 'CANCELLED';
      publishVisibility();
      // Record the cancellation even though the workflow is being cancelled: the chain stays complete.
      await CancellationScope.nonCancellable(() => acts.recordOutcome({ synthesisId, status: 'CANCELLED', reason: `cancelled during ${progress.stage}` }));
    } else {
      progress.status = summary.status = 'FAILED';
      publishVisibility();
    }
    throw err;
  }
}

function decisionFor(outcome: PolicyDecision): FinalDecision {
  // HUMAN_REVIEW is resolved by the reviewer or the timeout default before publication.
  return outcome === 'AUTO_APPROVE' ? 'AUTO_APPROVE' : 'REJECT';
}
