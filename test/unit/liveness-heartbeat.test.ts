import { MockActivityEnvironment } from '@temporalio/testing';
import { heartbeat, withLivenessHeartbeat } from '../../activities/activity-context';

/** Runs `fn` wrapped by withLivenessHeartbeat as an activity with `info`; returns its result and the heartbeats it sent. */
async function runWrapped(info: { isLocal: boolean; heartbeatTimeoutMs?: number }, fn: (heartbeats: unknown[]) => Promise<string>): Promise<{ result: string; heartbeats: unknown[] }> {
  const env = new MockActivityEnvironment(info);
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (d: unknown) => heartbeats.push(d));
  const { work } = withLivenessHeartbeat({ work: () => fn(heartbeats) });
  const result = await env.run(work) as string;
  return { result, heartbeats };
}

const sleepThen = (ms: number, value: string) => () => new Promise<string>((r) => setTimeout(() => r(value), ms));

/**
 * Runs until `count` heartbeats were sent or `limitMs` passed, in short sleeps: a loaded machine that stalls the
 * event loop delays the heartbeats but cannot make the activity end before they had their chance.
 */
const runUntilHeartbeats = (count: number, limitMs: number, value: string) => async (heartbeats: unknown[]) => {
  const deadline = Date.now() + limitMs;
  while (heartbeats.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return value;
};

describe('liveness heartbeats', () => {
  describe('when a regular activity runs longer than a third of its heartbeat timeout', () => {
    it('heartbeats while it runs and returns its result', async () => {
      // A heartbeat every 100 ms (a third of 300): two within 5 s, however loaded the machine.
      const { result, heartbeats } = await runWrapped({ isLocal: false, heartbeatTimeoutMs: 300 }, runUntilHeartbeats(2, 5_000, 'done'));
      expect(result).toBe('done');
      expect(heartbeats.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('when the same function runs as a local activity (no heartbeat exists)', () => {
    it('runs it unchanged and sends no heartbeat, even with a heartbeat timeout in its info', async () => {
      const { result, heartbeats } = await runWrapped({ isLocal: true, heartbeatTimeoutMs: 300 }, sleepThen(450, 'done'));
      expect(result).toBe('done');
      expect(heartbeats).toEqual([]);
    });

    it('makes an explicit progress heartbeat a no-op', async () => {
      const { heartbeats } = await runWrapped({ isLocal: true }, async () => {
        heartbeat({ extracted: 3 });
        return 'ok';
      });
      expect(heartbeats).toEqual([]);
      const regular = await runWrapped({ isLocal: false }, async () => {
        heartbeat({ extracted: 3 });
        return 'ok';
      });
      expect(regular.heartbeats).toEqual([{ extracted: 3 }]);
    });
  });
});
