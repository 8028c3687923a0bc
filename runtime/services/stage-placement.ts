/**
 * Where a synthesis without network providers runs the stages the activity
 * catalogue marks `inProcess` (docs/adr/0020): `local` (default) as local
 * activities inside the workflow task, `regular` as regular activities, which
 * keep each failed attempt's cause in the history and heartbeat while they run.
 */
import { EnvironmentError } from '../../common/errors';
import { IN_PROCESS_PLACEMENTS, type InProcessPlacement } from '../../activities/synthesis-context';

/** The environment variable that sets the placement. */
export const IN_PROCESS_STAGES_ENV = 'SYNTHLEDGER_IN_PROCESS_STAGES';

/**
 * The placement `env` sets; `local` when the variable is unset or empty.
 * CONFIG_INVALID names the variable and the values it takes for anything else.
 */
export function inProcessPlacementFromEnv(env: NodeJS.ProcessEnv = process.env): InProcessPlacement {
  const raw = env[IN_PROCESS_STAGES_ENV]?.trim();
  if (raw === undefined || raw === '') return 'local';
  if ((IN_PROCESS_PLACEMENTS as readonly string[]).includes(raw)) return raw as InProcessPlacement;
  throw new EnvironmentError('CONFIG_INVALID', `${IN_PROCESS_STAGES_ENV} must be one of ${IN_PROCESS_PLACEMENTS.map((p) => `"${p}"`).join(', ')}, got ${JSON.stringify(raw.slice(0, 40))}`,
    { details: { variable: IN_PROCESS_STAGES_ENV } });
}
