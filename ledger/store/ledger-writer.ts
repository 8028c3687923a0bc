/**
 * Appends entries to the ledger: one gap-free index sequence, one hash chain
 * per stream and one Merkle tree, from any number of connections and
 * processes. One row lock on `ledger_log_state` orders every append; who
 * takes it is the sequencer's choice (append-sequencer.ts): the batch
 * sequencer (default for a ledger opened from a URL) lets one integrator
 * append every process's submissions together, the direct one appends each
 * batch with its own statement (`ledger_append`, migration 0002).
 *
 * Concurrent appends from one process are coalesced into one batch: each
 * caller's group still succeeds or fails on its own.
 */
import { LedgerError } from '../../common/errors';
import type { EntryHeader } from '../../schemas/entry-header.schema';
import { prepareAppend, type AppendRequest, type PreparedAppend } from '../core/append-request';
import { canonicalize } from '../core/canonical-json';
import type { LedgerEntry } from '../core/ledger-entry';
import type { AppendSequencer, GroupResult } from './append-sequencer';
import { asLedgerError } from './database-errors';

/** Options of {@link LedgerWriter}. */
export interface LedgerWriterOptions {
  /** Most entries one process coalesces into one batch. Default 500. */
  maxBatchEntries?: number;
}

interface PendingGroup {
  items: PreparedAppend[];
  resolve: (entries: LedgerEntry[]) => void;
  reject: (err: unknown) => void;
}

/** Appends validated entries; see the module comment for the guarantees. */
export class LedgerWriter {
  private readonly queue: PendingGroup[] = [];
  private flushing = false;
  private readonly maxBatchEntries: number;

  constructor(private readonly sequencer: AppendSequencer, options: LedgerWriterOptions = {}) {
    this.maxBatchEntries = options.maxBatchEntries ?? 500;
  }

  /** Appends one entry (or returns the existing one for a repeated idempotency key with the same content). */
  async append(request: AppendRequest): Promise<LedgerEntry> {
    const [entry] = await this.appendAll([request]);
    return entry!;
  }

  /**
   * Appends a group atomically, in order: all entries are written or none.
   * Validation of every item happens first; then a repeated key with the same
   * content returns the stored entry and a repeated key with different content
   * fails the whole group with IDEMPOTENCY_CONFLICT.
   */
  async appendAll(requests: AppendRequest[]): Promise<LedgerEntry[]> {
    if (requests.length === 0) return [];
    const items = requests.map((r, i) => prepareAppend(r, requests.length === 1 ? '$' : `$[${i}]`));
    return new Promise<LedgerEntry[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Hands queued groups to the sequencer in batches, in order; each batch's results settle its groups. */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch: PendingGroup[] = [];
        let count = 0;
        while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0]!.items.length <= this.maxBatchEntries)) {
          const g = this.queue.shift()!;
          batch.push(g);
          count += g.items.length;
        }
        try {
          const submitted = await this.sequencer.submit(JSON.stringify(batch.map((g) => g.items.map(toFunctionItem))), batch.length);
          submitted.results.then((results) => settle(batch, results), (err) => rejectAll(batch, err));
        } catch (err) {
          rejectAll(batch, err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

function rejectAll(batch: PendingGroup[], err: unknown): void {
  const wrapped = asLedgerError(err, 'append failed');
  for (const g of batch) g.reject(wrapped);
}

/** One item as `ledger_append` receives it: stored values plus their RFC 8785 spellings for the header. */
function toFunctionItem(i: PreparedAppend) {
  return {
    key: i.idempotencyKey, stream: i.stream, streamJson: canonicalize(i.stream), kind: i.kind, kindJson: canonicalize(i.kind),
    contract: i.contract, contractJson: canonicalize(i.contract), payloadHash: i.payloadHash, payload: i.payloadJson,
    actorJson: canonicalize(i.actor), recordedAt: i.recordedAt, recordedAtJson: canonicalize(i.recordedAt),
  };
}

/** Settles each group of `batch` with its result: its entries, or the error that refused it. */
function settle(batch: PendingGroup[], results: GroupResult[]): void {
  if (!Array.isArray(results) || results.length !== batch.length) {
    return rejectAll(batch, new LedgerError('LOG_STATE_CORRUPT', 'the sequencer returned an unexpected result'));
  }
  results.forEach((r, g) => {
    const group = batch[g]!;
    if (r.ok) {
      group.resolve(r.entries.map(([header, entryHash], i) => rowToEntry({ header, entry_hash: entryHash, payload: group.items[i]!.payloadJson, idempotency_key: group.items[i]!.idempotencyKey })));
    } else if ('conflict' in r) {
      const c = r.conflict;
      group.reject(new LedgerError('IDEMPOTENCY_CONFLICT',
        `idempotency key ${JSON.stringify(c.idempotencyKey)} was used for entry ${c.existingIndex} with different content; nothing was written`,
        { details: { ...c } }));
    } else {
      group.reject(asLedgerError(Object.assign(new Error(r.error.message), { code: r.error.sqlstate }), 'append refused'));
    }
  });
}

/** Converts a stored row to a {@link LedgerEntry} (trusting the stored header text; verification re-checks it). */
export function rowToEntry(row: { header: string; entry_hash: string; payload: string; idempotency_key: string }): LedgerEntry {
  return { header: JSON.parse(row.header) as EntryHeader, headerJson: row.header, entryHash: row.entry_hash, payloadJson: row.payload, idempotencyKey: row.idempotency_key };
}

