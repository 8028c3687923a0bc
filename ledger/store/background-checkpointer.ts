/**
 * Signs checkpoints on a clock (docs/adr/0015): every interval, when the log
 * has grown past the latest stored checkpoint, one checkpoint of the log's
 * current size. Publications wait for such a checkpoint instead of signing
 * their own, so concurrent publications share one signature. Given a URL to
 * listen on, the lease holder also hears publications ask
 * (`ledger_checkpoint_wanted`) and signs at once, at most once per request
 * spacing, so a publication does not wait for the next tick.
 *
 * Any number of processes may run one against a database; a PostgreSQL
 * session advisory lock is the lease: the process holding it signs, the
 * others try to take it once per interval. The lease lives on one pooled
 * connection held for as long as it is held, so it ends with the process,
 * its connection or the server, and another process takes over at its next
 * try. Errors (a server restarting, a refused key) never escape: each change
 * of state is reported once and the next interval tries again.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { Client } from 'pg';
import { ValidationError, type SynthledgerError } from '../../common/errors';
import type { SigningKey } from '../core/signing-key';
import { CHECKPOINT_WANTED_CHANNEL, createCheckpoint, leadInProcess, type StoredCheckpoint } from './checkpointer';
import type { LedgerDatabase } from './database-schema';
import { asLedgerError } from './database-errors';
import { giveLeaseBack, LEASE_KEYS, tryTakeLease, type LeaseConnection } from './advisory-lease';

/** The advisory lock key of the checkpointer's lease (advisory-lease.ts). */
export const CHECKPOINT_LEASE_KEY = LEASE_KEYS.checkpointer;

/** What a background checkpointer reports; `failing` and `recovered` once per change of state. */
export type CheckpointerEvent =
  | { type: 'lease'; held: boolean }
  | { type: 'signed'; checkpoint: StoredCheckpoint }
  | { type: 'failing'; error: SynthledgerError }
  | { type: 'recovered' };

/** Default of {@link BackgroundCheckpointerOptions.requestSpacingMs}: at most 20 requested checkpoints a second. */
export const DEFAULT_REQUEST_SPACING_MS = 50;

/** Options of {@link startBackgroundCheckpointer}. */
export interface BackgroundCheckpointerOptions {
  /** Time between two looks at the log, in milliseconds. */
  intervalMs: number;
  /**
   * The ledger database's URL: while it leads, the checkpointer listens on
   * it for publications asking for a checkpoint. Without it, it signs on the
   * clock only.
   */
  listenUrl?: string;
  /** Least time between two signatures made on request, in milliseconds. Default {@link DEFAULT_REQUEST_SPACING_MS}. */
  requestSpacingMs?: number;
  /** Told of every lease change, signed checkpoint, failure and recovery (never throws into the loop). */
  onEvent?: (event: CheckpointerEvent) => void;
}

/** A running background checkpointer. */
export interface BackgroundCheckpointer {
  /** Whether this one holds the lease now. */
  readonly leader: boolean;
  /** Stops: finishes a signature in progress, gives the lease back, releases its connection. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a background checkpointer on `db` signing with `signer`. Call
 * `stop()` before closing `db`: while it leads it holds one of the pool's
 * connections. An interval that is not a positive whole number is
 * INVALID_ARGUMENT.
 */
export function startBackgroundCheckpointer(db: Kysely<LedgerDatabase>, signer: SigningKey, options: BackgroundCheckpointerOptions): BackgroundCheckpointer {
  const { intervalMs } = options;
  const spacingMs = options.requestSpacingMs ?? DEFAULT_REQUEST_SPACING_MS;
  if (!Number.isInteger(intervalMs) || intervalMs < 1) throw ValidationError.single('INVALID_ARGUMENT', 'intervalMs', 'positive-integer', `intervalMs must be a positive whole number of milliseconds, got ${intervalMs}`);
  if (!Number.isInteger(spacingMs) || spacingMs < 0) throw ValidationError.single('INVALID_ARGUMENT', 'requestSpacingMs', 'whole-number', `requestSpacingMs must be a whole number of milliseconds, got ${spacingMs}`);
  let stopped = false;
  let leader = false;
  let failing: string | null = null;
  let wake: (() => void) | null = null;
  /** When the current or last tick began, and whether a publication asked since. */
  let tickedAt = 0;
  let requested = false;
  /** The largest size this one reported signed: an asked-for tick that finds its size signed already reports nothing. */
  let reported = 0;
  let early: NodeJS.Timeout | null = null;

  const emit = (event: CheckpointerEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's failure is not the checkpointer's.
    }
  };
  const setLeader = (held: boolean) => {
    if (held !== leader) {
      leader = held;
      emit({ type: 'lease', held });
    }
  };
  const healthy = () => {
    if (failing !== null) {
      failing = null;
      emit({ type: 'recovered' });
    }
  };
  const fail = (err: unknown) => {
    const error = asLedgerError(err, 'background checkpoint');
    // One report per state: the same code again is the same state.
    if (failing !== error.code) {
      failing = error.code;
      emit({ type: 'failing', error });
    }
  };
  const pause = (ms = intervalMs) => new Promise<void>((resolve) => {
    if (stopped) return resolve();
    const timer = setTimeout(() => {
      wake = null;
      resolve();
    }, Math.max(0, ms));
    timer.unref();
    wake = () => {
      clearTimeout(timer);
      wake = null;
      resolve();
    };
  });

