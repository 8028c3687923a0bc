/**
 * `synthledger log tiles DIR`: writes the log as C2SP tlog-tiles for the
 * latest signed checkpoint: `checkpoint`, the hash tiles and the entry
 * bundles (ledger/core/tlog-tiles.ts). Any tiles client (Go's
 * sumdb/tlog, Tessera's, Rekor v2's) can then audit the whole log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LedgerError } from '../../common/errors';
import { buildTiles, latestCheckpoint, type Ledger } from '../../ledger';

/** What was written. */
export interface WrittenTiles {
  dir: string;
  treeSize: number;
  origin: string;
  /** Files written under `dir`, the checkpoint first. */
  files: string[];
}

/** Writes the tiles of the latest checkpoint's tree into `dir`; throws NOT_FOUND when no checkpoint was signed yet. */
export async function writeTiles(ledger: Ledger, dir: string): Promise<WrittenTiles> {
  const checkpoint = await latestCheckpoint(ledger.db);
  if (!checkpoint) throw new LedgerError('NOT_FOUND', 'no checkpoint signed yet: run `synthledger checkpoint` first');
  const rows = await ledger.reader.rowsInRange(0, checkpoint.treeSize);
  if (rows.length !== checkpoint.treeSize) throw new LedgerError('LOG_STATE_CORRUPT', `checkpoint size ${checkpoint.treeSize} but ${rows.length} entries read`);
  const files = [{ path: 'checkpoint', bytes: Buffer.from(checkpoint.note, 'utf8') as Uint8Array },
    ...buildTiles(rows.map((r) => Buffer.from(r.header, 'utf8')))];
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.bytes);
  }
  return { dir, treeSize: checkpoint.treeSize, origin: checkpoint.origin, files: files.map((f) => f.path) };
}
