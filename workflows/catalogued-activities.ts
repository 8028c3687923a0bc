/**
 * Activity proxies whose options come from the activity catalogue: each
 * activity gets the retry policy of its catalogued retry class, so which
 * stage retries how is written once (activities/catalogue/activity-catalogue.ts).
 * Deterministic: creating proxies schedules nothing.
 */
import type { RetryPolicy } from '@temporalio/common';
import { proxyActivities, type ActivityFunctionWithOptions } from '@temporalio/workflow';
import { ACTIVITY_CATALOGUE, type RetryClass } from '../activities/catalogue/activity-catalogue';
import { activitySummary } from './activity-summaries';
import type { SynthesisTimeouts } from '../activities/synthesis-types';
import { committedStagePolicy, committedStageTimeoutMs, heartbeatTimeoutMs, localStagePolicy, networkStagePolicy } from './retry-policies';

/** The retry policy of each retry class. */
export const RETRY_POLICIES: Readonly<Record<RetryClass, (t: SynthesisTimeouts) => RetryPolicy>> = {
  local: localStagePolicy,
  network: networkStagePolicy,
  committed: committedStagePolicy,
};

/** The start-to-close timeout of one attempt, per retry class. */
export const ATTEMPT_TIMEOUTS_MS: Readonly<Record<RetryClass, (t: SynthesisTimeouts) => number>> = {
  local: (t) => t.activityMs,
  network: (t) => t.activityMs,
  committed: committedStageTimeoutMs,
};

/**
 * Proxies for the activities of `A`, each scheduled with the start-to-close
 * timeout and the retry policy of its catalogued retry class, the
 * heartbeat timeout that lets a dead worker's attempt be retried in seconds,
 * and a one-line summary naming its stage and what tells the call apart (role,
 * round, query variant; workflows/activity-summaries.ts) that the Web UI shows.
 * Precondition: every activity of `A` is in the catalogue (a test checks the
 * factories against it).
 */
export function cataloguedActivities<A extends object>(timeouts: SynthesisTimeouts): A {
  const byClass = {} as Record<RetryClass, Record<string, ActivityFunctionWithOptions<(input: unknown) => Promise<unknown>>>>;
  for (const retry of Object.keys(RETRY_POLICIES) as RetryClass[]) {
    const startToCloseMs = ATTEMPT_TIMEOUTS_MS[retry](timeouts);
    byClass[retry] = proxyActivities<Record<string, (input: unknown) => Promise<unknown>>>({
      startToCloseTimeout: startToCloseMs, heartbeatTimeout: heartbeatTimeoutMs(timeouts, startToCloseMs), retry: RETRY_POLICIES[retry](timeouts),
    });
  }
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(ACTIVITY_CATALOGUE)) {
    const proxy = byClass[spec.retry][name]!;
    // Every activity takes one input object; the summary is metadata, not part of the command's identity.
    out[name] = (input: unknown) => proxy.executeWithOptions({ summary: activitySummary(name, input) }, [input]);
  }
  return out as A;
}
