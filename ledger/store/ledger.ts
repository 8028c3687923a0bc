/** The ledger facade: one object to append, read, prove, checkpoint and store blobs. */
import type { Kysely } from 'kysely';
import type { AppendRequest } from '../core/append-request';
import { BlobStore } from './blob-store';
import type { LedgerDatabase } from './database-schema';
import { openLedgerDb } from './ledger-database';
import type { LedgerEntry } from '../core/ledger-entry';
import { LedgerReader } from './ledger-reader';
import { LedgerWriter, type LedgerWriterOptions } from './ledger-writer';

/** Options of {@link Ledger.open}. */
export interface LedgerOpenOptions extends LedgerWriterOptions {
  /** Pool size. Default 10. */
  maxConnections?: number;
}

/** Append, read, prove and store: the whole ledger behind one object. */
export class Ledger {
  readonly writer: LedgerWriter;
  readonly reader: LedgerReader;
  readonly blobs: BlobStore;

  constructor(readonly db: Kysely<LedgerDatabase>, options: LedgerWriterOptions = {}) {
    this.writer = new LedgerWriter(db, options);
    this.reader = new LedgerReader(db);
    this.blobs = new BlobStore(db);
  }

  /** Connects to the ledger database at `url` (as the application role in production). */
  static open(url: string, options: LedgerOpenOptions = {}): Ledger {
    return new Ledger(openLedgerDb(url, { max: options.maxConnections }), options);
  }

  /** See {@link LedgerWriter.append}. */
  append(request: AppendRequest): Promise<LedgerEntry> {
    return this.writer.append(request);
  }

  /** See {@link LedgerWriter.appendAll}. */
  appendAll(requests: AppendRequest[]): Promise<LedgerEntry[]> {
    return this.writer.appendAll(requests);
  }

  /** Closes the connection pool. */
  async close(): Promise<void> {
    await this.db.destroy();
  }
}
