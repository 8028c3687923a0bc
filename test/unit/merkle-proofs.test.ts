/**
 * Proofs from stored perfect-subtree nodes must be exactly the RFC 9162 proofs.
 * The reference here is the RFC's recursive definition over all leaf hashes
 * (sections 2.1.3.1 and 2.1.4.1), independent of the plans under test.
 */
import { LedgerError, ValidationError, VerificationError } from '../../common/errors';
import { largestPowerOfTwoBelow, leafHash, rootFromLeafHashes } from '../../ledger/core/merkle';
import { MemoryNodeStore, planConsistencyProof, planInclusionProof, planRoot } from '../../ledger/core/merkle-proofs';
import { verifyConsistency, verifyInclusion } from '../../ledger/core/merkle-verify';

const MAX_SIZE = 40;

/** PATH(m, D[n]) of RFC 9162 section 2.1.3.1. */
function referencePath(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = largestPowerOfTwoBelow(d.length);
  if (m < k) return [...referencePath(m, d.slice(0, k)), rootFromLeafHashes(d.slice(k))];
  return [...referencePath(m - k, d.slice(k)), rootFromLeafHashes(d.slice(0, k))];
}

/** SUBPROOF(m, D[n], b) of RFC 9162 section 2.1.4.1. */
function referenceSubproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [rootFromLeafHashes(d)];
  const k = largestPowerOfTwoBelow(d.length);
  if (m <= k) return [...referenceSubproof(m, d.slice(0, k), b), rootFromLeafHashes(d.slice(k))];
  return [...referenceSubproof(m - k, d.slice(k), false), rootFromLeafHashes(d.slice(0, k))];
}

function hex(hashes: Buffer[]): string[] {
  return hashes.map((h) => h.toString('hex'));
}

function flipBit(hash: Buffer): Buffer {
  const copy = Buffer.from(hash);
  copy[0]! ^= 0x10;
  return copy;
}

function fails(fn: () => void): boolean {
  try {
    fn();
    return false;
  } catch (err) {
    if (!(err instanceof VerificationError)) throw err;
    return true;
  }
}

