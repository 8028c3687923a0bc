/**
 * Where the services are and how to name things in them, read once from the
 * environment. Every process (CLI command, worker, migration script) shares
 * it, so `run`, `worker` and `status` agree on where things are.
 */
import { DEFAULT_LOG_ORIGIN } from '../../ledger/core/log-origin';
import { DEFAULT_TASK_QUEUE } from '../temporal/task-queue';
import { resolveTemporalSettings, type TemporalFlags, type TemporalSettings } from './temporal-settings';

export { DEFAULT_TEMPORAL_ADDRESS } from './temporal-settings';
/** Database created on the found server when DATABASE_URL is unset. */
export const DEFAULT_DATABASE_NAME = 'synthledger';

/** The configuration of one process. */
export interface RuntimeConfig {
  /** Owner URL of the ledger database (DATABASE_URL), or null to find a server and use database `synthledger`. */
  databaseUrl: string | null;
  temporalAddress: string;
  /** True when the Temporal address was set explicitly (flag, TEMPORAL_ADDRESS or a profile). */
  temporalAddressSet: boolean;
  namespace: string;
  /** How to reach Temporal (address, namespace, API key, TLS), shared by the client and the worker. */
  temporal: TemporalSettings;
  taskQueue: string;
  /** Log origin used to name the default signing key file. */
  logOrigin: string;
  env: NodeJS.ProcessEnv;
}

/** Reads the configuration; empty variables count as unset; `flags` (a command's --address, --tls-ca, …) win over the environment. */
export function readRuntimeConfig(env: NodeJS.ProcessEnv = process.env, flags: TemporalFlags = {}): RuntimeConfig {
  const get = (name: string): string | null => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? null : v.trim();
  };
  const temporal = resolveTemporalSettings(env, flags);
  return {
    databaseUrl: get('DATABASE_URL'),
    temporalAddress: temporal.address,
    temporalAddressSet: temporal.addressSet,
    namespace: temporal.namespace,
    temporal,
    taskQueue: get('SYNTHLEDGER_TASK_QUEUE') ?? DEFAULT_TASK_QUEUE,
    logOrigin: get('SYNTHLEDGER_LOG_ORIGIN') ?? DEFAULT_LOG_ORIGIN,
    env,
  };
}
