/**
 * Splits the bytes of `COPY … TO STDOUT (FORMAT binary)` into tuples
 * (https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4):
 * an 11-byte signature, a 32-bit flags field and a header extension, then
 * per tuple a 16-bit field count and per field a 32-bit length (-1 for NULL)
 * followed by that many bytes, and a field count of -1 at the end. The
 * stream arrives in chunks that cut tuples anywhere; a tuple is handed out
 * as offsets into one buffer, so its fields are read (or only hashed) where
 * they lie, and only a tuple cut by a chunk boundary is copied.
 */
import { LedgerError } from '../../common/errors';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags and header-extension length. */
const HEADER_SIZE = SIGNATURE.length + 8;
/** Bytes of a chunk copied at first to complete a tuple cut by the chunk boundary (more when that does not complete it). */
const COMPLETE_FROM = 8192;

/**
 * Where one tuple's fields lie in `buffer`: field k starts at `at[2k]` and
 * has `at[2k + 1]` bytes, or -1 for NULL. Valid only during the call.
 */
export type OnTuple = (buffer: Buffer, at: Int32Array) => void;

/** Parses a binary COPY stream of tuples of `fields` fields each, chunk by chunk; see the module comment. */
export class CopyBinaryParser {
  private readonly at: Int32Array;
  /** Bytes received but not yet parsed: the start of a cut tuple (or of the header). */
  private rest: Buffer | null = null;
  private started = false;
  private ended = false;

  constructor(private readonly fields: number, private readonly onTuple: OnTuple) {
    this.at = new Int32Array(2 * fields);
  }

  /** Parses `chunk`, handing every tuple it completes to `onTuple`. */
  push(chunk: Buffer): void {
    if (this.ended) {
      if (chunk.length > 0) throw malformed('bytes after the end marker');
      return;
    }
    let at = 0;
    if (this.rest) {
      // Complete the cut tuple (or header) from the start of the chunk, copying as little as it takes.
      const rest = this.rest;
      let take = Math.min(chunk.length, COMPLETE_FROM);
      for (;;) {
        const joined = Buffer.concat([rest, chunk.subarray(0, take)]);
        const end = this.next(joined, 0);
        if (end >= 0) {
          at = end - rest.length;
          break;
        }
        if (take === chunk.length) {
          this.rest = joined;
          return;
        }
        take = chunk.length;
      }
      this.rest = null;
      if (this.ended) {
        if (at !== chunk.length) throw malformed('bytes after the end marker');
        return;
      }
    }
    for (;;) {
      const end = this.next(chunk, at);
      if (end < 0) {
        this.rest = at < chunk.length ? chunk.subarray(at) : null;
        return;
      }
      at = end;
      if (this.ended) {
        if (at !== chunk.length) throw malformed('bytes after the end marker');
        return;
      }
    }
  }

  /** Checks that the stream ended with its end marker. */
  finish(): void {
    if (!this.ended) throw malformed(this.started ? 'the stream ends inside a tuple, before the end marker' : 'the stream ends before its header');
  }

  /** Parses the header or the tuple at `start` when `buffer` holds all of it: returns the offset after it, or -1. */
  private next(buffer: Buffer, start: number): number {
    if (!this.started) {
      if (buffer.length - start < HEADER_SIZE) return -1;
      if (!buffer.subarray(start, start + SIGNATURE.length).equals(SIGNATURE)) throw malformed('the stream does not start with the binary COPY signature');
      const end = start + HEADER_SIZE + buffer.readUInt32BE(start + HEADER_SIZE - 4);
      if (end > buffer.length) return -1;
      this.started = true;
      return end;
    }
    if (buffer.length - start < 2) return -1;
    const count = buffer.readInt16BE(start);
    if (count === -1) {
      this.ended = true;
      return start + 2;
    }
    if (count !== this.fields) throw malformed(`a tuple has ${count} fields, expected ${this.fields}`);
    const at = this.at;
    let p = start + 2;
    for (let k = 0; k < count; k++) {
      if (buffer.length - p < 4) return -1;
      const length = buffer.readInt32BE(p);
      p += 4;
      at[2 * k] = p;
      at[2 * k + 1] = length;
      if (length > 0) p += length;
      else if (length < -1) throw malformed(`field ${k} has length ${length}`);
    }
    if (p > buffer.length) return -1;
    this.onTuple(buffer, at);
    return p;
  }
}

function malformed(what: string): LedgerError {
  return new LedgerError('LOG_STATE_CORRUPT', `binary COPY stream is malformed: ${what}`);
}
