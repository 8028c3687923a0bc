/**
 * Verification of RFC 9162 inclusion and consistency proofs
 * (https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3.2 and
 * https://www.rfc-editor.org/rfc/rfc9162#section-2.1.4.2).
 *
 * Every argument is attacker-controlled (it comes from a receipt or a
 * server): types, integer ranges, hash lengths and the exact proof length
 * are checked before any hashing, and every failure is a VerificationError
 * saying precisely what did not match. No database imports: the offline
 * verifier uses this module.
 *
 * Tree arithmetic uses BigInt because JavaScript bit operators truncate to
 * 32 bits and tree sizes go up to 2^53 - 1.
 */
import { VerificationError } from '../../common/errors';
import { HASH_SIZE, nodeHash } from './merkle';

/**
 * A proof that leads to another root than the one expected (PROOF_MISMATCH).
 * `expected` and `computed` are the two roots in hex, also copied into
 * `details` so they survive JSON and the Temporal boundary.
 */
export class RootMismatchError extends VerificationError {
  constructor(message: string, readonly expected: string, readonly computed: string) {
    super('PROOF_MISMATCH', message, { details: { expected, computed } });
  }
}

/**
 * Checks that `leafHash` is the leaf at `leafIndex` of the tree of `treeSize`
 * leaves whose root is `root`, given the inclusion `proof` (hashes in RFC 9162
 * order). Throws VerificationError PROOF_MISMATCH (or MALFORMED_INPUT for
 * ill-typed input) and returns nothing on success.
 */
export function verifyInclusion(leafHash: Uint8Array, leafIndex: number, treeSize: number, proof: readonly Uint8Array[], root: Uint8Array): void {
  checkHash(root, 'root');
  const calculated = rootFromInclusionProof(leafHash, leafIndex, treeSize, proof);
  if (!calculated.equals(root)) {
    throw new RootMismatchError(`inclusion proof of leaf ${leafIndex} in a tree of ${treeSize} leads to root ${hex(calculated)}, not the expected root ${hex(root)}`, hex(root), hex(calculated));
  }
}

/**
 * The root that an inclusion `proof` of `leafHash` at `leafIndex` implies for
 * a tree of `treeSize` leaves; requires 0 ≤ leafIndex < treeSize. Throws if
 * the proof cannot be a proof for that position (wrong length, index beyond size).
 */
export function rootFromInclusionProof(leafHash: Uint8Array, leafIndex: number, treeSize: number, proof: readonly Uint8Array[]): Buffer {
  const index = toCount(leafIndex, 'leaf index');
  const size = toCount(treeSize, 'tree size');
  checkHash(leafHash, 'leaf hash');
  checkProof(proof);
  if (index >= size) throw mismatch(`leaf index ${leafIndex} is beyond the tree size ${treeSize}`);
  const want = inclusionProofLength(index, size);
  if (proof.length !== want) {
    throw mismatch(`wrong inclusion proof length ${proof.length}, want ${want} for leaf ${leafIndex} in a tree of ${treeSize}`);
  }

  // RFC 9162 section 2.1.3.2, steps 2 to 5.
  let fn = index;
  let sn = size - 1n;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0n) throw mismatch('inclusion proof is longer than the path to the root');
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // Skip the levels where this node is the right edge and has no sibling.
      while (!isOdd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw mismatch('inclusion proof is shorter than the path to the root');
  return r;
}

