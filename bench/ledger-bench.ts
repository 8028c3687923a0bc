/**
 * Ledger benchmark (`npm run bench:ledger`, `--quick` for a smoke run).
 *
 * On the local PostgreSQL (resolved by findPostgres), in throw-away databases
 * created and dropped here, it measures:
 *
 *  1. appends/s with 1, 4 and 16 writers (each its own Ledger and connection,
 *     as the application role) and batches of 1 and 100 entries, against
 *     plain multi-row INSERTs of the same header+payload text into a table
 *     with no index and no trigger (same writers, batches, one transaction per
 *     batch); plus 16 writers sharing ONE Ledger (group commit); with one
 *     entry per call, also a purpose-built transparency log as a peer: Tessera
 *     on its POSIX storage (bench/tessera-peer, built once by
 *     scripts/tessera-peer.sh; skipped with the reason in the notes when Go is
 *     missing or the build fails), with entries of our entries' size;
 *  2. stream verification (rows in memory) and log verification (verifyLog,
 *     reading from PostgreSQL) against raw SHA-256 over the same bytes;
 *  3. inclusion-proof latency at 10^4, 10^5 and 10^6 entries, on a tree bulk
 *     loaded through MerkleFrontier (the writer would take too long).
 *
 * It prints a table and rewrites the `## Ledger` section of BENCHMARKS.md.
 * `--only appends|verify|proofs` runs one part and only prints it (before
 * verification, the log is filled to the size a full run leaves, so the
 * figures compare); BENCHMARKS.md is written by full runs only.
 */
import { createHash } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { Client } from 'pg';
import type { Kysely, LogEvent } from 'kysely';
import { ENTRY_KINDS } from '../activities/catalogue/entry-kinds';
import { findPostgres } from '../runtime/services/postgres-server';
import { SOURCE_PROVENANCE_CONTRACT } from '../schemas/contract-names';
import { Ledger } from '../ledger/store/ledger';
import { LedgerReader } from '../ledger/store/ledger-reader';
import { openLedgerDb } from '../ledger/store/ledger-database';
import type { LedgerDatabase } from '../ledger/store/database-schema';
import { makeEntry } from '../ledger/core/ledger-entry';
import { sha256 } from '../ledger/core/hash';
import { sha256Hex } from '../ledger/core/crypto-primitives';
import { leafHash } from '../ledger/core/merkle';
import { MerkleFrontier } from '../ledger/core/merkle-frontier';
import { verifyInclusion } from '../ledger/core/merkle-verify';
import { verifyStreamRows, type StoredEntryRow } from '../ledger/core/verify-stream';
import { verifyLog } from '../ledger/core/verify-log';
import { createCheckpoint } from '../ledger/store/checkpointer';
import { closeRangeCheckPools, defaultCheckThreads } from '../ledger/store/range-check-pool';
import { RANGE_RUNS, RUN_ROWS } from '../ledger/store/checked-runs';
import { generateSigningKey, parseSignerKey } from '../ledger/core/signing-key';
import {
  createReport, createBenchDatabase, fmtInt, fmtMs, fmtNum, fmtRate, fmtRatio, machineInfo, markdownTable, mean, median, nowMs,
  onShutdown, passMiss, percentile, prng, recordBenchmarksSection, type BenchDatabase,
} from './bench-support';
import { ACTOR, RequestSource, STREAM_LENGTH, payloadFor } from './append-requests';
import { runWriterProcesses } from './ledger-writer-process';
import { findTesseraPeer, runTesseraPeer, type TesseraPeer, type TesseraPeerOptions, type TesseraPeerResult } from './tessera-peer-runner';

const QUICK = process.argv.includes('--quick');
const PARTS = ['appends', 'verify', 'proofs'] as const;
type Part = (typeof PARTS)[number];
/** The one part named by `--only`, or undefined for all. */
const ONLY = ((): Part | undefined => {
  const i = process.argv.indexOf('--only');
  if (i < 0) return undefined;
  const part = process.argv[i + 1];
  if (!PARTS.includes(part as Part)) throw new Error(`--only takes one of ${PARTS.join(', ')}, got ${part ?? 'nothing'}`);
  return part as Part;
})();
/** Worker threads `verifyLog` uses by default here. */
const LOG_THREADS = defaultCheckThreads();
const runs = (part: Part): boolean => ONLY === undefined || ONLY === part;
const CONFIG = QUICK
  ? { appendSeconds: 1, writers: [1, 4, 16], batches: [1, 100], verifyStreamEntries: 2_000, verifyLogEntries: 15_000, verifyRepeats: 5, verifyLogRepeats: 1, proofSizes: [1_000, 10_000, 100_000], proofs: 200 }
  : { appendSeconds: 4, writers: [1, 4, 16], batches: [1, 100], verifyStreamEntries: 20_000, verifyLogEntries: 150_000, verifyRepeats: 15, verifyLogRepeats: 5, proofSizes: [10_000, 100_000, 1_000_000], proofs: 1_000 };
/** Header+payload texts kept per writer for the plain-INSERT replay. */
const KEEP_TEXTS = 4_000;
/** Rows per bulk-load statement for the proof trees. */
const LOAD_CHUNK = 20_000;
const TARGET_RATIO = 0.5;
const TARGET_PROOF_MS = 1;
/** Writers of the row whose writers are processes of their own, and its label. */
const PROCESS_WRITERS = 16;
const PROCESS_ROW = `${PROCESS_WRITERS}, one process each`;
/** One writer, one entry per call: the ledger's p50 append latency must stay under this. */
const TARGET_P50_MS = 10;
/**
 * The Tessera peer's settings. Batching by the rule of Tessera's posix-oneshot example (batch max size = the
 * entries about to be added, here one outstanding per writer, so a batch flushes as soon as every writer has
 * added; max age 100 ms); checkpoints as Tessera's conformance POSIX binary (1 s, republished each minute). The
 * peer binary also enables, like that conformance binary, the in-memory antispam at Tessera's default size, and
 * keeps Tessera's default pushback.
 */
