/** The cluster tests' opt-in: they build and run a Temporal server on PostgreSQL, minutes of work. */
export const CLUSTER_TESTS_ENV = 'SYNTHLEDGER_CLUSTER_TESTS';

/** True when SYNTHLEDGER_CLUSTER_TESTS=1. */
export function clusterTestsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[CLUSTER_TESTS_ENV] === '1';
}
