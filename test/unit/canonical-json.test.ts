import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize } from '../../ledger/core/canonical-json';
import { hashJson, sha256 } from '../../ledger/core/hash';
import { ValidationError } from '../../common/errors';

const vectors = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', 'vectors', 'jcs', name), 'utf8'));

function doubleFromHex(hex: string): number {
  const buf = Buffer.from(hex, 'hex');
  return buf.readDoubleBE(0);
}

function rejection(value: unknown): ValidationError {
  try {
    canonicalize(value);
  } catch (e) {
    return e as ValidationError;
  }
  throw new Error('expected canonicalize to throw');
}

describe('canonicalize (RFC 8785)', () => {
  describe('when serializing the RFC 8785 Appendix B numbers', () => {
    it('matches every published vector', () => {
      const failures: string[] = [];
      for (const c of vectors('rfc8785-numbers.json').cases) {
        const value = doubleFromHex(c.ieeeHex);
        if (c.wantErr) {
          try {
            canonicalize(value);
            failures.push(`${c.ieeeHex}: accepted`);
          } catch (e) {
            if ((e as ValidationError).code !== 'INVALID_JSON_VALUE') failures.push(`${c.ieeeHex}: wrong error ${String(e)}`);
          }
        } else {
          const got = canonicalize(value);
          if (got !== c.want) failures.push(`${c.ieeeHex}: got ${got}, want ${c.want}`);
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe('when canonicalizing the RFC 8785 sample documents', () => {
    it('produces the published output byte for byte', () => {
      const failures: string[] = [];
      for (const c of vectors('rfc8785-cases.json').cases) {
        const got = canonicalize(JSON.parse(c.input));
        if (got !== c.want) failures.push(`${c.desc}: got ${got}`);
      }
      expect(failures).toEqual([]);
    });
  });

  describe('when given values that are not JSON', () => {
    it.each([
      ['NaN', { a: NaN }, '$.a', 'non-finite-number'],
      ['Infinity', { a: [1, Infinity] }, '$.a[1]', 'non-finite-number'],
      ['-Infinity', -Infinity, '$', 'non-finite-number'],
      ['undefined', { a: undefined }, '$.a', 'undefined'],
      ['BigInt', { n: BigInt(1) }, '$.n', 'unsupported-bigint'],
      ['a function', { f: () => 1 }, '$.f', 'unsupported-function'],
      ['a symbol', { s: Symbol('x') }, '$.s', 'unsupported-symbol'],
      ['a lone high surrogate', { s: 'a\uD800b' }, '$.s', 'lone-surrogate'],
      ['a lone low surrogate', ['\uDC00'], '$[0]', 'lone-surrogate'],
      ['a Date', { d: new Date(0) }, '$.d', 'non-plain-object'],
      ['a sparse array', { a: [1, , 3] }, '$.a[1]', 'sparse-array'],
    ])('refuses %s naming the path', (_name, value, path, rule) => {
      const err = rejection(value);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.code).toBe('INVALID_JSON_VALUE');
      expect(err.issues[0]).toMatchObject({ path, code: rule });
    });

    it('refuses a cycle', () => {
      const a: Record<string, unknown> = { x: 1 };
      a.self = a;
      expect(rejection(a).issues[0]).toMatchObject({ path: '$.self', code: 'cycle' });
    });

    it('refuses a lone surrogate in a key', () => {
      expect(rejection({ ['k\uDBFF']: 1 }).issues[0]?.code).toBe('lone-surrogate');
    });
  });

  describe('when the same object is referenced twice without a cycle', () => {
    it('serializes both occurrences', () => {
      const shared = { v: 1 };
      expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"v":1},"b":{"v":1}}');
    });
  });
});

describe('hashJson', () => {
  describe('when two objects differ only in key order', () => {
    it('gives the same sha256 over the canonical bytes', () => {
      expect(hashJson({ b: 1, a: [1, 2] })).toBe(hashJson({ a: [1, 2], b: 1 }));
      expect(hashJson({ a: 1 })).toBe(sha256('{"a":1}'));
      expect(sha256('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });
  });
});
