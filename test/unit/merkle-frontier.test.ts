import { LedgerError } from '../../common/errors';
import { leafHash, leafHashOfText, nodeHash, rootFromLeafHashes } from '../../ledger/core/merkle';
import { sha256Bytes } from '../../ledger/core/hash';
import { MerkleFrontier, type StoredNode } from '../../ledger/core/merkle-frontier';

const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

/** MTH of the perfect subtree (level, index) from the leaves themselves. */
function referenceNode(level: number, index: number): string {
  const width = 2 ** level;
  return rootFromLeafHashes(leaves.slice(index * width, (index + 1) * width)).toString('hex');
}

function summary(nodes: StoredNode[]): string[] {
  return nodes.map((n) => `${n.level}/${n.index}`);
}

describe('MerkleFrontier', () => {
  describe('when appending leaves one by one', () => {
    it('returns the leaf and every perfect subtree it completes, with correct hashes', () => {
      const frontier = new MerkleFrontier();
      const failures: string[] = [];
      leaves.forEach((h, i) => {
        const nodes = frontier.append(h);
        // Leaf i completes one node per trailing one bit of i, plus the leaf.
        let expected = 1;
        for (let rest = i; rest % 2 === 1; rest = Math.floor(rest / 2)) expected++;
        if (nodes.length !== expected) failures.push(`leaf ${i}: ${nodes.length} nodes, want ${expected}`);
        nodes.forEach((n, level) => {
          if (n.level !== level || n.index !== Math.floor(i / 2 ** level)) failures.push(`leaf ${i}: unexpected node ${n.level}/${n.index}`);
          if (n.hash.toString('hex') !== referenceNode(n.level, n.index)) failures.push(`leaf ${i}: wrong hash for ${n.level}/${n.index}`);
        });
        if (!frontier.root().equals(rootFromLeafHashes(leaves.slice(0, i + 1)))) failures.push(`size ${i + 1}: wrong root`);
      });
      expect(failures).toEqual([]);
      expect(summary(new MerkleFrontier().append(leaves[0]!))).toEqual(['0/0']);
    });

    it('reaches the same roots through push, which lists no nodes', () => {
      const pushed = new MerkleFrontier();
      const failures: string[] = [];
      leaves.forEach((h, i) => {
        pushed.push(h);
        if (!pushed.root().equals(rootFromLeafHashes(leaves.slice(0, i + 1)))) failures.push(`size ${i + 1}: wrong root`);
      });
      expect(failures).toEqual([]);
      expect(pushed.toJSON()).toEqual(leaves.reduce((f, h) => (f.append(h), f), new MerkleFrontier()).toJSON());
      expect(() => pushed.push(Buffer.alloc(31))).toThrow(LedgerError);
    });

    it('has the empty-tree root when empty', () => {
      expect(new MerkleFrontier().root().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });
  });

  describe('when saved to JSON and restored', () => {
    it('continues exactly as if never interrupted', () => {
      const straight = new MerkleFrontier();
      let restored = new MerkleFrontier();
      leaves.forEach((h, i) => {
        const a = straight.append(h);
        const json = JSON.parse(JSON.stringify(restored.toJSON()));
        restored = MerkleFrontier.fromJSON(json);
        const b = restored.append(h);
        expect(summary(b)).toEqual(summary(a));
        expect(b.map((n) => n.hash)).toEqual(a.map((n) => n.hash));
        expect(restored.size).toBe(i + 1);
      });
      expect(restored.toJSON()).toEqual(straight.toJSON());
      expect(restored.nodes().map((n) => `${n.level}/${n.index}`)).toEqual(['6/0', '2/16', '1/34']);
    });

    it('writes lowercase hex hashes, largest subtree first', () => {
      const f = new MerkleFrontier();
      leaves.slice(0, 3).forEach((h) => f.append(h));
      expect(f.toJSON()).toEqual({ size: 3, hashes: [referenceNode(1, 0), referenceNode(0, 2)] });
    });
  });

  describe('when restored from a corrupt state row', () => {
    it('refuses it with LOG_STATE_CORRUPT', () => {
      const good = referenceNode(0, 0);
      const bad: unknown[] = [
        { size: 1, hashes: [] },
        { size: 2, hashes: [good, good] },
        { size: -1, hashes: [] },
        { size: 1.5, hashes: [good] },
        { size: 1, hashes: [good.toUpperCase()] },
        { size: 1, hashes: [good.slice(2)] },
        { size: '1', hashes: [good] },
        { size: 1 },
        null,
      ];
      for (const json of bad) {
        expect(() => MerkleFrontier.fromJSON(json as never)).toThrow(LedgerError);
      }
      expect(() => new MerkleFrontier().append(Buffer.alloc(31))).toThrow(LedgerError);
    });
  });

  describe('when the tree is large', () => {
    it('computes node indices without 32-bit overflow', () => {
      const size = 2 ** 40 - 1;
      const hashes = Array.from({ length: 40 }, () => leaves[0]!);
      const f = new MerkleFrontier({ size, hashes });
      const nodes = f.append(leaves[1]!);
      expect(nodes).toHaveLength(41);
      expect(nodes[0]).toMatchObject({ level: 0, index: size });
      expect(nodes[39]).toMatchObject({ level: 39, index: 1 });
      expect(nodes[40]).toMatchObject({ level: 40, index: 0 });
      expect(f.size).toBe(2 ** 40);
      expect(f.toJSON().hashes).toHaveLength(1);
    });
  });
});

describe('leafHashOfText and nodeHash', () => {
  describe('when hashing a text leaf', () => {
    it.each([['ASCII', '{"a":1}'], ['non-ASCII and astral', '{"s":"ünïcode 😀 \u2028"}'], ['empty', '']])('equals leafHash of its UTF-8 bytes (%s)', (_name, text) => {
      expect(leafHashOfText(text).toString('hex')).toBe(leafHash(Buffer.from(text, 'utf8')).toString('hex'));
    });
  });

  describe('when hashing interior nodes one after another', () => {
    it('returns each result in its own buffer, equal to SHA-256(0x01 || left || right)', () => {
      const a = nodeHash(leaves[0]!, leaves[1]!);
      const b = nodeHash(leaves[2]!, leaves[3]!);
      expect(a.equals(b)).toBe(false);
      expect(a.toString('hex')).toBe(sha256Bytes(Buffer.concat([Buffer.of(1), leaves[0]!, leaves[1]!])).toString('hex'));
      expect(b.toString('hex')).toBe(sha256Bytes(Buffer.concat([Buffer.of(1), leaves[2]!, leaves[3]!])).toString('hex'));
      // Children of another size (never in the tree) are hashed as given, not cut to 32 bytes.
      expect(nodeHash(Buffer.of(1), Buffer.of(2)).toString('hex')).toBe(sha256Bytes(Buffer.of(1, 1, 2)).toString('hex'));
    });
  });
});
