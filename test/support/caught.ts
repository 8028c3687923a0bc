import { SynthledgerError } from '../../common/errors';

/** Awaits `promise` and returns what it rejected with; fails the test when it resolves. */
export async function caught<E = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected a rejection');
}

/** Runs `fn` and returns what it threw; fails the test when it returned. */
export function thrownBy<E = Error>(fn: () => unknown): E {
  try {
    fn();
  } catch (err) {
    return err as E;
  }
  throw new Error('expected a throw');
}

/** Runs `fn` and returns the code of the SynthledgerError it threw, or undefined when it returned; rethrows any other error. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (!(err instanceof SynthledgerError)) throw err;
    return err.code;
  }
}
