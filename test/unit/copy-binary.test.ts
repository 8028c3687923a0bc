import { CopyBinaryParser } from '../../ledger/store/copy-binary';

/** A binary COPY stream (PostgreSQL's format) of `tuples`, each field text or NULL, with a header extension of `extension` bytes. */
function copyStream(tuples: Array<Array<string | null>>, extension = 0): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')];
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  const int16 = (n: number) => {
    const b = Buffer.alloc(2);
    b.writeInt16BE(n);
    return b;
  };
  parts.push(int32(0), int32(extension), Buffer.alloc(extension, 7));
  for (const t of tuples) {
    parts.push(int16(t.length));
    for (const f of t) {
      if (f === null) parts.push(int32(-1));
      else {
        const bytes = Buffer.from(f, 'utf8');
        parts.push(int32(bytes.length), bytes);
      }
    }
  }
  parts.push(int16(-1));
  return Buffer.concat(parts);
}

/** Parses `chunks` in turn; returns every tuple's fields as text (null for NULL). */
function parse(fields: number, chunks: Buffer[]): Array<Array<string | null>> {
  const out: Array<Array<string | null>> = [];
  const parser = new CopyBinaryParser(fields, (buffer, at) => {
    const row: Array<string | null> = [];
    for (let k = 0; k < fields; k++) row.push(at[2 * k + 1]! < 0 ? null : buffer.toString('utf8', at[2 * k]!, at[2 * k]! + at[2 * k + 1]!));
    out.push(row);
  });
  for (const c of chunks) parser.push(c);
  parser.finish();
  return out;
}

const TUPLES: Array<Array<string | null>> = [
  ['0', 'ünïcode ✓', null],
  ['1', '', 'x'.repeat(20_000)],
  ['2', 'short', '{"a":1}'],
];

describe('CopyBinaryParser', () => {
  it('reads every tuple of a stream handed over in one chunk', () => {
    expect(parse(3, [copyStream(TUPLES, 5)])).toEqual(TUPLES);
  });

  it('reads the same tuples wherever the chunks cut the stream', () => {
    const stream = copyStream(TUPLES, 3);
    for (let cut = 0; cut <= stream.length; cut += cut < 200 ? 1 : 97) {
      expect(parse(3, [stream.subarray(0, cut), stream.subarray(cut)])).toEqual(TUPLES);
    }
    // Chunks of 13 bytes: tuples and the 20,000-byte field span many of them.
    const small: Buffer[] = [];
    for (let at = 0; at < stream.length; at += 13) small.push(stream.subarray(at, at + 13));
    expect(parse(3, small)).toEqual(TUPLES);
  });

  it('refuses a stream without the signature, a tuple of another width, bytes after the end, and a stream cut short', () => {
    const stream = copyStream(TUPLES);
    expect(() => parse(3, [Buffer.concat([Buffer.from('PGCOPZ'), stream.subarray(6)])])).toThrow(/signature/);
    expect(() => parse(2, [stream])).toThrow(/has 3 fields, expected 2/);
    expect(() => parse(3, [stream, Buffer.from([0])])).toThrow(/after the end marker/);
    expect(() => parse(3, [stream.subarray(0, stream.length - 40)])).toThrow(/ends inside a tuple/);
    expect(() => parse(3, [stream.subarray(0, 10)])).toThrow(/ends before its header/);
  });
});
