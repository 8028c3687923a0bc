import { sha256 } from '../../ledger/core/hash';
import { checkRow, verifyStreamRows, type StoredEntryRow } from '../../ledger/core/verify-stream';
import type { EntryHeader } from '../../schemas/entry-header.schema';
import { storedRow } from '../support/stored-rows';

function header(over: Partial<EntryHeader> = {}): EntryHeader {
  return {
    v: 1, index: 7, stream: 'syn-1', streamIndex: 0, kind: 'claim.record', contract: null, payloadHash: sha256('{}'),
    prevEntryHash: null, recordedAt: '2026-11-23T10:00:00.000Z',
    actor: { workflowId: 'syn-1', runId: 'r', activityType: 'extractClaims', activityId: '5' }, ...over,
  };
}

function row(h: EntryHeader, payload = '{}'): StoredEntryRow {
  return storedRow(h, payload);
}

describe('verifyStreamRows', () => {
  describe('when a link in the chain points elsewhere', () => {
    it('names the entry with expected and computed hashes and stops trusting what follows', () => {
      const a = row(header({ index: 0 }));
      const b = row(header({ index: 1, streamIndex: 1, prevEntryHash: sha256('not a') }));
      const c = row(header({ index: 2, streamIndex: 2, prevEntryHash: b.entry_hash }));
      const result = verifyStreamRows('syn-1', [a, b, c]);
      expect(result.firstBroken).toMatchObject({ index: 1, field: 'prevEntryHash', expected: a.entry_hash, computed: sha256('not a') });
      expect(result.entries.map((e) => e.status)).toEqual(['valid', 'broken', 'not-checked']);
      expect(checkRow(a, 0, null, 'syn-1')).toBeNull();
    });
  });
});
