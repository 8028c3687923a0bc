import { mapBounded } from '../../common/bounded-map';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapBounded', () => {
  it('keeps at most `limit` calls in flight and returns results in item order', async () => {
    let inFlight = 0;
    let most = 0;
    const finished: number[] = [];
    const out = await mapBounded([50, 40, 30, 20, 10, 5], 3, async (ms, i) => {
      most = Math.max(most, ++inFlight);
      await tick(ms);
      inFlight--;
      finished.push(i);
      return i * 10;
    });
    expect(most).toBe(3);
    expect(out).toEqual([0, 10, 20, 30, 40, 50]);
    expect(finished).not.toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('starts nothing after a failure, waits for the calls in flight, and throws the first failure in item order', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapBounded([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await tick(i === 0 ? 30 : 5);
      settled++;
      if (i === 0 || i === 1) throw new Error(`item ${i}`);
      return i;
    });
    await expect(run).rejects.toThrow('item 0');
    // Item 1 failed first (5 ms): nothing after it started; item 0, in flight, was waited for.
    expect(started).toEqual([0, 1]);
    expect(settled).toBe(2);
  });

  it('returns [] for no items and refuses a limit that is not a positive integer', async () => {
    await expect(mapBounded([], 4, async () => 1)).resolves.toEqual([]);
    await expect(mapBounded([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
