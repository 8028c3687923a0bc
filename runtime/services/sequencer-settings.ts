/**
 * How this process appends to the ledger (docs/adr/0014), from the
 * environment: through the batch sequencer (default) or directly, and the
 * batch sequencer's batch size and age.
 */
import { EnvironmentError } from '../../common/errors';
import type { LedgerOpenOptions } from '../../ledger';
import { readWholeNumber } from './env-numbers';

/** `batch` (default) or `direct`. */
export const SEQUENCER_ENV = 'SYNTHLEDGER_LEDGER_SEQUENCER';
/** Most entries one integration appends. */
export const BATCH_ENTRIES_ENV = 'SYNTHLEDGER_LEDGER_BATCH_ENTRIES';
/** Milliseconds the integrator lets submissions gather after it is woken. */
export const BATCH_AGE_ENV = 'SYNTHLEDGER_LEDGER_BATCH_AGE_MS';

/**
 * The sequencer options of {@link SEQUENCER_ENV}, {@link BATCH_ENTRIES_ENV}
 * (1 to 100000) and {@link BATCH_AGE_ENV} (0 to 1000); unset or empty keeps
 * the ledger's defaults. CONFIG_INVALID names the variable and the rule.
 */
export function sequencerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<LedgerOpenOptions, 'sequencer' | 'batchMaxEntries' | 'batchMaxAgeMs'> {
  const raw = env[SEQUENCER_ENV]?.trim();
  if (raw !== undefined && raw !== '' && raw !== 'batch' && raw !== 'direct') {
    throw new EnvironmentError('CONFIG_INVALID', `${SEQUENCER_ENV} must be "batch" or "direct", got ${JSON.stringify(raw.slice(0, 40))}`, { details: { variable: SEQUENCER_ENV } });
  }
  const entries = readWholeNumber(env, BATCH_ENTRIES_ENV, { min: 1, max: 100_000 }, 'entries');
  const age = readWholeNumber(env, BATCH_AGE_ENV, { min: 0, max: 1_000 }, 'milliseconds');
  return {
    ...(raw ? { sequencer: raw as 'batch' | 'direct' } : {}),
    ...(entries !== null ? { batchMaxEntries: entries } : {}),
    ...(age !== null ? { batchMaxAgeMs: age } : {}),
  };
}
