/** Turns Temporal failures back into synthledger errors so callers see the code, field and rule. */
import { ApplicationFailure } from '@temporalio/common';
import { SynthledgerError, type ErrorCode, type ValidationIssue } from '../../common/errors';

/** Finds the first ApplicationFailure in a cause chain and rebuilds our error from it; returns `err` unchanged otherwise. */
export function unwrapFailure(err: unknown): unknown {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 10; depth++) {
    if (cur instanceof ApplicationFailure && cur.type) {
      const detail = (cur.details?.[0] ?? {}) as { issues?: ValidationIssue[]; retryable?: boolean; details?: Record<string, unknown> };
      return new SynthledgerError(cur.type as ErrorCode, cur.message, { issues: detail.issues ?? [], retryable: detail.retryable ?? false, details: detail.details, cause: err });
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return err;
}
