/**
 * Retry policy and start-to-close timeout per retry class (the catalogue
 * gives each activity its class). Local, deterministic stages retry a few
 * times (only infrastructure can fail them); network stages retry longer
 * with backoff; committed stages (after approval) retry transient faults
 * without an attempt cap. Bad input never retries: activities raise it as a
 * non-retryable ApplicationFailure whose type is the error code.
 */
import type { RetryPolicy } from '@temporalio/common';
import { msOptionalToNumber, msToNumber } from '@temporalio/common/lib/time';
import type { SynthesisTimeouts } from '../activities/synthesis-types';
import { NON_RETRYABLE_CODES } from '../common/errors';

/** Deterministic local stages and ledger writes: the database may blip, nothing else changes on retry. */
export function localStagePolicy(t: SynthesisTimeouts): RetryPolicy {
  return { initialInterval: t.retryInitialMs, backoffCoefficient: 2, maximumInterval: 30 * t.retryInitialMs, maximumAttempts: 6, nonRetryableErrorTypes: [...NON_RETRYABLE_CODES] };
}

/** Stages that may call a network source or model: rate limits and 5xx deserve patience. */
export function networkStagePolicy(t: SynthesisTimeouts): RetryPolicy {
  return { initialInterval: 2 * t.retryInitialMs, backoffCoefficient: 2, maximumInterval: 120 * t.retryInitialMs, maximumAttempts: 10, nonRetryableErrorTypes: [...NON_RETRYABLE_CODES] };
}

/**
 * Stages after approval (recording a human decision, publication, the
 * outcome, corrections): transient faults retry until they succeed (no
 * attempt cap; backoff bounded at 10 initial intervals), so worker churn or a
 * database restart cannot fail an approved synthesis; non-retryable codes
 * still fail at once. Safe because each of these writes through idempotency keys.
 */
export function committedStagePolicy(t: SynthesisTimeouts): RetryPolicy {
  // No maximumAttempts: unlimited (the TypeScript SDK refuses 0, the server's spelling of it).
  return { initialInterval: t.retryInitialMs, backoffCoefficient: 2, maximumInterval: 10 * t.retryInitialMs, nonRetryableErrorTypes: [...NON_RETRYABLE_CODES] };
}

/**
 * Start-to-close timeout of one attempt of a committed stage: a few ledger
 * writes, a signature and the witnesses' cosignatures (10 s each at most, see
 * runtime/services/witness-client) fit in 30 s, so an attempt on a worker
 * that died is given up after 30 s (or the configured activity timeout, if
 * shorter) and retried elsewhere.
 */
export function committedStageTimeoutMs(t: SynthesisTimeouts): number {
  return Math.min(t.activityMs, 30_000);
}

/**
 * Heartbeat timeout of one attempt: the configured heartbeat timeout, capped
 * at the attempt's start-to-close timeout. Workers heartbeat every activity
 * while it runs ({@link withLivenessHeartbeat} in activities/activity-context),
 * so only a dead or stalled worker misses it.
 */
export function heartbeatTimeoutMs(t: SynthesisTimeouts, startToCloseMs: number): number {
  return Math.min(t.heartbeatMs, startToCloseMs);
}

/**
 * The local retry threshold of a local activity with retry policy `p`: its
 * maximum backoff interval. Every retry then backs off inside the workflow
 * task and keeps the activity's sequence number, hence its activity id and
 * the idempotency keys of its ledger writes; a longer backoff would make the
 * SDK retry it as a new local activity (a new id) after a timer.
 */
export function localRetryThresholdMs(p: RetryPolicy): number {
  return msOptionalToNumber(p.maximumInterval) ?? 100 * msToNumber(p.initialInterval ?? 1000);
}
