/** A stored ledger entry and the pure functions that build and hash its header (DESIGN 4.1). */
import type { EntryHeader } from '../../schemas/entry-header.schema';
import { canonicalize } from './canonical-json';
import { sha256 } from './hash';

/** One entry as stored: header, its canonical bytes and hash, and the canonical payload. */
export interface LedgerEntry {
  header: EntryHeader;
  /** JCS(header): the Merkle leaf and the preimage of entryHash. */
  headerJson: string;
  entryHash: string;
  /** JCS(payload): the preimage of header.payloadHash. */
  payloadJson: string;
  idempotencyKey: string;
}

/** Builds the entry for a header and canonical payload. */
export function makeEntry(header: EntryHeader, payloadJson: string, idempotencyKey: string): LedgerEntry {
  const headerJson = canonicalize(header);
  return { header, headerJson, entryHash: sha256(headerJson), payloadJson, idempotencyKey };
}
