/** The publisher's verifier keys the site announces at `/.well-known/synthledger-keys`. */
import type { Ledger } from '../ledger';
import { ENTRY_KINDS } from '../runtime';
import type { Receipt } from '../schemas';

/** One announced key. */
export interface PublisherKey {
  /** C2SP note verifier key: `<name>+<id>+<base64>`. */
  verifierKey: string;
  /** Where the site took it from: `configured` (the operator's signing key) or `receipt` (the latest publication). */
  source: 'configured' | 'receipt';
}

/**
 * The configured keys when there are any; otherwise the key of the latest
 * publication's receipt (so a site without the signing key still says which
 * key signed what it serves).
 */
export async function publisherKeys(ledger: Ledger, configured: readonly string[]): Promise<PublisherKey[]> {
  if (configured.length) return configured.map((verifierKey) => ({ verifierKey, source: 'configured' }));
  const latest = await ledger.db.selectFrom('ledger_entries').select('payload')
    .where('kind', '=', ENTRY_KINDS.receipt).orderBy('idx', 'desc').limit(1).executeTakeFirst();
  if (!latest) return [];
  const { receiptHash } = JSON.parse(latest.payload) as { receiptHash: string };
  const receipt = JSON.parse((await ledger.blobs.get(receiptHash)).bytes.toString('utf8')) as Receipt;
  return [{ verifierKey: receipt.publicKey, source: 'receipt' }];
}
