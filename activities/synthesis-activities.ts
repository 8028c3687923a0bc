/**
 * The pipeline stages as Temporal activities, built by one factory that
 * receives their dependencies and composes the four stage families
 * (retrieval, claims, tribunal, publication). Each activity computes with the
 * pure stage functions in `stages/` and appends its ledger records
 * idempotently: a retried call returns the entries of the earlier attempt and
 * adds nothing. Which activities exist, and what each writes, is listed once
 * in `catalogue/activity-catalogue.ts`.
 */
import { withFailureClassification } from './activity-context';
import { createClaimsActivities } from './claims-activities';
import { createPublicationActivities } from './publication-activities';
import { createRetrievalActivities } from './retrieval-activities';
import { createSynthesisContext, type ActivityDeps } from './synthesis-context';
import { createTribunalActivities } from './tribunal-activities';

export type { ActivityDeps, ChatProviders } from './synthesis-context';

/** Builds the activities object registered with the worker. */
export function createActivities(deps: ActivityDeps) {
  const ctx = createSynthesisContext(deps);
  return withFailureClassification({
    ...createRetrievalActivities(ctx),
    ...createClaimsActivities(ctx),
    ...createTribunalActivities(ctx),
    ...createPublicationActivities(ctx),
  });
}

/** The activities registered with the worker. */
export type SynthesisActivities = ReturnType<typeof createActivities>;
