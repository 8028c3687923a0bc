/**
 * Retry policy per stage. Local, deterministic stages retry a few times
 * (only infrastructure can fail them); network stages retry longer with
 * backoff; bad input never retries: activities raise it as a non-retryable
 * ApplicationFailure whose type is the error code.
 */
import type { RetryPolicy } from '@temporalio/common';
import type { SynthesisTimeouts } from '../activities/synthesis-types';

/** Error codes that are never retried, whatever the stage. */
export const NON_RETRYABLE_TYPES = [
  'INVALID_JSON_VALUE', 'PAYLOAD_TOO_LARGE', 'UNKNOWN_CONTRACT', 'SCHEMA_INVALID', 'INVALID_STREAM_ID',
  'INVALID_ARGUMENT', 'INVALID_CORPUS', 'IDEMPOTENCY_CONFLICT', 'CONFIG_INVALID', 'PROVIDER_RESPONSE_INVALID', 'NOT_FOUND',
];

/** Deterministic local stages and ledger writes: the database may blip, nothing else changes on retry. */
export function localStagePolicy(t: SynthesisTimeouts): RetryPolicy {
  return { initialInterval: t.retryInitialMs, backoffCoefficient: 2, maximumInterval: 30 * t.retryInitialMs, maximumAttempts: 6, nonRetryableErrorTypes: NON_RETRYABLE_TYPES };
}

/** Stages that may call a network source or model: rate limits and 5xx deserve patience. */
export function networkStagePolicy(t: SynthesisTimeouts): RetryPolicy {
  return { initialInterval: 2 * t.retryInitialMs, backoffCoefficient: 2, maximumInterval: 120 * t.retryInitialMs, maximumAttempts: 10, nonRetryableErrorTypes: NON_RETRYABLE_TYPES };
}
