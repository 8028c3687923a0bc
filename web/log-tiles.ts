/**
 * `/log/tile/…`: the log as C2SP tlog-tiles (https://c2sp.org/tlog-tiles),
 * under the prefix `/log` whose `/log/checkpoint` the site already serves.
 * The same tiles `synthledger log tiles DIR` writes (ledger/core/
 * tlog-tiles.ts), of the latest signed checkpoint's tree, built once per
 * tree size. A full tile never changes, so it is served immutable; a partial
 * tile (`.p/<W>`) is served for any width up to what the tree holds, and
 * only briefly cached.
 */
import { buildTiles, latestCheckpoint, type Ledger } from '../ledger';

/** Hashes (or entries) per full tile (tlog-tiles). */
const TILE_WIDTH = 256;
/** Bytes of one tile hash. */
const HASH_BYTES = 32;
/** Tile levels a tree of at most 2^63 leaves can have. */
const MAX_LEVEL = 63;

/** A tile path as tlog-tiles spells it: `<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`, N in `x001/x234/067` form. */
const TILE_PATH = /^(entries|\d{1,2})\/((?:x\d{3}\/)*\d{3})(?:\.p\/(\d{1,3}))?$/;

/** A parsed tile request. */
export interface TileRequest {
  level: number | 'entries';
  n: number;
  /** The width asked for; 256 for a full tile. */
  width: number;
  full: boolean;
}

/** Parses the part of the URL after `/log/tile/`; null when it is not a tile path. */
export function parseTilePath(path: string): TileRequest | null {
  const m = TILE_PATH.exec(path);
  if (!m) return null;
  const level = m[1] === 'entries' ? 'entries' : Number(m[1]);
  if (level !== 'entries' && (level > MAX_LEVEL || String(level) !== m[1])) return null;
  const n = Number(m[2]!.replace(/x/g, '').replace(/\//g, ''));
  if (!Number.isSafeInteger(n)) return null;
  // Every element but the last is x-prefixed and the whole is minimal (no leading 000 element).
  if (m[2]!.startsWith('x000')) return null;
  const width = m[3] === undefined ? TILE_WIDTH : Number(m[3]);
  if (m[3] !== undefined && (width < 1 || width >= TILE_WIDTH || String(width) !== m[3])) return null;
  return { level, n, width, full: m[3] === undefined };
}

/** Serves tiles of the latest checkpoint's tree, rebuilt when the tree grows. */
export class TileServer {
  private built: { treeSize: number; tiles: Map<string, Uint8Array> } | null = null;
  private building: Promise<Map<string, Uint8Array>> | null = null;

  constructor(private readonly ledger: Ledger) {}

  /** The bytes of the tile asked for, or null when the tree has no such tile (yet). */
  async tile(req: TileRequest): Promise<Uint8Array | null> {
    const tiles = await this.tiles();
    const key = `${req.level}/${req.n}`;
    const have = tiles.get(key);
    if (!have) return null;
    const widthHave = req.level === 'entries' ? entryCount(have) : have.length / HASH_BYTES;
    if (req.width > widthHave) return null;
    if (req.width === widthHave) return have;
    return req.level === 'entries' ? entriesPrefix(have, req.width) : have.subarray(0, req.width * HASH_BYTES);
  }

  private async tiles(): Promise<Map<string, Uint8Array>> {
    const checkpoint = await latestCheckpoint(this.ledger.db);
    const size = checkpoint?.treeSize ?? 0;
    if (this.built && this.built.treeSize === size) return this.built.tiles;
    this.building ??= (async () => {
      try {
        const rows = size === 0 ? [] : await this.ledger.reader.rowsInRange(0, size);
        const tiles = new Map<string, Uint8Array>();
        for (const f of buildTiles(rows.map((r) => Buffer.from(r.header, 'utf8')))) {
          const p = parseTilePath(f.path.replace(/^tile\//, ''));
          if (p) tiles.set(`${p.level}/${p.n}`, f.bytes);
        }
        this.built = { treeSize: size, tiles };
        return tiles;
      } finally {
        this.building = null;
      }
    })();
    return this.building;
  }
}

function entryCount(bundle: Uint8Array): number {
  let count = 0;
  for (let at = 0; at + 2 <= bundle.length; count++) at += 2 + ((bundle[at]! << 8) | bundle[at + 1]!);
  return count;
}

function entriesPrefix(bundle: Uint8Array, count: number): Uint8Array {
  let at = 0;
  for (let i = 0; i < count; i++) at += 2 + ((bundle[at]! << 8) | bundle[at + 1]!);
  return bundle.subarray(0, at);
}
