/**
 * The batch sequencer (migrations 0005 to 0007, docs/adr/0014) under the failures it
 * must survive: a writer that dies after submitting, an integrator that dies
 * mid-batch (its transaction rolled back, or finished by its server process
 * after the client is gone), and PostgreSQL crash-restarting while many
 * writers append. Each case ends with the same checks: one gap-free index
 * sequence, valid chains and Merkle tree, every acknowledged entry present
 * exactly once and unchanged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { Client } from 'pg';
import { SynthledgerError } from '../../common/errors';
import type { LedgerEntry } from '../../ledger/core/ledger-entry';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import { rootFromLeafHashes, leafHash } from '../../ledger/core/merkle';
import { sha256Hex } from '../../ledger/core/crypto-primitives';
import type { LedgerDatabase } from '../../ledger/store/database-schema';
import { LEASE_KEYS } from '../../ledger/store/advisory-lease';
import { SUBMITTED_CHANNEL } from '../../ledger/store/migrations/0005-batch-sequencer';
import { NOTICES_CHANNEL } from '../../ledger/store/migrations/0006-packed-notices';
import { Ledger } from '../../ledger/store/ledger';
import { databaseUrl, openLedgerDb } from '../../ledger/store/ledger-database';
import { freshDatabase, uniqueStream } from '../support/services';
import { migratedDatabase, startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres';

interface Child {
  process: ChildProcess;
  /** Resolves with the index the child's entry got. */
  appended: Promise<number>;
}

function startChild(url: string, stream: string, key: string, idleCheckMs?: number): Child {
  // `node --import tsx`, not the tsx CLI, whose grandchild a SIGKILL would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'sequencer-child.ts'), url, stream, key, ...(idleCheckMs ? [String(idleCheckMs)] : [])],
    { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const appended = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /appended (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('exit', (code, signal) => reject(new Error(`child exited (${code ?? signal}) before appending: ${err}`)));
  });
  appended.catch(() => undefined);
  return { process: child, appended };
}

function kill(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
    child.process.once('exit', () => resolve());
    child.process.kill('SIGKILL');
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function pendingCount(owner: Kysely<LedgerDatabase>): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ledger_pending`.execute(owner);
  return Number(rows[0]!.n);
}

/** The backend running `ledger_integrate` while waiting for a lock, if any. */
async function blockedIntegrator(owner: Kysely<LedgerDatabase>): Promise<number | null> {
  const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%ledger_integrate%'`.execute(owner);
  return rows[0]?.pid ?? null;
}

/** Every line of channel `ledger_notices` heard by a listener of its own, by sequence number, and how many notices carried them. */
interface HeardNotices {
  client: Client;
  lines: Map<string, string>;
  count: number;
}

async function listenForNotices(url: string): Promise<HeardNotices> {
  const heard: HeardNotices = { client: new Client({ connectionString: url }), lines: new Map(), count: 0 };
  heard.client.on('notification', (n) => {
    heard.count += 1;
    for (const line of (n.payload ?? '').split('\n')) heard.lines.set(line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1));
  });
  await heard.client.connect();
  await heard.client.query(`LISTEN ${NOTICES_CHANNEL}`);
  return heard;
}

/** The outcome announced for the entry with hash `entryHash`. */
function outcomeOf(heard: HeardNotices, entryHash: string): unknown {
  for (const outcome of heard.lines.values()) if (outcome.includes(entryHash)) return JSON.parse(outcome);
  throw new Error(`no notice announced ${entryHash}`);
}

/** The backends holding the park lock (migration 0007), as pg_locks shows them. */
async function parkHolders(owner: Kysely<LedgerDatabase>): Promise<number[]> {
  const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
    AND (classid::bigint << 32) + objid::bigint = ${String(LEASE_KEYS.park)}::bigint`.execute(owner);
  return rows.map((r) => r.pid);
}

/** One well-formed submission item, as `Ledger` hands them over (test.sequencer kind, no contract). */
function submission(key: string): Record<string, unknown> {
  const payload = JSON.stringify({ key });
  return { key, stream: key, streamJson: JSON.stringify(key), kind: 'test.sequencer', kindJson: '"test.sequencer"', contract: null, contractJson: 'null',
    payloadHash: sha256Hex(payload), payload, actorJson: 'null', recordedAt: '2026-12-02T00:00:00.000Z', recordedAtJson: '"2026-12-02T00:00:00.000Z"' };
}

async function storedOutcomes(owner: Kysely<LedgerDatabase>): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ledger_outcomes`.execute(owner);
  return Number(rows[0]!.n);
}

