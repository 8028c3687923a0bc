/**
 * The RFC 9162 root of a long run of leaves, for a verifier that recomputes
 * a whole log: the computation of {@link MerkleFrontier.push} and
 * {@link MerkleFrontier.root} (a compact range, one hash per set bit of the
 * size), with every hash held as the 64 hex digits the hash primitive
 * returns. A digest returned as bytes costs a buffer each, about as much as
 * hashing a header; in hex, the right edge is kept as strings and a node's
 * input is rebuilt in one reused buffer.
 */
import { LedgerError } from '../../common/errors';
import { sha256Hex } from './crypto-primitives';
import { HASH_SIZE, LEAF_PREFIX, NODE_PREFIX, emptyRoot, leafInputText } from './merkle';

// Module constants of their own: read in the hottest loop, where an imported binding can cost a property lookup each time.
const DIGEST_BYTES = HASH_SIZE;
const SECOND_CHILD_AT = 1 + HASH_SIZE;

/** Value of each lowercase hex digit by char code (the digits {@link sha256Hex} writes). */
const HEX_VALUE = new Uint8Array(128);
for (let d = 0; d < 16; d++) HEX_VALUE['0123456789abcdef'.charCodeAt(d)] = d;

/** Appends leaves in order and returns the Merkle tree hash of those so far; see the module comment. */
export class MerkleRootBuilder {
  private count = 0;
  /** Hex hashes of the perfect subtrees on the right edge, largest first. */
  private readonly edge: string[] = [];
  /** `0x01 || left || right`, rewritten for each node. */
  private readonly nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);

  constructor() {
    this.nodeInput[0] = NODE_PREFIX;
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.count;
  }

  /** Appends the leaf whose RFC 9162 leaf input, `0x00 || leaf`, is `leafInput`. */
  pushLeafInput(leafInput: Uint8Array): void {
    if (leafInput[0] !== LEAF_PREFIX) throw new LedgerError('LOG_STATE_CORRUPT', 'a leaf input starts with the leaf prefix 0x00');
    this.pushLeafHash(sha256Hex(leafInput));
  }

  /** Appends the leaf whose bytes are the UTF-8 encoding of `text` (e.g. a stored header). */
  pushLeafText(text: string): void {
    this.pushLeafHash(sha256Hex(leafInputText(text)));
  }

  /** The Merkle tree hash of the leaves so far (the empty-tree hash when there are none). */
  root(): Buffer {
    if (this.edge.length === 0) return emptyRoot();
    let hash = this.edge[this.edge.length - 1]!;
    for (let i = this.edge.length - 2; i >= 0; i--) hash = this.node(this.edge[i]!, hash);
    return Buffer.from(hash, 'hex');
  }

  /**
   * Appends the 2^`height` leaves of a perfect subtree whose hash is
   * `subtree.hash` (hex), as {@link MerkleRootBuilder.subtreesOf} returns them; the size so far
   * must be a multiple of 2^`height` (else throws LOG_STATE_CORRUPT).
   */
  pushSubtree(subtree: Subtree): void {
    const leaves = 2 ** subtree.height;
    if (!Number.isInteger(subtree.height) || subtree.height < 0 || this.count % leaves !== 0) {
      throw new LedgerError('LOG_STATE_CORRUPT', `a subtree of height ${subtree.height} cannot follow ${this.count} leaves`);
    }
    this.pushHash(subtree.hash, leaves);
  }

  /**
   * The leaves at [`start`, `start` + n) of a log, given as their hex leaf
   * hashes, as the perfect subtrees that cover them left to right, each as
   * large as its position allows (the range's compact form, as RFC 9162's
   * subtree decomposition): pushed in order with
   * {@link MerkleRootBuilder.pushSubtree} onto a builder of `start` leaves,
   * they give the root the leaves one by one would. Leaves of one aligned run
   * of 2^k make one subtree, so a verifier can hash a run on another thread and
   * hand over one hash.
   */
  static subtreesOf(start: number, leafHashes: readonly string[]): Subtree[] {
    if (!Number.isSafeInteger(start) || start < 0) throw new LedgerError('LOG_STATE_CORRUPT', `a range of leaves cannot start at ${start}`);
    const subtrees: Subtree[] = [];
    for (let at = 0; at < leafHashes.length;) {
      let height = 0;
      while ((start + at) % 2 ** (height + 1) === 0 && at + 2 ** (height + 1) <= leafHashes.length) height++;
      const builder = new MerkleRootBuilder();
      for (let i = at; i < at + 2 ** height; i++) builder.pushLeafHash(leafHashes[i]!);
      subtrees.push({ height, hash: builder.edge[0]! });
      at += 2 ** height;
    }
    return subtrees;
  }

  private pushLeafHash(leafHex: string): void {
    this.pushHash(leafHex, 1);
  }

  /** Appends a perfect subtree of `leaves` leaves (a power of two dividing the size so far). */
  private pushHash(subtreeHex: string, leaves: number): void {
    if (this.count > Number.MAX_SAFE_INTEGER - leaves) throw new LedgerError('LOG_STATE_CORRUPT', `a log cannot grow beyond ${Number.MAX_SAFE_INTEGER} leaves`);
    let hash = subtreeHex;
    // As MerkleFrontier.grow: each set low bit of the old size (above the subtree's own) is a perfect subtree the new one completes.
    for (let rest = this.count / leaves; rest % 2 === 1; rest = Math.floor(rest / 2)) hash = this.node(this.edge.pop()!, hash);
    this.edge.push(hash);
    this.count += leaves;
  }

  private node(leftHex: string, rightHex: string): string {
    writeHex(this.nodeInput, 1, leftHex);
    writeHex(this.nodeInput, SECOND_CHILD_AT, rightHex);
    return sha256Hex(this.nodeInput);
  }
}

/** A perfect subtree of 2^`height` leaves and its hash as 64 hex digits. */
export interface Subtree {
  height: number;
  hash: string;
}

/** Writes the 32 bytes spelled by the 64 lowercase hex digits `hex` into `out` at `at`. */
function writeHex(out: Uint8Array, at: number, hex: string): void {
  for (let i = 0; i < DIGEST_BYTES; i++) {
    const hi = HEX_VALUE[hex.charCodeAt(2 * i)]!;
    const lo = HEX_VALUE[hex.charCodeAt(2 * i + 1)]!;
    out[at + i] = (hi << 4) | lo;
  }
}
