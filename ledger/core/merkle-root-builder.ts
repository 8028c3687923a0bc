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

  private pushLeafHash(leafHex: string): void {
    if (this.count >= Number.MAX_SAFE_INTEGER) throw new LedgerError('LOG_STATE_CORRUPT', `a log cannot grow beyond ${Number.MAX_SAFE_INTEGER} leaves`);
    let hash = leafHex;
    // As MerkleFrontier.grow: each set low bit of the old size is a perfect subtree the new one completes.
    for (let rest = this.count; rest % 2 === 1; rest = Math.floor(rest / 2)) hash = this.node(this.edge.pop()!, hash);
    this.edge.push(hash);
    this.count++;
  }

  private node(leftHex: string, rightHex: string): string {
    writeHex(this.nodeInput, 1, leftHex);
    writeHex(this.nodeInput, SECOND_CHILD_AT, rightHex);
    return sha256Hex(this.nodeInput);
  }
}

/** Writes the 32 bytes spelled by the 64 lowercase hex digits `hex` into `out` at `at`. */
function writeHex(out: Uint8Array, at: number, hex: string): void {
  for (let i = 0; i < DIGEST_BYTES; i++) {
    const hi = HEX_VALUE[hex.charCodeAt(2 * i)]!;
    const lo = HEX_VALUE[hex.charCodeAt(2 * i + 1)]!;
    out[at + i] = (hi << 4) | lo;
  }
}
