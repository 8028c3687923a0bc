/** The ledger facade: one object to append, read, prove, checkpoint and store blobs. */
import type { Kysely } from 'kysely';
import type { AppendRequest } from '../core/append-request';
import { DirectSequencer, type AppendSequencer } from './append-sequencer';
import { BatchSequencer, type BatchSequencerOptions } from './batch-sequencer';
import { BlobStore } from './blob-store';
import type { LedgerDatabase } from './database-schema';
import { openLedgerDb } from './ledger-database';
import type { LedgerEntry } from '../core/ledger-entry';
import { LedgerReader } from './ledger-reader';
import { LedgerWriter, type LedgerWriterOptions } from './ledger-writer';

/** Options of {@link Ledger.open}. */
export interface LedgerOpenOptions extends LedgerWriterOptions, BatchSequencerOptions {
  /** Pool size. Default 10. */
  maxConnections?: number;
  /**
   * `batch` (default): hand appends to the batch sequencer, which integrates
   * every process's submissions together (docs/adr/0014); `direct`: each
   * batch takes the sequencer lock itself (`ledger_append`).
   */
  sequencer?: 'batch' | 'direct';
}

/** Append, read, prove and store: the whole ledger behind one object. */
export class Ledger {
  readonly writer: LedgerWriter;
  readonly reader: LedgerReader;
  readonly blobs: BlobStore;

  /**
   * A ledger over `db`; appends go through `sequencer` (default: direct, since a batch sequencer needs its own connection — see {@link Ledger.open}).
   * `url` is the database's URL when known (for connections of their own: the background checkpointer listens on it).
   */
  constructor(readonly db: Kysely<LedgerDatabase>, options: LedgerWriterOptions = {}, private readonly sequencer: AppendSequencer = new DirectSequencer(db), readonly url: string | null = null) {
    this.writer = new LedgerWriter(sequencer, options);
    this.reader = new LedgerReader(db);
    this.blobs = new BlobStore(db);
  }

  /** Connects to the ledger database at `url` (as the application role in production). */
  static open(url: string, options: LedgerOpenOptions = {}): Ledger {
    const db = openLedgerDb(url, { max: options.maxConnections });
    const sequencer = options.sequencer === 'direct' ? new DirectSequencer(db) : new BatchSequencer(db, url, options);
    return new Ledger(db, options, sequencer, url);
  }

  /** See {@link LedgerWriter.append}. */
  append(request: AppendRequest): Promise<LedgerEntry> {
    return this.writer.append(request);
  }

  /** See {@link LedgerWriter.appendAll}. */
  appendAll(requests: AppendRequest[]): Promise<LedgerEntry[]> {
    return this.writer.appendAll(requests);
  }

  /** Releases the sequencer's connection (and the integrator's lease) and closes the connection pool. */
  async close(): Promise<void> {
    await this.sequencer.close();
    await this.db.destroy();
  }
}
