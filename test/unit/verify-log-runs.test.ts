import { checkRun } from '../../ledger/core/checked-run';
import { signCheckpoint } from '../../ledger/core/checkpoint';
import { sha256 } from '../../ledger/core/hash';
import { leafHashOfText, rootFromLeafHashes } from '../../ledger/core/merkle';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { verifyLog, type CheckedRunSource, type SignedCheckpointNote } from '../../ledger/core/verify-log';
import type { StoredEntryRow } from '../../ledger/core/verify-stream';
import { reforged, storedLog } from '../support/stored-rows';

const key = parseSignerKey(generateSigningKey('runs.test/log').signerKey);

/** A checkpoint signed over `rows` as they are. */
function checkpointOf(rows: StoredEntryRow[]): SignedCheckpointNote {
  const rootHash = rootFromLeafHashes(rows.map((r) => leafHashOfText(r.header)));
  return { treeSize: rows.length, note: signCheckpoint({ origin: 'runs.test/log', treeSize: rows.length, rootHash }, key) };
}

/** `rows` in memory as a source of runs of `size` rows (checked on this thread), as the reader hands them out. */
function runsOf(rows: StoredEntryRow[], size: number): CheckedRunSource {
  return {
    async *rowBatches(from, to, batch = size) {
      for (let i = from; i < Math.min(to, rows.length); i += batch) yield rows.slice(i, Math.min(i + batch, to));
    },
    async *checkedRuns(from, to) {
      for (let i = from; i < Math.min(to, rows.length); i += size) {
        const run = checkRun(rows.slice(i, Math.min(i + size, to)), i);
        yield run;
        if (run.broken) return;
      }
    },
  };
}

const paged = (rows: StoredEntryRow[]) => async (from: number, to: number) => rows.slice(from, to);

describe('verifyLog over checked runs', () => {
  it('verifies a log in runs of any size, aligned or not, with the root row by row gives', async () => {
    const rows = storedLog(23);
    for (const size of [1, 3, 4, 8, 23]) {
      const progress: number[] = [];
      const v = await verifyLog(runsOf(rows, size), checkpointOf(rows), key.verifierKey, { onProgress: (checked) => progress.push(checked) });
      expect(v).toMatchObject({ ok: true, entriesChecked: 23, checkpoint: { ok: true }, firstBroken: null });
      expect(progress.at(-1)).toBe(23);
      expect(progress).toHaveLength(Math.ceil(23 / size));
    }
  });

  // Runs of 4: rows 12..15 make one run, in which row 13 is the first of stream s1, so its links are checked between runs.
  it('names a row that links to the wrong predecessor across runs as the row-by-row reading does', async () => {
    const rows = storedLog(20);
    rows[13] = reforged(rows[13]!, { prevEntryHash: sha256('elsewhere') });
    const cp = checkpointOf(rows);
    const byRuns = await verifyLog(runsOf(rows, 4), cp, key.verifierKey);
    expect(byRuns).toMatchObject({ ok: false, entriesChecked: 13, firstBroken: { index: 13, field: 'prevEntryHash', expected: rows[10]!.entry_hash, computed: sha256('elsewhere') } });
    expect(await verifyLog(paged(rows), cp, key.verifierKey)).toEqual(byRuns);
  });

  it('names a row whose stream index skips across runs as the row-by-row reading does', async () => {
    const rows = storedLog(20);
    rows[13] = reforged(rows[13]!, { streamIndex: 9 });
    const cp = checkpointOf(rows);
    const byRuns = await verifyLog(runsOf(rows, 4), cp, key.verifierKey);
    expect(byRuns).toMatchObject({ ok: false, entriesChecked: 13, firstBroken: { index: 13, field: 'streamIndex', expected: '4', computed: '9' } });
    expect(await verifyLog(paged(rows), cp, key.verifierKey)).toEqual(byRuns);
  });

  it('names a row broken on its own inside a run as the row-by-row reading does', async () => {
    const rows = storedLog(20);
    rows[14] = { ...rows[14]!, kind: 'test.other' };
    const cp = checkpointOf(rows);
    const byRuns = await verifyLog(runsOf(rows, 4), cp, key.verifierKey);
    expect(byRuns).toMatchObject({ ok: false, entriesChecked: 14, firstBroken: { index: 14, field: 'column kind' } });
    expect(await verifyLog(paged(rows), cp, key.verifierKey)).toEqual(byRuns);
  });

  it('refuses a source whose run starts elsewhere than the next index', async () => {
    const rows = storedLog(8);
    const skipping: CheckedRunSource = { ...runsOf(rows, 4), async *checkedRuns() { yield checkRun(rows.slice(4), 4); } };
    await expect(verifyLog(skipping, checkpointOf(rows), key.verifierKey)).rejects.toMatchObject({ code: 'LOG_STATE_CORRUPT', message: 'a checked run starts at index 4 where 0 is next' });
  });
});
