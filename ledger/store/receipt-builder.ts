/** Builds the `receipt-v1` of an entry: its header, inclusion proof and the signed checkpoint that covers it. */
import { LedgerError } from '../../common/errors';
import type { Receipt } from '../../schemas/receipt.schema';
import { RECEIPT_CONTRACT } from '../../schemas/contract-names';
import { bytesToHash } from '../core/hash';
import type { LedgerEntry } from '../core/ledger-entry';
import type { LedgerReader } from './ledger-reader';
import type { StoredCheckpoint } from './checkpointer';

/** What a receipt carries beyond the inclusion proof (docs/adr/0005). */
export interface ReceiptExtras {
  /** Tree sizes of earlier checkpoints (earlier manifest versions): a consistency proof from each to this checkpoint. */
  earlierTreeSizes?: readonly number[];
  /** The log's signed key rotation statements, oldest first. */
  keyRotations?: readonly string[];
}

/**
 * Builds the receipt proving `entry` (whose payload is the manifest) is in the
 * tree signed by `checkpoint`, with consistency proofs from earlier tree sizes
 * and the log's key rotations when there are any (the optional fields are
 * left out otherwise, so a first version's receipt is unchanged).
 */
export async function buildReceipt(reader: LedgerReader, entry: LedgerEntry, checkpoint: StoredCheckpoint, publicKey: string, extras: ReceiptExtras = {}): Promise<Receipt> {
  const leafIndex = entry.header.index;
  if (leafIndex >= checkpoint.treeSize) {
    throw new LedgerError('NOT_FOUND', `checkpoint of size ${checkpoint.treeSize} does not cover entry ${leafIndex}`);
  }
  const proof = await reader.inclusionProof(leafIndex, checkpoint.treeSize);
  const sizes = [...new Set(extras.earlierTreeSizes ?? [])].filter((n) => Number.isInteger(n) && n >= 1 && n < checkpoint.treeSize).sort((a, b) => a - b);
  const consistencyProofs = await Promise.all(sizes.map(async (fromTreeSize) => ({
    fromTreeSize,
    fromRootHash: bytesToHash(await reader.rootAt(fromTreeSize)),
    proof: (await reader.consistencyProof(fromTreeSize, checkpoint.treeSize)).map(bytesToHash),
  })));
  const receipt: Receipt = {
    contract: RECEIPT_CONTRACT,
    manifestHash: entry.header.payloadHash,
    entryHeader: entry.header,
    leafIndex,
    treeSize: checkpoint.treeSize,
    inclusionProof: proof.map(bytesToHash),
    checkpoint: checkpoint.note,
    publicKey,
  };
  if (consistencyProofs.length > 0) receipt.consistencyProofs = consistencyProofs;
  if (extras.keyRotations && extras.keyRotations.length > 0) receipt.keyRotations = [...extras.keyRotations];
  return receipt;
}
