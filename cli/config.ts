/**
 * The CLI's own defaults. Where the services are (DATABASE_URL,
 * TEMPORAL_ADDRESS, …) is runtime configuration: see `readRuntimeConfig`.
 */
import { resolve } from 'node:path';

/** Port of the Temporal Web UI that `synthledger dev` starts. */
export const DEFAULT_UI_PORT = 8233;

/** Default bundle directory of a synthesis: ./out/<synthesisId>. */
export function defaultBundleDir(synthesisId: string): string {
  return resolve('out', synthesisId);
}
