/**
 * When checkpoints are signed (docs/adr/0015), from the environment: the
 * interval of the workers' background checkpointer and how long a
 * publication waits for a checkpoint that covers its manifest before it
 * signs one itself.
 */
import { readWholeNumber } from './env-numbers';

/** Milliseconds between two looks of the background checkpointer at the log. */
export const CHECKPOINT_INTERVAL_ENV = 'SYNTHLEDGER_CHECKPOINT_INTERVAL_MS';
/** Milliseconds a publication waits for a covering checkpoint before it signs one. */
export const CHECKPOINT_WAIT_ENV = 'SYNTHLEDGER_CHECKPOINT_WAIT_MS';

/** Default interval: one checkpoint a second at most. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1_000;
/** Beyond three intervals, the time a second worker needs to take the lease over (its next try) and sign. */
export const CHECKPOINT_WAIT_MARGIN_MS = 1_000;

const INTERVAL_RANGE = { min: 10, max: 3_600_000 } as const;
const WAIT_RANGE = { min: 0, max: 3_600_000 } as const;

/** The checkpoint timing of a worker. */
export interface CheckpointSettings {
  intervalMs: number;
  waitMs: number;
}

/** The default wait for an interval: three intervals and a margin. */
export function defaultCheckpointWaitMs(intervalMs: number): number {
  return 3 * intervalMs + CHECKPOINT_WAIT_MARGIN_MS;
}

/**
 * Reads {@link CHECKPOINT_INTERVAL_ENV} (default 1000; 10 to 3600000) and
 * {@link CHECKPOINT_WAIT_ENV} (default three intervals plus 1000; 0 to
 * 3600000, 0: publication signs at once). Empty counts as unset; a value in
 * `given` wins over its variable (and a given interval sets the default
 * wait). Both variables are checked either way: CONFIG_INVALID names the
 * variable and the rule.
 */
export function checkpointSettingsFromEnv(env: NodeJS.ProcessEnv = process.env, given: Partial<CheckpointSettings> = {}): CheckpointSettings {
  const fromEnv = { intervalMs: readWholeNumber(env, CHECKPOINT_INTERVAL_ENV, INTERVAL_RANGE, 'milliseconds'), waitMs: readWholeNumber(env, CHECKPOINT_WAIT_ENV, WAIT_RANGE, 'milliseconds') };
  const intervalMs = given.intervalMs ?? fromEnv.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
  return { intervalMs, waitMs: given.waitMs ?? fromEnv.waitMs ?? defaultCheckpointWaitMs(intervalMs) };
}
