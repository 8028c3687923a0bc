/**
 * The background checkpointer (docs/adr/0015) on a database of its own, as the
 * application role: it signs when the log grew and only then, one process at
 * a time under the advisory-lock lease (another takes over when it stops),
 * and a crash-restart of PostgreSQL is reported once and survived.
 */
import { sql } from 'kysely';
import { verifyCheckpoint } from '../../ledger/core/checkpoint';
import { startBackgroundCheckpointer, type BackgroundCheckpointer, type CheckpointerEvent } from '../../ledger/store/background-checkpointer';
import { createCheckpoint, waitForCheckpoint } from '../../ledger/store/checkpointer';
import { Ledger } from '../../ledger/store/ledger';
import { freshDatabase, testSigner, uniqueStream } from '../support/services';
import { migratedDatabase, startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres';

const INTERVAL_MS = 100;
const signer = testSigner();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `condition` every 20 ms; throws with `what` after `timeoutMs`. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A checkpointer on `ledger` that records its events. */
function started(ledger: Ledger): { cp: BackgroundCheckpointer; events: CheckpointerEvent[]; signed: () => number[] } {
  const events: CheckpointerEvent[] = [];
  const cp = startBackgroundCheckpointer(ledger.db, signer, { intervalMs: INTERVAL_MS, onEvent: (e) => events.push(e) });
  return { cp, events, signed: () => events.flatMap((e) => (e.type === 'signed' ? [e.checkpoint.treeSize] : [])) };
}

/** Appends `n` entries in one statement; returns the log's new size. */
async function grow(ledger: Ledger, n: number): Promise<number> {
  const stream = uniqueStream('clock');
  await ledger.appendAll(Array.from({ length: n }, (_, i) => ({ stream, kind: 'test.note', contract: null, payload: { i }, idempotencyKey: `${stream}/${i}` })));
  return (await ledger.reader.logState()).size;
}

const checkpointRows = async (ledger: Ledger) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ledger_checkpoints`.execute(ledger.db)).rows[0]!.n);

describe('background checkpointer', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ledger: Ledger;

  beforeAll(async () => {
    db = await freshDatabase('clock');
    ledger = Ledger.open(db.appUrl, { maxConnections: 4 });
  });
  afterAll(async () => {
    await ledger?.close();
    await db?.drop();
  });

  describe('when the log grows, and then does not', () => {
    it('signs one checkpoint of each new size, and none while the log stands still', async () => {
      const { cp, events, signed } = started(ledger);
      try {
        const first = await grow(ledger, 3);
        await waitFor(`a checkpoint of size ${first}`, () => signed().includes(first));
        const rows = await checkpointRows(ledger);
        await sleep(6 * INTERVAL_MS);
        expect(signed()).toEqual([first]);
        expect(await checkpointRows(ledger)).toBe(rows);

        const second = await grow(ledger, 2);
        await waitFor(`a checkpoint of size ${second}`, () => signed().includes(second));
        await sleep(3 * INTERVAL_MS);
        expect(signed()).toEqual([first, second]);
        expect(await checkpointRows(ledger)).toBe(rows + 1);
        const latest = (await ledger.reader.logState()).size;
        const stored = events.flatMap((e) => (e.type === 'signed' ? [e.checkpoint] : [])).at(-1)!;
        expect(verifyCheckpoint(stored.note, signer.verifierKey)).toMatchObject({ treeSize: latest });
        expect(cp.leader).toBe(true);
      } finally {
        await cp.stop();
      }
      expect(cp.leader).toBe(false);
      expect(events.filter((e) => e.type === 'lease')).toEqual([{ type: 'lease', held: true }, { type: 'lease', held: false }]);
      expect(events.filter((e) => e.type === 'failing')).toEqual([]);
    });
  });

  describe('when a publication asks for a checkpoint', () => {
    // A clock far slower than the test: any checkpoint within it was signed on request.
    const SLOW_CLOCK_MS = 60_000;

    // A publication of another process: its own pool on the same database, so it asks over NOTIFY.
    let other: Ledger;
    beforeAll(() => {
      other = Ledger.open(db.appUrl, { maxConnections: 2 });
    });
    afterAll(async () => {
      await other?.close();
    });

    it('signs at once for a publication of another process that asks, the requests after it at most once per spacing', async () => {
      const events: CheckpointerEvent[] = [];
      const cp = startBackgroundCheckpointer(ledger.db, signer, { intervalMs: SLOW_CLOCK_MS, listenUrl: db.appUrl, requestSpacingMs: 300, onEvent: (e) => events.push(e) });
      const signedAt = () => events.flatMap((e) => (e.type === 'signed' ? [e.checkpoint.treeSize] : []));
      try {
        // The tests before left the log under a checkpoint: the first tick finds nothing to sign, and only requests sign.
        await waitFor('the lease', () => cp.leader);
        const size = await grow(ledger, 2);
        const began = Date.now();
        const covering = await waitForCheckpoint(other.db, size - 1, { timeoutMs: 10_000 });
        expect(covering?.treeSize).toBe(size);
        expect(Date.now() - began).toBeLessThan(2_000);

        // Not asking: the clock alone, which is far away. (First let a tick asked for during an earlier tick, which
        // follows it after the spacing, come and go.)
        await sleep(2 * 300);
        const quiet = await grow(ledger, 1);
        expect(await waitForCheckpoint(other.db, quiet - 1, { timeoutMs: 500, ask: false })).toBeNull();

        // Two more asks right after: the second signature waits for the spacing.
        const second = await grow(ledger, 1);
        const t1 = Date.now();
        await waitForCheckpoint(other.db, second - 1, { timeoutMs: 10_000 });
        const third = await grow(ledger, 1);
        await waitForCheckpoint(other.db, third - 1, { timeoutMs: 10_000 });
        expect(Date.now() - t1).toBeGreaterThanOrEqual(300);
        // Its 'signed' event follows the stored row a moment later.
        await waitFor('the third signature\'s event', () => signedAt().includes(third));
        expect(signedAt()).toEqual(expect.arrayContaining([size, second, third]));
      } finally {
        await cp.stop();
      }
    });

    it('a checkpoint stored by this process ends a wait at once, not at the next look', async () => {
      const size = await grow(ledger, 1);
      const resolvedAt: number[] = [];
      // Not asking and no checkpointer: only the signature below can end these waits; looks at 0, 5, 15, 35, … 635 ms.
      // One waits on the signer's pool (handed the stored checkpoint), one on another pool of this process (it looks again).
      const waiting = [ledger, other].map((l, i) => waitForCheckpoint(l.db, size - 1, { timeoutMs: 10_000, ask: false, maxPauseMs: 5_000 }).then((c) => {
        resolvedAt[i] = Date.now();
        return c;
      }));
      // Between two looks: the next is over 200 ms away. Signed on one connection of the pool, as the background
      // checkpointer signs on its lease's connection; the waiters of the pool are the ones handed the checkpoint.
      await sleep(400);
      const signed = await ledger.db.connection().execute((conn) => createCheckpoint(conn, signer, ledger.db));
      const storedAt = Date.now();
      const [same, another] = await Promise.all(waiting);
      // Handed over, not read back: the very checkpoint stored.
      expect(same).toBe(signed);
      expect(another?.treeSize).toBe(signed.treeSize);
      // Polling alone would see it at the next look.
      expect(resolvedAt[0]! - storedAt).toBeLessThan(100);
      expect(resolvedAt[1]! - storedAt).toBeLessThan(100);
    });

    it('without a URL to listen on, hears publications of its own process only', async () => {
      const events: CheckpointerEvent[] = [];
      const cp = startBackgroundCheckpointer(ledger.db, signer, { intervalMs: SLOW_CLOCK_MS, onEvent: (e) => events.push(e) });
      try {
        await waitFor('the lease', () => cp.leader);
        await sleep(200);
        // Another process's ask goes over NOTIFY, which nobody hears: the clock is far away.
        const size = await grow(ledger, 1);
        expect(await waitForCheckpoint(other.db, size - 1, { timeoutMs: 500 })).toBeNull();
        // A publication of this process on the same pool asks the leader directly and is handed the checkpoint it stored.
        const began = Date.now();
        const handed = await waitForCheckpoint(ledger.db, size - 1, { timeoutMs: 10_000 });
        expect(Date.now() - began).toBeLessThan(2_000);
        expect(handed?.treeSize).toBe(size);
        // Its 'signed' event follows the wake a moment later (the waiter may resume first).
        await waitFor('the signature\'s event', () => events.some((e) => e.type === 'signed'));
        const signedEvents = events.flatMap((e) => (e.type === 'signed' ? [e.checkpoint] : []));
        expect(signedEvents).toHaveLength(1);
        // Handed over, or read back when the wait's first look came before the wake (a loaded machine).
        expect(handed).toEqual(signedEvents[0]);
        expect(verifyCheckpoint(handed!.note, signer.verifierKey)).toMatchObject({ treeSize: size });
      } finally {
        await cp.stop();
      }
      // Leave the log under a checkpoint, as the tests after expect.
      await createCheckpoint(ledger.db, signer);
    });
  });

  describe('when two run on one database', () => {
    it('only the lease holder signs; when it stops, the other takes over', async () => {
      const a = started(ledger);
      const b = started(ledger);
      try {
        await waitFor('a lease holder', () => a.cp.leader || b.cp.leader);
        const [holder, other] = a.cp.leader ? [a, b] : [b, a];
        const sizes: number[] = [];
        for (let round = 0; round < 3; round++) {
          const size = await grow(ledger, 2);
          sizes.push(size);
          await waitFor(`a checkpoint of size ${size}`, () => holder.signed().includes(size));
        }
        await sleep(2 * INTERVAL_MS);
        expect(holder.signed()).toEqual(sizes);
        expect(other.signed()).toEqual([]);
        expect(other.cp.leader).toBe(false);

        await holder.cp.stop();
        const size = await grow(ledger, 2);
        await waitFor(`the other to sign size ${size}`, () => other.signed().includes(size));
        expect(other.cp.leader).toBe(true);
        expect(holder.signed()).toEqual(sizes);
      } finally {
        await a.cp.stop();
        await b.cp.stop();
      }
    });
  });

  describe('when PostgreSQL crash-restarts under it', () => {
    let pg: ThrowawayPostgres;
    let own: Ledger;

    beforeAll(async () => {
      pg = await startThrowawayPostgres();
      const appUrl = await migratedDatabase(pg, 'synthledger_clock');
      own = Ledger.open(appUrl, { maxConnections: 3 });
    }, 60_000);
    afterAll(async () => {
      await own?.close();
      await pg?.stop();
    });

    it('reports the failure once, retries on its clock and signs again once the server is back', async () => {
      const { cp, events, signed } = started(own);
      try {
        const before = await grow(own, 2);
        await waitFor(`a checkpoint of size ${before}`, () => signed().includes(before));
        await pg.crashRestart();
        await waitFor('the failure to be reported', () => events.some((e) => e.type === 'failing'), 10_000);
        // The pool's idle connections died with the server too: the first append may meet one.
        let after = 0;
        await waitFor('an append after the restart', async () => {
          after = await grow(own, 2).catch(() => 0);
          return after > 0;
        }, 10_000);
        await waitFor(`a checkpoint of size ${after} after the restart`, () => signed().includes(after), 10_000);
        await sleep(3 * INTERVAL_MS);
      } finally {
        await cp.stop();
      }
      const failing = events.flatMap((e) => (e.type === 'failing' ? [e.error.code] : []));
      expect(failing).toEqual(['LEDGER_UNAVAILABLE']);
      expect(events.filter((e) => e.type === 'recovered')).toHaveLength(1);
      // The lease was lost with the server's sessions and taken again.
      expect(events.filter((e) => e.type === 'lease').map((e) => (e as { held: boolean }).held)).toEqual([true, false, true, false]);
    }, 60_000);
  });
});
