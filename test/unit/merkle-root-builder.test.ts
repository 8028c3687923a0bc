import { MerkleRootBuilder } from '../../ledger/core/merkle-root-builder';
import { MerkleFrontier } from '../../ledger/core/merkle-frontier';
import { leafHash, rootFromLeafHashes } from '../../ledger/core/merkle';

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
});
