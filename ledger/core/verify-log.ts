/**
 * Verifies the whole log against its latest signed checkpoint: every entry's
 * header and payload hash, every stream's chain, the gap-free index sequence,
 * and the Merkle root recomputed from the stored headers.
 */
import { leafHash } from './merkle';
import { MerkleFrontier } from './merkle-frontier';
import { verifyCheckpoint } from './checkpoint';
import { checkRow, type EntryCheck, type StoredEntryRow } from './verify-stream';

/** Reads the stored entries with index in [from, to), in index order (e.g. `LedgerReader.rowsInRange`). */
export type ReadEntryRows = (from: number, to: number) => Promise<StoredEntryRow[]>;

/** A signed checkpoint as published: the tree size it claims and the signed note text. */
export interface SignedCheckpointNote {
  treeSize: number;
  note: string;
}

/** Result of {@link verifyLog}. */
export interface LogVerification {
  ok: boolean;
  treeSize: number;
  entriesChecked: number;
  checkpoint: { ok: boolean; message: string };
  /** The first entry that failed, with expected and computed values. */
  firstBroken: Extract<EntryCheck, { status: 'broken' }> | null;
}

/** Options of {@link verifyLog}. */
export interface VerifyLogOptions {
  pageSize?: number;
  onProgress?: (checked: number, total: number) => void;
}

/**
 * Verifies entries [0, checkpoint.treeSize) against `checkpoint`, whose signature is checked with
 * `verifierKey`. Reads through `readRows`, so any store (or a published copy of the log) can be checked.
 */
export async function verifyLog(readRows: ReadEntryRows, checkpoint: SignedCheckpointNote, verifierKey: string, options: VerifyLogOptions = {}): Promise<LogVerification> {
  let cp: { treeSize: number; rootHash: Buffer };
  try {
    cp = verifyCheckpoint(checkpoint.note, verifierKey);
  } catch (e) {
    return { ok: false, treeSize: checkpoint.treeSize, entriesChecked: 0, checkpoint: { ok: false, message: (e as Error).message }, firstBroken: null };
  }
  const pageSize = options.pageSize ?? 5000;
  const heads = new Map<string, { hash: string; count: number }>();
  const frontier = new MerkleFrontier();
  let firstBroken: LogVerification['firstBroken'] = null;
  let checked = 0;
  // Read page k+1 while page k is being verified: the database and the hashing overlap.
  const page = (from: number) => (from < cp.treeSize ? readRows(from, Math.min(from + pageSize, cp.treeSize)) : Promise.resolve([]));
  let next = page(0);
  for (let from = 0; from < cp.treeSize && !firstBroken; from += pageSize) {
    const rows = await next;
    next = page(from + pageSize);
    for (const row of rows) {
      const index = Number(row.idx);
      if (index !== checked) {
        firstBroken = { index: checked, streamIndex: -1, status: 'broken', reason: 'index sequence has a gap', field: 'index', expected: String(checked), computed: String(index) };
        break;
      }
      const head = heads.get(row.stream);
      const broken = checkRow(row, head?.count ?? 0, head?.hash ?? null, row.stream);
      if (broken) {
        firstBroken = { index, streamIndex: row.stream_index, status: 'broken', ...broken };
        break;
      }
      heads.set(row.stream, { hash: row.entry_hash, count: (head?.count ?? 0) + 1 });
      frontier.append(leafHash(Buffer.from(row.header, 'utf8')));
      checked++;
    }
    options.onProgress?.(checked, cp.treeSize);
  }
  await next.catch(() => []);
  if (!firstBroken && checked !== cp.treeSize) {
    firstBroken = { index: checked, streamIndex: -1, status: 'broken', reason: 'entries missing below the checkpoint size', field: 'index', expected: String(cp.treeSize), computed: String(checked) };
  }
  let checkpointResult = { ok: true, message: `root at size ${cp.treeSize} matches the signed checkpoint` };
  if (!firstBroken) {
    const root = frontier.root();
    if (!root.equals(cp.rootHash)) {
      checkpointResult = { ok: false, message: `recomputed root ${root.toString('hex')} differs from the checkpoint root ${cp.rootHash.toString('hex')}` };
    }
  } else {
    checkpointResult = { ok: false, message: 'not compared: an entry is broken' };
  }
  return { ok: !firstBroken && checkpointResult.ok, treeSize: cp.treeSize, entriesChecked: checked, checkpoint: checkpointResult, firstBroken };
}
