import { readCanonicalHeader } from '../../ledger/core/canonical-header';
import { canonicalize } from '../../ledger/core/canonical-json';
import { sha256 } from '../../ledger/core/hash';
import type { EntryHeader } from '../../schemas/entry-header.schema';
import { VerificationError } from '../../common/errors';
import { prng } from '../../bench/bench-support';

function header(over: Partial<EntryHeader> = {}): EntryHeader {
  return {
    v: 1, index: 7, stream: 'syn-1', streamIndex: 0, kind: 'claim.record', contract: null, payloadHash: sha256('{}'),
    prevEntryHash: null, recordedAt: '2026-11-23T10:00:00.000Z',
    actor: { workflowId: 'syn-1', runId: 'r', activityType: 'extractClaims', activityId: '5' }, ...over,
  };
}

function refusal(text: string): string {
  try {
    readCanonicalHeader(text);
  } catch (e) {
    expect(e).toBeInstanceOf(VerificationError);
    expect((e as VerificationError).code).toBe('MALFORMED_INPUT');
    return (e as Error).message;
  }
  throw new Error(`accepted ${text}`);
}

const isString = (x: unknown) => typeof x === 'string';
const isStringOrNull = (x: unknown) => x === null || typeof x === 'string';
const hasMembers = (o: unknown, keys: string[]): o is Record<string, unknown> =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && Object.keys(o).sort().join() === [...keys].sort().join();

/**
 * True when `text` parses to a value whose JCS form is `text` and that has the v1 header's members and types: what the
 * reader must accept, exactly. String patterns, lengths and minimums are not the reader's to judge (the hash and chain
 * checks compare those values).
 */
function isCanonicalV1Header(text: string): boolean {
  let h: unknown;
  try {
    h = JSON.parse(text);
    if (canonicalize(h) !== text) return false;
  } catch {
    return false;
  }
  return hasMembers(h, ['v', 'index', 'stream', 'streamIndex', 'kind', 'contract', 'payloadHash', 'prevEntryHash', 'recordedAt', 'actor'])
    && h.v === 1 && Number.isSafeInteger(h.index) && Number.isSafeInteger(h.streamIndex)
    && [h.stream, h.kind, h.payloadHash, h.recordedAt].every(isString) && [h.contract, h.prevEntryHash].every(isStringOrNull)
    && hasMembers(h.actor, ['workflowId', 'runId', 'activityType', 'activityId']) && Object.values(h.actor).every(isStringOrNull);
}


