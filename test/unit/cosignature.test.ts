import { VerificationError } from '../../common/errors';
import { formatCheckpointBody, signCheckpoint, verifyCheckpoint } from '../../ledger/core/checkpoint';
import {
  COSIGNATURE_V1_SIGNATURE_TYPE,
  Cosigner,
  addCosignatures,
  cosignedMessage,
  distinctWitnesses,
  generateCosignerKey,
  parseCosignatureVerifierKey,
  parseCosignerKey,
  verifyCosignatureResponse,
  verifyCosignatures,
} from '../../ledger/core/cosignature';
import { leafHash, rootFromLeafHashes } from '../../ledger/core/merkle';
import { computeKeyHash, openNote, parseNote } from '../../ledger/core/signed-note';
import { SigningKey } from '../../ledger/core/signing-key';
import { codeOf } from '../support/caught';

const root = rootFromLeafHashes([leafHash(Buffer.from('a')), leafHash(Buffer.from('b'))]);
const body = formatCheckpointBody({ origin: 'synthledger.test/log', treeSize: 2, rootHash: root });
const logKey = new SigningKey('synthledger.test/log', Buffer.alloc(32, 1));
const w1 = new Cosigner('witness.test/w1', Buffer.alloc(32, 2));
const w2 = new Cosigner('witness.test/w2', Buffer.alloc(32, 3));
const T = 1_767_225_600;

function cosigned(...lines: string[]): string {
  return signCheckpoint(body, logKey) + lines.join('');
}