  /** A publication asked: tick at once, or when the spacing since the last tick has passed (during a tick: right after it, see lead). */
  const onRequest = () => {
    requested = true;
    if (!wake || early) return;
    const wait = tickedAt + spacingMs - Date.now();
    if (wait <= 0) return wake();
    early = setTimeout(() => {
      early = null;
      wake?.();
    }, wait);
    early.unref();
  };

  /** The connection that hears requests while this one leads; a failure only costs the requests (the clock goes on). */
  const listen = async (): Promise<Client | null> => {
    if (!options.listenUrl) return null;
    const client = new Client({ connectionString: options.listenUrl, application_name: 'synthledger-checkpointer' });
    client.on('error', () => void client.end().catch(() => undefined));
    client.on('notification', onRequest);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHECKPOINT_WANTED_CHANNEL}`);
      return client;
    } catch {
      await client.end().catch(() => undefined);
      return null;
    }
  };

  /**
   * One interval as the lease holder: sign when the log grew past the latest
   * checkpoint. Asked for, it signs without looking: the publication that
   * asked saw no checkpoint covering its entry (a size signed already is
   * returned as stored, not signed twice).
   */
  const tick = async (conn: Kysely<LedgerDatabase>, asked: boolean) => {
    if (!asked) {
      const { rows } = await sql<{ size: string; signed: string | null }>`
        SELECT s.size, (SELECT max(c.tree_size) FROM ledger_checkpoints c) AS signed FROM ledger_log_state s WHERE s.id = 1`.execute(conn);
      const row = rows[0];
      if (!row || Number(row.size) <= Number(row.signed ?? 0)) return;
    }
    // Signed on the lease's connection; the publications of this process wait on the pool.
    const checkpoint = await createCheckpoint(conn, signer, db);
    if (checkpoint.treeSize > reported) {
      reported = checkpoint.treeSize;
      emit({ type: 'signed', checkpoint });
    }
  };

  /** On one connection: take the lease if free, then sign on the clock until stopped or the connection fails. */
  const lead = async (conn: Kysely<LedgerDatabase>) => {
    const lease: LeaseConnection = (text, values) => conn.executeQuery(CompiledQuery.raw(text, values));
    if (!(await tryTakeLease(lease, CHECKPOINT_LEASE_KEY))) {
      healthy();
      return;
    }
    setLeader(true);
    // Publications of this process on `db` ask directly; others over NOTIFY.
    const withdraw = leadInProcess(db, onRequest);
    const requests = await listen();
    try {
      while (!stopped) {
        // Ticks start an interval apart, however long a signature took; one asked for during a tick follows it after the spacing.
        tickedAt = Date.now();
        const asked = requested;
        requested = false;
        await tick(conn, asked);
        healthy();
        await pause((requested ? spacingMs : intervalMs) - (Date.now() - tickedAt));
        if (early) clearTimeout(early);
        early = null;
      }
    } finally {
      withdraw();
      await requests?.end().catch(() => undefined);
      setLeader(false);
      // On a broken connection the server has ended the session, and the lock with it.
      await giveLeaseBack(lease, CHECKPOINT_LEASE_KEY).catch(() => undefined);
    }
  };

  const done = (async () => {
    while (!stopped) {
      try {
        await db.connection().execute(lead);
      } catch (err) {
        fail(err);
      }
      await pause();
    }
  })();

  return {
    get leader() {
      return leader;
    },
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
