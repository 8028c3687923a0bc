/**
 * Roots and RFC 9162 proofs computed from stored perfect-subtree nodes.
 *
 * Every hash in a root or proof is MTH(D[lo:hi]) of some subtree of the
 * RFC 9162 recursion (section 2.1.1). Such a range is either a perfect
 * subtree, stored as one node, or lies on the tree's right edge and is the
 * fold of at most log2(n) stored perfect subtrees. A plan lists those nodes
 * up front so the storage layer reads them all in one query, then assembles.
 *
 * Proofs are exactly PATH (section 2.1.3.1) and PROOF / SUBPROOF
 * (section 2.1.4.1), hence byte-identical to transparency-dev/merkle's.
 */
import { LedgerError, ValidationError } from '../../common/errors';
import { MerkleFrontier } from './merkle-frontier';
import { HASH_SIZE, emptyRoot, largestPowerOfTwoBelow, leafHash, nodeHash, type NodeId } from './merkle';

export type { NodeId } from './merkle';

/** Which stored nodes a root or proof needs, and how to combine them once read. */
export interface ProofPlan<T extends Buffer | Buffer[]> {
  /** Distinct perfect-subtree nodes to read, O(log n) of them. */
  nodes: NodeId[];
  /** Builds the result from the nodes' hashes; `get` is called only for ids in `nodes`. */
  assemble(get: (id: NodeId) => Buffer): T;
}

/** A leaf range [lo, hi) that is a subtree of the RFC 9162 recursion. */
interface LeafRange {
  lo: number;
  hi: number;
}

/** Plans the Merkle tree hash of the first `treeSize` leaves (the empty-tree hash for 0). */
export function planRoot(treeSize: number): ProofPlan<Buffer> {
  checkCount(treeSize, '$.treeSize');
  if (treeSize === 0) return { nodes: [], assemble: () => emptyRoot() };
  const plan = planRanges([{ lo: 0, hi: treeSize }]);
  return { nodes: plan.nodes, assemble: (get) => plan.assemble(get)[0]! };
}

/** Plans the RFC 9162 inclusion proof of leaf `leafIndex` in the tree of `treeSize` leaves; requires 0 ≤ leafIndex < treeSize. */
export function planInclusionProof(leafIndex: number, treeSize: number): ProofPlan<Buffer[]> {
  checkCount(treeSize, '$.treeSize');
  checkCount(leafIndex, '$.leafIndex');
  if (leafIndex >= treeSize) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.leafIndex', 'range', `leaf index ${leafIndex} is not in [0, ${treeSize})`);
  }
  const ranges: LeafRange[] = [];
  path(leafIndex, 0, treeSize, ranges);
  return planRanges(ranges);
}

/**
 * Plans the RFC 9162 consistency proof from the tree of `oldSize` leaves to the
 * tree of `newSize`; requires 0 < oldSize ≤ newSize (equal sizes give an empty
 * proof; a proof from the empty tree is meaningless, RFC 9162 section 2.1.4).
 */
export function planConsistencyProof(oldSize: number, newSize: number): ProofPlan<Buffer[]> {
  checkCount(newSize, '$.newSize');
  checkCount(oldSize, '$.oldSize');
  if (oldSize === 0 || oldSize > newSize) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.oldSize', 'range',
      `a consistency proof needs 0 < old size ≤ new size, got old size ${oldSize} and new size ${newSize}`);
  }
  const ranges: LeafRange[] = [];
  subproof(oldSize, 0, newSize, true, ranges);
  return planRanges(ranges);
}

/** PATH(m, D[lo:hi]) of RFC 9162 section 2.1.3.1, as ranges, deepest first. */
function path(m: number, lo: number, hi: number, out: LeafRange[]): void {
  if (hi - lo === 1) return;
  const k = largestPowerOfTwoBelow(hi - lo);
  if (m < lo + k) {
    path(m, lo, lo + k, out);
    out.push({ lo: lo + k, hi });
  } else {
    path(m, lo + k, hi, out);
    out.push({ lo, hi: lo + k });
  }
}

/** SUBPROOF(m, D[lo:hi], b) of RFC 9162 section 2.1.4.1, as ranges; m counts leaves from `lo`. */
function subproof(m: number, lo: number, hi: number, b: boolean, out: LeafRange[]): void {
  const n = hi - lo;
  if (m === n) {
    // The verifier already knows MTH(D[0:m]) when b is true, so it is omitted.
    if (!b) out.push({ lo, hi });
    return;
  }
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) {
    subproof(m, lo, lo + k, b, out);
    out.push({ lo: lo + k, hi });
  } else {
    subproof(m - k, lo + k, hi, false, out);
    out.push({ lo, hi: lo + k });
  }
}

