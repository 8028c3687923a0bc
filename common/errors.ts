/**
 * The one error model of synthledger: every failure we raise is a
 * {@link SynthledgerError} with a stable string `code`. The CLI maps codes to
 * exit statuses; activities map `retryable` to Temporal's retry behaviour.
 */

/** One problem with an input value: which field, which rule, in words. */
export interface ValidationIssue {
  /** Stable rule identifier, e.g. `required`, `maxLength`, `non-finite-number`. */
  code: string;
  /** JSON-path-like location of the offending field, e.g. `$.payload.claims[2].text`. */
  path: string;
  /** Human-readable explanation naming the field and the rule. */
  message: string;
}

/** Codes for input that is refused before anything is written. */
export type ValidationCode =
  | 'INVALID_JSON_VALUE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNKNOWN_CONTRACT'
  | 'SCHEMA_INVALID'
  | 'INVALID_STREAM_ID'
  | 'INVALID_ARGUMENT'
  | 'INVALID_CORPUS';

/** Codes for ledger storage failures and invariants. */
export type LedgerCode =
  | 'IDEMPOTENCY_CONFLICT'
  | 'NOT_FOUND'
  | 'LEDGER_UNAVAILABLE'
  | 'LOG_STATE_CORRUPT';

/** Codes for failed verification of hashes, chains, proofs and signatures. */
export type VerificationCode =
  | 'HASH_MISMATCH'
  | 'CHAIN_BROKEN'
  | 'PROOF_MISMATCH'
  | 'CHECKPOINT_INVALID'
  | 'SIGNATURE_INVALID'
  | 'ARTIFACT_MISMATCH'
  | 'MALFORMED_INPUT'
  /** A cosignature line of a configured witness that does not verify, or is over another checkpoint. */
  | 'COSIGNATURE_INVALID'
  /** The log showed a witness a checkpoint inconsistent with one it saw before (a fork). */
  | 'SPLIT_VIEW';

/** Codes for configuration, environment and external providers. */
export type EnvironmentCode =
  | 'CONFIG_INVALID'
  | 'SERVICE_UNAVAILABLE'
  | 'PROVIDER_ERROR'
  | 'PROVIDER_RESPONSE_INVALID'
  | 'SOURCE_UNAVAILABLE'
  | 'WORKFLOW_ERROR'
  /** A witness did not answer in time or answered 5xx (retryable). */
  | 'WITNESS_UNAVAILABLE'
  /** A witness refused the request for a reason other than a split view (unknown log, bad signature, bad request). */
  | 'WITNESS_REFUSED'
  /** A witness answered something that is not a tlog-witness response. */
  | 'WITNESS_RESPONSE_INVALID';

/** Every code synthledger raises. */
export type ErrorCode = ValidationCode | LedgerCode | VerificationCode | EnvironmentCode;

/** Options common to all synthledger errors. */
export interface SynthledgerErrorOptions {
  cause?: unknown;
  issues?: ValidationIssue[];
  /** Whether retrying the same call may succeed (transient I/O). Defaults to false. */
  retryable?: boolean;
  /** Extra structured detail for machines (CLI --json, logs). */
  details?: Record<string, unknown>;
}

/** Base class of every error synthledger raises. */
export class SynthledgerError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly issues: ValidationIssue[];
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: C, message: string, options: SynthledgerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.issues = options.issues ?? [];
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }

  /** A plain JSON form for `--json` output and Temporal failure details. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, issues: this.issues, retryable: this.retryable, details: this.details };
  }
}

/** Input refused before anything was written; never retryable. */
export class ValidationError extends SynthledgerError<ValidationCode> {
  constructor(code: ValidationCode, issues: ValidationIssue[], options: Omit<SynthledgerErrorOptions, 'issues' | 'retryable'> = {}) {
    super(code, formatIssues(issues), { ...options, issues, retryable: false });
  }

  /** Shorthand for a single issue. */
  static single(code: ValidationCode, path: string, rule: string, message: string): ValidationError {
    return new ValidationError(code, [{ code: rule, path, message }]);
  }
}

/** A ledger storage failure or a broken ledger invariant. */
export class LedgerError extends SynthledgerError<LedgerCode> {}

/** A hash, chain, proof, checkpoint or signature that does not verify. */
export class VerificationError extends SynthledgerError<VerificationCode> {}

/** Configuration, services and providers. */
export class EnvironmentError extends SynthledgerError<EnvironmentCode> {}

/** Renders issues as one message: `$.field: rule explanation; …`. */
export function formatIssues(issues: ValidationIssue[]): string {
  if (issues.length === 0) return 'invalid input';
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

/** True when `err` is a synthledger error (works across module copies by duck typing the code). */
export function isSynthledgerError(err: unknown): err is SynthledgerError {
  return err instanceof SynthledgerError || (typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && Array.isArray((err as { issues?: unknown }).issues));
}
