import { EnvironmentError } from '../../common/errors';
import { thrownBy } from '../support/caught';
import { BATCH_AGE_ENV, BATCH_ENTRIES_ENV, SEQUENCER_ENV, sequencerSettingsFromEnv } from '../../runtime/services/sequencer-settings';

describe('sequencer settings from the environment', () => {
  it('keeps the ledger defaults when nothing is set (or set empty)', () => {
    expect(sequencerSettingsFromEnv({})).toEqual({});
    expect(sequencerSettingsFromEnv({ [SEQUENCER_ENV]: '', [BATCH_ENTRIES_ENV]: ' ', [BATCH_AGE_ENV]: '' })).toEqual({});
  });

  it('reads the sequencer, batch size and age', () => {
    expect(sequencerSettingsFromEnv({ [SEQUENCER_ENV]: 'direct', [BATCH_ENTRIES_ENV]: '256', [BATCH_AGE_ENV]: '5' }))
      .toEqual({ sequencer: 'direct', batchMaxEntries: 256, batchMaxAgeMs: 5 });
  });

  it.each([
    [SEQUENCER_ENV, 'fast', /must be "batch" or "direct"/],
    [BATCH_ENTRIES_ENV, '0', /whole number of entries from 1 to 100000/],
    [BATCH_ENTRIES_ENV, '0x10', /whole number of entries/],
    [BATCH_AGE_ENV, '1001', /whole number of milliseconds from 0 to 1000/],
    [BATCH_AGE_ENV, '-1', /whole number of milliseconds/],
  ])('refuses %s=%s with CONFIG_INVALID naming the variable', (variable, value, rule) => {
    const caught = thrownBy(() => sequencerSettingsFromEnv({ [variable]: value }));
    expect(caught).toBeInstanceOf(EnvironmentError);
    expect(caught).toMatchObject({ code: 'CONFIG_INVALID', details: { variable } });
    expect(caught.message).toMatch(rule);
    expect(caught.message).toContain(variable);
  });
});
