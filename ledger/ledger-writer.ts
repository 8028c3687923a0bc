/**
 * Appends entries to the ledger: one gap-free index sequence, one hash chain
 * per stream and one Merkle tree, from any number of connections and
 * processes. A single row lock on `ledger_log_state` is the sequencer.
 *
 * Concurrent appends from one process are coalesced into one transaction
 * (group commit): each caller's group still succeeds or fails on its own.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { LedgerError, SynthledgerError } from '../common/errors';
import type { EntryHeader } from '../schemas/entry-header.schema';
import { prepareAppend, type AppendRequest, type PreparedAppend } from './append-request';
import type { LedgerDatabase } from './database-schema';
import { makeEntry, type LedgerEntry } from './ledger-entry';
import { MerkleFrontier } from './merkle-frontier';
import { leafHash } from './merkle';

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
          const outcomes = await this.db.transaction().execute((trx) => commitGroups(trx, batch));
          batch.forEach((g, i) => {
            const o = outcomes[i]!;
            if (o instanceof LedgerError) g.reject(o);
            else g.resolve(o);
          });
        } catch (err) {
          const wrapped = err instanceof SynthledgerError ? err : new LedgerError('LEDGER_UNAVAILABLE', `append failed: ${(err as Error).message}`, { cause: err, retryable: true });
          for (const g of batch) g.reject(wrapped);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

async function commitGroups(trx: Transaction<LedgerDatabase>, groups: PendingGroup[]): Promise<Array<LedgerEntry[] | LedgerError>> {
  const state = await trx.selectFrom('ledger_log_state').selectAll().where('id', '=', 1).forUpdate().executeTakeFirst();
  if (!state) throw new LedgerError('LOG_STATE_CORRUPT', 'ledger_log_state has no row: run `npm run migrate`');
  const frontier = MerkleFrontier.fromJSON({ size: Number(state.size), hashes: state.frontier });

  const allKeys = [...new Set(groups.flatMap((g) => g.items.map((i) => i.idempotencyKey)))];
  const existing = new Map<string, LedgerEntry>();
  for (const row of await trx.selectFrom('ledger_entries').selectAll().where('idempotency_key', 'in', allKeys).execute()) {
    existing.set(row.idempotency_key, rowToEntry(row));
  }
  const streams = [...new Set(groups.flatMap((g) => g.items.map((i) => i.stream)))];
  const heads = new Map<string, { streamIndex: number; entryHash: string }>();
  // One backward index scan per stream (LIMIT 1), not a sort of whole streams, while the sequencer lock is held.
  const headRows = await sql<{ stream: string; stream_index: number; entry_hash: string }>`
    SELECT s.stream, h.stream_index, h.entry_hash FROM unnest(${streams}::text[]) AS s(stream)
    CROSS JOIN LATERAL (SELECT e.stream_index, e.entry_hash FROM ledger_entries e
      WHERE e.stream = s.stream ORDER BY e.stream_index DESC LIMIT 1) h`.execute(trx);
  for (const r of headRows.rows) heads.set(r.stream, { streamIndex: r.stream_index, entryHash: r.entry_hash });

  let nextIndex = Number(state.size);
  const inserts: LedgerEntry[] = [];
  const outcomes: Array<LedgerEntry[] | LedgerError> = [];
  for (const group of groups) {
    const planned = planGroup(group.items, existing, heads, nextIndex);
    if (planned instanceof LedgerError) {
      outcomes.push(planned);
      continue;
    }
    // Commit the group's effect on the shared in-transaction state.
    for (const e of planned.fresh) {
      existing.set(e.idempotencyKey, e);
      heads.set(e.header.stream, { streamIndex: e.header.streamIndex, entryHash: e.entryHash });
      inserts.push(e);
    }
    nextIndex += planned.fresh.length;
    outcomes.push(planned.entries);
  }
  if (inserts.length === 0) return outcomes;

  for (let i = 0; i < inserts.length; i += 1000) {
    await trx.insertInto('ledger_entries').values(inserts.slice(i, i + 1000).map(entryToRow)).execute();
  }
  const nodes = inserts.flatMap((e) => frontier.append(leafHash(Buffer.from(e.headerJson, 'utf8'))));
  for (let i = 0; i < nodes.length; i += 2000) {
    await trx.insertInto('ledger_merkle_nodes')
      .values(nodes.slice(i, i + 2000).map((n) => ({ level: n.level, idx: n.index, hash: n.hash })))
      .execute();
  }
  const json = frontier.toJSON();
  await trx.updateTable('ledger_log_state')
    .set({ size: json.size, frontier: JSON.stringify(json.hashes), root_hash: frontier.root().toString('hex') })
    .where('id', '=', 1)
    .execute();
  return outcomes;
}

function planGroup(
  items: PreparedAppend[],
  existing: Map<string, LedgerEntry>,
  committedHeads: Map<string, { streamIndex: number; entryHash: string }>,
  firstIndex: number,
): { entries: LedgerEntry[]; fresh: LedgerEntry[] } | LedgerError {
  const heads = new Map(committedHeads);
  const seen = new Map<string, LedgerEntry>();
  const entries: LedgerEntry[] = [];
  const fresh: LedgerEntry[] = [];
  for (const item of items) {
    const prior = existing.get(item.idempotencyKey) ?? seen.get(item.idempotencyKey);
    if (prior) {
      if (!sameContent(prior, item)) {
        return new LedgerError('IDEMPOTENCY_CONFLICT',
          `idempotency key ${JSON.stringify(item.idempotencyKey)} was used for entry ${prior.header.index} with different content; nothing was written`,
          { details: { idempotencyKey: item.idempotencyKey, existingIndex: prior.header.index, existingPayloadHash: prior.header.payloadHash, payloadHash: item.payloadHash } });
      }
      entries.push(prior);
      continue;
    }
    const head = heads.get(item.stream);
    const header: EntryHeader = {
      v: 1,
      index: firstIndex + fresh.length,
      stream: item.stream,
      streamIndex: head ? head.streamIndex + 1 : 0,
      kind: item.kind,
      contract: item.contract,
      payloadHash: item.payloadHash,
      prevEntryHash: head ? head.entryHash : null,
      recordedAt: item.recordedAt,
      actor: item.actor,
    };
    const entry = makeEntry(header, item.payloadJson, item.idempotencyKey);
    heads.set(item.stream, { streamIndex: header.streamIndex, entryHash: entry.entryHash });
    seen.set(item.idempotencyKey, entry);
    entries.push(entry);
    fresh.push(entry);
  }
  return { entries, fresh };
}

function sameContent(prior: LedgerEntry, item: PreparedAppend): boolean {
  const h = prior.header;
  return h.payloadHash === item.payloadHash && h.stream === item.stream && h.kind === item.kind && h.contract === item.contract;
}

/** Converts a stored row to a {@link LedgerEntry} (trusting the stored header text; verification re-checks it). */
export function rowToEntry(row: { header: string; entry_hash: string; payload: string; idempotency_key: string }): LedgerEntry {
  return { header: JSON.parse(row.header) as EntryHeader, headerJson: row.header, entryHash: row.entry_hash, payloadJson: row.payload, idempotencyKey: row.idempotency_key };
}

function entryToRow(e: LedgerEntry) {
  const h = e.header;
  return {
    idx: h.index, stream: h.stream, stream_index: h.streamIndex, kind: h.kind, contract: h.contract,
    payload_hash: h.payloadHash, prev_entry_hash: h.prevEntryHash, entry_hash: e.entryHash, recorded_at: h.recordedAt,
    idempotency_key: e.idempotencyKey, header: e.headerJson, payload: e.payloadJson,
  };
}
