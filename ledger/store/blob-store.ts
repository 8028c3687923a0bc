/** Content-addressed, insert-only storage of published artifacts (reports, manifests, receipts). */
import { sql, type Kysely } from 'kysely';
import { LedgerError } from '../../common/errors';
import type { LedgerDatabase } from './database-schema';
import { sha256 } from '../core/hash';
import { asLedgerError } from './database-errors';

/** A stored artifact. */
export interface Blob {
  sha256: string;
  mediaType: string;
  bytes: Buffer;
}

/** Stores and fetches blobs by their `sha256:` hash. */
export class BlobStore {
  constructor(private readonly db: Kysely<LedgerDatabase>) {}

  /** Stores `bytes` (idempotent) through `ledger_put_blob` (migration 0004), which addresses them itself, and returns the hash. */
  async put(bytes: Buffer | string, mediaType: string): Promise<string> {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    const hash = sha256(buf);
    let stored: string | undefined;
    try {
      const { rows } = await sql<{ address: string }>`SELECT ledger_put_blob(${mediaType}, ${buf}) AS address`.execute(this.db);
      stored = rows[0]?.address;
    } catch (e) {
      throw asLedgerError(e, 'storing a blob');
    }
    if (stored !== hash) throw new LedgerError('LOG_STATE_CORRUPT', `the database addressed blob ${hash} as ${String(stored)}`);
    return hash;
  }

  /** Whether a blob of this hash is stored (its bytes are not read). */
  async has(hash: string): Promise<boolean> {
    const row = await this.db.selectFrom('ledger_blobs').select('sha256').where('sha256', '=', hash).executeTakeFirst();
    return row !== undefined;
  }

  /** Fetches a blob and re-checks its hash; throws NOT_FOUND or LOG_STATE_CORRUPT. */
  async get(hash: string): Promise<Blob> {
    const row = await this.db.selectFrom('ledger_blobs').selectAll().where('sha256', '=', hash).executeTakeFirst();
    if (!row) throw new LedgerError('NOT_FOUND', `no blob ${hash}`);
    if (sha256(row.bytes) !== hash) throw new LedgerError('LOG_STATE_CORRUPT', `blob ${hash} does not match its hash`);
    return { sha256: hash, mediaType: row.media_type, bytes: row.bytes };
  }
}
