/**
 * The log as C2SP tlog-tiles (https://c2sp.org/tlog-tiles): hash tiles
 * `tile/<L>/<N>[.p/<W>]` and entry bundles `tile/entries/<N>[.p/<W>]` for one
 * tree size, the static form Go's checksum database, Rekor v2 and Tessera
 * serve. Pure: the caller supplies the leaves (JCS entry headers) and writes
 * the files.
 */
import { rootFromLeafHashes, leafHash } from './merkle';

/** Hashes per full tile (tlog-tiles: "Full tiles MUST be exactly 256 hashes wide"). */
export const TILE_WIDTH = 256;
/** Largest entry an entry bundle can hold: each entry is prefixed by a big-endian uint16 length. */
export const MAX_BUNDLED_ENTRY_BYTES = 0xffff;

/** One file of the tiled log: its path under the log prefix and its bytes. */
export interface TileFile {
  path: string;
  bytes: Uint8Array;
}

/** `<N>` as tlog-tiles encodes it: zero-padded 3-digit elements, all but the last prefixed with `x` (1234067 → `x001/x234/067`). */
export function tileIndexPath(n: number): string {
  const parts: string[] = [];
  let rest = n;
  do {
    parts.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return parts.map((p, i) => (i < parts.length - 1 ? `x${p}` : p)).join('/');
}

/** The path of tile `n` at `level` (`entries` for entry bundles), with `.p/<W>` when partial. */
export function tilePath(level: number | 'entries', n: number, width: number): string {
  return `tile/${level}/${tileIndexPath(n)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

/**
 * Every hash tile and entry bundle of the tree of the given leaves (its size
 * is `leaves.length`). Level 0 holds leaf hashes; each hash at level l+1 is
 * the Merkle tree hash of a full tile at level l; partial tiles are never
 * hashed upward.
 */
export function buildTiles(leaves: readonly Uint8Array[]): TileFile[] {
  const files: TileFile[] = [];
  for (let n = 0; n * TILE_WIDTH < leaves.length; n++) {
    const chunk = leaves.slice(n * TILE_WIDTH, (n + 1) * TILE_WIDTH);
    const parts: Uint8Array[] = [];
    for (const leaf of chunk) {
      if (leaf.length > MAX_BUNDLED_ENTRY_BYTES) throw new RangeError(`entry ${n * TILE_WIDTH + parts.length / 2} is ${leaf.length} bytes, more than an entry bundle holds`);
      parts.push(Uint8Array.of(leaf.length >> 8, leaf.length & 0xff), leaf);
    }
    files.push({ path: tilePath('entries', n, chunk.length), bytes: Buffer.concat(parts) });
  }
  let hashes: Uint8Array[] = leaves.map((l) => leafHash(l));
  for (let level = 0; hashes.length > 0; level++) {
    const above: Uint8Array[] = [];
    for (let n = 0; n * TILE_WIDTH < hashes.length; n++) {
      const tile = hashes.slice(n * TILE_WIDTH, (n + 1) * TILE_WIDTH);
      files.push({ path: tilePath(level, n, tile.length), bytes: Buffer.concat(tile) });
      if (tile.length === TILE_WIDTH) above.push(rootFromLeafHashes(tile));
    }
    hashes = above;
  }
  return files;
}
