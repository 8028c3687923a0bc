/**
 * The right edge of the log's Merkle tree: a compact range over [0, size)
 * (transparency-dev/merkle `docs/compact_ranges.md`). It holds one hash per
 * set bit of `size`, so appending a leaf and computing the root never read a
 * stored node, while every perfect subtree an append completes is handed to
 * the storage layer to insert (and never update).
 */
import { LedgerError } from '../../common/errors';
import { HASH_SIZE, emptyRoot, nodeHash, perfectSubtreeLevels, type NodeId } from './merkle';

/** A perfect subtree node completed by an append, to be stored (insert-only). */
export interface StoredNode extends NodeId {
  hash: Buffer;
}

/** The JSON form of a {@link MerkleFrontier}, as kept in the log state row. */
export interface MerkleFrontierJSON {
  size: number;
  /** Lowercase hex hashes of the perfect subtrees on the right edge, largest first. */
  hashes: string[];
}

const HEX_HASH = /^[0-9a-f]{64}$/;

/** The compact range [0, size) of the log's Merkle tree; see the module comment. */
export class MerkleFrontier {
  private _size: number;
  private readonly hashes: Buffer[];

  /**
   * Builds a frontier from the hashes of the perfect subtrees on the right
   * edge, largest first; there must be exactly one per set bit of `size`.
   */
  constructor(state: { size: number; hashes: readonly Uint8Array[] } = { size: 0, hashes: [] }) {
    checkSize(state.size);
    const want = perfectSubtreeLevels(state.size).length;
    if (state.hashes.length !== want) {
      throw corrupt(`a frontier of size ${state.size} has ${want} hashes, got ${state.hashes.length}`);
    }
    state.hashes.forEach((h, i) => {
      if (h.length !== HASH_SIZE) throw corrupt(`frontier hash ${i} has ${h.length} bytes, want ${HASH_SIZE}`);
    });
    this._size = state.size;
    this.hashes = state.hashes.map((h) => Buffer.from(h));
  }

  /** Parses the state-row form written by {@link MerkleFrontier.toJSON}; throws LOG_STATE_CORRUPT if malformed. */
  static fromJSON(json: MerkleFrontierJSON): MerkleFrontier {
    if (typeof json !== 'object' || json === null || !Array.isArray(json.hashes)) {
      throw corrupt('a frontier is { size, hashes: [hex…] }');
    }
    const hashes = json.hashes.map((h, i) => {
      if (typeof h !== 'string' || !HEX_HASH.test(h)) throw corrupt(`frontier hash ${i} is not 64 lowercase hex digits`);
      return Buffer.from(h, 'hex');
    });
    return new MerkleFrontier({ size: json.size, hashes });
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this._size;
  }

  /** The state-row form: size and hex hashes, largest subtree first. */
  toJSON(): MerkleFrontierJSON {
    return { size: this._size, hashes: this.hashes.map((h) => h.toString('hex')) };
  }

  /** The perfect subtrees of the right edge with their ids, largest first. */
  nodes(): StoredNode[] {
    let start = 0;
    return perfectSubtreeLevels(this._size).map((level, i) => {
      const width = 2 ** level;
      const node = { level, index: start / width, hash: Buffer.from(this.hashes[i]!) };
      start += width;
      return node;
    });
  }

  /**
   * Appends one leaf (given by its RFC 9162 leaf hash) and returns every
   * perfect subtree this completes, the leaf itself first, then its ancestors
   * upwards. Storing them all is what lets proofs read O(log n) nodes.
   */
  append(leafHash: Uint8Array): StoredNode[] {
    const leafIndex = this._size;
    const completed: StoredNode[] = [];
    this.grow(leafHash, (level, hash) => completed.push({ level, index: Math.floor(leafIndex / 2 ** level), hash }));
    return completed;
  }

  /** Appends one leaf like {@link append}, without listing the subtrees it completes (a verifier needs only the root). */
  push(leafHash: Uint8Array): void {
    this.grow(leafHash);
  }

  private grow(leafHash: Uint8Array, completed?: (level: number, hash: Buffer) => void): void {
    if (leafHash.length !== HASH_SIZE) {
      throw new LedgerError('LOG_STATE_CORRUPT', `a leaf hash has ${HASH_SIZE} bytes, got ${leafHash.length}`);
    }
    if (this._size >= Number.MAX_SAFE_INTEGER) {
      throw new LedgerError('LOG_STATE_CORRUPT', `the log cannot grow beyond ${Number.MAX_SAFE_INTEGER} leaves`);
    }
    const leafIndex = this._size;
    let hash: Buffer = Buffer.from(leafHash);
    completed?.(0, hash);
    // Like a binary increment: each set low bit of the old size is a perfect
    // subtree of that level that the new node now completes into its parent.
    let rest = leafIndex;
    for (let level = 1; rest % 2 === 1; level++) {
      hash = nodeHash(this.hashes.pop()!, hash);
      rest = Math.floor(rest / 2);
      completed?.(level, hash);
    }
    this.hashes.push(hash);
    this._size = leafIndex + 1;
  }

  /** The Merkle tree hash of the leaves so far (the empty-tree hash when size is 0). */
  root(): Buffer {
    if (this.hashes.length === 0) return emptyRoot();
    // The right edge folds from the smallest subtree up: RFC 9162 splits at
    // the largest power of two, so the left operand is always perfect.
    let hash = this.hashes[this.hashes.length - 1]!;
    for (let i = this.hashes.length - 2; i >= 0; i--) hash = nodeHash(this.hashes[i]!, hash);
    return Buffer.from(hash);
  }

  /** An independent copy. */
  clone(): MerkleFrontier {
    return new MerkleFrontier({ size: this._size, hashes: this.hashes });
  }
}

function checkSize(size: unknown): asserts size is number {
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw corrupt(`frontier size must be a non-negative safe integer, got ${String(size)}`);
  }
}

function corrupt(message: string): LedgerError {
  return new LedgerError('LOG_STATE_CORRUPT', `invalid Merkle frontier: ${message}`);
}
