import { EnvironmentError } from '../../common/errors';
import { thrownBy } from '../support/caught';
import { CLAIM_CHECK_ENV, DEFAULT_CLAIM_CHECK_BYTES, MAX_CLAIM_CHECK_BYTES, claimCheckBytesFromEnv } from '../../runtime/temporal/claim-check-codec';

describe('the claim-check threshold from the environment', () => {
  it('is the default when unset or empty, and the number given otherwise (0: no new references)', () => {
    expect(claimCheckBytesFromEnv({})).toBe(DEFAULT_CLAIM_CHECK_BYTES);
    expect(claimCheckBytesFromEnv({ [CLAIM_CHECK_ENV]: ' ' })).toBe(DEFAULT_CLAIM_CHECK_BYTES);
    expect(claimCheckBytesFromEnv({ [CLAIM_CHECK_ENV]: '0' })).toBe(0);
    expect(claimCheckBytesFromEnv({ [CLAIM_CHECK_ENV]: String(MAX_CLAIM_CHECK_BYTES) })).toBe(MAX_CLAIM_CHECK_BYTES);
  });

  it.each(['0x10', '-1', '1e3', '4 KiB', String(MAX_CLAIM_CHECK_BYTES + 1), '99999999999'])('refuses %j with CONFIG_INVALID naming the variable and the range', (value) => {
    const caught = thrownBy(() => claimCheckBytesFromEnv({ [CLAIM_CHECK_ENV]: value }));
    expect(caught).toBeInstanceOf(EnvironmentError);
    expect(caught).toMatchObject({ code: 'CONFIG_INVALID', details: { variable: CLAIM_CHECK_ENV } });
    expect(caught.message).toContain(`${CLAIM_CHECK_ENV} must be a whole number of bytes from 0 to ${MAX_CLAIM_CHECK_BYTES}`);
  });
});