const leaves = Array.from({ length: MAX_SIZE }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
const store = new MemoryNodeStore();
leaves.forEach((h) => store.appendLeafHash(h));

describe('merkle proofs', () => {
  describe('when computing roots from stored nodes', () => {
    it('matches the reference root for every size up to 40', () => {
      const failures: string[] = [];
      for (let n = 0; n <= MAX_SIZE; n++) {
        const want = rootFromLeafHashes(leaves.slice(0, n)).toString('hex');
        if (store.root(n).toString('hex') !== want) failures.push(`size ${n}`);
      }
      expect(failures).toEqual([]);
      expect(store.frontierRoot()).toEqual(store.root());
    });
  });

  describe('when building inclusion proofs for every (m, n) up to n = 40', () => {
    it('produces exactly the RFC 9162 proof, which verifies and fails when tampered', () => {
      const failures: string[] = [];
      for (let n = 1; n <= MAX_SIZE; n++) {
        const root = rootFromLeafHashes(leaves.slice(0, n));
        for (let m = 0; m < n; m++) {
          const proof = store.inclusionProof(m, n);
          const where = `leaf ${m} of ${n}`;
          if (hex(proof).join() !== hex(referencePath(m, leaves.slice(0, n))).join()) failures.push(`${where}: differs from reference`);
          if (fails(() => verifyInclusion(leaves[m]!, m, n, proof, root))) failures.push(`${where}: does not verify`);
          proof.forEach((_, i) => {
            const tampered = proof.map((h, j) => (i === j ? flipBit(h) : h));
            if (!fails(() => verifyInclusion(leaves[m]!, m, n, tampered, root))) failures.push(`${where}: verifies with proof[${i}] flipped`);
          });
          if (!fails(() => verifyInclusion(flipBit(leaves[m]!), m, n, proof, root))) failures.push(`${where}: verifies a different leaf`);
          if (!fails(() => verifyInclusion(leaves[m]!, m, n, proof, flipBit(root)))) failures.push(`${where}: verifies a different root`);
          if (m + 1 < n && !fails(() => verifyInclusion(leaves[m]!, m + 1, n, proof, root))) failures.push(`${where}: verifies at index ${m + 1}`);
          // (A proof may also fit a neighbouring size with the same root: the
          // size is bound to the root by the signed checkpoint, not the proof.)
          const nextRoot = rootFromLeafHashes(leaves.slice(0, n + 1));
          if (n < MAX_SIZE && !fails(() => verifyInclusion(leaves[m]!, m, n + 1, proof, nextRoot))) failures.push(`${where}: verifies in size ${n + 1}`);
          if (!fails(() => verifyInclusion(leaves[m]!, m, n, [...proof, root], root))) failures.push(`${where}: verifies with trailing garbage`);
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe('when building consistency proofs for every (m, n) up to n = 40', () => {
    it('produces exactly the RFC 9162 proof, which verifies and fails when tampered', () => {
      const failures: string[] = [];
      for (let n = 1; n <= MAX_SIZE; n++) {
        const root2 = rootFromLeafHashes(leaves.slice(0, n));
        for (let m = 1; m <= n; m++) {
          const root1 = rootFromLeafHashes(leaves.slice(0, m));
          const proof = store.consistencyProof(m, n);
          const where = `${m} -> ${n}`;
          if (hex(proof).join() !== hex(referenceSubproof(m, leaves.slice(0, n), true)).join()) failures.push(`${where}: differs from reference`);
          if (fails(() => verifyConsistency(m, n, proof, root1, root2))) failures.push(`${where}: does not verify`);
          proof.forEach((_, i) => {
            const tampered = proof.map((h, j) => (i === j ? flipBit(h) : h));
            if (!fails(() => verifyConsistency(m, n, tampered, root1, root2))) failures.push(`${where}: verifies with proof[${i}] flipped`);
          });
          if (!fails(() => verifyConsistency(m, n, proof, flipBit(root1), root2))) failures.push(`${where}: verifies a different old root`);
          if (!fails(() => verifyConsistency(m, n, proof, root1, flipBit(root2)))) failures.push(`${where}: verifies a different new root`);
          if (m < n && !fails(() => verifyConsistency(m, n, proof, root2, root1))) failures.push(`${where}: verifies swapped roots`);
          if (m > 1 && !fails(() => verifyConsistency(m - 1, n, proof, root1, root2))) failures.push(`${where}: verifies from size ${m - 1}`);
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe('when counting node reads', () => {
    it('reads O(log n) nodes, each listed by the plan, in one batch', () => {
      const failures: string[] = [];
      for (let n = 1; n <= MAX_SIZE; n++) {
        const bound = 2 * Math.ceil(Math.log2(n + 1));
        for (let m = 0; m < n; m++) {
          const plan = planInclusionProof(m, n);
          const distinct = new Set(plan.nodes.map((id) => `${id.level}/${id.index}`));
          if (distinct.size !== plan.nodes.length) failures.push(`inclusion ${m}/${n}: duplicate node ids`);
          if (plan.nodes.length > bound) failures.push(`inclusion ${m}/${n}: ${plan.nodes.length} nodes > ${bound}`);
          const consistency = planConsistencyProof(m + 1, n);
          if (consistency.nodes.length > bound) failures.push(`consistency ${m + 1}/${n}: ${consistency.nodes.length} nodes > ${bound}`);
        }
        if (planRoot(n).nodes.length > Math.ceil(Math.log2(n + 1))) failures.push(`root ${n}: too many nodes`);
      }
      expect(failures).toEqual([]);
    });

    it('plans proofs in huge trees without 32-bit overflow', () => {
      const size = Number.MAX_SAFE_INTEGER;
      const plan = planInclusionProof(2 ** 52 + 12345, size);
      expect(plan.nodes.length).toBeLessThanOrEqual(2 * 53);
      for (const id of plan.nodes) {
        expect(Number.isSafeInteger(id.index) && id.index >= 0).toBe(true);
        expect((id.index + 1) * 2 ** id.level).toBeLessThanOrEqual(size);
      }
      expect(planConsistencyProof(2 ** 40 + 3, size).nodes.length).toBeLessThanOrEqual(2 * 53);
    });
  });

  describe('when given invalid arguments', () => {
    it('refuses out-of-range sizes and indices with INVALID_ARGUMENT', () => {
      const calls = [
        () => planInclusionProof(5, 5),
        () => planInclusionProof(-1, 5),
        () => planInclusionProof(0.5, 5),
        () => planConsistencyProof(0, 5),
        () => planConsistencyProof(6, 5),
        () => planRoot(Number.MAX_SAFE_INTEGER + 1),
      ];
      for (const call of calls) expect(call).toThrow(ValidationError);
    });

    it('returns the empty-tree hash for size 0 and an empty proof for equal sizes', () => {
      expect(planRoot(0).nodes).toEqual([]);
      expect(planRoot(0).assemble(() => Buffer.alloc(32)).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      expect(store.consistencyProof(7, 7)).toEqual([]);
    });

    it('refuses a stored node that is not a 32-byte hash', () => {
      const plan = planInclusionProof(0, 2);
      expect(() => plan.assemble(() => Buffer.alloc(31))).toThrow(LedgerError);
    });
  });
});
