import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  computeKeyHash,
  formatVerifierKey,
  isValidKeyName,
  openNote,
  parseVerifierKey,
  signNote,
  type NoteSigner,
} from '../../ledger/core/signed-note';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { codeOf } from '../support/caught';

const VECTORS = join(__dirname, '..', 'vectors', 'signed-note');
const go = JSON.parse(readFileSync(join(VECTORS, 'go-sumdb-note-example.json'), 'utf8'));
const c2sp = JSON.parse(readFileSync(join(VECTORS, 'c2sp-signed-note-example.json'), 'utf8'));

const text: string = go.text;
const peterSig: string = go.note.slice(text.length + 1);
const enochSig: string = go.second.note.slice(text.length + 1 + peterSig.length);

describe('signed-note', () => {
  describe('when given the published examples', () => {
    it('signs the Go note example byte for byte', () => {
      const signer = parseSignerKey(go.signerKey);
      expect(signer.verifierKey).toBe(go.verifierKey);
      expect(signNote(text, signer)).toBe(go.note);
    });

    it('opens the Go note example', () => {
      const note = openNote(go.note, [go.verifierKey]);
      expect(note.text).toBe(text);
      expect(note.signatures).toEqual([{ name: 'PeterNeumann', keyHash: 0xc74f20a3, base64: peterSig.slice('— PeterNeumann '.length, -1) }]);
      expect(note.unverifiedSignatures).toEqual([]);
    });

    it('opens the C2SP signed-note example', () => {
      const note = openNote(c2sp.note, [c2sp.verifierKey]);
      expect(note.text).toBe(c2sp.text);
      expect(note.signatures.map((s) => [s.name, s.keyHash.toString(16)])).toEqual([[c2sp.keyName, c2sp.keyHash]]);
    });

    it('opens bytes as well as text', () => {
      expect(openNote(Buffer.from(c2sp.note, 'utf8'), [c2sp.verifierKey]).text).toBe(c2sp.text);
    });
  });

  describe('when a note has several signatures', () => {
    it('verifies the known keys and reports the others as unverified', () => {
      const one = openNote(go.second.note, [go.verifierKey]);
      expect(one.signatures.map((s) => s.name)).toEqual(['PeterNeumann']);
      expect(one.unverifiedSignatures.map((s) => [s.name, s.keyHash])).toEqual([['EnochRoot', 0xaf0cfe78]]);
      const both = openNote(go.second.note, [go.verifierKey, go.second.verifierKey]);
      expect(both.signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    });

    it('ignores repeated signatures, as Go does', () => {
      const tampered = `${enochSig.slice(0, 60)}ABCD${enochSig.slice(60)}`;
      const note = openNote(`${text}\n${peterSig}${peterSig}${enochSig}${enochSig}${tampered}`, [go.verifierKey]);
      expect(note.signatures).toHaveLength(1);
      expect(note.unverifiedSignatures).toHaveLength(2);
    });

    it('refuses a note with only unknown keys', () => {
      expect(codeOf(() => openNote(go.second.note, []))).toBe('SIGNATURE_INVALID');
      expect(codeOf(() => openNote(go.note, [c2sp.verifierKey]))).toBe('SIGNATURE_INVALID');
    });

    it('treats a known name with another key ID as an unknown key', () => {
      const otherId = peterSig.replace('x08g', 'xxxx');
      expect(codeOf(() => openNote(`${text}\n${otherId}`, [go.verifierKey]))).toBe('SIGNATURE_INVALID');
    });
  });

  describe('when a signature from a known key is wrong', () => {
    it('refuses the note with SIGNATURE_INVALID', () => {
      const bad = `${peterSig.slice(0, 60)}ABCD${peterSig.slice(60)}`;
      expect(codeOf(() => openNote(`${text}\n${bad}`, [go.verifierKey]))).toBe('SIGNATURE_INVALID');
      expect(codeOf(() => openNote(`${text}\n${bad}${peterSig}`, [go.verifierKey]))).toBe('SIGNATURE_INVALID');
    });

    it('refuses a note whose text was changed', () => {
      const changed = go.note.replace('cryptography', 'cryptograph!');
      expect(codeOf(() => openNote(changed, [go.verifierKey]))).toBe('SIGNATURE_INVALID');
    });
  });

  describe('when the note is malformed', () => {
    const cases: Array<[string, string | Uint8Array]> = [
      ['text only', text],
      ['text and blank line only', `${text}\n`],
      ['signature without final newline', `${text}\n${peterSig.slice(0, -1)}`],
      ['control character', `\u0001${text}\n${peterSig}`],
      ['carriage return', `${text.replace('\n', '\r\n')}\n${peterSig}`],
      ['invalid UTF-8 bytes', Buffer.concat([Buffer.of(0xff), Buffer.from(`${text}\n${peterSig}`)])],
      ['lone surrogate', `\ud800${text}\n${peterSig}`],
      ['key name with a space', `${text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
      ['line after the signatures', `${text}\n${peterSig}Unexpected line.\n`],
      ['hyphen instead of em dash', `${text}\n${peterSig.replace('—', '-')}`],
      ['no signature field', `${text}\n— PeterNeumann\n`],
      ['empty signature field', `${text}\n— PeterNeumann \n`],
      ['signature too short', `${text}\n— PeterNeumann x08gow==\n`],
      ['non-canonical base64', `${text}\n${peterSig.replace('AM=\n', 'AN=\n')}`],
      ['unpadded base64', `${text}\n${peterSig.replace('=\n', '\n')}`],
      ['too many signatures', `${text}\n${peterSig.repeat(101)}`],
    ];
    it.each(cases)('refuses a note with %s as MALFORMED_INPUT', (_, note) => {
      expect(codeOf(() => openNote(note, [go.verifierKey]))).toBe('MALFORMED_INPUT');
    });
  });

  describe('when parsing verifier keys', () => {
    it('accepts the published keys', () => {
      for (const key of [go.verifierKey, go.second.verifierKey, c2sp.verifierKey]) {
        expect(parseVerifierKey(key).keyString).toBe(key);
      }
    });

    it('refuses every truncation and every single-character change, as Go does', () => {
      const key: string = go.verifierKey;
      const accepted: string[] = [];
      for (let i = 0; i <= key.length; i++) {
        for (let j = i + 1; j <= key.length; j++) {
          if ((i !== 0 || j !== key.length) && codeOf(() => parseVerifierKey(key.slice(i, j))) === undefined) accepted.push(key.slice(i, j));
        }
      }
      for (let i = 0; i < key.length; i++) {
        const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
        if (codeOf(() => parseVerifierKey(changed)) === undefined) accepted.push(changed);
      }
      expect(accepted).toEqual([]);
    });

    it('refuses a wrong key length and an unknown algorithm even with a matching key ID', () => {
      expect(codeOf(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='))).toBe('MALFORMED_INPUT');
      expect(codeOf(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('MALFORMED_INPUT');
    });

    it('computes the key ID over name, newline, type byte and key', () => {
      const v = parseVerifierKey(c2sp.verifierKey);
      expect(computeKeyHash(v.name, Buffer.concat([Buffer.of(1), v.publicKey])).toString(16)).toBe('530d903a');
      expect(formatVerifierKey(v.name, v.publicKey)).toBe(c2sp.verifierKey);
    });
  });

  describe('when checking key names', () => {
    it('follows the spec: non-empty, no Unicode spaces, no plus', () => {
      expect(isValidKeyName('example.com/log42')).toBe(true);
      expect(isValidKeyName('ünïcödé')).toBe(true);
      for (const bad of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u3000b', 'a\u0085b', 'a\tb', 'a\u0000b', '\ud800']) {
        expect(isValidKeyName(bad)).toBe(false);
      }
    });
  });

  describe('when signing', () => {
    it('round-trips with a generated key', () => {
      const { signerKey, verifierKey } = generateSigningKey('synthledger.test/log');
      const note = signNote('hello\n\nworld\n', parseSignerKey(signerKey));
      const opened = openNote(note, [verifierKey]);
      expect(opened.text).toBe('hello\n\nworld\n');
    });

    it('refuses text that would not make a valid note', () => {
      const signer = parseSignerKey(go.signerKey);
      expect(codeOf(() => signNote('no final newline', signer))).toBe('MALFORMED_INPUT');
      expect(codeOf(() => signNote('tab\there\n', signer))).toBe('MALFORMED_INPUT');
      expect(codeOf(() => signNote(text, []))).toBe('MALFORMED_INPUT');
      const badName: NoteSigner = { name: 'bad name', keyHash: 1, sign: () => Buffer.alloc(64) };
      expect(codeOf(() => signNote(text, badName))).toBe('MALFORMED_INPUT');
    });
  });
});