/** One gap-free index sequence whose Merkle root is the log state's; each key once; every stream's chain valid. */
async function expectConsistentLog(owner: Kysely<LedgerDatabase>, ledger: Ledger): Promise<void> {
  const rows = await sql<{ idx: string; header: string; idempotency_key: string; stream: string }>`
    SELECT idx, header, idempotency_key, stream FROM ledger_entries ORDER BY idx`.execute(owner);
  const state = await ledger.reader.logState();
  expect(rows.rows.map((r) => Number(r.idx))).toEqual(Array.from({ length: state.size }, (_, i) => i));
  const keys = rows.rows.map((r) => r.idempotency_key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(rootFromLeafHashes(rows.rows.map((r) => leafHash(Buffer.from(r.header, 'utf8')))).toString('hex')).toBe(state.rootHash.toString('hex'));
  for (const stream of new Set(rows.rows.map((r) => r.stream))) {
    expect(verifyStreamRows(stream, await ledger.reader.streamRows(stream)).firstBroken).toBeNull();
  }
  expect(await pendingCount(owner)).toBe(0);
}

describe('the batch sequencer', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let owner: Kysely<LedgerDatabase>;
  const children: Child[] = [];

  beforeEach(async () => {
    db = await freshDatabase(`seq${Math.floor(Math.random() * 1e9)}`);
    owner = openLedgerDb(db.ownerUrl, { max: 2 });
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map(kill));
    await owner.destroy();
    await db.drop();
  });

  it('appends what a killed writer submitted, once: appending it again returns the same entry', async () => {
    const ledger = Ledger.open(db.appUrl, { maxConnections: 2 });
    try {
      const stream = uniqueStream('seq-writer');
      await ledger.append({ stream, kind: 'test.sequencer', contract: null, payload: { first: true }, idempotencyKey: `${stream}-first` });
      // This process holds the lease now; hold integration at the Merkle nodes so the child's entry stays unintegrated.
      await owner.connection().execute(async (conn) => {
        await sql`BEGIN`.execute(conn);
        await sql`LOCK TABLE ledger_merkle_nodes IN SHARE MODE`.execute(conn);
        const child = startChild(db.appUrl, stream, `${stream}-child`);
        children.push(child);
        await until('the child to submit', async () => (await pendingCount(owner)) > 0 || (await blockedIntegrator(owner)) !== null);
        await kill(child);
        await sql`ROLLBACK`.execute(conn);
      });
      await until('the killed writer\'s entry to be integrated', async () => {
        const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ledger_entries WHERE idempotency_key = ${`${stream}-child`}`.execute(owner);
        return Number(rows[0]!.n) === 1;
      });
      const stored = await ledger.reader.stream(stream);
      const childEntry = stored.find((e) => e.idempotencyKey === `${stream}-child`)!;
      const again = await ledger.append({ stream, kind: 'test.sequencer', contract: null, payload: JSON.parse(childEntry.payloadJson) as object, idempotencyKey: `${stream}-child` });
      expect(again.entryHash).toBe(childEntry.entryHash);
      await expectConsistentLog(owner, ledger);
    } finally {
      await ledger.close();
    }
  });

  it('refuses a malformed submission at the door, and one that ledger_append refuses holds up no one', async () => {
    const app = openLedgerDb(db.appUrl, { max: 1 });
    const ledger = Ledger.open(db.appUrl, { maxConnections: 2 });
    const notices = await listenForNotices(db.appUrl);
    try {
      await expect(sql`SELECT ledger_submit(${'{"not":"an array"}'}::jsonb)`.execute(app)).rejects.toMatchObject({ code: 'SL422' });
      await expect(sql`SELECT ledger_submit(${'[[{"key":"k"}]]'}::jsonb)`.execute(app)).rejects.toMatchObject({ code: 'SL422' });
      await expect(sql`SELECT ledger_submit(${'[[]]'}::jsonb)`.execute(app)).rejects.toMatchObject({ code: 'SL422' });
      await expect(sql`SELECT ledger_submit(${'[["not an object"]]'}::jsonb)`.execute(app)).rejects.toMatchObject({ code: 'SL422' });
      expect(await pendingCount(owner)).toBe(0);
      // Every field named, but a null payload hash: ledger_append fails on it (the header would be NULL).
      const poison = { key: 'poison', stream: 'p', streamJson: '"p"', kind: 'x', kindJson: '"x"', contract: null, contractJson: 'null', payloadHash: null, payload: '{}', actorJson: 'null', recordedAt: 'r', recordedAtJson: '"r"' };
      const { rows } = await sql<{ seq: string }>`SELECT ledger_submit(${JSON.stringify([[poison]])}::jsonb) AS seq`.execute(app);
      const stream = uniqueStream('seq-after-poison');
      const entry = await ledger.append({ stream, kind: 'test.sequencer', contract: null, payload: { ok: true }, idempotencyKey: stream });
      expect(entry.header.stream).toBe(stream);
      await until('the poisoned submission\'s outcome', async () => notices.lines.has(String(rows[0]!.seq)));
      expect(JSON.parse(notices.lines.get(String(rows[0]!.seq))!)).toEqual([{ ok: false, error: expect.objectContaining({ sqlstate: '23502' }) }]);
      await expectConsistentLog(owner, ledger);
    } finally {
      await notices.client.end();
      await ledger.close();
      await app.destroy();
    }
  });

  it('announces one integration\'s outcomes in packed notices, and stores only an outcome too long for one', async () => {
    const stream = uniqueStream('seq-packed');
    const integrator = Ledger.open(db.appUrl, { maxConnections: 1 });
    const writers = Array.from({ length: 8 }, () => Ledger.open(db.appUrl, { maxConnections: 1 }));
    const notices = await listenForNotices(db.appUrl);
    try {
      // The first to append takes the lease; the others' appends go through ledger_pending.
      await integrator.append({ stream, kind: 'test.sequencer', contract: null, payload: { lead: true }, idempotencyKey: `${stream}-lead` });
      await until('the first append\'s notice', async () => notices.lines.size === 1);
      notices.lines.clear();
      notices.count = 0;
      let appends: Promise<LedgerEntry[]> | undefined;
      await owner.connection().execute(async (conn) => {
        // Hold the integrator mid-batch so that the other submissions gather in the queue.
        await sql`BEGIN`.execute(conn);
        await sql`LOCK TABLE ledger_merkle_nodes IN SHARE MODE`.execute(conn);
        appends = Promise.all(writers.map((w, i) =>
          w.append({ stream: `${stream}-${i}`, kind: 'test.sequencer', contract: null, payload: { i }, idempotencyKey: `${stream}-${i}` })));
        appends.catch(() => undefined);
        await until('every submission to be queued', async () => (await blockedIntegrator(owner)) !== null && (await pendingCount(owner)) === 8);
        await sql`ROLLBACK`.execute(conn);
      });
      const entries = await appends!;
      expect(entries.map((e) => e.idempotencyKey)).toEqual(writers.map((_, i) => `${stream}-${i}`));
      // Eight outcomes from two integrations (the one held, and the rest): two notices at most. (This
      // listener may hear them a moment after the writers' own listeners did.)
      await until('the test\'s listener to hear every notice', async () => notices.lines.size >= 8);
      expect(notices.lines.size).toBe(8);
      expect(notices.count).toBeLessThanOrEqual(2);
      for (const e of entries) expect(outcomeOf(notices, e.entryHash)).toEqual([{ ok: true, entries: [[e.headerJson, e.entryHash]] }]);
      expect(await storedOutcomes(owner)).toBe(0);

      // About 25 KiB of headers: too long for a notice, so it is stored, announced as "<seq> *" and read by its writer.
      const long = Array.from({ length: 60 }, (_, i) => ({ stream: `${stream}-long-${'x'.repeat(150)}`, kind: 'test.sequencer', contract: null, payload: { i }, idempotencyKey: `${stream}-long-${i}` }));
      const stored = await writers[0]!.appendAll(long);
      expect(stored.map((e) => e.header.streamIndex)).toEqual(long.map((_, i) => i));
      await until('the notice of the long outcome', async () => [...notices.lines.values()].includes('*'));
      expect(await storedOutcomes(owner)).toBe(1);
      await expectConsistentLog(owner, integrator);
    } finally {
      await notices.client.end();
      await Promise.all([integrator, ...writers].map((l) => l.close()));
    }
  });

  it('parks the integrator when nothing is pending: only then do submissions notify, and a park waits for submissions in flight', async () => {
    const submitter = new Client({ connectionString: db.appUrl });
    const integrator = new Client({ connectionString: db.appUrl });
    const heard: string[] = [];
    integrator.on('notification', (n) => { if (n.channel === SUBMITTED_CHANNEL) heard.push(n.payload ?? ''); });
    await submitter.connect();
    await integrator.connect();
    const submit = async (key: string) => (await submitter.query<{ seq: string }>('SELECT ledger_submit($1::jsonb) AS seq', [JSON.stringify([[submission(key)]])])).rows[0]!.seq;
    const park = async () => (await integrator.query<{ parked: boolean }>('SELECT ledger_park() AS parked')).rows[0]!.parked;
    const integrate = async (unpark: boolean) => (await integrator.query<{ r: { integrated: number } }>('SELECT ledger_integrate(1024, NULL, $1) AS r', [unpark])).rows[0]!.r.integrated;
    const holdsPark = async () => (await parkHolders(owner)).includes((integrator as unknown as { processID: number }).processID);
    try {
      await integrator.query(`LISTEN ${SUBMITTED_CHANNEL}`);
      // Not parked: a submission says nothing.
      await submit('quiet');
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([]);
      // Something is pending: no park, no lock.
      expect(await park()).toBe(false);
      expect(await holdsPark()).toBe(false);
      expect(await integrate(false)).toBe(1);
      // Nothing pending: parked, and the next submission wakes it; the integration that follows gives the lock back.
      expect(await park()).toBe(true);
      expect(await holdsPark()).toBe(true);
      const seq = await submit('wake');
      await until('the parked integrator to be woken', async () => heard.length === 1);
      expect(heard).toEqual([seq]);
      expect(await integrate(true)).toBe(1);
      expect(await holdsPark()).toBe(false);
      // The lock is given back first: also when the integration then fails (here on its argument).
      expect(await park()).toBe(true);
      await expect(integrator.query('SELECT ledger_integrate(0, NULL, true)')).rejects.toMatchObject({ code: 'SL422' });
      expect(await holdsPark()).toBe(false);
      // A submission in an open transaction: the park waits for it, then gives up rather than stall the integrator.
      await submitter.query('BEGIN');
      await submit('held');
      expect(await park()).toBe(false);
      expect(await holdsPark()).toBe(false);
      await submitter.query('COMMIT');
      expect(await park()).toBe(false);
      expect(await integrate(false)).toBe(1);
      expect(heard).toHaveLength(1);
    } finally {
      await submitter.end();
      await integrator.end();
    }
  });

  it('wakes a parked integrator in another process by notification, not by its idle check', async () => {
    const stream = uniqueStream('seq-parked');
    // The child takes the lease and, once idle, parks; its idle check is ten minutes, so only a notification wakes it.
    const child = startChild(db.appUrl, stream, `${stream}-child`, 600_000);
    children.push(child);
    await child.appended;
    // A writer that gives up long before the child's idle check: its appends succeed only if the notification woke the child.
    const ledger = Ledger.open(db.appUrl, { maxConnections: 1, integrationTimeoutMs: 20_000 });
    try {
      for (let i = 0; i < 5; i++) {
        await until('the child\'s integrator to park', async () => (await parkHolders(owner)).length === 1);
        const entry = await ledger.append({ stream: `${stream}-w`, kind: 'test.sequencer', contract: null, payload: { i }, idempotencyKey: `${stream}-w-${i}` });
        expect(entry.header.streamIndex).toBe(i);
      }
      await expectConsistentLog(owner, ledger);
    } finally {
      await ledger.close();
    }
  });

  it.each([
    ['its transaction is rolled back', true],
    ['its server process finishes the batch', false],
  ])('loses nothing when the integrator dies mid-batch and %s', async (_, terminateBackend) => {
    const stream = uniqueStream('seq-integrator');
    // The child appends first and so takes the lease.
    const child = startChild(db.appUrl, stream, `${stream}-child`);
    children.push(child);
    await child.appended;
    const ledger = Ledger.open(db.appUrl, { maxConnections: 4 });
    try {
      let appends: Promise<LedgerEntry[]> | undefined;
      await owner.connection().execute(async (conn) => {
        await sql`BEGIN`.execute(conn);
        await sql`LOCK TABLE ledger_merkle_nodes IN SHARE MODE`.execute(conn);
        appends = Promise.all(Array.from({ length: 10 }, (_, i) =>
          ledger.appendAll([{ stream: `${stream}-${i}`, kind: 'test.sequencer', contract: null, payload: { i }, idempotencyKey: `${stream}-${i}` }])
            .then(([e]) => e!)));
        appends.catch(() => undefined);
        // The child's integrator has claimed the submissions and appended the entries; it waits at the nodes.
        let backend: number | null = null;
        await until('the integrator to block mid-batch', async () => (backend = await blockedIntegrator(owner)) !== null);
        await kill(child);
        if (terminateBackend) await sql`SELECT pg_terminate_backend(${backend})`.execute(owner);
        await sql`ROLLBACK`.execute(conn);
      });
      const entries = await appends!;
      expect(entries.map((e) => e.idempotencyKey).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `${stream}-${i}`).sort());
      await expectConsistentLog(owner, ledger);
      // Every acknowledged entry is stored as acknowledged.
      for (const e of entries) {
        const { rows } = await sql<{ entry_hash: string }>`SELECT entry_hash FROM ledger_entries WHERE idx = ${e.header.index}`.execute(owner);
        expect(rows[0]!.entry_hash).toBe(e.entryHash);
      }
    } finally {
      await ledger.close();
    }
  });
});

describe('the batch sequencer when PostgreSQL crash-restarts', () => {
  let pg: ThrowawayPostgres;
  let appUrl: string;

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    appUrl = await migratedDatabase(pg, 'synthledger_seqcrash');
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('keeps every acknowledged entry, once, and nothing half-integrated', async () => {
    const WRITERS = 8;
    const acknowledged = new Map<string, string>();
    let retried = 0;
    let stop = false;
    const ledgers = Array.from({ length: WRITERS }, () => Ledger.open(appUrl, { maxConnections: 1 }));
    try {
      const writers = ledgers.map(async (ledger, w) => {
        for (let i = 0; !stop; i++) {
          const key = `w${w}-${i}`;
          for (;;) {
            try {
              const entry = await ledger.append({ stream: `crash-w${w}`, kind: 'test.sequencer', contract: null, payload: { w, i }, idempotencyKey: key });
              acknowledged.set(key, entry.entryHash);
              break;
            } catch (e) {
              if (!(e instanceof SynthledgerError) || !e.retryable) throw e;
              retried++;
              await new Promise((r) => setTimeout(r, 100));
            }
          }
        }
      });
      await until('appends before the crash', async () => acknowledged.size >= 40);
      await pg.crashRestart();
      const afterRestart = acknowledged.size;
      await until('appends after the restart', async () => acknowledged.size >= afterRestart + 40, 60_000);
      stop = true;
      await Promise.all(writers);
      expect(retried).toBeGreaterThan(0);

      const owner = openLedgerDb(databaseUrl(pg.adminUrl, 'synthledger_seqcrash'), { max: 1 });
      try {
        await expectConsistentLog(owner, ledgers[0]!);
        const { rows } = await sql<{ idempotency_key: string; entry_hash: string }>`SELECT idempotency_key, entry_hash FROM ledger_entries`.execute(owner);
        const stored = new Map(rows.map((r) => [r.idempotency_key, r.entry_hash]));
        for (const [key, hash] of acknowledged) expect(stored.get(key)).toBe(hash);
      } finally {
        await owner.destroy();
      }
    } finally {
      stop = true;
      await Promise.all(ledgers.map((l) => l.close()));
    }
  }, 120_000);
});
