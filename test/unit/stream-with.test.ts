/** streamWith: a stream read while an entry was appended, completed with that entry. */
import { makeEntry, type LedgerEntry } from '../../ledger/core/ledger-entry';
import { sha256 } from '../../ledger/core/hash';
import { streamWith } from '../../ledger/core/stream-with';

/** Entries 0..n-1 of one stream, chained. */
function chain(n: number, stream = 's'): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let i = 0; i < n; i++) {
    const payloadJson = JSON.stringify({ i });
    out.push(makeEntry({
      v: 1, index: 10 + i, stream, streamIndex: i, kind: 'test.note', contract: null, payloadHash: sha256(payloadJson),
      prevEntryHash: out[i - 1]?.entryHash ?? null, recordedAt: '2026-12-03T00:00:00.000Z',
      actor: { workflowId: null, runId: null, activityType: null, activityId: null },
    }, payloadJson, `${stream}/${i}`));
  }
  return out;
}

describe('streamWith', () => {
  const entries = chain(4);
  const appended = entries[3]!;

  it('adds the entry to a read made before it landed', () => {
    expect(streamWith(entries.slice(0, 3), appended)).toEqual(entries);
  });

  it('keeps a read that saw the entry, with what followed it', () => {
    expect(streamWith(entries, appended)).toEqual(entries);
    expect(streamWith(chain(6), chain(6)[3]!)).toEqual(chain(6));
  });

  it('takes the first entry of a stream on an empty read', () => {
    expect(streamWith([], entries[0]!)).toEqual([entries[0]]);
  });

  it('asks for a new read when the read does not fit the entry', () => {
    // Entries before it missing.
    expect(streamWith(entries.slice(0, 2), appended)).toBeNull();
    // Another entry where it stands, or a different one before it.
    expect(streamWith(chain(4, 'other'), appended)).toBeNull();
    expect(streamWith(chain(3, 'other'), appended)).toBeNull();
  });
});
