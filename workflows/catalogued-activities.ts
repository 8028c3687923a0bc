/**
 * Activity proxies whose options come from the activity catalogue: each
 * activity gets the retry policy of its catalogued retry class, so which
 * stage retries how is written once (activities/catalogue/activity-catalogue.ts).
 * Deterministic: creating proxies schedules nothing.
 */
import type { RetryPolicy } from '@temporalio/common';
import { proxyActivities } from '@temporalio/workflow';
import { ACTIVITY_CATALOGUE, type RetryClass } from '../activities/catalogue/activity-catalogue';
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
 * timeout and the retry policy of its catalogued retry class, and the
 * heartbeat timeout that lets a dead worker's attempt be retried in seconds.
 * Precondition: every activity of `A` is in the catalogue (a test checks the
 * factories against it).
 */
export function cataloguedActivities<A extends object>(timeouts: SynthesisTimeouts): A {
  const byClass = {} as Record<RetryClass, Record<string, unknown>>;
  for (const retry of Object.keys(RETRY_POLICIES) as RetryClass[]) {
    const startToCloseMs = ATTEMPT_TIMEOUTS_MS[retry](timeouts);
    byClass[retry] = proxyActivities<Record<string, () => Promise<unknown>>>({
      startToCloseTimeout: startToCloseMs, heartbeatTimeout: heartbeatTimeoutMs(timeouts, startToCloseMs), retry: RETRY_POLICIES[retry](timeouts),
    });
  }
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(ACTIVITY_CATALOGUE)) out[name] = byClass[spec.retry][name];
  return out as A;
}
