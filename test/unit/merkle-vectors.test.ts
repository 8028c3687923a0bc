/**
 * Walks the language-neutral vectors of test/vectors/merkle/ (converted from
 * transparency-dev/merkle by scripts/convert-merkle-vectors.ts). Each kind is
 * one test that checks every file and reports every failure at once.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { VerificationError } from '../../common/errors';
import { leafHash, nodeHash, rootFromLeafHashes } from '../../ledger/core/merkle';
import { MemoryNodeStore } from '../../ledger/core/merkle-proofs';
import { verifyConsistency, verifyInclusion } from '../../ledger/core/merkle-verify';

const VECTORS = join(__dirname, '..', 'vectors', 'merkle');

interface Vector {
  desc: string;
  wantErr: boolean;
  proof: string[];
  [field: string]: unknown;
}

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Sizes beyond 2^53 are stored as decimal strings; Number() makes them unsafe, which the verifier must refuse. */
function size(v: unknown): number {
  return typeof v === 'string' ? Number(v) : (v as number);
}

function bytes(hex: unknown): Buffer {
  return Buffer.from(hex as string, 'hex');
}

/** Runs every vector of a kind; returns one line per failure. */
function check(kind: string, run: (v: Vector) => void): { files: number; failures: string[] } {
  const files = walk(join(VECTORS, kind));
  const failures: string[] = [];
  for (const file of files) {
    const name = relative(VECTORS, file);
    const v = JSON.parse(readFileSync(file, 'utf8')) as Vector;
    let error: unknown;
    try {
      run(v);
    } catch (err) {
      error = err;
    }
    if (v.wantErr && error === undefined) failures.push(`${name} (${v.desc}): verified, want an error`);
    if (!v.wantErr && error !== undefined) failures.push(`${name} (${v.desc}): ${(error as Error).message}, want success`);
    if (error !== undefined && !(error instanceof VerificationError)) {
      failures.push(`${name} (${v.desc}): threw ${(error as Error).name}, want a VerificationError`);
    }
  }
  return { files: files.length, failures };
}

describe('merkle vectors', () => {
  describe('when verifying the transparency-dev/merkle inclusion probes', () => {
    it('accepts every happy path and rejects every mutation', () => {
      const { files, failures } = check('inclusion', (v) =>
        verifyInclusion(bytes(v.leafHash), size(v.leafIdx), size(v.treeSize), v.proof.map(bytes), bytes(v.root)));
      expect(files).toBe(98);
      expect(failures).toEqual([]);
    });
  });

  describe('when verifying the transparency-dev/merkle consistency probes', () => {
    it('accepts every happy path and rejects every mutation', () => {
      const { files, failures } = check('consistency', (v) =>
        verifyConsistency(size(v.size1), size(v.size2), v.proof.map(bytes), bytes(v.root1), bytes(v.root2)));
      expect(files).toBe(98);
      expect(failures).toEqual([]);
    });
  });

  describe('when building the RFC 6962 reference tree of 8 leaves', () => {
    const ref = JSON.parse(readFileSync(join(VECTORS, 'reference-roots.json'), 'utf8')) as {
      leaves: string[];
      nodes: Array<{ level: number; hashes: string[] }>;
      roots: Array<{ treeSize: number; root: string }>;
    };
    const leafHashes = ref.leaves.map((l) => leafHash(bytes(l)));

    it('computes every reference root with the reference implementation and the node store', () => {
      const store = new MemoryNodeStore();
      ref.leaves.forEach((l) => store.appendLeaf(bytes(l)));
      const failures = ref.roots.flatMap(({ treeSize, root }) => {
        const got = [rootFromLeafHashes(leafHashes.slice(0, treeSize)), store.root(treeSize)].map((h) => h.toString('hex'));
        return got.every((h) => h === root) ? [] : [`size ${treeSize}: got ${got.join(' / ')}, want ${root}`];
      });
      expect(failures).toEqual([]);
    });

    it('stores exactly the reference perfect-subtree nodes', () => {
      const store = new MemoryNodeStore();
      ref.leaves.forEach((l) => store.appendLeaf(bytes(l)));
      const failures = ref.nodes.flatMap(({ level, hashes }) => hashes.flatMap((want, index) => {
        const got = store.node({ level, index }).toString('hex');
        return got === want ? [] : [`node (${level}, ${index}): got ${got}, want ${want}`];
      }));
      expect(failures).toEqual([]);
    });

    it('plans exactly the proofs of the upstream happy paths', () => {
      const store = new MemoryNodeStore();
      ref.leaves.forEach((l) => store.appendLeaf(bytes(l)));
      const failures: string[] = [];
      let checked = 0;
      for (const kind of ['inclusion', 'consistency']) {
        for (const file of walk(join(VECTORS, kind)).filter((f) => /\/\d+\/happy-path\.json$/.test(f))) {
          const v = JSON.parse(readFileSync(file, 'utf8')) as Vector;
          const got = kind === 'inclusion'
            ? store.inclusionProof(size(v.leafIdx), size(v.treeSize))
            : store.consistencyProof(size(v.size1), size(v.size2));
          if (got.map((h) => h.toString('hex')).join() !== v.proof.join()) failures.push(relative(VECTORS, file));
          checked++;
        }
      }
      expect(checked).toBe(10);
      expect(failures).toEqual([]);
    });

    it('hashes leaves and nodes with the RFC prefixes', () => {
      // transparency-dev/merkle rfc6962_test.go: HashLeaf("L123456") and HashChildren("N123", "N456").
      expect(leafHash(Buffer.from('L123456')).toString('hex')).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
      expect(nodeHash(Buffer.from('N123'), Buffer.from('N456')).toString('hex')).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
      expect(rootFromLeafHashes([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });
  });
});
