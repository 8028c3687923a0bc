/**
 * Verifies one stream's hash chain from stored rows, trusting nothing but
 * the bytes: each header is re-hashed, each payload re-hashed, each link
 * compared. No database import, so it runs offline on exported rows.
 */
import type { EntryHeader } from '../../schemas/entry-header.schema';
import { readCanonicalHeader } from './canonical-header';
import { sha256, sha256Matches } from './hash';

/** The stored form of an entry that verification reads (a database row or an export). */
export interface StoredEntryRow {
  idx: string | number;
  stream: string;
  stream_index: number;
  kind: string;
  contract: string | null;
  payload_hash: string;
  prev_entry_hash: string | null;
  entry_hash: string;
  header: string;
  payload: string;
}

/**
 * A stored row as read in binary (e.g. `COPY … (FORMAT binary)`): the
 * payload still its UTF-8 bytes, which verification only hashes, so they are
 * never decoded to a string; and beside the header text, its bytes as the
 * Merkle leaf input.
 */
export type StoredEntryBytesRow = Omit<StoredEntryRow, 'payload'> & {
  payload: Uint8Array;
  /** 0x00 followed by the UTF-8 bytes of `header`: its RFC 9162 leaf input. */
  leafInput: Uint8Array;
};

/** Per-entry verification status. */
export type EntryCheck =
  | { index: number; streamIndex: number; status: 'valid'; entryHash: string }
  | { index: number; streamIndex: number; status: 'broken'; reason: string; field: string; expected: string; computed: string }
  | { index: number; streamIndex: number; status: 'not-checked'; reason: string };

/** The result of verifying a stream: ok only when every entry is valid. */
export interface StreamVerification {
  stream: string;
  ok: boolean;
  entries: EntryCheck[];
  /** The first broken entry, if any. */
  firstBroken: Extract<EntryCheck, { status: 'broken' }> | null;
  head: string | null;
}

/** Verifies the chain of `rows` (one stream, in stream order). Entries after the first break are reported `not-checked`. */
export function verifyStreamRows(stream: string, rows: StoredEntryRow[]): StreamVerification {
  const entries: EntryCheck[] = [];
  let prev: string | null = null;
  let firstBroken: StreamVerification['firstBroken'] = null;
  for (let position = 0; position < rows.length; position++) {
    const row = rows[position]!;
    const index = Number(row.idx);
    if (firstBroken) {
      entries.push({ index, streamIndex: row.stream_index, status: 'not-checked', reason: `follows broken entry ${firstBroken.index}` });
      continue;
    }
    const broken = checkRow(row, position, prev, stream);
    if (broken) {
      firstBroken = { index, streamIndex: row.stream_index, status: 'broken', ...broken };
      entries.push(firstBroken);
    } else {
      entries.push({ index, streamIndex: row.stream_index, status: 'valid', entryHash: row.entry_hash });
      prev = row.entry_hash;
    }
  }
  return { stream, ok: firstBroken === null, entries, firstBroken, head: firstBroken ? null : prev };
}

/** Why a row fails a check: the rule, the field, and the expected and computed values. */
export type Break = { reason: string; field: string; expected: string; computed: string };

/** Checks one stored row on its own and against its predecessor's hash. */
export function checkRow(row: StoredEntryRow | StoredEntryBytesRow, position: number, prevHash: string | null, stream: string): Break | null {
  if (!sha256Matches(row.entry_hash, row.header)) {
    return { reason: 'header bytes do not hash to the stored entry hash', field: 'entryHash', expected: row.entry_hash, computed: sha256(row.header) };
  }
  let header: EntryHeader;
  try {
    header = readCanonicalHeader(row.header);
  } catch (e) {
    return { reason: `stored header is not canonical JSON (${(e as Error).message})`, field: 'header', expected: 'RFC 8785 canonical JSON', computed: row.header.slice(0, 120) };
  }
  if (!sha256Matches(header.payloadHash, row.payload)) {
    return { reason: 'payload bytes do not hash to the header payloadHash', field: 'payloadHash', expected: header.payloadHash, computed: sha256(row.payload) };
  }
  return mismatch('stream', stream, header.stream)
    ?? mismatch('streamIndex', position, header.streamIndex)
    ?? mismatch('prevEntryHash', prevHash, header.prevEntryHash)
    ?? mismatch('index', Number(row.idx), header.index)
    ?? mismatch('column stream', header.stream, row.stream)
    ?? mismatch('column stream_index', header.streamIndex, row.stream_index)
    ?? mismatch('column kind', header.kind, row.kind)
    ?? mismatch('column contract', header.contract, row.contract)
    ?? mismatch('column payload_hash', header.payloadHash, row.payload_hash)
    ?? mismatch('column prev_entry_hash', header.prevEntryHash, row.prev_entry_hash);
}

/**
 * Checks what one stored row says of itself: {@link checkRow} with the
 * stream, position and predecessor taken from the row's own columns, so it
 * needs no other row and runs on any thread. When it passes, the header's
 * `stream`, `streamIndex` and `prevEntryHash` are the row's columns, so
 * {@link checkLinks} on the columns then answers as {@link checkRow} does on
 * the header. When it fails, {@link checkRow} fails too, with the same break
 * or with one of the links it checks first.
 */
export function checkRowAlone(row: StoredEntryRow | StoredEntryBytesRow): Break | null {
  return checkRow(row, row.stream_index, row.prev_entry_hash, row.stream);
}

/** The links of a row that passed {@link checkRowAlone}, against its stream's entry count and head so far: {@link checkRow}'s link checks, on the columns. */
export function checkLinks(row: Pick<StoredEntryRow, 'stream_index' | 'prev_entry_hash'>, position: number, prevHash: string | null): Break | null {
  return mismatch('streamIndex', position, row.stream_index) ?? mismatch('prevEntryHash', prevHash, row.prev_entry_hash);
}

/** The break when `computed` is not `expected` (compared with ===, so a column of another type never passes). */
function mismatch(field: string, expected: unknown, computed: unknown): Break | null {
  return expected === computed ? null : { reason: `${field} does not match`, field, expected: String(expected), computed: String(computed) };
}
