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
export const VALIDATION_CODES = [
  'INVALID_JSON_VALUE', 'PAYLOAD_TOO_LARGE', 'UNKNOWN_CONTRACT', 'SCHEMA_INVALID', 'INVALID_STREAM_ID', 'INVALID_ARGUMENT', 'INVALID_CORPUS', 'TRUST_POLICY_INVALID',
] as const;
/** A code for input that is refused before anything is written. */
export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** Codes for ledger storage failures and invariants. */
export const LEDGER_CODES = ['IDEMPOTENCY_CONFLICT', 'NOT_FOUND', 'LEDGER_UNAVAILABLE', 'LOG_STATE_CORRUPT', 'SIGNING_KEY_MISMATCH', 'LOG_KEY_EXISTS'] as const;
/** A code for a ledger storage failure or a broken ledger invariant. */
export type LedgerCode = (typeof LEDGER_CODES)[number];

/** Codes for failed verification of hashes, chains, proofs and signatures. */
export const VERIFICATION_CODES = [
  'HASH_MISMATCH', 'CHAIN_BROKEN', 'PROOF_MISMATCH', 'CHECKPOINT_INVALID', 'SIGNATURE_INVALID', 'ARTIFACT_MISMATCH', 'MALFORMED_INPUT',
  // A witness's cosignature line that does not verify (or is over another checkpoint).
  'COSIGNATURE_INVALID',
  // The log showed a witness a checkpoint inconsistent with one it saw before: a fork.
  'SPLIT_VIEW',
  // The reader's trust policy: only the bundle's own key verified; the log did not only grow; too few trusted witnesses cosigned.
  'UNTRUSTED_KEY', 'CONSISTENCY_MISMATCH', 'WITNESS_QUORUM_NOT_MET',
  // Deep verification of an evidence bundle (docs/VERIFYING.md, "Deep verification").
  'EVIDENCE_MISSING', 'STREAM_MISMATCH', 'CLAIM_MISMATCH', 'SOURCE_MISMATCH', 'SPAN_MISMATCH', 'REVERIFICATION_MISMATCH',
  'HISTORY_MISMATCH', 'CITATION_UNRESOLVED', 'CORRECTION_CHAIN_BROKEN',
  // A shipped stream with an entry left out, shipped twice, or moved (each entry intact, the chain's links say which).
  'ENTRY_MISSING', 'ENTRY_DUPLICATED', 'ENTRY_OUT_OF_ORDER',
] as const;
/** A code for a failed verification. */
export type VerificationCode = (typeof VERIFICATION_CODES)[number];

/** Codes for configuration, environment and external providers. */
export const ENVIRONMENT_CODES = [
  'CONFIG_INVALID', 'SERVICE_UNAVAILABLE', 'PROVIDER_ERROR', 'PROVIDER_RESPONSE_INVALID', 'SOURCE_UNAVAILABLE', 'WORKFLOW_ERROR',
  // A witness that did not answer in time or answered 5xx (retryable).
  'WITNESS_UNAVAILABLE',
  // A witness that refused for another reason than a split view (unknown log, bad log signature, bad request, or already ahead of the checkpoint).
  'WITNESS_REFUSED',
  // A witness answer that is not a tlog-witness response.
  'WITNESS_RESPONSE_INVALID',
] as const;
/** A code for configuration, environment and external providers. */
export type EnvironmentCode = (typeof ENVIRONMENT_CODES)[number];

/** Every code synthledger raises. */
export type ErrorCode = ValidationCode | LedgerCode | VerificationCode | EnvironmentCode;

/**
 * Codes a Temporal retry never fixes, whatever the stage: bad input, a
 * conflicting idempotency key, a missing record, bad configuration and a
 * provider answer we cannot read. Typed against {@link ErrorCode}, so a
 * renamed code fails the build instead of silently becoming retryable.
 */
export const NON_RETRYABLE_CODES: readonly ErrorCode[] = [
  ...VALIDATION_CODES, 'IDEMPOTENCY_CONFLICT', 'NOT_FOUND', 'CONFIG_INVALID', 'PROVIDER_RESPONSE_INVALID',
  'SPLIT_VIEW', 'COSIGNATURE_INVALID', 'WITNESS_RESPONSE_INVALID',
];

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

/** True when `value` is one of the codes synthledger raises (for text that crossed a process boundary). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (FAMILY_OF_CODE as Record<string, unknown>)[value] !== undefined;
}

const FAMILY_OF_CODE: Record<ErrorCode, 'validation' | 'ledger' | 'verification' | 'environment'> = Object.fromEntries([
  ...VALIDATION_CODES.map((c) => [c, 'validation']),
  ...LEDGER_CODES.map((c) => [c, 'ledger']),
  ...VERIFICATION_CODES.map((c) => [c, 'verification']),
  ...ENVIRONMENT_CODES.map((c) => [c, 'environment']),
]) as Record<ErrorCode, 'validation' | 'ledger' | 'verification' | 'environment'>;

/**
 * Builds the error of the subclass that owns `code` ({@link ValidationError}
 * for validation codes, and so on), keeping `message` as given. Used where an
 * error is rebuilt from its parts, e.g. after crossing the Temporal boundary.
 */
export function errorFromCode(code: ErrorCode, message: string, options: SynthledgerErrorOptions = {}): SynthledgerError {
  switch (FAMILY_OF_CODE[code]) {
    case 'validation': {
      const err = new ValidationError(code as ValidationCode, options.issues ?? [], { cause: options.cause, details: options.details });
      err.message = message;
      return err;
    }
    case 'ledger': return new LedgerError(code as LedgerCode, message, options);
    case 'verification': return new VerificationError(code as VerificationCode, message, options);
    case 'environment': return new EnvironmentError(code as EnvironmentCode, message, options);
  }
}

/** True when `err` is a synthledger error (works across module copies by duck typing the code). */
export function isSynthledgerError(err: unknown): err is SynthledgerError {
  return err instanceof SynthledgerError || (typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && Array.isArray((err as { issues?: unknown }).issues));
}
