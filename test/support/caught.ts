/** Awaits `promise` and returns what it rejected with; fails the test when it resolves. */
export async function caught<E = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected a rejection');
}
