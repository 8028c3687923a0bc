/** Content-addressed, insert-only storage of published artifacts (reports, manifests, receipts). */
import type { Kysely } from 'kysely';
import { LedgerError } from '../../common/errors';
import type { LedgerDatabase } from './database-schema';
import { sha256 } from '../core/hash';

/** A stored artifact. */
export interface Blob {
  sha256: string;
  mediaType: string;
  bytes: Buffer;
}

/** Stores and fetches blobs by their `sha256:` hash. */
export class BlobStore {
  constructor(private readonly db: Kysely<LedgerDatabase>) {}

  /** Stores `bytes` (idempotent) and returns its hash. */
  async put(bytes: Buffer | string, mediaType: string): Promise<string> {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    const hash = sha256(buf);
    await this.db.insertInto('ledger_blobs').values({ sha256: hash, media_type: mediaType, bytes: buf })
      .onConflict((oc) => oc.column('sha256').doNothing()).execute();
    return hash;
  }

  /** Fetches a blob and re-checks its hash; throws NOT_FOUND or LOG_STATE_CORRUPT. */
  async get(hash: string): Promise<Blob> {
    const row = await this.db.selectFrom('ledger_blobs').selectAll().where('sha256', '=', hash).executeTakeFirst();
    if (!row) throw new LedgerError('NOT_FOUND', `no blob ${hash}`);
    if (sha256(row.bytes) !== hash) throw new LedgerError('LOG_STATE_CORRUPT', `blob ${hash} does not match its hash`);
    return { sha256: hash, mediaType: row.media_type, bytes: row.bytes };
  }
}
