/**
 * Merkle tree hashing of the global log, as RFC 9162 section 2.1
 * (https://www.rfc-editor.org/rfc/rfc9162#section-2.1), which keeps the
 * RFC 6962 hash function: SHA-256 with domain-separation prefixes so a leaf
 * can never be confused with an interior node (second-preimage resistance).
 *
 * This module has no database imports: the offline verifier uses it.
 */
import { sha256Bytes } from './hash';

/** Prefix of a leaf hash input: `MTH({d(0)}) = HASH(0x00 || d(0))` (RFC 9162 section 2.1.1). */
export const LEAF_PREFIX = 0x00;
/** Prefix of an interior node hash input: `HASH(0x01 || left || right)` (RFC 9162 section 2.1.1). */
export const NODE_PREFIX = 0x01;
/** Bytes in every tree hash (SHA-256). */
export const HASH_SIZE = 32;

/** `MTH({})`: the root of the empty tree, SHA-256 of the empty string (RFC 9162 section 2.1.1). */
export function emptyRoot(): Buffer {
  return sha256Bytes(new Uint8Array(0));
}

/** The RFC 9162 leaf hash of `leaf`'s raw bytes. */
export function leafHash(leaf: Uint8Array): Buffer {
  return sha256Bytes(Buffer.concat([Buffer.of(LEAF_PREFIX), leaf]));
}

/**
 * The RFC 9162 leaf input `0x00 || text` of `text`'s UTF-8 bytes, as a
 * string to hash: U+0000 is the one byte 0x00 in UTF-8, so it spells the
 * leaf prefix.
 */
export function leafInputText(text: string): string {
  return `\u0000${text}`;
}

/**
 * The RFC 9162 leaf hash of `text`'s UTF-8 bytes, e.g. a stored header:
 * `leafHash(Buffer.from(text, 'utf8'))` without building that buffer.
 */
export function leafHashOfText(text: string): Buffer {
  return sha256Bytes(leafInputText(text));
}

// The input of a node hash, 0x01 || left || right, rebuilt in place for each call: hashing reads it at once.
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeInput[0] = NODE_PREFIX;

/** The RFC 9162 interior node hash of two child hashes, left first. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return sha256Bytes(Buffer.concat([Buffer.of(NODE_PREFIX), left, right]));
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return sha256Bytes(nodeInput);
}

/**
 * The Merkle tree hash MTH(D[n]) of leaves given by their leaf hashes, by the
 * recursive definition of RFC 9162 section 2.1.1. A reference implementation:
 * O(n) time, used by tests and small verifiers; the ledger uses the frontier.
 */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return emptyRoot();
  return subtreeRoot(hashes, 0, hashes.length);
}

function subtreeRoot(hashes: readonly Uint8Array[], lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (n === 1) return Buffer.from(hashes[lo]!);
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(subtreeRoot(hashes, lo, lo + k), subtreeRoot(hashes, lo + k, hi));
}

/** The largest power of two strictly less than `n`; requires n > 1 (the split point k of RFC 9162 section 2.1.1). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  // Multiplication, not shifts: JavaScript bit operators truncate to 32 bits.
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A perfect subtree of the log: the `2^level` leaves starting at leaf
 * `index * 2^level`. Level 0 nodes are leaf hashes.
 */
export interface NodeId {
  level: number;
  index: number;
}

/** The levels of the perfect subtrees that make up a tree of `size` leaves, largest first (the set bits of `size`). */
export function perfectSubtreeLevels(size: number): number[] {
  const levels: number[] = [];
  let rest = size;
  for (let level = 0; rest > 0; level++) {
    if (rest % 2 === 1) levels.push(level);
    rest = Math.floor(rest / 2);
  }
  return levels.reverse();
}