/**
 * Checks that the tree of `size2` leaves with root `root2` extends the tree of
 * `size1` leaves with root `root1`, given the consistency `proof`. Requires
 * 0 < size1 ≤ size2 (equal sizes need an empty proof and equal roots).
 * Throws VerificationError PROOF_MISMATCH (or MALFORMED_INPUT) on failure.
 */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  const first = toCount(size1, 'old tree size');
  const second = toCount(size2, 'new tree size');
  checkHash(root1, 'old root');
  checkHash(root2, 'new root');
  checkProof(proof);
  if (second < first) throw mismatch(`new tree size ${size2} is smaller than old tree size ${size1}`);
  if (first === 0n) throw mismatch('a consistency proof from the empty tree is meaningless (RFC 9162 section 2.1.4)');
  if (first === second) {
    if (proof.length !== 0) throw mismatch(`trees of equal size ${size1} need an empty consistency proof, got ${proof.length} hashes`);
    if (!Buffer.from(root1).equals(root2)) throw new RootMismatchError(`trees of equal size ${size1} have different roots ${hex(root1)} and ${hex(root2)}`, hex(root1), hex(root2));
    return;
  }
  if (proof.length === 0) throw mismatch(`empty consistency proof between different tree sizes ${size1} and ${size2}`);
  const want = consistencyProofLength(first, second);
  if (proof.length !== want) {
    throw mismatch(`wrong consistency proof length ${proof.length}, want ${want} from tree size ${size1} to ${size2}`);
  }

  // RFC 9162 section 2.1.4.2, steps 2 to 7.
  const path = isPowerOfTwo(first) ? [root1, ...proof] : [...proof];
  let fn = first - 1n;
  let sn = second - 1n;
  while (isOdd(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0n) throw mismatch('consistency proof is longer than the path to the root');
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw mismatch('consistency proof is shorter than the path to the root');
  if (!fr.equals(root1)) {
    throw new RootMismatchError(`consistency proof from ${size1} to ${size2} leads to old root ${hex(fr)}, not the expected ${hex(root1)}`, hex(root1), hex(fr));
  }
  if (!sr.equals(root2)) {
    throw new RootMismatchError(`consistency proof from ${size1} to ${size2} leads to new root ${hex(sr)}, not the expected ${hex(root2)}`, hex(root2), hex(sr));
  }
}

/** Number of hashes in the inclusion proof of leaf `index` in a tree of `size` leaves; requires index < size. */
export function inclusionProofLength(index: bigint, size: bigint): number {
  // Below the level where the paths to `index` and to the last leaf fork,
  // there is one sibling per level; above it, one left sibling per set bit.
  const inner = bitLength(index ^ (size - 1n));
  return inner + popCount(index >> BigInt(inner));
}

/** Number of hashes in the consistency proof from `size1` to `size2` leaves; requires 0 < size1 < size2. */
export function consistencyProofLength(size1: bigint, size2: bigint): number {
  const fork = bitLength((size1 - 1n) ^ (size2 - 1n));
  const border = popCount((size1 - 1n) >> BigInt(fork));
  const shift = trailingZeros(size1);
  // The old tree's last perfect subtree starts the proof, unless the old tree
  // is itself perfect: then the verifier already has it (its root).
  return (isPowerOfTwo(size1) ? 0 : 1) + (fork - shift) + border;
}

function toCount(value: unknown, what: string): bigint {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new VerificationError('MALFORMED_INPUT', `${what} must be a non-negative safe integer, got ${typeof value === 'number' ? String(value) : typeof value}`);
  }
  return BigInt(value);
}

function checkHash(hash: unknown, what: string): asserts hash is Uint8Array {
  if (!(hash instanceof Uint8Array)) throw new VerificationError('MALFORMED_INPUT', `${what} must be bytes, got ${typeof hash}`);
  if (hash.length !== HASH_SIZE) throw new VerificationError('MALFORMED_INPUT', `${what} has ${hash.length} bytes, want ${HASH_SIZE}`);
}

function checkProof(proof: unknown): asserts proof is readonly Uint8Array[] {
  if (!Array.isArray(proof)) throw new VerificationError('MALFORMED_INPUT', 'proof must be an array of hashes');
  proof.forEach((h, i) => checkHash(h, `proof[${i}]`));
}

function mismatch(message: string): VerificationError {
  return new VerificationError('PROOF_MISMATCH', message);
}

function isOdd(n: bigint): boolean {
  return (n & 1n) === 1n;
}

function isPowerOfTwo(n: bigint): boolean {
  return n > 0n && (n & (n - 1n)) === 0n;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

function popCount(n: bigint): number {
  let count = 0;
  for (const digit of n.toString(2)) if (digit === '1') count++;
  return count;
}

function trailingZeros(n: bigint): number {
  let count = 0;
  for (let m = n; m > 0n && !isOdd(m); m >>= 1n) count++;
  return count;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
