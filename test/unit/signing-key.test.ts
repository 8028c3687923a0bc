import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { EnvironmentError } from '../../common/errors';
import { generateSigningKey, parseSignerKey, parseVerifierKey } from '../../ledger/core/signing-key';
import { loadSigningKey } from '../../runtime/services/key-store';
import { MAX_KEY_FILE_BYTES } from '../../runtime/services/read-bounded-file';

const GO_SIGNER_KEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SECRET = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';

function configError(fn: () => unknown): EnvironmentError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as EnvironmentError).code).toBe('CONFIG_INVALID');
    return err as EnvironmentError;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('signing-key', () => {
  describe('when generating a key', () => {
    it('produces Go-format signer and verifier keys that belong together', () => {
      const { signerKey, verifierKey } = generateSigningKey('synthledger.test/log');
      expect(signerKey).toMatch(/^PRIVATE\+KEY\+synthledger\.test\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
      expect(verifierKey).toMatch(/^synthledger\.test\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
      expect(parseSignerKey(signerKey).verifierKey).toBe(verifierKey);
      expect(parseVerifierKey(verifierKey).keyString).toBe(verifierKey);
    });

    it('refuses an invalid key name', () => {
      configError(() => generateSigningKey('has space'));
      configError(() => generateSigningKey('a+b'));
    });
  });

  describe('when parsing a signer key', () => {
    it('derives the published verifier key of the Go example', () => {
      expect(parseSignerKey(GO_SIGNER_KEY).verifierKey).toBe(GO_VERIFIER_KEY);
    });

    it('refuses every truncation and every single-character change, as Go does', () => {
      const accepted: string[] = [];
      for (let i = 0; i <= GO_SIGNER_KEY.length; i++) {
        for (let j = i + 1; j <= GO_SIGNER_KEY.length; j++) {
          if (i === 0 && j === GO_SIGNER_KEY.length) continue;
          try {
            parseSignerKey(GO_SIGNER_KEY.slice(i, j));
            accepted.push(GO_SIGNER_KEY.slice(i, j));
          } catch (err) {
            if (!(err instanceof EnvironmentError)) throw err;
          }
        }
      }
      for (let i = 0; i < GO_SIGNER_KEY.length; i++) {
        const changed = GO_SIGNER_KEY.slice(0, i) + String.fromCharCode(GO_SIGNER_KEY.charCodeAt(i) + 1) + GO_SIGNER_KEY.slice(i + 1);
        try {
          parseSignerKey(changed);
          accepted.push(changed);
        } catch (err) {
          if (!(err instanceof EnvironmentError)) throw err;
        }
      }
      expect(accepted).toEqual([]);
    });

    it('never puts the secret in messages or printed forms', () => {
      const key = parseSignerKey(GO_SIGNER_KEY);
      for (const shown of [String(key), JSON.stringify(key), inspect(key, { depth: 5 })]) expect(shown).not.toContain(SECRET);
      const wrongId = GO_SIGNER_KEY.replace('c74f20a3', 'c74f20a4');
      expect(configError(() => parseSignerKey(wrongId)).message).not.toContain(SECRET);
    });
  });

  describe('when loading the key from the environment or a file', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'synthledger-key-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads SYNTHLEDGER_SIGNING_KEY', () => {
      expect(loadSigningKey({ env: { SYNTHLEDGER_SIGNING_KEY: `${GO_SIGNER_KEY}\n` } }).verifierKey).toBe(GO_VERIFIER_KEY);
    });

    it('reads the file named by SYNTHLEDGER_SIGNING_KEY_FILE or given as argument', () => {
      const file = join(dir, 'log.key');
      writeFileSync(file, `${GO_SIGNER_KEY}\n`);
      expect(loadSigningKey({ env: { SYNTHLEDGER_SIGNING_KEY_FILE: file } }).name).toBe('PeterNeumann');
      expect(loadSigningKey({ env: {}, file }).name).toBe('PeterNeumann');
    });

    it('names the variable or file in its errors', () => {
      expect(configError(() => loadSigningKey({ env: {} })).message).toContain('SYNTHLEDGER_SIGNING_KEY');
      expect(configError(() => loadSigningKey({ env: { SYNTHLEDGER_SIGNING_KEY: 'nonsense' } })).message).toContain('SYNTHLEDGER_SIGNING_KEY');
      const missing = join(dir, 'missing.key');
      expect(configError(() => loadSigningKey({ env: { SYNTHLEDGER_SIGNING_KEY_FILE: missing } })).message).toContain(missing);
      const garbage = join(dir, 'garbage.key');
      writeFileSync(garbage, 'PRIVATE+KEY+x+00000000+AAAA');
      expect(configError(() => loadSigningKey({ env: {}, file: garbage })).message).toContain(garbage);
    });

    it('refuses /dev/zero, a FIFO and an oversized file with CONFIG_INVALID, before reading them', () => {
      const fifo = join(dir, 'log.fifo');
      execFileSync('mkfifo', [fifo]);
      const big = join(dir, 'big.key');
      writeFileSync(big, `${GO_SIGNER_KEY}\n${' '.repeat(MAX_KEY_FILE_BYTES)}`);
      for (const [file, why] of [['/dev/zero', 'is a device, not a regular file'], [fifo, 'is a FIFO, not a regular file'], [big, `the limit is ${MAX_KEY_FILE_BYTES}`]]) {
        const message = configError(() => loadSigningKey({ env: { SYNTHLEDGER_SIGNING_KEY_FILE: file } })).message;
        expect(message).toContain(file);
        expect(message).toContain(why);
      }
    });

    it('refuses both variables at once as ambiguous', () => {
      const file = join(dir, 'log.key');
      writeFileSync(file, GO_SIGNER_KEY);
      const err = configError(() => loadSigningKey({ env: { SYNTHLEDGER_SIGNING_KEY: GO_SIGNER_KEY, SYNTHLEDGER_SIGNING_KEY_FILE: file } }));
      expect(err.message).toContain('SYNTHLEDGER_SIGNING_KEY_FILE');
    });
  });
});
