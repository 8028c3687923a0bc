import { CHECKPOINT_INTERVAL_ENV, CHECKPOINT_WAIT_ENV, checkpointSettingsFromEnv } from '../../runtime/services/checkpoint-settings';

describe('checkpointSettingsFromEnv', () => {
  describe('when nothing is set', () => {
    it('checks every second and waits three intervals and a second', () => {
      expect(checkpointSettingsFromEnv({})).toEqual({ intervalMs: 1_000, waitMs: 4_000 });
      expect(checkpointSettingsFromEnv({ [CHECKPOINT_INTERVAL_ENV]: ' ', [CHECKPOINT_WAIT_ENV]: '' })).toEqual({ intervalMs: 1_000, waitMs: 4_000 });
    });
  });

  describe('when the interval is set', () => {
    it('takes it, and the default wait follows it unless the wait is set too', () => {
      expect(checkpointSettingsFromEnv({ [CHECKPOINT_INTERVAL_ENV]: '250' })).toEqual({ intervalMs: 250, waitMs: 1_750 });
      expect(checkpointSettingsFromEnv({ [CHECKPOINT_INTERVAL_ENV]: '250', [CHECKPOINT_WAIT_ENV]: '0' })).toEqual({ intervalMs: 250, waitMs: 0 });
      expect(checkpointSettingsFromEnv({ [CHECKPOINT_INTERVAL_ENV]: '250' }, { intervalMs: 100 })).toEqual({ intervalMs: 100, waitMs: 1_300 });
    });
  });

  describe('when a value is not a whole number of milliseconds in range', () => {
    it.each([
      [CHECKPOINT_INTERVAL_ENV, 'soon'], [CHECKPOINT_INTERVAL_ENV, '0'], [CHECKPOINT_INTERVAL_ENV, '9'], [CHECKPOINT_INTERVAL_ENV, '-100'],
      [CHECKPOINT_INTERVAL_ENV, '1.5'], [CHECKPOINT_INTERVAL_ENV, '1e3'], [CHECKPOINT_INTERVAL_ENV, '3600001'], [CHECKPOINT_INTERVAL_ENV, '99999999999'],
      [CHECKPOINT_WAIT_ENV, '-1'], [CHECKPOINT_WAIT_ENV, 'never'], [CHECKPOINT_WAIT_ENV, '3600001'],
    ])('refuses %s=%s with CONFIG_INVALID naming the variable and the rule', (variable, value) => {
      expect(() => checkpointSettingsFromEnv({ [variable]: value })).toThrow(expect.objectContaining({
        code: 'CONFIG_INVALID', details: { variable }, message: expect.stringMatching(new RegExp(`^${variable} must be a whole number of milliseconds from \\d+ to 3600000, got "`)),
      }));
    });
  });
});
