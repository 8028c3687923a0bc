import { MockActivityEnvironment } from '@temporalio/testing';
import { heartbeat, withLivenessHeartbeat } from '../../activities/activity-context';

/** Runs `fn` wrapped by withLivenessHeartbeat as an activity with `info`; returns its result and the heartbeats it sent. */
async function runWrapped(info: { isLocal: boolean; heartbeatTimeoutMs?: number }, fn: () => Promise<string>): Promise<{ result: string; heartbeats: unknown[] }> {
  const env = new MockActivityEnvironment(info);
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (d: unknown) => heartbeats.push(d));
  const { work } = withLivenessHeartbeat({ work: fn });
  const result = await env.run(work) as string;
  return { result, heartbeats };
}

const sleepThen = (ms: number, value: string) => () => new Promise<string>((r) => setTimeout(() => r(value), ms));

describe('liveness heartbeats', () => {
  describe('when a regular activity runs longer than a third of its heartbeat timeout', () => {
    it('heartbeats while it runs and returns its result', async () => {
      const { result, heartbeats } = await runWrapped({ isLocal: false, heartbeatTimeoutMs: 300 }, sleepThen(450, 'done'));
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
