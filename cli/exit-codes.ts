/**
 * Exit statuses of the `synthledger` command, derived from error codes so
 * scripts can tell bad input from a failed verification from a missing service.
 */
import type { ErrorCode } from '../common/errors';

/** Exit statuses (documented in README.md, "Exit statuses"). */
export const EXIT = {
  OK: 0,
  /** A verification ran and something did not verify (hash, chain, proof, signature, artifact). */
  VERIFICATION_FAILED: 1,
  /** Bad arguments or input: the message names the field. */
  INVALID_INPUT: 2,
  /** A service (PostgreSQL, Temporal, a provider) is unreachable or misconfigured. */
  UNAVAILABLE: 3,
  /** The synthesis, manifest or entry asked for does not exist. */
  NOT_FOUND: 4,
  /** The synthesis ended without publishing (rejected) or its workflow failed. */
  NOT_PUBLISHED: 5,
  /** `verify`: everything verified, but the synthesis is RETRACTED, WITHDRAWN or UNDER_CONCERN (never a plain OK). */
  VALID_BUT_FLAGGED: 8,
  /** Anything else: a bug or a broken invariant; the message says what. */
  INTERNAL: 70,
} as const;

const BY_CODE: Record<ErrorCode, number> = {
  INVALID_JSON_VALUE: EXIT.INVALID_INPUT,
  PAYLOAD_TOO_LARGE: EXIT.INVALID_INPUT,
  UNKNOWN_CONTRACT: EXIT.INVALID_INPUT,
  SCHEMA_INVALID: EXIT.INVALID_INPUT,
  INVALID_STREAM_ID: EXIT.INVALID_INPUT,
  INVALID_ARGUMENT: EXIT.INVALID_INPUT,
  INVALID_CORPUS: EXIT.INVALID_INPUT,
  IDEMPOTENCY_CONFLICT: EXIT.INTERNAL,
  NOT_FOUND: EXIT.NOT_FOUND,
  LEDGER_UNAVAILABLE: EXIT.UNAVAILABLE,
  LOG_STATE_CORRUPT: EXIT.VERIFICATION_FAILED,
  HASH_MISMATCH: EXIT.VERIFICATION_FAILED,
  CHAIN_BROKEN: EXIT.VERIFICATION_FAILED,
  PROOF_MISMATCH: EXIT.VERIFICATION_FAILED,
  CHECKPOINT_INVALID: EXIT.VERIFICATION_FAILED,
  SIGNATURE_INVALID: EXIT.VERIFICATION_FAILED,
  ARTIFACT_MISMATCH: EXIT.VERIFICATION_FAILED,
  MALFORMED_INPUT: EXIT.VERIFICATION_FAILED,
  EVIDENCE_MISSING: EXIT.VERIFICATION_FAILED,
  STREAM_MISMATCH: EXIT.VERIFICATION_FAILED,
  CLAIM_MISMATCH: EXIT.VERIFICATION_FAILED,
  SOURCE_MISMATCH: EXIT.VERIFICATION_FAILED,
  SPAN_MISMATCH: EXIT.VERIFICATION_FAILED,
  REVERIFICATION_MISMATCH: EXIT.VERIFICATION_FAILED,
  HISTORY_MISMATCH: EXIT.VERIFICATION_FAILED,
  CITATION_UNRESOLVED: EXIT.VERIFICATION_FAILED,
  CORRECTION_CHAIN_BROKEN: EXIT.VERIFICATION_FAILED,
  CONFIG_INVALID: EXIT.UNAVAILABLE,
  SERVICE_UNAVAILABLE: EXIT.UNAVAILABLE,
  PROVIDER_ERROR: EXIT.UNAVAILABLE,
  PROVIDER_RESPONSE_INVALID: EXIT.UNAVAILABLE,
  SOURCE_UNAVAILABLE: EXIT.UNAVAILABLE,
  WORKFLOW_ERROR: EXIT.NOT_PUBLISHED,
};

/** The exit status for an error code; unknown codes are INTERNAL. */
export function exitStatusFor(code: string): number {
  return (BY_CODE as Record<string, number>)[code] ?? EXIT.INTERNAL;
}
