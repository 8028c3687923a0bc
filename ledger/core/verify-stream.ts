/**
 * Verifies one stream's hash chain from stored rows, trusting nothing but
 * the bytes: each header is re-hashed, each payload re-hashed, each link
 * compared. No database import, so it runs offline on exported rows.
 */
import { sha256 } from './hash';

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
  rows.forEach((row, position) => {
    const index = Number(row.idx);
    if (firstBroken) {
      entries.push({ index, streamIndex: row.stream_index, status: 'not-checked', reason: `follows broken entry ${firstBroken.index}` });
      return;
    }
    const broken = checkRow(row, position, prev, stream);
    if (broken) {
      firstBroken = { index, streamIndex: row.stream_index, status: 'broken', ...broken };
      entries.push(firstBroken);
    } else {
      entries.push({ index, streamIndex: row.stream_index, status: 'valid', entryHash: row.entry_hash });
      prev = row.entry_hash;
    }
  });
  return { stream, ok: firstBroken === null, entries, firstBroken, head: firstBroken ? null : prev };
}

type Break = { reason: string; field: string; expected: string; computed: string };

/** Checks one stored row on its own and against its predecessor's hash. */
export function checkRow(row: StoredEntryRow, position: number, prevHash: string | null, stream: string): Break | null {
  const computedEntryHash = sha256(row.header);
  if (computedEntryHash !== row.entry_hash) {
    return { reason: 'header bytes do not hash to the stored entry hash', field: 'entryHash', expected: row.entry_hash, computed: computedEntryHash };
  }
  let header: Record<string, unknown>;
  const notCanonical = (why: string): Break => ({ reason: `stored header is not canonical JSON (${why})`, field: 'header', expected: 'RFC 8785 canonical JSON', computed: row.header.slice(0, 120) });
  try {
    header = JSON.parse(row.header) as Record<string, unknown>;
  } catch (e) {
    return notCanonical((e as Error).message);
  }
  if (!isCanonicalHeader(header, row.header)) return notCanonical('not canonical');
  const computedPayloadHash = sha256(row.payload);
  if (computedPayloadHash !== header.payloadHash) {
    return { reason: 'payload bytes do not hash to the header payloadHash', field: 'payloadHash', expected: String(header.payloadHash), computed: computedPayloadHash };
  }
  const expectations: Array<[string, unknown, unknown]> = [
    ['stream', stream, header.stream],
    ['streamIndex', position, header.streamIndex],
    ['prevEntryHash', prevHash, header.prevEntryHash],
    ['index', Number(row.idx), header.index],
    ['column stream', header.stream, row.stream],
    ['column stream_index', header.streamIndex, row.stream_index],
    ['column kind', header.kind, row.kind],
    ['column contract', header.contract, row.contract],
    ['column payload_hash', header.payloadHash, row.payload_hash],
    ['column prev_entry_hash', header.prevEntryHash, row.prev_entry_hash],
  ];
  for (const [field, expected, computed] of expectations) {
    if (expected !== computed) {
      return { reason: `${field} does not match`, field, expected: String(expected), computed: String(computed) };
    }
  }
  return null;
}

const HEADER_KEYS = 'actor,contract,index,kind,payloadHash,prevEntryHash,recordedAt,stream,streamIndex,v';
const ACTOR_KEYS = 'activityId,activityType,runId,workflowId';

/**
 * True when `text` is the RFC 8785 form of `header`. A header has a fixed
 * shape (strings, integers, null, one nested object), so JCS reduces to:
 * members in sorted order and JSON.stringify's spelling of every value —
 * checked without re-serializing through the general canonicalizer, which
 * would cost as much as hashing twice.
 */
export function isCanonicalHeader(header: Record<string, unknown>, text: string): boolean {
  if (Object.keys(header).join(',') !== HEADER_KEYS) return false;
  const actor = header.actor;
  if (typeof actor !== 'object' || actor === null || Object.keys(actor).join(',') !== ACTOR_KEYS) return false;
  for (const v of [header.index, header.streamIndex, header.v]) if (!Number.isSafeInteger(v)) return false;
  // JSON.stringify of this shape equals JCS except for lone surrogates, which it escapes and JCS refuses.
  // Only a \u escape can spell a lone surrogate, so the regex runs only when the text has one.
  return JSON.stringify(header) === text && !(text.includes('\\u') && /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(text));
}
