/**
 * The dynamic config every Temporal this project starts runs with: the dev
 * server (`--dynamic-config-value` flags, runtime/services/temporal-server.ts)
 * and the cluster on PostgreSQL (its dynamic-config.yaml,
 * runtime/services/temporal-cluster.ts).
 */

/** One dynamic config key and the value it is given (a YAML scalar). */
export interface DynamicConfigSetting {
  key: string;
  value: boolean | number | string;
}

/**
 * What a synthesis needs or is measured with:
 * - workflow updates: a human review is sent as one;
 * - eager activity dispatch: an activity scheduled on the worker's own task
 *   queue comes back in the workflow task completion response, saving a
 *   poll round trip per activity;
 * - the transfer queue's poll rate per history shard (default 20 polls a
 *   second): the dev server has one shard, so without it every workflow and
 *   activity task of the whole server queues behind that rate, and
 *   sequential syntheses settle at one workflow task every ~37 ms
 *   (docs/adr/0023).
 */
export const DYNAMIC_CONFIG: readonly DynamicConfigSetting[] = [
  { key: 'frontend.enableUpdateWorkflowExecution', value: true },
  { key: 'system.enableActivityEagerExecution', value: true },
  { key: 'history.transferProcessorMaxPollRPS', value: 1000 },
];

/** `temporal server start-dev` flags setting {@link DYNAMIC_CONFIG}. */
export function devServerDynamicConfigFlags(): string[] {
  return DYNAMIC_CONFIG.flatMap(({ key, value }) => ['--dynamic-config-value', `${key}=${String(value)}`]);
}

/** {@link DYNAMIC_CONFIG} and `extra` as dynamic-config YAML lines. */
export function dynamicConfigYamlLines(extra: readonly DynamicConfigSetting[] = []): string[] {
  return [...DYNAMIC_CONFIG, ...extra].flatMap(({ key, value }) => [`${key}:`, `  - value: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`]);
}