describe('readCanonicalHeader', () => {
  describe('when the text is the JCS form of a v1 header', () => {
    it.each([
      ['a plain header', header()],
      ['odd Unicode in strings', header({ stream: "it's \u202e😀 e\u0301 \"q\" \\ \u0000 \u001f \u007f \u2028 /" })],
      ['every nullable member null', header({ contract: null, prevEntryHash: null, actor: { workflowId: null, runId: null, activityType: null, activityId: null } })],
      ['a contract, a predecessor and large indexes', header({ contract: 'claim-record-v1', prevEntryHash: sha256('a'), index: Number.MAX_SAFE_INTEGER, streamIndex: 123456 })],
      ['empty strings where the schema allows them', header({ actor: { workflowId: '', runId: '', activityType: '', activityId: '' }, contract: '' })],
    ])('reads back %s', (_name, h) => {
      expect(readCanonicalHeader(canonicalize(h))).toEqual(h);
    });
  });

  describe('when the text spells a header another way or is no v1 header', () => {
    const text = canonicalize(header());
    it.each([
      ['with whitespace', text.replace(',', ', ')],
      ['with a trailing newline', `${text}\n`],
      ['with keys out of order', `{"v":1,${text.slice(1).replace(/,"v":1/, '')}`],
      ['with a duplicate member', text.replace('"index":7,', '"index":7,"index":7,')],
      ['with an extra member', text.replace('"v":1}', '"v":1,"x":0}')],
      ['without a member', text.replace('"kind":"claim.record",', '')],
      ['with an escaped character JCS writes raw', text.replace('"stream":"syn-1"', '"stream":"syn\\u002d1"')],
      ['with an escaped solidus', text.replace('"stream":"syn-1"', '"stream":"syn\\/1"')],
      ['with an upper-case escape', canonicalize(header({ stream: 'a\u001fb' })).replace('\\u001f', '\\u001F')],
      ['with \\u000a for a newline', canonicalize(header({ stream: 'a\nb' })).replace('\\n', '\\u000a')],
      ['with a lone surrogate escape', text.replace('"stream":"syn-1"', '"stream":"syn\\ud800"')],
      ['with a raw lone surrogate', text.replace('"stream":"syn-1"', '"stream":"syn\ud800"')],
      ['with a raw lone low surrogate', text.replace('"stream":"syn-1"', '"stream":"syn\udc00x"')],
      ['with a non-integer index', text.replace('"index":7', '"index":7.5')],
      ['with an integer spelled as a decimal', text.replace('"index":7', '"index":7.0')],
      ['with an exponent', text.replace('"index":7', '"index":7e0')],
      ['with -0', text.replace('"streamIndex":0', '"streamIndex":-0')],
      ['with an unsafe integer', text.replace('"index":7', '"index":9007199254740993')],
      ['with a string index', text.replace('"index":7', '"index":"7"')],
      ['with another version', text.replace('"v":1', '"v":2')],
      ['with a number where a string belongs', text.replace('"kind":"claim.record"', '"kind":5')],
      ['with null where a string belongs', text.replace('"kind":"claim.record"', '"kind":null')],
      ['with an object as recordedAt', text.replace('"recordedAt":"2026-11-23T10:00:00.000Z"', '"recordedAt":{"a":1}')],
      ['with a number as an actor member', text.replace('"activityId":"5"', '"activityId":5')],
    ])('refuses it %s', (_name, mutated) => {
      // Every mutation must change the text and still parse as JSON, or the case would test nothing.
      expect(mutated).not.toBe(text);
      expect(() => JSON.parse(mutated) as unknown).not.toThrow();
      expect(refusal(mutated)).not.toBe('');
    });

    it.each([
      ['a raw control character', text.replace('"stream":"syn-1"', '"stream":"syn\u00011"'), /stream is not a JSON string/],
      ['a leading zero', text.replace('"index":7', '"index":07'), /expected ,"kind":/],
      ['a truncated text', text.slice(0, 40), /activityType/],
    ])('refuses a text that is not even JSON, with %s', (_name, mutated, message) => {
      expect(() => JSON.parse(mutated) as unknown).toThrow(SyntaxError);
      expect(refusal(mutated)).toMatch(message);
    });
  });

  describe('when single characters of canonical headers are changed, removed or added', () => {
    it('accepts exactly the texts that are the JCS form of a header of the v1 shape', () => {
      const rand = prng(8785);
      // Characters that matter to JSON and JCS; the mutations may also split the surrogate pair or insert half of one.
      const alphabet = ['a', '0', '1', '-', '.', 'e', '"', '\\', '/', ',', ':', '{', '}', ' ', 'n', 'u', '\u0000', '\u001f', '\u00e9', '\u2028', '😀'];
      const mutations = [...alphabet, '\ud83d', '\ude00'];
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const word = () => Array.from({ length: Math.floor(rand() * 4) }, () => pick(alphabet)).join('');
      const disagreements: string[] = [];
      let accepted = 0;
      let tried = 0;
      for (let n = 0; n < 40; n++) {
        const h = header({ stream: `s${word()}`, kind: `k${word()}`, index: Math.floor(rand() * 1000), streamIndex: Math.floor(rand() * 10),
          contract: rand() < 0.5 ? null : `c${word()}`, actor: { workflowId: word(), runId: null, activityType: word(), activityId: String(n) } });
        const text = canonicalize(h);
        const variants = [text];
        for (let i = 0; i < text.length; i++) {
          variants.push(text.slice(0, i) + text.slice(i + 1));
          variants.push(text.slice(0, i) + pick(mutations) + text.slice(i + 1));
          variants.push(text.slice(0, i) + pick(mutations) + text.slice(i));
        }
        for (const v of variants) {
          tried++;
          let ok: boolean;
          try {
            readCanonicalHeader(v);
            ok = true;
          } catch {
            ok = false;
          }
          if (ok) accepted++;
          if (ok !== isCanonicalV1Header(v)) disagreements.push(`${ok ? 'accepted' : 'refused'} ${JSON.stringify(v)}`);
        }
      }
      // Some variants must be canonical (a changed letter inside a string) or the comparison proves little.
      expect(accepted).toBeGreaterThan(tried / 20);
      expect(disagreements.slice(0, 10)).toEqual([]);
    });
  });
});
