/**
 * Checks that package-lock.json is complete: every dependency of every locked
 * package (optional ones included, for every platform) resolves, the way
 * Node resolves `node_modules`, to an entry of the lock. A lock written on one
 * platform without the other platforms' optional binaries passes `npm ci`
 * there, yet `npm install` adds them; `npm install --package-lock-only` does
 * not notice them missing, so `.ci/run` runs this check next to it.
 *
 *   npx tsx scripts/check-lock.ts [package-lock.json]
 *
 * Exits 1 listing what is missing.
 */
import { readFileSync } from 'node:fs';

/** The part of a lockfile (version 2 or 3) the check reads. */
export interface Lockfile {
  packages: Record<string, {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  }>;
}

/** `<package path> -> <dependency>` for each dependency that resolves to no entry of the lock. */
export function missingLockEntries(lock: Lockfile): string[] {
  const missing: string[] = [];
  for (const [path, pkg] of Object.entries(lock.packages)) {
    // devDependencies are installed for the root project only.
    const deps = { ...pkg.dependencies, ...pkg.optionalDependencies, ...(path === '' ? pkg.devDependencies : {}) };
    for (const dep of Object.keys(deps)) {
      if (!resolves(lock, path, dep)) missing.push(`${path || '(root)'} -> ${dep}`);
    }
  }
  return missing;
}

/** True when `dep`, required from the package at `path`, is in `path/node_modules` or that of a package enclosing it, or the root's. */
function resolves(lock: Lockfile, path: string, dep: string): boolean {
  for (let dir = path; ; ) {
    if (lock.packages[`${dir ? `${dir}/` : ''}node_modules/${dep}`]) return true;
    if (dir === '') return false;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

function main(): void {
  const file = process.argv[2] ?? 'package-lock.json';
  const missing = missingLockEntries(JSON.parse(readFileSync(file, 'utf8')) as Lockfile);
  if (missing.length === 0) {
    process.stdout.write(`${file}: every dependency of every locked package is locked\n`);
    return;
  }
  process.stderr.write(`${file} is incomplete (npm install would add these; regenerate the lock with npm install and commit it):\n${missing.map((m) => `  ${m}`).join('\n')}\n`);
  process.exit(1);
}

if (require.main === module) main();
