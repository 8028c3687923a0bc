/**
 * The pipeline stages as Temporal activities, built by one factory that
 * receives their dependencies and composes the four stage families
 * (retrieval, claims, tribunal, publication), and `runInProcessStages`, which
 * runs the request and the stages from the plan to the policy in one call
 * over them. Each activity computes with the
 * pure stage functions in `stages/` and appends its ledger records
 * idempotently: a retried call returns the entries of the earlier attempt and
 * adds nothing. Which activities exist, and what each writes, is listed once
 * in `catalogue/activity-catalogue.ts`.
 */
import { withFailureClassification } from './activity-context';
import { createClaimsActivities } from './claims-activities';
import { withInProcessStages } from './in-process-activities';
import { createPublicationActivities } from './publication-activities';
import { createRetrievalActivities } from './retrieval-activities';
import { createSynthesisContext, type ActivityDeps } from './synthesis-context';
import { createTribunalActivities } from './tribunal-activities';

export type { ActivityDeps, ChatProviders } from './synthesis-context';

/** The stage activities: every synthesis activity but `runInProcessStages`, which runs them. */
function createStageActivities(deps: ActivityDeps) {
  const ctx = createSynthesisContext(deps);
  return {
    ...createRetrievalActivities(ctx),
    ...createClaimsActivities(ctx),
    ...createTribunalActivities(ctx),
    ...createPublicationActivities(ctx),
  };
}

/** The stage activities, as the steps (synthesis-steps.ts) call them. */
export type StageActivities = ReturnType<typeof createStageActivities>;

/** Builds the activities object registered with the worker. */
export function createActivities(deps: ActivityDeps) {
  return withInProcessStages(withFailureClassification(createStageActivities(deps)));
}

/** The activities registered with the worker. */
export type SynthesisActivities = ReturnType<typeof createActivities>;
