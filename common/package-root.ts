/**
 * Where the package's shipped non-code files live (`data/`, `scripts/`,
 * `verifier/`, `activities/prompts/`, `package.json`), whether the code runs
 * from source (tsx, ts-jest) or from the compiled `dist/` build, which holds
 * JavaScript only.
 */
import { basename, join, resolve } from 'node:path';

/** The package root: the parent of this folder, or of `dist/` when running the build. */
export function packageRoot(): string {
  const parent = resolve(__dirname, '..');
  return basename(parent) === 'dist' ? resolve(parent, '..') : parent;
}

/** A path under the package root, e.g. `packageFile('data', 'corpus.json')`. */
export function packageFile(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
