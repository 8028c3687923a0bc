/**
 * Deferred loading for the runtime index. The command line imports the index
 * for every command, but most commands need only a small part of it: loading
 * `@temporalio/worker` (webpack, the native bridge), the activities or the
 * database driver up front cost seconds before `--help` or `verify` printed
 * anything. Heavy modules are therefore loaded on the first call of one of
 * their functions.
 */

/** Returns a loader that runs `load` once, on first call, and then returns the same module. */
export function lazyModule<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}
