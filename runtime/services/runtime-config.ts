/**
 * Where the services are and how to name things in them, read once from the
 * environment. Every process (CLI command, worker, migration script) shares
 * it, so `run`, `worker` and `status` agree on where things are.
 */
import { DEFAULT_LOG_ORIGIN } from '../../ledger';
import { DEFAULT_TASK_QUEUE } from '../temporal/synthesis-worker';

/** Default Temporal frontend address (the dev server's default port). */
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
/** Database created on the found server when DATABASE_URL is unset. */
export const DEFAULT_DATABASE_NAME = 'synthledger';

/** The configuration of one process. */
export interface RuntimeConfig {
  /** Owner URL of the ledger database (DATABASE_URL), or null to find a server and use database `synthledger`. */
  databaseUrl: string | null;
  temporalAddress: string;
  /** True when TEMPORAL_ADDRESS was set explicitly. */
  temporalAddressSet: boolean;
  namespace: string;
  taskQueue: string;
  /** Log origin used to name the default signing key file. */
  logOrigin: string;
  env: NodeJS.ProcessEnv;
}

/** Reads the configuration; empty variables count as unset. */
export function readRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const get = (name: string): string | null => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? null : v.trim();
  };
  return {
    databaseUrl: get('DATABASE_URL'),
    temporalAddress: get('TEMPORAL_ADDRESS') ?? DEFAULT_TEMPORAL_ADDRESS,
    temporalAddressSet: get('TEMPORAL_ADDRESS') !== null,
    namespace: get('SYNTHLEDGER_NAMESPACE') ?? 'default',
    taskQueue: get('SYNTHLEDGER_TASK_QUEUE') ?? DEFAULT_TASK_QUEUE,
    logOrigin: get('SYNTHLEDGER_LOG_ORIGIN') ?? DEFAULT_LOG_ORIGIN,
    env,
  };
}
