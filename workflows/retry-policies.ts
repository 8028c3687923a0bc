/**
 * Retry policy per stage. Local, deterministic stages retry a few times
 * (only infrastructure can fail them); network stages retry longer with
 * backoff; bad input never retries: activities raise it as a non-retryable
 * ApplicationFailure whose type is the error code.
 */
import type { RetryPolicy } from '@temporalio/common';
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
