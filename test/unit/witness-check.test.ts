import { formatAddCheckpointRequest, parseAddCheckpointRequest, parseTreeSizeBody, formatTreeSizeBody } from '../../ledger/core/add-checkpoint-request';
import { formatCheckpointBody, signCheckpoint } from '../../ledger/core/checkpoint';
import { leafHash } from '../../ledger/core/merkle';
import { MemoryNodeStore } from '../../ledger/core/merkle-proofs';
import { rootFromLeafHashes } from '../../ledger/core/merkle';
import type { NoteVerifier } from '../../ledger/core/signed-note';
import { SigningKey } from '../../ledger/core/signing-key';
import { checkAddCheckpoint, type WitnessState } from '../../ledger/core/witness-check';
import { codeOf } from '../support/caught';

const ORIGIN = 'synthledger.test/log';
const logKey = new SigningKey(ORIGIN, Buffer.alloc(32, 7));
const otherKey = new SigningKey(ORIGIN, Buffer.alloc(32, 8));
const logs = new Map<string, NoteVerifier[]>([[ORIGIN, [logKey.verifier]]]);
const leaves = Array.from({ length: 12 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
const forkLeaves = leaves.map((l, i) => (i === 2 ? leafHash(Buffer.from('forged')) : l));

function rootOf(hashes: Buffer[], size: number): Buffer {
  return rootFromLeafHashes(hashes.slice(0, size));
}

function note(size: number, hashes = leaves, key = logKey): string {
  return signCheckpoint(formatCheckpointBody({ origin: ORIGIN, treeSize: size, rootHash: rootOf(hashes, size) }), key);
}

function proof(from: number, to: number, hashes = leaves): Buffer[] {
  const store = new MemoryNodeStore();
  hashes.slice(0, to).forEach((h) => store.appendLeafHash(h));
  return store.consistencyProof(from, to);
}

function state(size: number, hashes = leaves): WitnessState {
  return { origin: ORIGIN, treeSize: size, rootHash: rootOf(hashes, size), body: '', cosignedAt: 0 };
}

describe('add-checkpoint request', () => {
  describe('when formatting and parsing', () => {
    it('round-trips old size, proof lines and the checkpoint', () => {
      const request = { oldSize: 5, proof: proof(5, 12), checkpoint: note(12) };
      const text = formatAddCheckpointRequest(request);
      expect(text.startsWith('old 5\n')).toBe(true);
      expect(parseAddCheckpointRequest(text)).toEqual(request);
    });

    it('parses the C2SP example layout (blank line between proof and note)', () => {
      const text = `old 0\n\n${note(3)}`;
      expect(parseAddCheckpointRequest(text)).toEqual({ oldSize: 0, proof: [], checkpoint: note(3) });
    });

    it('refuses malformed requests, naming the line', () => {
      const h = leaves[0]!.toString('base64');
      const bad = ['', 'old 1', 'old 01\n\nx', 'old -1\n\nx', 'new 1\n\nx', `old 1\n${h}\n`, `old 1\n${h}\n\n`, 'old 1\nAAAA\n\nx',
        `old 1\n${Array(64).fill(h).join('\n')}\n\nx`, 'old 99999999999999999999\n\nx'];
      for (const body of bad) expect(codeOf(() => parseAddCheckpointRequest(body))).toBe('MALFORMED_INPUT');
    });

    it('formats and parses the 409 tree size body strictly', () => {
      expect(parseTreeSizeBody(formatTreeSizeBody(42))).toBe(42);
      for (const bad of ['42', '042\n', 'x\n', '\n']) expect(codeOf(() => parseTreeSizeBody(bad))).toBe('MALFORMED_INPUT');
    });
  });
});

describe('checkAddCheckpoint', () => {
  describe('when the witness has no state for the log', () => {
    it('accepts a signed checkpoint with old size 0 and an empty proof', () => {
      const d = checkAddCheckpoint({ oldSize: 0, proof: [], checkpoint: note(4) }, logs, null);
      expect(d).toMatchObject({ accepted: true, origin: ORIGIN, checkpoint: { treeSize: 4 } });
    });

    it('answers 409 with size 0 to a request from another old size', () => {
      expect(checkAddCheckpoint({ oldSize: 3, proof: proof(3, 4), checkpoint: note(4) }, logs, null))
        .toMatchObject({ accepted: false, status: 409, refusal: 'OLD_SIZE_MISMATCH', latestSize: 0 });
    });
  });

  describe('when the checkpoint extends what the witness cosigned', () => {
    it('accepts it with a valid consistency proof', () => {
      expect(checkAddCheckpoint({ oldSize: 5, proof: proof(5, 12), checkpoint: note(12) }, logs, state(5)).accepted).toBe(true);
    });

    it('accepts the same checkpoint again (equal sizes, equal roots, empty proof)', () => {
      expect(checkAddCheckpoint({ oldSize: 5, proof: [], checkpoint: note(5) }, logs, state(5)).accepted).toBe(true);
    });
  });

  describe('when the log presents a split view', () => {
    it('refuses a second root for the size it cosigned with 409 SPLIT_VIEW_ROOT', () => {
      const d = checkAddCheckpoint({ oldSize: 5, proof: [], checkpoint: note(5, forkLeaves) }, logs, state(5));
      expect(d).toMatchObject({ accepted: false, status: 409, refusal: 'SPLIT_VIEW_ROOT', evidence: true });
      expect(d.accepted === false && d.message).toMatch(/split view/);
    });

    it('refuses a larger checkpoint of a forked tree with 422 SPLIT_VIEW_PROOF', () => {
      const d = checkAddCheckpoint({ oldSize: 5, proof: proof(5, 12, forkLeaves), checkpoint: note(12, forkLeaves) }, logs, state(5));
      expect(d).toMatchObject({ accepted: false, status: 422, refusal: 'SPLIT_VIEW_PROOF', evidence: true });
    });

    it('refuses a proof for other sizes with 422', () => {
      expect(checkAddCheckpoint({ oldSize: 5, proof: proof(6, 12), checkpoint: note(12) }, logs, state(5)))
        .toMatchObject({ accepted: false, status: 422 });
    });
  });

  describe('when the request is not acceptable for other reasons', () => {
    it('answers 404 for an unknown origin', () => {
      const unknown = signCheckpoint(formatCheckpointBody({ origin: 'elsewhere/log', treeSize: 1, rootHash: rootOf(leaves, 1) }), logKey);
      expect(checkAddCheckpoint({ oldSize: 0, proof: [], checkpoint: unknown }, logs, null)).toMatchObject({ status: 404, refusal: 'UNKNOWN_LOG' });
    });

    it('answers 403 for a checkpoint signed by another key of the same name', () => {
      expect(checkAddCheckpoint({ oldSize: 0, proof: [], checkpoint: note(4, leaves, otherKey) }, logs, null)).toMatchObject({ status: 403, refusal: 'BAD_LOG_SIGNATURE' });
    });

    it('answers 403 for a tampered checkpoint', () => {
      const tampered = note(4).replace(`\n4\n`, '\n5\n');
      expect(checkAddCheckpoint({ oldSize: 0, proof: [], checkpoint: tampered }, logs, null)).toMatchObject({ status: 403 });
    });

    it('answers 400 for an old size beyond the checkpoint and for a proof with old size 0', () => {
      expect(checkAddCheckpoint({ oldSize: 6, proof: [], checkpoint: note(5) }, logs, state(6))).toMatchObject({ status: 400, refusal: 'OLD_SIZE_TOO_LARGE' });
      expect(checkAddCheckpoint({ oldSize: 0, proof: [leaves[0]!], checkpoint: note(5) }, logs, null)).toMatchObject({ status: 400 });
    });

    it('answers 400 for a note that is not a note, quoting nothing raw', () => {
      const d = checkAddCheckpoint({ oldSize: 0, proof: [], checkpoint: 'no signatures\n' }, logs, null);
      expect(d).toMatchObject({ status: 400, refusal: 'MALFORMED_REQUEST' });
    });

    it('escapes an attacker-chosen origin in its message', () => {
      const evil = signCheckpoint(formatCheckpointBody({ origin: 'evil\u202e<script>', treeSize: 1, rootHash: rootOf(leaves, 1) }), logKey);
      const d = checkAddCheckpoint({ oldSize: 0, proof: [], checkpoint: evil }, logs, null);
      expect(d.accepted === false && d.message).toContain(JSON.stringify('evil\u202e<script>'));
    });
  });
});
