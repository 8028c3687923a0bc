import { MerkleRootBuilder } from '../../ledger/core/merkle-root-builder';
import { MerkleFrontier } from '../../ledger/core/merkle-frontier';
import { leafHash, rootFromLeafHashes } from '../../ledger/core/merkle';
import { sha256Hex } from '../../ledger/core/crypto-primitives';

const leaves = Array.from({ length: 70 }, (_, i) => `{"index":${i},"text":"leaf ${i} ✓"}`);

describe('MerkleRootBuilder', () => {
  it('gives the root MerkleFrontier and the RFC 9162 definition give, at every size', () => {
    const builder = new MerkleRootBuilder();
    const frontier = new MerkleFrontier();
    const hashes: Buffer[] = [];
    expect(builder.root().equals(rootFromLeafHashes([]))).toBe(true);
    leaves.forEach((text, i) => {
      const bytes = Buffer.from(text, 'utf8');
      if (i % 2 === 0) builder.pushLeafText(text);
      else builder.pushLeafInput(Buffer.concat([Buffer.of(0), bytes]));
      frontier.push(leafHash(bytes));
      hashes.push(leafHash(bytes));
      expect(builder.size).toBe(i + 1);
      expect(builder.root().toString('hex')).toBe(frontier.root().toString('hex'));
      expect(builder.root().equals(rootFromLeafHashes(hashes))).toBe(true);
    });
  });

  it('refuses a leaf input without the leaf prefix', () => {
    expect(() => new MerkleRootBuilder().pushLeafInput(Buffer.from('x'))).toThrow(/leaf prefix/);
  });

  describe('when ranges of leaves arrive as the subtrees of their compact form', () => {
    const hex = leaves.map((text) => leafHash(Buffer.from(text, 'utf8')).toString('hex'));

    it('covers a range with perfect subtrees as large as their positions allow', () => {
      expect(MerkleRootBuilder.subtreesOf(0, hex.slice(0, 8)).map((s) => s.height)).toEqual([3]);
      expect(MerkleRootBuilder.subtreesOf(8, hex.slice(8, 19)).map((s) => s.height)).toEqual([3, 1, 0]);
      expect(MerkleRootBuilder.subtreesOf(5, hex.slice(5, 16)).map((s) => s.height)).toEqual([0, 1, 3]);
      expect(MerkleRootBuilder.subtreesOf(3, [])).toEqual([]);
    });

    it('gives the root pushed leaf by leaf, however the log is cut into ranges', () => {
      for (const cut of [[70], [1, 69], [16, 16, 38], [5, 11, 3, 29, 22], [64, 6], [7, 7, 7, 7, 7, 7, 7, 7, 7, 7]]) {
        const builder = new MerkleRootBuilder();
        let start = 0;
        for (const length of cut) {
          for (const subtree of MerkleRootBuilder.subtreesOf(start, hex.slice(start, start + length))) builder.pushSubtree(subtree);
          start += length;
          expect(builder.size).toBe(start);
          expect(builder.root().equals(rootFromLeafHashes(hex.slice(0, start).map((h) => Buffer.from(h, 'hex'))))).toBe(true);
        }
      }
    });

    it('refuses a subtree its position cannot hold, and a range from a negative index', () => {
      const builder = new MerkleRootBuilder();
      builder.pushLeafText(leaves[0]!);
      expect(() => builder.pushSubtree({ height: 1, hash: sha256Hex('x') })).toThrow(/height 1 cannot follow 1 leaves/);
      expect(builder.size).toBe(1);
      expect(() => MerkleRootBuilder.subtreesOf(-1, hex.slice(0, 2))).toThrow(/cannot start at -1/);
    });
  });
});
