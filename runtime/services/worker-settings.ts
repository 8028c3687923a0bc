/** Everything a worker reads from the environment besides its connections, checked at once. */
import { checkpointSettingsFromEnv, type CheckpointSettings } from './checkpoint-settings';
import { inProcessPlacementFromEnv } from './stage-placement';
import type { InProcessPlacement } from '../../activities/synthesis-context';

/** A worker's settings from the environment. */
export interface WorkerSettings {
  /** When the background checkpointer signs, and how long a publication waits for it (docs/adr/0015). */
  checkpoints: CheckpointSettings;
  /** Where a synthesis without network providers runs its in-process stages (docs/adr/0020). */
  inProcessStages: InProcessPlacement;
}

/**
 * The worker settings `env` sets. Commands call it before they connect to
 * anything, so a bad value (CONFIG_INVALID, naming the variable and its rule)
 * stops them first.
 */
export function workerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  return { checkpoints: checkpointSettingsFromEnv(env), inProcessStages: inProcessPlacementFromEnv(env) };
}
