import { sql } from 'kysely';
import { Ledger } from '../../ledger/store/ledger';
import { ValidationError, LedgerError } from '../../common/errors';
import { sha256 } from '../../ledger/core/hash';
import { MAX_PAYLOAD_BYTES } from '../../ledger/core/append-request';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import { canonicalize } from '../../ledger/core/canonical-json';
import { appUrl, openOwnerDb, uniqueStream } from '../support/services';

describe('LedgerWriter', () => {
  let ledger: Ledger;
  const owner = openOwnerDb();
  beforeAll(() => {
    ledger = Ledger.open(appUrl());
  });
  afterAll(async () => {
    await ledger.close();
    await owner.destroy();
  });

  const totalRows = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ledger_entries`.execute(owner)).rows[0]!.n);

  describe('when appending to a new stream', () => {
    it('chains entries with prevEntryHash and hashes the canonical header', async () => {
      const stream = uniqueStream();
      const a = await ledger.append({ stream, kind: 'test.note', contract: null, payload: { b: 2, a: 1 }, idempotencyKey: `${stream}/a` });
      const b = await ledger.append({ stream, kind: 'test.note', contract: null, payload: { n: 2 }, idempotencyKey: `${stream}/b` });
      expect(a.header.streamIndex).toBe(0);
      expect(a.header.prevEntryHash).toBeNull();
      expect(b.header.streamIndex).toBe(1);
      expect(b.header.prevEntryHash).toBe(a.entryHash);
      expect(b.header.index).toBeGreaterThan(a.header.index);
      expect(a.payloadJson).toBe('{"a":1,"b":2}');
      expect(a.header.payloadHash).toBe(sha256('{"a":1,"b":2}'));
      expect(a.entryHash).toBe(sha256(a.headerJson));
      const rows = await ledger.reader.streamRows(stream);
      expect(verifyStreamRows(stream, rows).ok).toBe(true);
    });
  });

  describe('when the same idempotency key is appended twice', () => {
    it('returns the existing entry for the same payload and writes nothing new', async () => {
      const stream = uniqueStream();
      const req = { stream, kind: 'test.note', contract: null, payload: { x: 1 }, idempotencyKey: `${stream}/k` };
      const first = await ledger.append(req);
      const before = await totalRows();
      const second = await ledger.append({ ...req, payload: { x: 1 }, recordedAt: '2030-01-01T00:00:00Z' });
      expect(second.entryHash).toBe(first.entryHash);
      expect(await totalRows()).toBe(before);
    });

    it('fails with IDEMPOTENCY_CONFLICT for a different payload and writes nothing', async () => {
      const stream = uniqueStream();
      await ledger.append({ stream, kind: 'test.note', contract: null, payload: { x: 1 }, idempotencyKey: `${stream}/k` });
      const before = await totalRows();
      await expect(ledger.append({ stream, kind: 'test.note', contract: null, payload: { x: 2 }, idempotencyKey: `${stream}/k` }))
        .rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
      expect(await totalRows()).toBe(before);
    });

    it('fails a whole group atomically when one item conflicts', async () => {
      const stream = uniqueStream();
      await ledger.append({ stream, kind: 'test.note', contract: null, payload: { x: 1 }, idempotencyKey: `${stream}/k` });
      const before = await totalRows();
      await expect(ledger.appendAll([
        { stream, kind: 'test.note', contract: null, payload: { y: 1 }, idempotencyKey: `${stream}/new` },
        { stream, kind: 'test.note', contract: null, payload: { x: 9 }, idempotencyKey: `${stream}/k` },
      ])).rejects.toBeInstanceOf(LedgerError);
      expect(await totalRows()).toBe(before);
    });
  });

  describe('when concurrent groups are coalesced into one transaction', () => {
    it('fails only the conflicting group', async () => {
      const stream = uniqueStream();
      await ledger.append({ stream, kind: 'test.note', contract: null, payload: { x: 1 }, idempotencyKey: `${stream}/k` });
      const results = await Promise.allSettled([
        ledger.append({ stream, kind: 'test.note', contract: null, payload: { ok: 1 }, idempotencyKey: `${stream}/1` }),
        ledger.append({ stream, kind: 'test.note', contract: null, payload: { x: 2 }, idempotencyKey: `${stream}/k` }),
        ledger.append({ stream, kind: 'test.note', contract: null, payload: { ok: 2 }, idempotencyKey: `${stream}/2` }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(verifyStreamRows(stream, await ledger.reader.streamRows(stream)).ok).toBe(true);
    });
  });

  describe('when given bad input', () => {
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['an empty stream id', { stream: '' }, 'INVALID_STREAM_ID', '$.stream'],
      ['a whitespace stream id', { stream: '   ' }, 'INVALID_STREAM_ID', '$.stream'],
      ['an over-long stream id', { stream: 'x'.repeat(201) }, 'INVALID_STREAM_ID', '$.stream'],
      ['a stream id with a newline', { stream: 'a\nb' }, 'INVALID_STREAM_ID', '$.stream'],
      ['NaN in the payload', { payload: { v: NaN } }, 'INVALID_JSON_VALUE', '$.payload.v'],
      ['Infinity in the payload', { payload: { v: [Infinity] } }, 'INVALID_JSON_VALUE', '$.payload.v[0]'],
      ['undefined in the payload', { payload: { v: undefined } }, 'INVALID_JSON_VALUE', '$.payload.v'],
      ['a BigInt in the payload', { payload: { v: BigInt(3) } }, 'INVALID_JSON_VALUE', '$.payload.v'],
      ['a lone surrogate in the payload', { payload: { v: '\uD83D' } }, 'INVALID_JSON_VALUE', '$.payload.v'],
      ['an oversized payload', { payload: { v: 'x'.repeat(MAX_PAYLOAD_BYTES) } }, 'PAYLOAD_TOO_LARGE', '$.payload'],
      ['an unknown contract', { contract: 'paper-manifest-v9' }, 'UNKNOWN_CONTRACT', '$.contract'],
      ['a schema violation', { contract: 'correction-record-v1', payload: { contract: 'correction-record-v1' } }, 'SCHEMA_INVALID', '$.payload.correctionId'],
      ['an empty idempotency key', { idempotencyKey: '' }, 'INVALID_ARGUMENT', '$.idempotencyKey'],
      ['a bad kind', { kind: 'Bad Kind' }, 'INVALID_ARGUMENT', '$.kind'],
      ['a number as an actor member', { actor: { activityId: 12 } }, 'INVALID_ARGUMENT', '$.actor.activityId'],
      ['an object as an actor member', { actor: { workflowId: { id: 'w' } } }, 'INVALID_ARGUMENT', '$.actor.workflowId'],
    ];
    it.each(cases)('refuses %s with a coded error naming the field, writing nothing', async (_name, override, code, path) => {
      const before = await totalRows();
      const stream = uniqueStream();
      const err = await ledger.append({ stream, kind: 'test.note', contract: null, payload: { ok: true }, idempotencyKey: `${stream}/1`, ...override } as never)
        .then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).code).toBe(code);
      expect((err as ValidationError).issues.map((i) => i.path)).toContain(path);
      expect(await totalRows()).toBe(before);
    });

    it('refuses a cyclic payload', async () => {
      const payload: Record<string, unknown> = {};
      payload.me = payload;
      const stream = uniqueStream();
      await expect(ledger.append({ stream, kind: 'test.note', contract: null, payload, idempotencyKey: `${stream}/1` }))
        .rejects.toMatchObject({ code: 'INVALID_JSON_VALUE' });
    });
  });

  describe('when payloads contain SQL metacharacters and odd Unicode', () => {
    it('stores and hashes them verbatim', async () => {
      const stream = `${uniqueStream()}'; DROP TABLE ledger_entries; -- ✓ \u202e`;
      const payload = { q: "Robert'); DROP TABLE students;--", z: '\u0000\u200b\ufeff😀 e\u0301', b: '\\x00' };
      const actor = { workflowId: 'wf "quoted" \\ back', runId: 'run\u2028sep', activityType: 'ünï', activityId: '😀' };
      const e = await ledger.append({ stream, kind: 'test.note', contract: null, payload, idempotencyKey: `${stream}/1`, actor });
      const [row] = await ledger.reader.streamRows(stream);
      expect(row!.stream).toBe(stream);
      expect(e.header.actor).toEqual(actor);
      // The header assembled in the database is byte for byte the RFC 8785 form.
      expect(row!.header).toBe(canonicalize(e.header));
      expect(verifyStreamRows(stream, [row!]).ok).toBe(true);
      expect(JSON.parse(row!.payload)).toEqual(payload);
      expect(row!.payload_hash).toBe(e.header.payloadHash);
    });
  });
});
