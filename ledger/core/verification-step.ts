/**
 * Named verification steps (sigstore-js style): each check runs as one step
 * that passes with a message or fails with the error's message and code, so
 * a verifier reports every step and later steps still run where they can.
 */
import { SynthledgerError, type VerificationCode } from '../../common/errors';

/** One named step of a verification and its outcome. */
export interface VerificationStep {
  step: string;
  ok: boolean;
  message: string;
  code?: VerificationCode | string;
}

/**
 * Returns a runner that appends each step's outcome to `steps`: `fn` returns
 * the success message or throws; a non-coded error counts as MALFORMED_INPUT.
 * The runner returns whether the step passed.
 */
export function stepRunner(steps: VerificationStep[]): (step: string, fn: () => string) => boolean {
  return (step, fn) => {
    try {
      steps.push({ step, ok: true, message: fn() });
      return true;
    } catch (e) {
      steps.push({ step, ok: false, message: (e as Error).message, code: e instanceof SynthledgerError ? e.code : 'MALFORMED_INPUT' });
      return false;
    }
  };
}
