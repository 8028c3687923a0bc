/** Whole numbers from environment variables, checked against a range (one rule, one message). */
import { EnvironmentError } from '../../common/errors';

/**
 * The whole number in `env[variable]`, or null when it is unset or empty.
 * CONFIG_INVALID names the variable and the rule when it is anything but a
 * whole number of `unit` from `range.min` to `range.max`.
 */
export function readWholeNumber(env: NodeJS.ProcessEnv, variable: string, range: { min: number; max: number }, unit: string): number | null {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return null;
  const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= range.min && n <= range.max)) {
    throw new EnvironmentError('CONFIG_INVALID', `${variable} must be a whole number of ${unit} from ${range.min} to ${range.max}, got ${JSON.stringify(raw.slice(0, 40))}`,
      { details: { variable } });
  }
  return n;
}
