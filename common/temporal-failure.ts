/**
 * Our errors across the Temporal boundary, both ways. A {@link SynthledgerError}
 * leaves an activity or an update validator as an `ApplicationFailure` whose
 * `type` is the error code and whose first detail carries the issues; the
 * client finds that failure in the cause chain and rebuilds the error of the
 * right subclass from the type and the details, never from the message text.
 *
 * Workflow code imports this module (update validators), so it may import
 * only `@temporalio/common` and our own pure modules.
 */
import { ApplicationFailure } from '@temporalio/common';
import { errorFromCode, isErrorCode, SynthledgerError, type ValidationIssue } from './errors';

/** The first (and only) detail of a failure made by {@link toApplicationFailure}: the error's JSON form. */
export interface FailureDetail {
  name: string;
  code: string;
  message: string;
  issues: ValidationIssue[];
  retryable: boolean;
  details: Record<string, unknown>;
}

/** How deep {@link fromFailure} follows `cause` links (workflow → activity → application failure is three). */
const MAX_CAUSE_DEPTH = 10;

/**
 * The `ApplicationFailure` for one of our errors: type = code, non-retryable
 * unless the error says retrying may help, details = [{@link FailureDetail}].
 */
export function toApplicationFailure(err: SynthledgerError): ApplicationFailure {
  const detail: FailureDetail = {
    name: err.name, code: err.code, message: err.message, issues: err.issues, retryable: err.retryable, details: err.details,
  };
  return ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: !err.retryable, details: [detail], cause: err });
}

/**
 * What an activity should throw for `err`: our errors become classified
 * `ApplicationFailure`s; Temporal failures and anything else (a bug, an
 * unexpected driver error) pass unchanged and stay retryable.
 */
export function toTemporalFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof SynthledgerError) return toApplicationFailure(err);
  return err;
}

/**
 * Rebuilds our error from the first `ApplicationFailure` in `err`'s cause
 * chain whose type is one of our codes; undefined when there is none. The
 * details came over the wire, so only well-formed issues are kept.
 */
export function fromFailure(err: unknown): SynthledgerError | undefined {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < MAX_CAUSE_DEPTH; depth++) {
    if (cur instanceof ApplicationFailure && isErrorCode(cur.type)) {
      const detail = (cur.details?.[0] ?? {}) as Partial<FailureDetail>;
      return errorFromCode(cur.type, cur.message, {
        issues: Array.isArray(detail.issues) ? detail.issues.filter(isIssue) : [],
        retryable: typeof detail.retryable === 'boolean' ? detail.retryable : !cur.nonRetryable,
        details: isRecord(detail.details) ? detail.details : {},
        cause: err,
      });
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** {@link fromFailure}, or `err` itself when no failure of ours is in its chain. */
export function unwrapFailure(err: unknown): unknown {
  return fromFailure(err) ?? err;
}

function isIssue(value: unknown): value is ValidationIssue {
  if (!isRecord(value)) return false;
  return typeof value.code === 'string' && typeof value.path === 'string' && typeof value.message === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
