import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCheckpointBody, parseCheckpointBody } from '../../ledger/core/checkpoint';
import { leafHash, rootFromLeafHashes } from '../../ledger/core/merkle';
import { openNote, signNote } from '../../ledger/core/signed-note';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { signCheckpoint, verifyCheckpoint } from '../../ledger/core/checkpoint';
import { codeOf } from '../support/caught';

const example = JSON.parse(readFileSync(join(__dirname, '..', 'vectors', 'checkpoint', 'c2sp-tlog-checkpoint-example.json'), 'utf8'));
const root = rootFromLeafHashes([leafHash(Buffer.from('a')), leafHash(Buffer.from('b'))]);

describe('checkpoint', () => {
  describe('when formatting a body', () => {
    it('writes origin, decimal size and base64 root, one per line', () => {
      const body = formatCheckpointBody({ origin: 'synthledger.test/log', treeSize: 2, rootHash: root });
      expect(body).toBe(`synthledger.test/log\n2\n${root.toString('base64')}\n`);
    });

    it('appends extension lines', () => {
      const body = formatCheckpointBody({ origin: 'o', treeSize: 0, rootHash: root, extensions: ['ext one'] });
      expect(body.split('\n')).toEqual(['o', '0', root.toString('base64'), 'ext one', '']);
    });

    it('refuses values it cannot represent', () => {
      const bad = [
        { origin: '', treeSize: 1, rootHash: root },
        { origin: 'a\nb', treeSize: 1, rootHash: root },
        { origin: 'o', treeSize: -1, rootHash: root },
        { origin: 'o', treeSize: 1.5, rootHash: root },
        { origin: 'o', treeSize: 1, rootHash: root.subarray(1) },
        { origin: 'o', treeSize: 1, rootHash: root, extensions: [''] },
      ];
      for (const checkpoint of bad) expect(codeOf(() => formatCheckpointBody(checkpoint))).toBe('INVALID_ARGUMENT');
    });
  });

  describe('when parsing a body', () => {
    it('parses the C2SP tlog-checkpoint example', () => {
      const parsed = parseCheckpointBody(example.body);
      expect(parsed.origin).toBe(example.origin);
      expect(parsed.treeSize).toBe(example.treeSize);
      expect(parsed.rootHash.toString('hex')).toBe(example.rootHash);
      expect(parsed.extensions).toEqual([]);
    });

    it('round-trips what it formats', () => {
      const checkpoint = { origin: 'synthledger.test/log', treeSize: 9007199254740991, rootHash: root, extensions: ['x', 'y'] };
      expect(parseCheckpointBody(formatCheckpointBody(checkpoint))).toEqual(checkpoint);
    });

    const b64 = root.toString('base64');
    const cases: Array<[string, string]> = [
      ['no final newline', `o\n1\n${b64}`],
      ['too few lines', 'o\n1\n'],
      ['empty origin', `\n1\n${b64}\n`],
      ['leading zero in size', `o\n01\n${b64}\n`],
      ['signed size', `o\n+1\n${b64}\n`],
      ['hex size', `o\n0x1\n${b64}\n`],
      ['size with spaces', `o\n 1\n${b64}\n`],
      ['size beyond 2^53 - 1', `o\n9007199254740992\n${b64}\n`],
      ['empty size', `o\n\n${b64}\n`],
      ['31-byte root', `o\n1\n${root.subarray(1).toString('base64')}\n`],
      ['33-byte root', `o\n1\n${Buffer.concat([root, Buffer.of(0)]).toString('base64')}\n`],
      ['unpadded root', `o\n1\n${b64.replace(/=+$/, '')}\n`],
      ['url-safe base64 root', `o\n1\n${Buffer.alloc(32, 0xfb).toString('base64url')}=\n`],
      ['hex root', `o\n1\n${root.toString('hex')}\n`],
      ['empty extension line', `o\n1\n${b64}\n\n`],
      ['carriage return', `o\r\n1\n${b64}\n`],
    ];
    it.each(cases)('refuses a body with %s as CHECKPOINT_INVALID', (_, body) => {
      expect(codeOf(() => parseCheckpointBody(body))).toBe('CHECKPOINT_INVALID');
    });
  });

  describe('when signed and verified', () => {
    const { signerKey, verifierKey } = generateSigningKey('synthledger.test/log');
    const signer = parseSignerKey(signerKey);
    const checkpoint = { origin: 'synthledger.test/log', treeSize: 2, rootHash: root };

    it('returns the checkpoint that was signed', () => {
      const note = signCheckpoint(checkpoint, signer);
      const verified = verifyCheckpoint(note, verifierKey, { origin: 'synthledger.test/log' });
      expect(verified).toMatchObject({ ...checkpoint, extensions: [] });
      expect(verified.note.signatures).toHaveLength(1);
      expect(openNote(note, [signer.verifier]).text).toBe(formatCheckpointBody(checkpoint));
    });

    it('refuses another key, a changed body and another origin', () => {
      const note = signCheckpoint(checkpoint, signer);
      const other = generateSigningKey('synthledger.test/log').verifierKey;
      expect(codeOf(() => verifyCheckpoint(note, other))).toBe('SIGNATURE_INVALID');
      expect(codeOf(() => verifyCheckpoint(note.replace('\n2\n', '\n3\n'), verifierKey))).toBe('SIGNATURE_INVALID');
      expect(codeOf(() => verifyCheckpoint(note, verifierKey, { origin: 'elsewhere' }))).toBe('CHECKPOINT_INVALID');
    });

    it('never signs a malformed body', () => {
      expect(codeOf(() => signCheckpoint('o\n01\nAAAA\n', signer))).toBe('CHECKPOINT_INVALID');
    });

    it('refuses a validly signed note whose body is not a checkpoint', () => {
      const note = signNote('just text\n', signer);
      expect(codeOf(() => verifyCheckpoint(note, verifierKey))).toBe('CHECKPOINT_INVALID');
    });

    it('does not verify the C2SP example with an unrelated key', () => {
      expect(codeOf(() => verifyCheckpoint(example.note, verifierKey))).toBe('SIGNATURE_INVALID');
    });
  });
});
