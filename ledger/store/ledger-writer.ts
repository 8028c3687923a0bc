/**
 * Appends entries to the ledger: one gap-free index sequence, one hash chain
 * per stream and one Merkle tree, from any number of connections and
 * processes. A single row lock on `ledger_log_state` is the sequencer; the
 * append itself is one statement (`ledger_append`, migration 0002).
 *
 * Concurrent appends from one process are coalesced into one statement
 * (group commit): each caller's group still succeeds or fails on its own.
 */
import { sql, type Kysely } from 'kysely';
import { LedgerError } from '../../common/errors';
import type { EntryHeader } from '../../schemas/entry-header.schema';
import { prepareAppend, type AppendRequest, type PreparedAppend } from '../core/append-request';
import { canonicalize } from '../core/canonical-json';
import type { LedgerDatabase } from './database-schema';
import type { LedgerEntry } from '../core/ledger-entry';
import { asLedgerError } from './database-errors';

/** Options of {@link LedgerWriter}. */
export interface LedgerWriterOptions {
  /** Most entries committed in one transaction when coalescing. Default 500. */
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

  constructor(private readonly db: Kysely<LedgerDatabase>, options: LedgerWriterOptions = {}) {
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
          const outcomes = await commitGroups(this.db, batch);
          batch.forEach((g, i) => {
            const o = outcomes[i]!;
            if (o instanceof LedgerError) g.reject(o);
            else g.resolve(o);
          });
        } catch (err) {
          const wrapped = asLedgerError(err, 'append failed');
          for (const g of batch) g.reject(wrapped);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

/** One item as `ledger_append` receives it: stored values plus their RFC 8785 spellings for the header. */
function toFunctionItem(i: PreparedAppend) {
  return {
    key: i.idempotencyKey, stream: i.stream, streamJson: canonicalize(i.stream), kind: i.kind, kindJson: canonicalize(i.kind),
    contract: i.contract, contractJson: canonicalize(i.contract), payloadHash: i.payloadHash, payload: i.payloadJson,
    actorJson: canonicalize(i.actor), recordedAt: i.recordedAt, recordedAtJson: canonicalize(i.recordedAt),
  };
}

type FunctionResult =
  | { ok: true; entries: Array<[header: string, entryHash: string]> }
  | { ok: false; conflict: { idempotencyKey: string; existingIndex: number; existingPayloadHash: string; payloadHash: string } };

/** Appends every group in one statement (ledger_append, migration 0002): one round trip, autocommit. */
async function commitGroups(db: Kysely<LedgerDatabase>, groups: PendingGroup[]): Promise<Array<LedgerEntry[] | LedgerError>> {
  const batch = JSON.stringify(groups.map((g) => g.items.map(toFunctionItem)));
  const { rows } = await sql<{ result: FunctionResult[] }>`SELECT ledger_append(${batch}::jsonb) AS result`.execute(db);
  const results = rows[0]?.result;
  if (!Array.isArray(results) || results.length !== groups.length) {
    throw new LedgerError('LOG_STATE_CORRUPT', 'ledger_append returned an unexpected result');
  }
  return results.map((r, g) => {
    if (!r.ok) {
      const c = r.conflict;
      return new LedgerError('IDEMPOTENCY_CONFLICT',
        `idempotency key ${JSON.stringify(c.idempotencyKey)} was used for entry ${c.existingIndex} with different content; nothing was written`,
        { details: { ...c } });
    }
    const items = groups[g]!.items;
    return r.entries.map(([header, entryHash], i) => rowToEntry({ header, entry_hash: entryHash, payload: items[i]!.payloadJson, idempotency_key: items[i]!.idempotencyKey }));
  });
}

/** Converts a stored row to a {@link LedgerEntry} (trusting the stored header text; verification re-checks it). */
export function rowToEntry(row: { header: string; entry_hash: string; payload: string; idempotency_key: string }): LedgerEntry {
  return { header: JSON.parse(row.header) as EntryHeader, headerJson: row.header, entryHash: row.entry_hash, payloadJson: row.payload, idempotencyKey: row.idempotency_key };
}

