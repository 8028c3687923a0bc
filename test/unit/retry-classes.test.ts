import { compileRetryPolicy } from '@temporalio/common';
import { ACTIVITY_CATALOGUE } from '../../activities/catalogue/activity-catalogue';
import { DEFAULT_TIMEOUTS } from '../../activities/synthesis-types';
import { NON_RETRYABLE_CODES } from '../../common/errors';
import { ATTEMPT_TIMEOUTS_MS, RETRY_POLICIES } from '../../workflows/catalogued-activities';
import { heartbeatTimeoutMs, localRetryThresholdMs } from '../../workflows/retry-policies';

describe('retry classes', () => {
  describe('when each class is compiled as Temporal will', () => {
    it.each(Object.keys(RETRY_POLICIES) as Array<keyof typeof RETRY_POLICIES>)('the %s policy is valid and never retries a non-retryable code', (retryClass) => {
      const policy = RETRY_POLICIES[retryClass](DEFAULT_TIMEOUTS);
      expect(() => compileRetryPolicy(policy)).not.toThrow();
      expect(policy.nonRetryableErrorTypes).toEqual([...NON_RETRYABLE_CODES]);
    });
  });

  describe('when a stage comes after approval', () => {
    it('publication, the human decision, the outcome and corrections are committed', () => {
      const committed = Object.entries(ACTIVITY_CATALOGUE).filter(([, s]) => s.retry === 'committed').map(([n]) => n).sort();
      expect(committed).toEqual(['appendCorrection', 'publishCorrectedManifest', 'publishSynthesis', 'recordHumanReview', 'recordOutcome']);
    });

    it('retries without an attempt cap, with backoff bounded at 10 initial intervals', () => {
      const policy = RETRY_POLICIES.committed(DEFAULT_TIMEOUTS);
      expect(policy.maximumAttempts).toBeUndefined();
      expect(policy.maximumInterval).toBe(10 * DEFAULT_TIMEOUTS.retryInitialMs);
    });

    it('gives up an attempt on a dead worker after 30 s, not the 60 s activity timeout', () => {
      expect(ATTEMPT_TIMEOUTS_MS.committed(DEFAULT_TIMEOUTS)).toBe(30_000);
      expect(ATTEMPT_TIMEOUTS_MS.committed({ ...DEFAULT_TIMEOUTS, activityMs: 5_000 })).toBe(5_000);
    });
  });

  describe('when a stage is before approval', () => {
    it('keeps an attempt cap, so a stuck pre-publication stage ends the synthesis', () => {
      expect(RETRY_POLICIES.local(DEFAULT_TIMEOUTS).maximumAttempts).toBe(6);
      expect(RETRY_POLICIES.network(DEFAULT_TIMEOUTS).maximumAttempts).toBe(10);
    });
  });

  describe('when a stage runs as a local activity', () => {
    it.each(Object.keys(RETRY_POLICIES) as Array<keyof typeof RETRY_POLICIES>)('every %s backoff stays under the local retry threshold, so a retry keeps its activity id', (retryClass) => {
      for (const t of [DEFAULT_TIMEOUTS, { ...DEFAULT_TIMEOUTS, retryInitialMs: 100 }]) {
        const policy = RETRY_POLICIES[retryClass](t);
        const threshold = localRetryThresholdMs(policy);
        // Backoffs grow by the coefficient from the initial interval and stop at the maximum interval.
        let backoff = Number(policy.initialInterval);
        for (let attempt = 1; attempt < 30; attempt++, backoff = Math.min(backoff * Number(policy.backoffCoefficient), Number(policy.maximumInterval))) {
          expect(backoff).toBeLessThanOrEqual(threshold);
        }
        expect(threshold).toBe(policy.maximumInterval);
      }
    });
  });

  describe('when a worker dies mid-attempt', () => {
    it('every attempt has a 10 s heartbeat timeout by default, capped at its start-to-close timeout', () => {
      for (const retryClass of Object.keys(ATTEMPT_TIMEOUTS_MS) as Array<keyof typeof ATTEMPT_TIMEOUTS_MS>) {
        const startToClose = ATTEMPT_TIMEOUTS_MS[retryClass](DEFAULT_TIMEOUTS);
        expect(heartbeatTimeoutMs(DEFAULT_TIMEOUTS, startToClose)).toBe(10_000);
      }
      expect(heartbeatTimeoutMs(DEFAULT_TIMEOUTS, 4_000)).toBe(4_000);
    });
  });
});
