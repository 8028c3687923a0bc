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
  const streams = [...new Set(groups.flatMap((g) => g.items.map((i) => i.stream)))];
  const existing = new Map<string, LedgerEntry>();
  const heads = new Map<string, { streamIndex: number; entryHash: string }>();
  // One round trip for both lookups, after the lock so both see every earlier append.
  // Stream heads: one backward index scan per stream (LIMIT 1), not a sort of whole streams.
  const lookups = await sql<{ kind: 'key' | 'head'; header: string | null; entry_hash: string; payload: string | null; idempotency_key: string | null; stream: string | null; stream_index: number | null }>`
    SELECT 'key' AS kind, e.header, e.entry_hash, e.payload, e.idempotency_key, NULL::text AS stream, NULL::integer AS stream_index
      FROM ledger_entries e WHERE e.idempotency_key = ANY(${allKeys}::text[])
    UNION ALL
    SELECT 'head', NULL, h.entry_hash, NULL, NULL, s.stream, h.stream_index FROM unnest(${streams}::text[]) AS s(stream)
      CROSS JOIN LATERAL (SELECT e.stream_index, e.entry_hash FROM ledger_entries e
        WHERE e.stream = s.stream ORDER BY e.stream_index DESC LIMIT 1) h`.execute(trx);
  for (const r of lookups.rows) {
    if (r.kind === 'key') existing.set(r.idempotency_key!, rowToEntry({ header: r.header!, entry_hash: r.entry_hash, payload: r.payload!, idempotency_key: r.idempotency_key! }));
    else heads.set(r.stream!, { streamIndex: r.stream_index!, entryHash: r.entry_hash });
  }

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

  const nodes = inserts.flatMap((e) => frontier.append(leafHash(Buffer.from(e.headerJson, 'utf8'))));
  const state2 = frontier.toJSON();
  // One statement writes entries, completed Merkle nodes and the new log state (rows travel as JSON).
  await sql`
    WITH new_entries AS (
      INSERT INTO ledger_entries (idx, stream, stream_index, kind, contract, payload_hash, prev_entry_hash, entry_hash, recorded_at, idempotency_key, header, payload)
      SELECT idx, stream, stream_index, kind, contract, payload_hash, prev_entry_hash, entry_hash, recorded_at, idempotency_key, header, payload
      FROM json_to_recordset(${JSON.stringify(inserts.map(entryToRow))}::json) AS x(idx bigint, stream text, stream_index integer, kind text,
        contract text, payload_hash text, prev_entry_hash text, entry_hash text, recorded_at text, idempotency_key text, header text, payload text)
    ), new_nodes AS (
      INSERT INTO ledger_merkle_nodes (level, idx, hash)
      SELECT level, idx, decode(hash, 'hex') FROM json_to_recordset(${JSON.stringify(nodes.map((n) => ({ level: n.level, idx: n.index, hash: n.hash.toString('hex') })))}::json)
        AS y(level smallint, idx bigint, hash text)
    )
    UPDATE ledger_log_state SET size = ${state2.size}, frontier = ${JSON.stringify(state2.hashes)}::jsonb, root_hash = ${frontier.root().toString('hex')}
    WHERE id = 1`.execute(trx);
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
