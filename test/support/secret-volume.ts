/** Files laid out as Kubernetes mounts a secret or ConfigMap volume, for tests of reading the operator's files through links. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `files` into `volume` as a secret volume: each file a link to
 * `..data/<file>`, `..data` a link to the timestamped directory holding the
 * real files (mode 0600). Returns `volume`.
 */
export function secretVolume(volume: string, files: Record<string, string>): string {
  const real = join(volume, '..2026_12_03_10_00_00.1');
  mkdirSync(real, { recursive: true });
  symlinkSync('..2026_12_03_10_00_00.1', join(volume, '..data'));
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(join(real, file), text, { mode: 0o600 });
    symlinkSync(join('..data', file), join(volume, file));
  }
  return volume;
}