describe('cosignature', () => {
  describe('when a witness cosigns a checkpoint', () => {
    it('signs cosignature/v1, the time line and the body, with a 0x04 key ID', () => {
      const line = w1.cosign(body, T);
      const [sig] = parseNote(cosigned(line)).signatures.filter((s) => s.name === w1.name);
      expect(sig!.keyHash).toBe(computeKeyHash(w1.name, Buffer.concat([Buffer.of(0x04), w1.verifier.publicKey])));
      expect(sig!.signature.length).toBe(8 + 64);
      expect(sig!.signature.readBigUInt64BE(0)).toBe(BigInt(T));
      expect(cosignedMessage(body, T).toString()).toBe(`cosignature/v1\ntime ${T}\n${body}`);
    });

    it('is found by verifyCosignatures with its name, key ID and timestamp', () => {
      const note = cosigned(w1.cosign(body, T), w2.cosign(body, T + 5));
      expect(verifyCosignatures(note, [w2.verifier.keyString, w1.verifier])).toEqual([
        { name: w2.name, keyHash: w2.keyHash, timestamp: T + 5, verifierKey: w2.verifier.keyString },
        { name: w1.name, keyHash: w1.keyHash, timestamp: T, verifierKey: w1.verifier.keyString },
      ]);
    });

    it('leaves the log signature verifiable, the cosignatures being unknown lines to it', () => {
      const note = cosigned(w1.cosign(body, T));
      const checked = verifyCheckpoint(note, logKey.verifierKey);
      expect(checked.treeSize).toBe(2);
      expect(checked.note.unverifiedSignatures.map((s) => s.name)).toEqual([w1.name]);
    });

    it('opens with openNote when the witness verifier is given as a note verifier', () => {
      expect(openNote(cosigned(w1.cosign(body, T)), [w1.verifier]).signatures.map((s) => s.name)).toEqual([w1.name]);
    });
  });

  describe('when witnesses did not cosign', () => {
    it('returns only the witnesses that did', () => {
      expect(verifyCosignatures(cosigned(w1.cosign(body, T)), [w1.verifier, w2.verifier]).map((c) => c.name)).toEqual([w1.name]);
      expect(verifyCosignatures(cosigned(), [w1.verifier])).toEqual([]);
    });

    it('does not count a log signature as a cosignature, even by the same key bytes', () => {
      const sameBytes = new SigningKey(w1.name, Buffer.alloc(32, 2));
      const note = signCheckpoint(body, sameBytes);
      expect(verifyCosignatures(note, [w1.verifier])).toEqual([]);
    });
  });

  describe('when a line by a configured witness is bad', () => {
    it('refuses a cosignature over another checkpoint', () => {
      const other = formatCheckpointBody({ origin: 'synthledger.test/log', treeSize: 3, rootHash: root });
      expect(codeOf(() => verifyCosignatures(cosigned(w1.cosign(other, T)), [w1.verifier]))).toBe('COSIGNATURE_INVALID');
    });

    it('refuses a changed timestamp', () => {
      const line = w1.cosign(body, T);
      const raw = Buffer.from(line.split(' ')[2]!.trim(), 'base64');
      raw.writeBigUInt64BE(BigInt(T + 1), 4);
      const forged = `— ${w1.name} ${raw.toString('base64')}\n`;
      expect(codeOf(() => verifyCosignatures(cosigned(forged), [w1.verifier]))).toBe('COSIGNATURE_INVALID');
    });

    it('refuses a line of the wrong length (a plain Ed25519 signature with the cosigner key ID)', () => {
      const raw = Buffer.alloc(4 + 64);
      raw.writeUInt32BE(w1.keyHash, 0);
      expect(codeOf(() => verifyCosignatures(cosigned(`— ${w1.name} ${raw.toString('base64')}\n`), [w1.verifier]))).toBe('COSIGNATURE_INVALID');
    });

    it('refuses a timestamp after notAfter', () => {
      expect(codeOf(() => verifyCosignatures(cosigned(w1.cosign(body, T)), [w1.verifier], { notAfter: T - 1 }))).toBe('COSIGNATURE_INVALID');
      expect(verifyCosignatures(cosigned(w1.cosign(body, T)), [w1.verifier], { notAfter: T })).toHaveLength(1);
    });

    it('refuses a malformed note', () => {
      expect(codeOf(() => verifyCosignatures(`${body}\n— ${w1.name} !!!\n`, [w1.verifier]))).toBe('MALFORMED_INPUT');
      expect(codeOf(() => verifyCosignatures(body, [w1.verifier]))).toBe('MALFORMED_INPUT');
    });
  });

  describe('when given witness keys', () => {
    it('counts a key listed twice once', () => {
      const note = cosigned(w1.cosign(body, T));
      expect(verifyCosignatures(note, [w1.verifier.keyString, w1.verifier.keyString, w1.verifier])).toHaveLength(1);
    });

    it('refuses two different keys with the same name and key ID', () => {
      const clash = Object.assign(Object.create(Object.getPrototypeOf(w2.verifier)), w2.verifier, { name: w1.name, keyHash: w1.keyHash });
      expect(codeOf(() => distinctWitnesses([w1.verifier, clash]))).toBe('MALFORMED_INPUT');
    });

    it('parses published cosignature/v1 (0x04) and plain Ed25519 (0x01) verifier keys', () => {
      // From transparency-dev/formats note/note_cosigv1_test.go.
      expect(parseCosignatureVerifierKey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2').name).toBe('remora.n621.de');
      const converted = parseCosignatureVerifierKey('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6');
      expect(converted.keyString.startsWith('TEST+')).toBe(true);
      expect(Buffer.from(converted.keyString.split('+').slice(2).join('+'), 'base64')[0]).toBe(COSIGNATURE_V1_SIGNATURE_TYPE);
    });

    it('refuses malformed verifier keys', () => {
      for (const bad of ['', 'name', 'name+12345678', 'name+1234567+BOvN', 'remora.n621.de+00000000+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2',
        'rekor.sigstore.dev+12345678+AwEB', 'a b+12345678+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2']) {
        expect(codeOf(() => parseCosignatureVerifierKey(bad))).toBe('MALFORMED_INPUT');
      }
    });
  });

  describe('when handling witness signer keys', () => {
    it('round-trips a generated key', () => {
      const { signerKey, verifierKey } = generateCosignerKey('witness.test/gen');
      const cosigner = parseCosignerKey(signerKey);
      expect(cosigner.verifier.keyString).toBe(verifierKey);
      expect(verifyCosignatures(cosigned(cosigner.cosign(body, T)), [verifierKey])).toHaveLength(1);
    });

    it('refuses a key whose ID does not match, without echoing the key', () => {
      const { signerKey } = generateCosignerKey('witness.test/gen');
      const fields = signerKey.split('+');
      fields[3] = '00000000';
      try {
        parseCosignerKey(fields.join('+'));
        throw new Error('accepted');
      } catch (err) {
        expect((err as VerificationError).code).toBe('MALFORMED_INPUT');
        expect((err as Error).message).not.toContain(fields[4]!);
      }
    });

    it('never prints the private key', () => {
      expect(String(w1)).toBe(`Cosigner(${w1.verifier.keyString})`);
      expect(JSON.stringify(w1)).toBe(JSON.stringify({ name: w1.name, verifierKey: w1.verifier.keyString }));
    });
  });

  describe('when checking a witness response', () => {
    it('returns the witness lines that verify over the checkpoint body', () => {
      const line = w1.cosign(body, T);
      const result = verifyCosignatureResponse(body, w2.cosign(body, T) + line, w1.verifier.keyString);
      expect(result.lines).toEqual([line]);
      expect(result.cosignatures[0]!.timestamp).toBe(T);
    });

    it('refuses garbage, a response without this witness, and a cosignature of another checkpoint', () => {
      expect(codeOf(() => verifyCosignatureResponse(body, 'hello\n', w1.verifier))).toBe('MALFORMED_INPUT');
      expect(codeOf(() => verifyCosignatureResponse(body, '', w1.verifier))).toBe('MALFORMED_INPUT');
      expect(codeOf(() => verifyCosignatureResponse(body, w2.cosign(body, T), w1.verifier))).toBe('COSIGNATURE_INVALID');
      const other = formatCheckpointBody({ origin: 'synthledger.test/log', treeSize: 1, rootHash: root });
      expect(codeOf(() => verifyCosignatureResponse(body, w1.cosign(other, T), w1.verifier))).toBe('COSIGNATURE_INVALID');
    });
  });

  describe('when adding cosignatures to a note', () => {
    it('appends new lines once and keeps the log signature first', () => {
      const line = w1.cosign(body, T);
      const note = addCosignatures(addCosignatures(signCheckpoint(body, logKey), [line]), [line]);
      expect(note).toBe(signCheckpoint(body, logKey) + line);
      expect(verifyCheckpoint(note, logKey.verifier).origin).toBe('synthledger.test/log');
    });

    it('refuses a line that is not a signature line', () => {
      expect(codeOf(() => addCosignatures(signCheckpoint(body, logKey), ['not a line']))).toBe('MALFORMED_INPUT');
    });
  });
});