const TESSERA_SETTINGS = (writers: number) => ({ batchMaxSize: writers, batchMaxAgeMs: 100, checkpointIntervalMs: 1000, checkpointRepublishIntervalMs: 60_000 });
/** Tessera's library default batching (tessera.DefaultBatchMaxSize, DefaultBatchMaxAge), measured once at 16 writers for comparison. */
const TESSERA_DEFAULT_BATCHING = { batchMaxSize: 256, batchMaxAgeMs: 250 };
const COMMAND = `npm run bench:ledger${QUICK || ONLY ? ' --' : ''}${QUICK ? ' --quick' : ''}${ONLY ? ` --only ${ONLY}` : ''}`;

interface Text { header: string; payload: string }

interface AppendRun { entries: number; ms: number; perSecond: number; texts: Text[][]; latenciesMs: number[] }

/** Runs `writers` loops for `seconds` after one warm-up batch each; the rate counts entries committed in the timed window. */
async function runLoops(writers: number, seconds: number, warmUp: (w: number) => Promise<void>, step: (w: number) => Promise<number>): Promise<{ entries: number; ms: number }> {
  await Promise.all(Array.from({ length: writers }, (_, w) => warmUp(w)));
  const start = nowMs();
  const deadline = start + seconds * 1000;
  const counts = await Promise.all(Array.from({ length: writers }, async (_, w) => {
    let n = 0;
    while (nowMs() < deadline) n += await step(w);
    return n;
  }));
  const ms = nowMs() - start;
  return { entries: counts.reduce((a, b) => a + b, 0), ms };
}

async function runLedgerAppends(appUrl: string, tag: string, writers: number, batch: number, shared: boolean, seconds: number): Promise<AppendRun> {
  const ledgers = shared ? [Ledger.open(appUrl, { maxConnections: 2 })] : Array.from({ length: writers }, () => Ledger.open(appUrl, { maxConnections: 1 }));
  const sources = Array.from({ length: writers }, (_, w) => new RequestSource(tag, w));
  const texts: Text[][] = Array.from({ length: writers }, () => []);
  const latenciesMs: number[] = [];
  const ledgerOf = (w: number) => ledgers[shared ? 0 : w]!;
  try {
    const { entries, ms } = await runLoops(writers, seconds,
      async (w) => { await ledgerOf(w).appendAll(sources[w]!.next(batch)); },
      async (w) => {
        const requests = sources[w]!.next(batch);
        const t = nowMs();
        const written = await ledgerOf(w).appendAll(requests);
        latenciesMs.push(nowMs() - t);
        const keep = texts[w]!;
        for (const e of written) if (keep.length < KEEP_TEXTS) keep.push({ header: e.headerJson, payload: e.payloadJson });
        return written.length;
      });
    return { entries, ms, perSecond: (entries / ms) * 1000, texts, latenciesMs };
  } finally {
    await Promise.all(ledgers.map((l) => l.close()));
  }
}

