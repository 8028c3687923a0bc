/** Builds the `receipt-v1` of an entry: its header, inclusion proof and the signed checkpoint that covers it. */
import { LedgerError } from '../../common/errors';
import type { Receipt } from '../../schemas/receipt.schema';
import { RECEIPT_CONTRACT } from '../../schemas/contract-names';
import { bytesToHash } from '../core/hash';
import type { LedgerEntry } from '../core/ledger-entry';
import type { LedgerReader } from './ledger-reader';
import type { StoredCheckpoint } from './checkpointer';

/** Builds the receipt proving `entry` (whose payload is the manifest) is in the tree signed by `checkpoint`. */
export async function buildReceipt(reader: LedgerReader, entry: LedgerEntry, checkpoint: StoredCheckpoint, publicKey: string): Promise<Receipt> {
  const leafIndex = entry.header.index;
  if (leafIndex >= checkpoint.treeSize) {
    throw new LedgerError('NOT_FOUND', `checkpoint of size ${checkpoint.treeSize} does not cover entry ${leafIndex}`);
  }
  const proof = await reader.inclusionProof(leafIndex, checkpoint.treeSize);
  return {
    contract: RECEIPT_CONTRACT,
    manifestHash: entry.header.payloadHash,
    entryHeader: entry.header,
    leafIndex,
    treeSize: checkpoint.treeSize,
    inclusionProof: proof.map(bytesToHash),
    checkpoint: checkpoint.note,
    publicKey,
  };
}
