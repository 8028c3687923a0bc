import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { EnvironmentError, LedgerError, NON_RETRYABLE_CODES, ValidationError, VerificationError, isErrorCode } from '../../common/errors';
import { fromFailure, toApplicationFailure, toTemporalFailure, unwrapFailure } from '../../common/temporal-failure';
import { withFailureClassification } from '../../activities/activity-context';
import { RootMismatchError, verifyInclusion } from '../../ledger/core/merkle-verify';

/** What the client sees of a failed activity: the activity failure wrapping the application failure. */
function asActivityFailure(failure: ApplicationFailure): ActivityFailure {
  return new ActivityFailure('activity failed', 'someActivity', '1', RetryState.NON_RETRYABLE_FAILURE, undefined, failure);
}

describe('toApplicationFailure', () => {
  describe('when given a validation error', () => {
    it('uses the code as the type, marks it non-retryable and carries the issues as details', () => {
      const issues = [{ code: 'required', path: '$.question', message: 'question is required' }];
      const failure = toApplicationFailure(new ValidationError('INVALID_ARGUMENT', issues));
      expect(failure.type).toBe('INVALID_ARGUMENT');
      expect(failure.nonRetryable).toBe(true);
      expect(failure.details).toEqual([expect.objectContaining({ code: 'INVALID_ARGUMENT', issues, retryable: false })]);
    });
  });

  describe('when given a retryable error', () => {
    it('leaves the failure retryable', () => {
      expect(toApplicationFailure(new EnvironmentError('SOURCE_UNAVAILABLE', 'arXiv is down', { retryable: true })).nonRetryable).toBe(false);
    });
  });
});

describe('fromFailure', () => {
  describe('when our failure is somewhere in the cause chain', () => {
    it.each([
      ['validation', new ValidationError('SCHEMA_INVALID', [{ code: 'type', path: '$.a', message: 'must be a string' }]), ValidationError],
      ['ledger', new LedgerError('IDEMPOTENCY_CONFLICT', 'key reused with another payload', { details: { key: 'k' } }), LedgerError],
      ['verification', new VerificationError('CHAIN_BROKEN', 'entry 3 does not link'), VerificationError],
      ['environment', new EnvironmentError('PROVIDER_ERROR', 'model refused', { retryable: true }), EnvironmentError],
    ])('rebuilds the %s error of the right subclass with code, message, issues, details and retryability', (_family, original, subclass) => {
      const rebuilt = fromFailure(asActivityFailure(toApplicationFailure(original)));
      expect(rebuilt).toBeInstanceOf(subclass);
      expect(rebuilt).toMatchObject({ code: original.code, message: original.message, issues: original.issues, details: original.details, retryable: original.retryable });
    });

    it('keeps the expected and computed roots of a Merkle mismatch', () => {
      const root = new Uint8Array(32);
      const err = (() => {
        try {
          verifyInclusion(new Uint8Array(32).fill(1), 0, 1, [], root);
        } catch (e) {
          return e as RootMismatchError;
        }
        throw new Error('expected a mismatch');
      })();
      expect(err).toBeInstanceOf(RootMismatchError);
      expect(err.expected).toBe('00'.repeat(32));
      expect(err.computed).toMatch(/^[0-9a-f]{64}$/);
      expect(err.computed).not.toBe(err.expected);
      expect(err.message).toContain(`not the expected root ${err.expected}`);
      expect(fromFailure(toApplicationFailure(err))).toMatchObject({ code: 'PROOF_MISMATCH', details: { expected: err.expected, computed: err.computed } });
    });
  });

  describe('when the failure is not ours', () => {
    it('returns undefined, and unwrapFailure returns the error unchanged', () => {
      const foreign = asActivityFailure(ApplicationFailure.retryable('injected', 'INJECTED_TRANSIENT'));
      expect(fromFailure(foreign)).toBeUndefined();
      expect(unwrapFailure(foreign)).toBe(foreign);
    });
  });

  describe('when the details are malformed', () => {
    it('keeps only well-formed issues and never reads the message for them', () => {
      const failure = ApplicationFailure.create({
        type: 'INVALID_ARGUMENT', message: '$.x: looks like an issue', nonRetryable: true,
        details: [{ issues: [{ code: 'ok', path: '$.y', message: 'fine' }, { path: 3 }, 'text'], details: 'not an object' }],
      });
      expect(fromFailure(failure)).toMatchObject({ code: 'INVALID_ARGUMENT', issues: [{ code: 'ok', path: '$.y', message: 'fine' }], details: {}, retryable: false });
    });
  });
});

describe('withFailureClassification', () => {
  describe('when an activity throws', () => {
    const activities = withFailureClassification({
      async refuse() {
        throw ValidationError.single('INVALID_ARGUMENT', '$.question', 'required', 'question is required');
      },
      async crash() {
        throw new Error('bug');
      },
    });

    it('turns our error into a non-retryable ApplicationFailure typed by its code', async () => {
      const failure = await activities.refuse().then(() => null, (e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'INVALID_ARGUMENT', nonRetryable: true });
      expect(fromFailure(failure)).toMatchObject({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: '$.question' })] });
    });

    it('passes any other error through unchanged (retryable)', async () => {
      await expect(activities.crash()).rejects.toThrow('bug');
      expect(toTemporalFailure(new Error('x'))).not.toBeInstanceOf(ApplicationFailure);
    });
  });
});

describe('NON_RETRYABLE_CODES', () => {
  describe('when listed', () => {
    it('holds only codes we raise, and every validation code', () => {
      expect(NON_RETRYABLE_CODES.every(isErrorCode)).toBe(true);
      expect(NON_RETRYABLE_CODES).toEqual(expect.arrayContaining(['INVALID_ARGUMENT', 'SCHEMA_INVALID', 'IDEMPOTENCY_CONFLICT']));
      expect(isErrorCode('INJECTED_TRANSIENT')).toBe(false);
    });
  });
});