/** The same writers and batches as plain multi-row INSERTs of the same texts, one transaction per batch. */
async function runPlainInserts(appUrl: string, writers: number, batch: number, texts: Text[][], seconds: number): Promise<{ entries: number; ms: number; perSecond: number }> {
  const clients = Array.from({ length: writers }, () => new Client({ connectionString: appUrl }));
  await Promise.all(clients.map((c) => c.connect()));
  const sql = `INSERT INTO bench_plain (header, payload) VALUES ${Array.from({ length: batch }, (_, k) => `($${2 * k + 1}, $${2 * k + 2})`).join(', ')}`;
  const cursor = new Array<number>(writers).fill(0);
  const insertBatch = async (w: number): Promise<number> => {
    const pool = texts[w]!.length > 0 ? texts[w]! : texts.flat();
    const params: string[] = [];
    for (let k = 0; k < batch; k++) {
      const t = pool[cursor[w]! % pool.length]!;
      cursor[w]!++;
      params.push(t.header, t.payload);
    }
    const c = clients[w]!;
    await c.query('BEGIN');
    await c.query(sql, params);
    await c.query('COMMIT');
    return batch;
  };
  try {
    const { entries, ms } = await runLoops(writers, seconds, async (w) => { await insertBatch(w); }, insertBatch);
    return { entries, ms, perSecond: (entries / ms) * 1000 };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** Per-statement time of one writer appending groups of `batch` entries: where an append's time goes. */
async function writerBreakdown(appUrl: string, tag: string, batch: number, seconds: number): Promise<{ perGroupMs: number; rows: Array<[string, number, number]> }> {
  const stats = new Map<string, { n: number; ms: number }>();
  const classify = (q: string): string => {
    const s = q.trim().toLowerCase();
    if (s === 'begin' || s.startsWith('start transaction')) return 'BEGIN';
    if (s === 'commit') return 'COMMIT';
    if (s.includes('for update')) return 'SELECT log state FOR UPDATE';
    if (s.includes('distinct on')) return 'SELECT stream heads (DISTINCT ON)';
    if (s.startsWith('select') && s.includes('idempotency_key')) return 'SELECT existing idempotency keys';
    if (s.startsWith('insert into "ledger_entries"')) return 'INSERT ledger_entries';
    if (s.startsWith('insert into "ledger_merkle_nodes"')) return 'INSERT ledger_merkle_nodes';
    if (s.startsWith('update "ledger_log_state"')) return 'UPDATE ledger_log_state';
    return s.slice(0, 40);
  };
  const log = (e: LogEvent) => {
    const k = classify(e.query.sql);
    const st = stats.get(k) ?? { n: 0, ms: 0 };
    st.n++;
    st.ms += e.queryDurationMillis;
    stats.set(k, st);
  };
  const db: Kysely<LedgerDatabase> = openLedgerDb(appUrl, { max: 1, log });
  const ledger = new Ledger(db);
  const source = new RequestSource(tag, 0);
  try {
    await ledger.appendAll(source.next(batch));
    stats.clear();
    let groups = 0;
    const start = nowMs();
    while (nowMs() - start < seconds * 1000) {
      await ledger.appendAll(source.next(batch));
      groups++;
    }
    const total = nowMs() - start;
    const rows = [...stats.entries()].map(([k, v]): [string, number, number] => [k, v.ms / groups, v.n / groups]);
    const sqlMs = rows.reduce((a, r) => a + r[1], 0);
    rows.push(['(outside SQL: validation, hashing, kysely, event loop)', total / groups - sqlMs, 0]);
    return { perGroupMs: total / groups, rows };
  } finally {
    await ledger.close();
  }
}

/** Writers that fill the log before verification. */
const FILL_WRITERS = 4;

/**
 * Appends `source-provenance-v1` entries (4 writers, batches of 100, 200-entry
 * streams) until the log holds at least `size` entries, so verification reads
 * a log of the same size and content whether or not the appends ran before.
 */
async function fillLog(appUrl: string, size: number): Promise<void> {
  const ledgers = Array.from({ length: FILL_WRITERS }, () => Ledger.open(appUrl, { maxConnections: 1 }));
  try {
    const missing = size - (await ledgers[0]!.reader.logState()).size;
    if (missing <= 0) return;
    console.error(`  filling the log with ${fmtInt(missing)} entries…`);
    const perWriter = Math.ceil(missing / FILL_WRITERS);
    await Promise.all(ledgers.map(async (ledger, w) => {
      const source = new RequestSource('fill', w);
      for (let n = 0; n < perWriter; n += 100) await ledger.appendAll(source.next(Math.min(100, perWriter - n)));
    }));
  } finally {
    await Promise.all(ledgers.map((l) => l.close()));
  }
}

/** SHA-256 of each row's header and payload text: the least any verifier must hash. */
function rawSha256(rows: readonly Text[]): number {
  let x = 0;
  for (const r of rows) {
    x ^= sha256Hex(r.header).charCodeAt(0);
    x ^= sha256Hex(r.payload).charCodeAt(0);
  }
  return x;
}

/** The same digests through a Hash object each (`createHash(…).update(…).digest()`): what the one-shot baseline saves. */
function hashObjectSha256(rows: readonly Text[]): number {
  let x = 0;
  for (const r of rows) {
    x ^= createHash('sha256').update(r.header).digest()[0]!;
    x ^= createHash('sha256').update(r.payload).digest()[0]!;
  }
  return x;
}

function bytesOf(rows: readonly Text[]): number {
  return rows.reduce((a, r) => a + Buffer.byteLength(r.header, 'utf8') + Buffer.byteLength(r.payload, 'utf8'), 0);
}

/** The median time of each of `fns` over `repeats` rounds, run in turn (after one warm-up round) so all see the same background load. */
async function alternate(repeats: number, ...fns: Array<() => unknown>): Promise<number[]> {
  for (const f of fns) await f();
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < repeats; i++) {
    for (const [k, f] of fns.entries()) {
      const t = nowMs();
      await f();
      times[k]!.push(nowMs() - t);
    }
  }
  return times.map(median);
}

/**
 * Bulk loads a valid ledger (entries with hash chains over 1,000 streams and
 * every Merkle node the writer would store) up to `size` entries, as the
 * owner, computing nodes with MerkleFrontier in process; then sets the log
 * state. Loading continues from the state left by the previous call.
 */
class TreeLoader {
  readonly frontier = new MerkleFrontier();
  readonly leafHashes: Buffer;
  private readonly heads = new Map<string, { streamIndex: number; entryHash: string }>();
  private readonly streams: number;
  /** Milliseconds spent building chunks in process, and waiting for PostgreSQL beyond that. */
  buildMs = 0;
  waitMs = 0;

  constructor(private readonly client: Client, maxSize: number) {
    this.leafHashes = Buffer.alloc(maxSize * 32);
    this.streams = Math.min(1000, Math.max(1, Math.floor(maxSize / 100)));
  }

  /** Builds entries [from, to) and their Merkle nodes as JSON texts for `json_to_recordset` (native JSON.stringify is the fast path). */
  private chunk(from: number, to: number): { entries: string; nodes: string } {
    const entries: object[] = [];
    const nodes: object[] = [];
    const recordedAt = new Date().toISOString();
    for (let i = from; i < to; i++) {
      const stream = `bench-tree-s${i % this.streams}`;
      const head = this.heads.get(stream);
      const payloadJson = `{"n":${i},"note":"bulk-loaded benchmark entry"}`;
      const entry = makeEntry({
        v: 1, index: i, stream, streamIndex: head ? head.streamIndex + 1 : 0, kind: 'bench.bulk', contract: null,
        payloadHash: sha256(payloadJson), prevEntryHash: head?.entryHash ?? null, recordedAt, actor: ACTOR,
      }, payloadJson, `${stream}/${i}`);
      const h = entry.header;
      this.heads.set(stream, { streamIndex: h.streamIndex, entryHash: entry.entryHash });
      entries.push({ i, s: stream, si: h.streamIndex, ph: h.payloadHash, p: h.prevEntryHash, eh: entry.entryHash, r: recordedAt, k: entry.idempotencyKey, h: entry.headerJson, pl: payloadJson });
      const leaf = leafHash(Buffer.from(entry.headerJson, 'utf8'));
      leaf.copy(this.leafHashes, i * 32);
      for (const node of this.frontier.append(leaf)) nodes.push({ l: node.level, i: node.index, h: node.hash.toString('hex') });
    }
    return { entries: JSON.stringify(entries), nodes: JSON.stringify(nodes) };
  }

  private async insert({ entries, nodes }: { entries: string; nodes: string }): Promise<void> {
    await this.client.query(`INSERT INTO ledger_entries (idx, stream, stream_index, kind, contract, payload_hash, prev_entry_hash, entry_hash, recorded_at, idempotency_key, header, payload)
      SELECT i, s, si, 'bench.bulk', NULL, ph, p, eh, r, k, h, pl
      FROM json_to_recordset($1::json) AS t(i bigint, s text, si int, ph text, p text, eh text, r text, k text, h text, pl text)`, [entries]);
    await this.client.query(`INSERT INTO ledger_merkle_nodes (level, idx, hash)
      SELECT l, i, decode(h, 'hex') FROM json_to_recordset($1::json) AS t(l smallint, i bigint, h text)`, [nodes]);
  }

  /** Grows the loaded tree to `size` entries; building the next chunk overlaps the previous chunk's INSERT. */
  async growTo(size: number): Promise<void> {
    let pending: Promise<void> = Promise.resolve();
    for (let from = this.frontier.size; from < size; from += LOAD_CHUNK) {
      const t0 = nowMs();
      const chunk = this.chunk(from, Math.min(size, from + LOAD_CHUNK));
      const t1 = nowMs();
      await pending;
      this.buildMs += t1 - t0;
      this.waitMs += nowMs() - t1;
      pending = this.insert(chunk);
    }
    const t2 = nowMs();
    await pending;
    this.waitMs += nowMs() - t2;
    const json = this.frontier.toJSON();
    await this.client.query('UPDATE ledger_log_state SET size = $1, frontier = $2::jsonb, root_hash = $3 WHERE id = 1',
      [json.size, JSON.stringify(json.hashes), this.frontier.root().toString('hex')]);
    // What autovacuum would do on a live ledger; without statistics the planner guesses table sizes.
    await this.client.query('VACUUM ANALYZE ledger_merkle_nodes');
    await this.client.query('ANALYZE ledger_entries');
  }

  leaf(i: number): Buffer {
    return this.leafHashes.subarray(i * 32, i * 32 + 32);
  }
}

/** Writes/s, p50 per-add latency and entries of the Tessera peer at one writer count (runs summed). */
interface PeerFigures { perSecond: number; p50: number; entries: number }

/** One row of the Appends table. */
interface AppendResult {
  label: string;
  writers: number;
  batch: number;
  ledger: number;
  ledgerEntries: number;
  /** Median time of one `appendAll` call (one group of `batch` entries). */
  ledgerP50: number;
  plain: number;
  tessera?: PeerFigures;
}

interface ProofRow { size: number; buildMs: number; mean: number; p50: number; p99: number; max: number; proofLength: number }

async function main(): Promise<void> {
  // Found (or built, once) before anything is timed; without it the Tessera column is left out, with the reason.
  let peer: TesseraPeer = findTesseraPeer((m) => console.error(m));
  if (!peer.ok) console.error(`No Tessera peer: ${peer.reason}`);
  const started = new Date();
  const loadAtStart = loadavg();
  const server = await findPostgres(process.env, (m) => console.error(m));
  const machine = await machineInfo(server.adminUrl);
  const databases: BenchDatabase[] = [];
  const cleanup = onShutdown(async () => {
    for (const d of databases) await d.drop();
    await server.stop();
  });
  const { out, say } = createReport();
  try {
    console.log(`Ledger benchmark${QUICK ? ' (--quick)' : ''}: ${COMMAND}`);
    machine.lines.forEach((l) => console.log(l));
    console.log(`PostgreSQL from ${server.origin}`);

    const tag = `${process.pid}`;
    const benchDb = await createBenchDatabase(server.adminUrl, `synthledger_bench_ledger_${tag}`);
    databases.push(benchDb);
    const owner = new Client({ connectionString: benchDb.ownerUrl });
    await owner.connect();
    try {
      await owner.query('CREATE TABLE bench_plain (header text, payload text)');
      await owner.query(`GRANT SELECT, INSERT ON bench_plain TO "${new URL(benchDb.appUrl).username}"`);
    } finally {
      await owner.end();
    }

    // 1. Appends.
    const appendResults: AppendResult[] = [];
    let sample: Text | undefined;
    /** Mean header+payload bytes of our entries (from the first ledger run): the Tessera peer's entry size. */
    let entryBytes = 0;
    const tesseraRuns: TesseraPeerResult[] = [];
    let tesseraDefaults: TesseraPeerResult | undefined;
    let breakdown1 = { perGroupMs: NaN, rows: [] as Array<[string, number, number]> };
    let breakdown100 = breakdown1;
    const ROUNDS = 2; // ledger, plain and Tessera runs alternate, so all see the same background load
    if (runs('appends')) {
      console.error('\n[1/3] appends…');
      const plainBy = new Map<string, number>();
      const tesseraBy = new Map<string, PeerFigures>();
      const runPeer = async (o: TesseraPeerOptions): Promise<TesseraPeerResult | undefined> => {
        if (!peer.ok) return undefined;
        try {
          const r = await runTesseraPeer(peer.binary, o);
          tesseraRuns.push(r);
          return r;
        } catch (e) {
          peer = { ok: false, reason: `a Tessera peer run failed, so no Tessera figures are shown: ${(e as Error).message}` };
          console.error(`  ${peer.reason}`);
          return undefined;
        }
      };
      const measure = async (writers: number, batch: number, shared: boolean, from?: { plain: number; tessera?: PeerFigures }): Promise<AppendResult> => {
        let l = { entries: 0, ms: 0 };
        let p = { entries: 0, ms: 0 };
        let t = { entries: 0, seconds: 0 };
        const ledgerLatencies: number[] = [];
        const tesseraLatencies: number[] = [];
        const withPeer = from === undefined && batch === 1;
        for (let round = 0; round < ROUNDS; round++) {
          const ledger = await runLedgerAppends(benchDb.appUrl, `${shared ? 'shared' : 'own'}-b${batch}w${writers}r${round}`, writers, batch, shared, CONFIG.appendSeconds / ROUNDS);
          sample ??= ledger.texts[0]![0];
          if (entryBytes === 0) entryBytes = Math.round(bytesOf(ledger.texts.flat()) / ledger.texts.flat().length);
          l = { entries: l.entries + ledger.entries, ms: l.ms + ledger.ms };
          ledgerLatencies.push(...ledger.latenciesMs);
          if (from === undefined) {
            const plain = await runPlainInserts(benchDb.appUrl, writers, batch, ledger.texts, CONFIG.appendSeconds / ROUNDS);
            p = { entries: p.entries + plain.entries, ms: p.ms + plain.ms };
          }
          if (withPeer) {
            const r = await runPeer({ writers, seconds: CONFIG.appendSeconds / ROUNDS, entryBytes, ...TESSERA_SETTINGS(writers) });
            if (r) {
              t = { entries: t.entries + r.entries, seconds: t.seconds + r.seconds };
              tesseraLatencies.push(...r.latenciesMs);
            }
          }
        }
        const tessera = withPeer && peer.ok ? { perSecond: t.entries / t.seconds, p50: percentile(tesseraLatencies, 50), entries: t.entries } : from?.tessera;
        return {
          label: String(writers), writers, batch, ledger: (l.entries / l.ms) * 1000, ledgerEntries: l.entries, ledgerP50: percentile(ledgerLatencies, 50),
          plain: from?.plain ?? (p.entries / p.ms) * 1000, tessera,
        };
      };
      for (const batch of CONFIG.batches) {
        for (const writers of CONFIG.writers) {
          const r = await measure(writers, batch, false);
          plainBy.set(`${writers}x${batch}`, r.plain);
          if (r.tessera) tesseraBy.set(`${writers}x${batch}`, r.tessera);
          appendResults.push(r);
          console.error(`  ${writers} writers × batch ${batch}: ledger ${fmtRate(r.ledger)} (${fmtInt(r.ledgerEntries)} entries, p50 ${fmtMs(r.ledgerP50)}), plain ${fmtRate(r.plain)}`
            + (r.tessera ? `, Tessera ${fmtRate(r.tessera.perSecond)} (${fmtInt(r.tessera.entries)} entries, p50 ${fmtMs(r.tessera.p50)})` : ''));
        }
      }
      {
        const r = await measure(16, 1, true, { plain: plainBy.get('16x1')!, tessera: tesseraBy.get('16x1') });
        appendResults.push({ ...r, label: '16, one shared Ledger' });
        console.error(`  16 writers sharing one Ledger × batch 1: ${fmtRate(r.ledger)}`);
      }
      {
        // The same 16 writers as processes of their own (each a Node process with its own Ledger and connection).
        let entries = 0;
        let ms = 0;
        const latencies: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const r = await runWriterProcesses(benchDb.appUrl, `procs-r${round}`, PROCESS_WRITERS, CONFIG.appendSeconds / ROUNDS);
          entries += r.entries;
          ms += r.ms;
          latencies.push(...r.latenciesMs);
        }
        const key = `${PROCESS_WRITERS}x1`;
        appendResults.push({ label: PROCESS_ROW, writers: PROCESS_WRITERS, batch: 1, ledger: (entries / ms) * 1000, ledgerEntries: entries, ledgerP50: percentile(latencies, 50), plain: plainBy.get(key)!, tessera: tesseraBy.get(key) });
        console.error(`  ${PROCESS_WRITERS} writer processes × batch 1: ${fmtRate((entries / ms) * 1000)} (${fmtInt(entries)} entries, p50 ${fmtMs(percentile(latencies, 50))})`);
      }
      // Tessera's library default batching, once, at 16 writers: what a writer waiting for each index gets without tuning.
      tesseraDefaults = await runPeer({ writers: 16, seconds: CONFIG.appendSeconds / ROUNDS, entryBytes, ...TESSERA_SETTINGS(16), ...TESSERA_DEFAULT_BATCHING });
      if (tesseraDefaults) console.error(`  Tessera with default batching, 16 writers: ${fmtRate(tesseraDefaults.writesPerSecond)}, p50 ${fmtMs(tesseraDefaults.p50Ms)}`);
      breakdown1 = await writerBreakdown(benchDb.appUrl, 'profile1', 1, QUICK ? 1 : 2);
      breakdown100 = await writerBreakdown(benchDb.appUrl, 'profile100', 100, QUICK ? 1 : 2);
    }

    // 2. Verification.
    let streamResult = { entries: 0, bytes: 0, ms: NaN, shaMs: NaN, hashObjectMs: NaN };
    let logResult = { entries: 0, bytes: 0, ms: NaN, oneThreadMs: NaN, readMs: NaN, shaMs: NaN };
    if (runs('verify')) {
      console.error('\n[2/3] verification…');
      const verifyStream = 'bench-verify-stream';
      {
        const ledger = Ledger.open(benchDb.appUrl, { maxConnections: 1 });
        try {
          for (let i = 0; i < CONFIG.verifyStreamEntries; i += 100) {
            const n = Math.min(100, CONFIG.verifyStreamEntries - i);
            await ledger.appendAll(Array.from({ length: n }, (_, k) => ({ stream: verifyStream, kind: ENTRY_KINDS.provenance, contract: SOURCE_PROVENANCE_CONTRACT, payload: payloadFor(999, i + k), idempotencyKey: `${verifyStream}/${i + k}`, actor: ACTOR })));
          }
        } finally {
          await ledger.close();
        }
      }
      await fillLog(benchDb.appUrl, CONFIG.verifyLogEntries);
      const appDb = openLedgerDb(benchDb.appUrl, { max: 2 });
      const reader = new LedgerReader(appDb);
      try {
        const rows: StoredEntryRow[] = await reader.streamRows(verifyStream);
        const [verifyMs, shaMs] = await alternate(CONFIG.verifyRepeats, () => {
          const v = verifyStreamRows(verifyStream, rows);
          if (!v.ok || v.entries.length !== CONFIG.verifyStreamEntries) throw new Error(`stream verification failed: ${JSON.stringify(v.firstBroken)}`);
        }, () => rawSha256(rows));
        // Apart, so the garbage of its 40,000 Buffers does not fall into the timed pair above.
        const [hashObjectMs] = await alternate(CONFIG.verifyRepeats, () => hashObjectSha256(rows));
        streamResult = { entries: rows.length, bytes: bytesOf(rows), ms: verifyMs!, shaMs: shaMs!, hashObjectMs: hashObjectMs! };

        const { signerKey, verifierKey } = generateSigningKey('bench.synthledger.local');
        const checkpoint = await createCheckpoint(appDb, parseSignerKey(signerKey));
        // The baseline hashes the same rows' texts in memory (read once, untimed); reading the rows the way
        // verifyLog does (the same binary COPY, payloads left as bytes) is timed on its own for comparison.
        const logRows: Text[] = [];
        for await (const batch of reader.rowBatches(0, checkpoint.treeSize)) {
          for (const r of batch) logRows.push({ header: r.header, payload: r.payload });
        }
        const readAll = async () => {
          let read = 0;
          for await (const batch of reader.rowBytesBatches(0, checkpoint.treeSize)) read += batch.length;
          if (read !== checkpoint.treeSize) throw new Error(`read ${read} rows, expected ${checkpoint.treeSize}`);
        };
        const verifyOn = (threads: number | undefined) => async () => {
          const v = await verifyLog(reader, checkpoint, verifierKey, { threads });
          if (!v.ok || v.entriesChecked !== checkpoint.treeSize) throw new Error(`log verification failed: ${JSON.stringify(v)}`);
        };
        const [readMs, oneThreadMs, logMs, logShaMs] = await alternate(CONFIG.verifyLogRepeats, readAll, verifyOn(0), verifyOn(LOG_THREADS), () => rawSha256(logRows));
        await closeRangeCheckPools();
        logResult = { entries: checkpoint.treeSize, bytes: bytesOf(logRows), ms: logMs!, oneThreadMs: oneThreadMs!, readMs: readMs!, shaMs: logShaMs! };
      } finally {
        await appDb.destroy();
      }
    }

    // 3. Inclusion proofs.
    const proofRows: ProofRow[] = [];
    let proofCheck = '';
    let roundTripMs = NaN;
    if (runs('proofs')) {
      console.error('\n[3/3] inclusion proofs…');
      const tree = await createBenchDatabase(server.adminUrl, `synthledger_bench_ledger_tree_${tag}`);
      databases.push(tree);
      {
        const loadClient = new Client({ connectionString: tree.ownerUrl });
        await loadClient.connect();
        await loadClient.query('SET synchronous_commit = off');
        const loader = new TreeLoader(loadClient, Math.max(...CONFIG.proofSizes));
        const treeDb = openLedgerDb(tree.appUrl, { max: 1 });
        const treeReader = new LedgerReader(treeDb);
        try {
          const rand = prng(9162);
          for (const size of CONFIG.proofSizes) {
            const t0 = nowMs();
            await loader.growTo(size);
            const buildMs = nowMs() - t0;
            const root = await treeReader.rootAt(size);
            if (!root.equals(loader.frontier.root())) throw new Error(`rootAt(${size}) differs from the in-process frontier root`);
            // One proof checked end to end: the leaf hashed from the stored header, the root from rootAt.
            const probe = Math.floor(rand() * size);
            const entry = await treeReader.entryAt(probe);
            verifyInclusion(leafHash(Buffer.from(entry.headerJson, 'utf8')), probe, size, await treeReader.inclusionProof(probe, size), root);
            proofCheck = `leaf ${fmtInt(probe)} of ${fmtInt(size)}: verifyInclusion(leafHash(stored header), proof, rootAt(${fmtInt(size)})) OK`;
            const leaves = Array.from({ length: CONFIG.proofs }, () => Math.floor(rand() * size));
            for (const leaf of leaves.slice(0, 100)) await treeReader.inclusionProof(leaf, size); // warm-up
            const times: number[] = [];
            const proofs: Buffer[][] = [];
            for (const leaf of leaves) {
              const t = nowMs();
              proofs.push(await treeReader.inclusionProof(leaf, size));
              times.push(nowMs() - t);
            }
            leaves.forEach((leaf, i) => verifyInclusion(loader.leaf(leaf), leaf, size, proofs[i]!, root));
            proofRows.push({ size, buildMs, mean: mean(times), p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(...times), proofLength: Math.round(mean(proofs.map((p) => p.length))) });
            console.error(`  ${fmtInt(size)} entries (loaded in ${fmtMs(buildMs)}; so far ${fmtMs(loader.buildMs)} building in process, ${fmtMs(loader.waitMs)} more waiting for INSERTs): mean ${fmtMs(mean(times))}, p99 ${fmtMs(percentile(times, 99))}; all ${leaves.length} proofs verify`);
          }
          const rt: number[] = [];
          for (let i = 0; i < 500; i++) {
            const t = nowMs();
            await treeReader.logState();
            rt.push(nowMs() - t);
          }
          roundTripMs = mean(rt.slice(50));
        } finally {
          await treeDb.destroy();
          await loadClient.end();
        }
      }
    }

    // Report.
    const headerBytes = sample ? Buffer.byteLength(sample.header) : 0;
    const payloadBytes = sample ? Buffer.byteLength(sample.payload) : 0;
    const mb = (b: number) => b / 1e6;
    say(`Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${COMMAND}\`${QUICK ? ' (smoke run: fewer entries, shorter runs)' : ''}.`);
    say();
    machine.lines.forEach((l) => say(`- ${l}`));
    say(`- Client and server share the machine: the Node process (hashing, validation, JSON) and PostgreSQL compete for the same cores.`);
    const la = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ');
    say(`- Background load (1/5/15-min load average) at start ${la(loadAtStart)}, at end ${la(loadavg())}: other work shared the machine, so absolute figures are noisy; `
      + `each ratio compares runs made alternately in the same minutes.`);
    say();
    if (runs('appends')) {
      say(`### Appends`);
      say();
      say(`Each writer is its own \`Ledger\` with one connection, as the application role, calling \`appendAll\` with groups of the batch size `
        + `(\`source-provenance-v1\` payloads of ~${payloadBytes} bytes canonical JSON, contract-validated; headers ~${headerBytes} bytes; `
        + `${STREAM_LENGTH}-entry streams per writer). Baseline: the same writers insert the same header+payload text into \`bench_plain(header text, payload text)\` `
        + `(no index, no trigger): one multi-row \`INSERT\` per batch, one transaction per batch. ${CONFIG.appendSeconds} s per run after a warm-up batch. `
        + `Latency: the median time of one \`appendAll\` call in the timed window (for batch 100, a call of 100 entries). `
        + `The writers of a row run in this one Node process, except in the row "${PROCESS_ROW}": there each writer is a Node process of its own `
        + `(\`bench/ledger-writer-process.ts\`, started and warmed up before the timed window), as independent writers of a deployment are. `
        + `That row and the shared-Ledger row compare with the plain and Tessera runs of the 16-writer row.`);
      say();
      const secondsPerRun = CONFIG.appendSeconds / ROUNDS;
      if (peer.ok && tesseraRuns.length > 0) {
        const t = tesseraRuns[0]!;
        const tuned = TESSERA_SETTINGS(1);
        say(`Peer: Tessera ${t.tessera} (Go module \`github.com/transparency-dev/tessera\`, built with Go ${t.go} from \`bench/tessera-peer\` by \`scripts/tessera-peer.sh\`), `
          + `a purpose-built transparency log, on its POSIX storage backend in a fresh temporary directory under \`${tmpdir()}\` (removed after each run), `
          + `checkpoints signed by an Ed25519 note signer. Load: with one entry per call, as many writers as ours (goroutines sharing one appender), `
          + `each adding one ${fmtInt(t.entryBytes)}-byte entry (the mean header+payload size of our entries) and waiting for the index the future of \`Add\` returns `
          + `(on POSIX, once its batch is sequenced and integrated into the tree, files written with fsync) before adding the next; `
          + `${secondsPerRun} s per run after one warm-up entry per writer, in each of ${ROUNDS} rounds right after the ledger and plain runs. `
          + `Settings: batch max size = the number of writers and max age ${tuned.batchMaxAgeMs} ms (the rule of Tessera's posix-oneshot example, a batch as large as the entries about to be added: `
          + `here one outstanding per writer, so a batch flushes as soon as every writer has added); checkpoint interval ${t.settings.checkpointIntervalMs / 1000} s, `
          + `republished every ${t.settings.checkpointRepublishIntervalMs / 1000} s and in-memory antispam of ${fmtInt(t.settings.antispamInMemoryEntries)} entries (as Tessera's conformance POSIX binary; `
          + `the antispam size is Tessera's default); pushback ${fmtInt(t.settings.pushbackMaxOutstanding)} outstanding (Tessera's default).`
          + (tesseraDefaults
            ? ` With Tessera's default batching instead (a batch flushes at ${TESSERA_DEFAULT_BATCHING.batchMaxSize} entries or after ${TESSERA_DEFAULT_BATCHING.batchMaxAgeMs} ms, whichever comes first; the conformance binary uses 256 and 1 s), `
              + `16 writers reached ${fmtRate(tesseraDefaults.writesPerSecond)} with p50 ${fmtMs(tesseraDefaults.p50Ms)} per add (one ${secondsPerRun} s run).`
            : ''));
      } else {
        say(`Peer: Tessera on POSIX storage not measured: ${peer.ok ? 'no run completed' : peer.reason}`);
      }
      say();
      const withTessera = peer.ok && tesseraRuns.length > 0;
      say(markdownTable([
        'writers', 'batch', 'ledger appends', 'plain INSERTs', ...(withTessera ? ['Tessera POSIX writes'] : []),
        'ledger / plain', ...(withTessera ? ['ledger / Tessera'] : []), 'ledger p50', ...(withTessera ? ['Tessera p50'] : []), `target ≥ ${TARGET_RATIO * 100} % of plain`,
      ], appendResults.map((r) => [
        r.label, String(r.batch), fmtRate(r.ledger), fmtRate(r.plain), ...(withTessera ? [r.tessera ? fmtRate(r.tessera.perSecond) : 'n/a'] : []),
        fmtRatio(r.ledger, r.plain), ...(withTessera ? [r.tessera ? fmtRatio(r.ledger, r.tessera.perSecond) : 'n/a'] : []),
        fmtMs(r.ledgerP50), ...(withTessera ? [r.tessera ? fmtMs(r.tessera.p50) : 'n/a'] : []), passMiss(r.ledger >= TARGET_RATIO * r.plain),
      ])));
      say();
      const plainMisses = appendResults.filter((r) => r.ledger < TARGET_RATIO * r.plain).length;
      const sixteen = appendResults.find((r) => r.label === '16' && r.batch === 1);
      const processes = appendResults.find((r) => r.label === PROCESS_ROW);
      const one = appendResults.find((r) => r.label === '1' && r.batch === 1);
      say('Targets:');
      say();
      for (const [row, what] of [[sixteen, '16 writers in one process'], [processes, `${PROCESS_WRITERS} writer processes`]] as const) {
        say(withTessera && row?.tessera
          ? `- ${what}, one entry per call: ledger ≥ Tessera POSIX writes/s: ${fmtRate(row.ledger)} vs ${fmtRate(row.tessera.perSecond)} (${fmtRatio(row.ledger, row.tessera.perSecond)}): ${passMiss(row.ledger >= row.tessera.perSecond)}`
          : `- ${what}, one entry per call: ledger ≥ Tessera POSIX writes/s: not measured (no Tessera peer, see above)`);
      }
      say(`- ledger ≥ ${TARGET_RATIO * 100} % of plain INSERTs: ${plainMisses === 0 ? `PASS in all ${appendResults.length} rows` : `MISS in ${plainMisses} of ${appendResults.length} rows`}`);
      if (one) {
        say(`- one writer, one entry per call: ledger p50 append latency < ${TARGET_P50_MS} ms: ${fmtMs(one.ledgerP50)}${one.tessera && withTessera ? ` (Tessera ${fmtMs(one.tessera.p50)})` : ''}: ${passMiss(one.ledgerP50 < TARGET_P50_MS)}`);
      }
      say();
      say(`Where an append's time goes: one writer alone, statement times as seen by the client (kysely's query log), `
        + `${fmtMs(breakdown1.perGroupMs)} per group of 1 and ${fmtMs(breakdown100.perGroupMs)} per group of 100:`);
      say();
      const b100 = new Map(breakdown100.rows.map(([k, ms]) => [k, ms]));
      say(markdownTable(['step (one transaction per group)', 'ms, batch 1', 'ms, batch 100'], breakdown1.rows.map(([k, ms]) => [k, fmtNum(ms, 3), b100.has(k) ? fmtNum(b100.get(k)!, 3) : ''])));
      say();
    }
    if (runs('verify')) {
      say(`### Verification`);
      say();
      say(`Baseline: raw SHA-256 of each entry's header and payload text, in memory, measured in the same run, with the primitive the verifiers use `
        + `(node:crypto's one-shot \`hash\` to hex, its fastest path: ${fmtMs(streamResult.shaMs)} for the stream's ${fmtInt(streamResult.entries)} rows, `
        + `against ${fmtMs(streamResult.hashObjectMs)} with a \`createHash(…).digest()\` per text). `
        + `Stream: \`verifyStreamRows\` on ${fmtInt(streamResult.entries)} rows of one stream already in memory. `
        + `Log: \`verifyLog(reader, checkpoint, key, { threads })\` against a freshly signed checkpoint, reading every row from PostgreSQL through \`LedgerReader.checkedRuns\`: `
        + `binary \`COPY … TO STDOUT\` split into runs of ${fmtInt(RUN_ROWS)} rows as the bytes arrive (payloads hashed as bytes, never decoded), each run checked apart (\`checkRun\`) and linked to the rows before, stream by stream, in index order. `
        + `On ${LOG_THREADS} worker threads (one per core the process may use, at most 8: \`verifyLog\`'s default for a long log), each worker reads and checks ranges of ${fmtInt(RANGE_RUNS * RUN_ROWS)} rows over its own connection while this thread links; `
        + `with \`threads: 0\`, one COPY is read and checked on this thread. `
        + `Each time is the median of ${CONFIG.verifyRepeats} rounds (stream) or ${CONFIG.verifyLogRepeats} (log) after a warm-up round, the timed runs alternating within each round. `
        + `Target: ≥ ${TARGET_RATIO * 100} % of raw SHA-256.`);
      say();
      const vRow = (what: string, r: { entries: number; bytes: number; ms: number; shaMs: number }) => {
        const rate = (r.entries / r.ms) * 1000;
        const shaRate = (r.entries / r.shaMs) * 1000;
        return [what, fmtInt(r.entries), fmtNum(mb(r.bytes), 1), fmtMs(r.ms), fmtRate(rate), fmtNum(mb(r.bytes) / (r.ms / 1000), 1), fmtRate(shaRate), fmtNum(mb(r.bytes) / (r.shaMs / 1000), 1), fmtRatio(r.shaMs, r.ms), passMiss(r.shaMs / r.ms >= TARGET_RATIO)];
      };
      say(markdownTable(['verification', 'entries', 'MB', 'time', 'entries/s', 'MB/s', 'SHA-256 entries/s', 'SHA-256 MB/s', 'verify / SHA-256', `target ≥ ${TARGET_RATIO * 100} %`], [
        vRow('stream (verifyStreamRows, rows in memory)', streamResult),
        vRow(`log (verifyLog, reads from PostgreSQL, ${LOG_THREADS} worker threads)`, logResult),
        vRow('log (verifyLog, reads from PostgreSQL, threads: 0)', { ...logResult, ms: logResult.oneThreadMs }),
      ]));
      say();
      say(`Reading the log's ${fmtInt(logResult.entries)} rows alone on this thread (one binary COPY, \`LedgerReader.rowBytesBatches\`, nothing checked) takes ${fmtMs(logResult.readMs)} (${fmtRate((logResult.entries / logResult.readMs) * 1000, ' entries/s')}): `
        + `${fmtRatio(logResult.readMs, logResult.oneThreadMs)} of verifyLog's time on this thread (${fmtMs(logResult.oneThreadMs)}), ${fmtRatio(logResult.readMs, logResult.ms)} of its time on ${LOG_THREADS} worker threads (${fmtMs(logResult.ms)}).`);
      say();
    }
    if (runs('proofs')) {
      say(`### Inclusion proofs`);
      say();
      say(`Trees bulk loaded, not appended through the writer: entries (hash chains over ${Math.min(1000, Math.max(1, Math.floor(Math.max(...CONFIG.proofSizes) / 100)))} streams, ~50-byte payloads) `
        + `and every Merkle node computed in process with \`MerkleFrontier\` are inserted as the owner with \`INSERT … SELECT … FROM json_to_recordset(…)\` in chunks of ${fmtInt(LOAD_CHUNK)}, `
        + `then \`ledger_log_state\` is set and the tables analysed; each size grows the previous tree. `
        + `Timed: ${fmtInt(CONFIG.proofs)} \`LedgerReader.inclusionProof(leaf, size)\` calls on random leaves, one at a time, after 100 warm-up calls, as the application role `
        + `(each call is one query, the log size and the O(log n) nodes together, run as a statement prepared once per connection; a single \`logState()\` query takes ${fmtMs(roundTripMs)} here). `
        + `All timed proofs verify with \`verifyInclusion\`; \`rootAt(size)\` equals the in-process root; ${proofCheck}. Target: mean under ${TARGET_PROOF_MS} ms at 10^6.`);
      say();
      const biggest = Math.max(...CONFIG.proofSizes);
      say(markdownTable(['entries', 'bulk load', 'proof hashes', 'mean', 'p50', 'p99', 'max', `target < ${TARGET_PROOF_MS} ms`], proofRows.map((r) => [
        fmtInt(r.size), fmtMs(r.buildMs), String(r.proofLength), fmtMs(r.mean), fmtMs(r.p50), fmtMs(r.p99), fmtMs(r.max),
        r.size === 1_000_000 ? passMiss(r.mean < TARGET_PROOF_MS) : r.size === biggest ? `${passMiss(r.mean < TARGET_PROOF_MS)} (not 10^6)` : '',
      ])));
    }

    recordBenchmarksSection(QUICK, 'ledger', 'Ledger', out.join('\n'), ONLY === undefined ? undefined : `--only ${ONLY}`);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
