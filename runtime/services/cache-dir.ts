/** The per-user cache directory shared by clones (Temporal CLI build, embedded PostgreSQL data, keys). */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$SYNTHLEDGER_CACHE_DIR`, else `$XDG_CACHE_HOME/synthledger`, else `~/.cache/synthledger`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SYNTHLEDGER_CACHE_DIR) return env.SYNTHLEDGER_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'synthledger');
}