/** The perfect subtrees covering a recursion range, left to right (sizes strictly decreasing). */
function rangeNodes(range: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let lo = range.lo;
  while (lo < range.hi) {
    let level = 0;
    let width = 1;
    // Grow while the subtree stays aligned at lo and inside the range.
    while (lo % (width * 2) === 0 && lo + width * 2 <= range.hi) {
      width *= 2;
      level++;
    }
    nodes.push({ level, index: lo / width });
    lo += width;
  }
  return nodes;
}

function planRanges(ranges: LeafRange[]): ProofPlan<Buffer[]> {
  const perRange = ranges.map(rangeNodes);
  return {
    nodes: perRange.flat(),
    assemble(get) {
      return perRange.map((ids) => {
        // Fold from the right: RFC 9162 splits at the largest power of two,
        // so on the right edge every left child is a perfect subtree.
        let hash = fetch(get, ids[ids.length - 1]!);
        for (let i = ids.length - 2; i >= 0; i--) hash = nodeHash(fetch(get, ids[i]!), hash);
        return hash;
      });
    },
  };
}

function fetch(get: (id: NodeId) => Buffer, id: NodeId): Buffer {
  const hash = get(id);
  if (!Buffer.isBuffer(hash) || hash.length !== HASH_SIZE) {
    throw new LedgerError('LOG_STATE_CORRUPT', `Merkle node (level ${id.level}, index ${id.index}) is not a ${HASH_SIZE}-byte hash`);
  }
  return hash;
}

function checkCount(value: number, path: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw ValidationError.single('INVALID_ARGUMENT', path, 'non-negative-integer', `${path.slice(2)} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/**
 * An in-memory node store answering roots and proofs through the same plans
 * as the database: for tests, benchmarks and offline tools.
 */
export class MemoryNodeStore {
  private readonly frontier = new MerkleFrontier();
  private readonly nodes = new Map<string, Buffer>();
  /** Number of node reads so far, so tests can check proofs read O(log n) nodes. */
  reads = 0;

  /** Number of leaves appended. */
  get size(): number {
    return this.frontier.size;
  }

  /** Appends a leaf by its raw bytes; returns its index. */
  appendLeaf(leaf: Uint8Array): number {
    return this.appendLeafHash(leafHash(leaf));
  }

  /** Appends a leaf by its RFC 9162 leaf hash; returns its index. */
  appendLeafHash(hash: Uint8Array): number {
    const index = this.frontier.size;
    for (const node of this.frontier.append(hash)) {
      const key = nodeKey(node);
      if (this.nodes.has(key)) throw new LedgerError('LOG_STATE_CORRUPT', `node ${key} would be written twice`);
      this.nodes.set(key, node.hash);
    }
    return index;
  }

  /** The stored hash of a perfect subtree node; throws if it was never completed. */
  node(id: NodeId): Buffer {
    const hash = this.nodes.get(nodeKey(id));
    if (!hash) throw new LedgerError('NOT_FOUND', `no Merkle node ${nodeKey(id)}`);
    this.reads++;
    return hash;
  }

  /** Root of the first `treeSize` leaves (default: all). */
  root(treeSize = this.size): Buffer {
    return this.run(planRoot(this.checkSize(treeSize)));
  }

  /** The root kept incrementally by the frontier (must equal {@link MemoryNodeStore.root} of the current size). */
  frontierRoot(): Buffer {
    return this.frontier.root();
  }

  /** RFC 9162 inclusion proof of `leafIndex` in the tree of `treeSize` leaves (default: all). */
  inclusionProof(leafIndex: number, treeSize = this.size): Buffer[] {
    return this.run(planInclusionProof(leafIndex, this.checkSize(treeSize)));
  }

  /** RFC 9162 consistency proof from `oldSize` to `newSize` leaves (default: all). */
  consistencyProof(oldSize: number, newSize = this.size): Buffer[] {
    return this.run(planConsistencyProof(oldSize, this.checkSize(newSize)));
  }

  private run<T extends Buffer | Buffer[]>(plan: ProofPlan<T>): T {
    const wanted = new Set(plan.nodes.map(nodeKey));
    return plan.assemble((id) => {
      // Mirrors the database contract: only nodes listed by the plan are read.
      if (!wanted.has(nodeKey(id))) throw new LedgerError('LOG_STATE_CORRUPT', `plan read unlisted node ${nodeKey(id)}`);
      return this.node(id);
    });
  }

  private checkSize(treeSize: number): number {
    if (treeSize > this.size) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.treeSize', 'range', `tree size ${treeSize} is beyond the store's size ${this.size}`);
    }
    return treeSize;
  }
}

function nodeKey(id: NodeId): string {
  return `${id.level}/${id.index}`;
}
