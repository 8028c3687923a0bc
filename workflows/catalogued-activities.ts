/**
 * Activity proxies whose options come from the activity catalogue: each
 * activity gets the retry policy of its catalogued retry class, and the
 * catalogue's cheap local stages run as local activities once patch
 * `local-activities-v1` applies (its `inProcess` stages too, in a synthesis
 * without network providers, once `in-process-stages-v1` applies), so which
 * stage retries how, and where it runs, is written once
 * (activities/catalogue/activity-catalogue.ts).
 * Deterministic: creating proxies schedules nothing.
 */
import type { RetryPolicy } from '@temporalio/common';
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { ACTIVITY_CATALOGUE, type ActivitySpec, type RetryClass } from '../activities/catalogue/activity-catalogue';
import { activitySummary } from './activity-summaries';
import type { SynthesisTimeouts } from '../activities/synthesis-types';
import {
  committedStagePolicy, committedStageTimeoutMs, heartbeatTimeoutMs, localRetryThresholdMs, localStagePolicy, networkStagePolicy,
} from './retry-policies';

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
 * Patch id of the local activities (2026-12): runs started before it
 * schedule every stage as a regular activity, so their histories replay
 * unchanged; later runs run the stages the catalogue marks `local` as local
 * activities (markers in history instead of scheduled/started/completed events).
 */
export const LOCAL_ACTIVITIES_PATCH = 'local-activities-v1';

/**
 * Patch id of the in-process stages (2026-12): in a synthesis whose request
 * reports every provider deterministic, the stages the catalogue marks
 * `inProcess` run as local activities too. Runs started before it, and runs
 * with a network source or model, schedule them as regular activities.
 */
export const IN_PROCESS_STAGES_PATCH = 'in-process-stages-v1';

/**
 * Patch id of the in-process batch (2026-12-03, docs/adr/0021): where the
 * in-process stages run locally, the stages from the plan to the policy run
 * in one local activity, `runInProcessStages`, rather than one each. Runs
 * started before it replay their one marker per stage.
 */
export const IN_PROCESS_BATCH_PATCH = 'in-process-batch-v1';

/**
 * Patch id of the request in the batch (2026-12-03, docs/adr/0022): where
 * the batch applies, `runInProcessStages` records the request itself, as its
 * first call, and runs the stages when the request reports every provider
 * deterministic; the workflow no longer calls `recordRequest` before it.
 * Runs started before it replay their `recordRequest` marker.
 */
export const REQUEST_IN_BATCH_PATCH = 'request-in-batch-v1';

/** How {@link cataloguedActivities} schedules. */
export interface ProxyOptions {
  /**
   * Whether a call of the activity with this catalogue entry runs as a local
   * activity; asked at each call, so the answer may change as the workflow
   * learns more (default: never, every call is a regular activity).
   */
  runsLocally?: (spec: ActivitySpec) => boolean;
  /** More summary parts for a call, from the workflow's state (e.g. the outcome of `recordOutcome`); read when the call is made. */
  summaryParts?: (name: string, input: unknown) => readonly string[];
}

type Call = (input: unknown) => Promise<unknown>;
/** Regular or local proxies of every retry class, called with a summary. */
type ProxiesByClass = Record<RetryClass, Record<string, { executeWithOptions(o: { summary: string }, args: [unknown]): Promise<unknown> }>>;

/**
 * Proxies for the activities of `A`, each scheduled with the start-to-close
 * timeout and the retry policy of its catalogued retry class and a one-line
 * summary naming its stage and what tells the call apart (role, round, query
 * variant; workflows/activity-summaries.ts) that the Web UI shows. Regular
 * activities also get the heartbeat timeout that lets a dead worker's attempt
 * be retried in seconds; local activities (where `runsLocally` says so,
 * for the catalogue's `local` and `inProcess` stages) get a local retry threshold that keeps every
 * retry inside the workflow task, under the same activity id
 * ({@link localRetryThresholdMs}).
 * Precondition: every activity of `A` is in the catalogue (a test checks the
 * factories against it).
 */
export function cataloguedActivities<A extends object>(timeouts: SynthesisTimeouts, options: ProxyOptions = {}): A {
  const regular = {} as ProxiesByClass;
  const local = {} as ProxiesByClass;
  for (const retry of Object.keys(RETRY_POLICIES) as RetryClass[]) {
    const startToCloseMs = ATTEMPT_TIMEOUTS_MS[retry](timeouts);
    const policy = RETRY_POLICIES[retry](timeouts);
    regular[retry] = proxyActivities<Record<string, Call>>({ startToCloseTimeout: startToCloseMs, heartbeatTimeout: heartbeatTimeoutMs(timeouts, startToCloseMs), retry: policy });
    local[retry] = proxyLocalActivities<Record<string, Call>>({ startToCloseTimeout: startToCloseMs, retry: policy, localRetryThreshold: localRetryThresholdMs(policy) });
  }
  const out: Record<string, Call> = {};
  for (const [name, spec] of Object.entries(ACTIVITY_CATALOGUE) as Array<[string, ActivitySpec]>) {
    out[name] = (input: unknown) => {
      const proxy = (options.runsLocally?.(spec) === true ? local : regular)[spec.retry][name]!;
      // Every activity takes one input object; the summary is metadata, not part of the command's identity.
      return proxy.executeWithOptions({ summary: activitySummary(name, input, options.summaryParts?.(name, input)) }, [input]);
    };
  }
  return out as A;
}
