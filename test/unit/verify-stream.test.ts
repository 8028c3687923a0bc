import { canonicalize } from '../../ledger/core/canonical-json';
import { sha256 } from '../../ledger/core/hash';
import { makeEntry } from '../../ledger/core/ledger-entry';
import { checkRow, isCanonicalHeader, verifyStreamRows, type StoredEntryRow } from '../../ledger/core/verify-stream';
import type { EntryHeader } from '../../schemas/entry-header.schema';

function header(over: Partial<EntryHeader> = {}): EntryHeader {
  return {
    v: 1, index: 7, stream: 'syn-1', streamIndex: 0, kind: 'claim.record', contract: null, payloadHash: sha256('{}'),
    prevEntryHash: null, recordedAt: '2026-11-23T10:00:00.000Z',
    actor: { workflowId: 'syn-1', runId: 'r', activityType: 'extractClaims', activityId: '5' }, ...over,
  };
}

function row(h: EntryHeader, payload = '{}'): StoredEntryRow {
  const e = makeEntry(h, payload, 'k');
  return { idx: h.index, stream: h.stream, stream_index: h.streamIndex, kind: h.kind, contract: h.contract, payload_hash: h.payloadHash,
    prev_entry_hash: h.prevEntryHash, entry_hash: e.entryHash, header: e.headerJson, payload };
}

describe('isCanonicalHeader', () => {
  describe('when the text is the JCS form of the header', () => {
    it('accepts it, including odd Unicode in strings', () => {
      const h = header({ stream: "it's \u202e😀 e\u0301 \"q\" \\ \u0000" });
      expect(isCanonicalHeader(JSON.parse(canonicalize(h)), canonicalize(h))).toBe(true);
    });
  });

  describe('when the text spells the same header another way', () => {
    it.each([
      ['with whitespace', (t: string) => t.replace(',', ', ')],
      ['with keys out of order', (t: string) => `{"v":1,${t.slice(1).replace(/,"v":1/, '')}`],
      ['with an escaped character JCS writes raw', (t: string) => t.replace('syn-1', 'syn\\u002d1')],
      ['with a lone surrogate escape', (t: string) => t.replace('syn-1', 'syn\\ud800')],
      ['with a non-integer index', (t: string) => t.replace('"index":7', '"index":7.5')],
    ])('refuses it %s', (_name, mutate) => {
      const text = mutate(canonicalize(header()));
      // Every mutation must change the text and still parse, or the case would test nothing.
      expect(text).not.toBe(canonicalize(header()));
      const parsed = JSON.parse(text) as Record<string, unknown>;
      expect(isCanonicalHeader(parsed, text)).toBe(false);
    });
  });
});

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
