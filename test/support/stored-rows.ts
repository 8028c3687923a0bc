/** Stored rows built in memory, chained as the writer chains them, for the verifiers' unit tests. */
import { sha256 } from '../../ledger/core/hash';
import { makeEntry } from '../../ledger/core/ledger-entry';
import type { StoredEntryRow } from '../../ledger/core/verify-stream';
import type { EntryHeader } from '../../schemas/entry-header.schema';

/** A log of `size` rows over three streams (row i in stream `s${i % 3}`). */
export function storedLog(size: number): StoredEntryRow[] {
  const heads = new Map<string, { hash: string; count: number }>();
  return Array.from({ length: size }, (_, index) => {
    const stream = `s${index % 3}`;
    const head = heads.get(stream);
    const payload = JSON.stringify({ index });
    const row = storedRow({
      v: 1, index, stream, streamIndex: head?.count ?? 0, kind: 'test.note', contract: null, payloadHash: sha256(payload),
      prevEntryHash: head?.hash ?? null, recordedAt: '2026-12-03T10:00:00.000Z', actor: { workflowId: null, runId: null, activityType: null, activityId: null },
    }, payload);
    heads.set(stream, { hash: row.entry_hash, count: (head?.count ?? 0) + 1 });
    return row;
  });
}

/** The stored row of the entry `h` with `payload`, its columns as the header says. */
export function storedRow(h: EntryHeader, payload: string): StoredEntryRow {
  const e = makeEntry(h, payload, `k${h.index}`);
  return { idx: h.index, stream: h.stream, stream_index: h.streamIndex, kind: h.kind, contract: h.contract, payload_hash: h.payloadHash, prev_entry_hash: h.prevEntryHash, entry_hash: e.entryHash, header: e.headerJson, payload };
}

/** `row` written again with `change` to its header (columns and hashes made to agree): whole on its own, wrong only in what it links to. */
export function reforged(row: StoredEntryRow, change: Partial<EntryHeader>): StoredEntryRow {
  return storedRow({ ...(JSON.parse(row.header) as EntryHeader), ...change }, row.payload);
}
