/**
 * The batch sequencer's client side (migrations 0005 to 0009, docs/adr/0014).
 *
 * A process that appends submits each batch and waits for its integration in
 * one statement, `CALL ledger_append_awaited(...)` (migration 0009): the
 * submission commits (no sequencer lock, so submissions from many writers
 * commit together), then the call waits inside the database on the lock of
 * the next integration and returns the batch's outcome. Nothing is announced
 * to the writers, so an integration wakes only the backends that wait for it.
 *
 * One process at a time is the integrator: it holds the lease (a session
 * advisory lock taken by `ledger_lead`, with the next integration's lock) on
 * a connection of its own, and while it does it calls `ledger_integrate`,
 * appending everything pending and its own process's batches in one
 * transaction, until nothing is pending; then it parks (`ledger_park`) and
 * waits for a submission's notification on channel `ledger_submitted`, which
 * submissions send only while it is parked. When its connection ends (the
 * process died, the server restarted) the lease and the lock are free: the
 * waiting writers' calls return saying so, and they try the lease.
 */
import type { Kysely } from 'kysely';
import { Client, DatabaseError } from 'pg';
import { LedgerError } from '../../common/errors';
import type { AppendSequencer, GroupResult, SubmittedBatch } from './append-sequencer';
import { LEASE_KEYS } from './advisory-lease';
import { asLedgerError } from './database-errors';
import type { LedgerDatabase } from './database-schema';
import { SUBMITTED_CHANNEL } from './migrations/0005-batch-sequencer';

/** What `ledger_integrate` returns. */
interface IntegrateOutcome {
  integrated: number;
  more: boolean;
  /** Results of the own batch, or null when it was not appended (hand it over again). */
  own: GroupResult[] | null;
}

/** What `ledger_append_awaited` and `ledger_await` return: the outcome, or why there is none yet. */
type AwaitResult = { outcome: GroupResult[]; seq?: string } | { waiting: true; integrator: boolean; seq?: string };

/** Runs a call that returns an {@link AwaitResult} in its one row's `result` column. */
async function awaitCall(client: Client, text: string, values: unknown[]): Promise<AwaitResult> {
  const { rows } = await client.query<{ result: AwaitResult }>(text, values);
  if (!rows[0]?.result) throw new LedgerError('LOG_STATE_CORRUPT', 'the ledger database returned no outcome (run the migrations)');
  return rows[0].result;
}

/** Options of {@link BatchSequencer}. */
export interface BatchSequencerOptions {
  /** Most entries one integration appends (one transaction). Default {@link DEFAULT_BATCH_MAX_ENTRIES}. */
  batchMaxEntries?: number;
  /** How long the integrator lets submissions gather after it is woken before integrating, in ms. Default 0. */
  batchMaxAgeMs?: number;
  /** How long a submission may wait for its integration before the append fails with LEDGER_UNAVAILABLE (retryable). Default 60 s. */
  integrationTimeoutMs?: number;
  /** How long a writer that found no integrator, and could not become it, waits before it looks again, in ms. Default 100. */
  pollMs?: number;
  /** How often a parked integrator looks for submissions without being woken, in ms. Default {@link DEFAULT_IDLE_CHECK_MS}. */
  idleCheckMs?: number;
}

/** Default of {@link BatchSequencerOptions.batchMaxEntries}. */
export const DEFAULT_BATCH_MAX_ENTRIES = 1024;
/** The advisory lock key of the integrator's lease (advisory-lease.ts). */
export const SEQUENCER_LEASE_KEY = LEASE_KEYS.sequencer;
/** After an integration that appended something, the integrator looks for more this soon, in ms, rather than park. */
const LINGER_MS = 1;
/** Default of {@link BatchSequencerOptions.idleCheckMs}: a parked integrator checks for submissions this often, even without a notification. */
export const DEFAULT_IDLE_CHECK_MS = 1_000;
/** Longest one call waits inside the database for an integration, in ms: the writer then checks its own deadline and calls again. */
const AWAIT_SLICE_MS = 1_000;

/** A batch of the integrator's own process: appended with the next integration, never through the table. */
interface OwnBatch {
  json: string;
  groups: number;
  resolve: (results: GroupResult[]) => void;
  reject: (error: unknown) => void;
}

/** Submits batches and waits for them in the database; while it holds the lease, integrates everyone's. See the module comment. */
export class BatchSequencer implements AppendSequencer {
  private readonly batchMaxEntries: number;
  private readonly batchMaxAgeMs: number;
  private readonly integrationTimeoutMs: number;
  private readonly pollMs: number;
  private readonly idleCheckMs: number;
  /** The connection writers' calls run on (one at a time: the writer coalesces what arrives meanwhile). */
  private appender: Client | null = null;
  private appenderConnecting: Promise<Client> | null = null;
  /** The integrator's connection: it holds the lease, so the lease ends with it. */
  private integrator: Client | null = null;
  private leader = false;
  private leading: Promise<boolean> | null = null;
  private own: OwnBatch[] = [];
  private kicked = false;
  private wake: (() => void) | null = null;
  private closed = false;

  // The query builder is kept for the interface of Ledger.open; every statement here runs on a connection of its own.
  constructor(_db: Kysely<LedgerDatabase>, private readonly url: string, options: BatchSequencerOptions = {}) {
    this.batchMaxEntries = options.batchMaxEntries ?? DEFAULT_BATCH_MAX_ENTRIES;
    this.batchMaxAgeMs = options.batchMaxAgeMs ?? 0;
    this.integrationTimeoutMs = options.integrationTimeoutMs ?? 60_000;
    this.pollMs = options.pollMs ?? 100;
    this.idleCheckMs = options.idleCheckMs ?? DEFAULT_IDLE_CHECK_MS;
  }

  async submit(batchJson: string, groups: number): Promise<SubmittedBatch> {
    if (this.closed) throw new LedgerError('LEDGER_UNAVAILABLE', 'the ledger was closed');
    if (this.leader) return { results: this.ownResults(batchJson, groups) };
    const deadline = Date.now() + this.integrationTimeoutMs;
    let result: AwaitResult;
    let seq: string;
    let client: Client | null = null;
    try {
      client = await this.appending();
      result = await awaitCall(client, 'CALL ledger_append_awaited($1::jsonb, $2::integer, NULL)', [batchJson, this.sliceMs(deadline)]);
      seq = String(result.seq);
      while (!('outcome' in result)) {
        if (this.closed) throw new LedgerError('LEDGER_UNAVAILABLE', `the ledger was closed before submission ${seq} was integrated; appending again is safe`, { retryable: true, details: { seq } });
        if (Date.now() >= deadline) {
          throw new LedgerError('LEDGER_UNAVAILABLE', `submission ${seq} was not integrated within ${this.integrationTimeoutMs} ms (no integrator reached the database); appending again is safe`, { retryable: true, details: { seq } });
        }
        // No integrator: become it (its loop integrates this submission), or give the one that is becoming it a moment.
        if (!result.integrator && !(await this.tryLead())) await new Promise((r) => setTimeout(r, this.pollMs));
        result = await awaitCall(client, 'SELECT ledger_await($1::bigint, $2::jsonb, $3::integer) AS result', [seq, batchJson, this.sliceMs(deadline)]);
      }
    } catch (e) {
      // A statement the server refused leaves the connection usable; anything else (a broken socket) does not.
      if (client && !(e instanceof LedgerError) && !(e instanceof DatabaseError)) this.dropAppender(client);
      throw asLedgerError(e, 'appending entries');
    }
    return { results: Promise.resolve(result.outcome) };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.leader = false;
    this.wake?.();
    this.refuseOwn('the ledger was closed');
    const appender = this.appender ?? (await this.appenderConnecting?.catch(() => null)) ?? null;
    this.appender = null;
    await this.leading?.catch(() => false);
    await Promise.all([appender?.end().catch(() => undefined), this.integrator?.end().catch(() => undefined)]);
    this.integrator = null;
  }

  /** How long the next call may wait in the database, in ms (at least 1: 0 would not wait at all). */
  private sliceMs(deadline: number): number {
    return Math.max(1, Math.min(AWAIT_SLICE_MS, deadline - Date.now()));
  }

  /** The connection appends are called on, opened when needed. */
  private appending(): Promise<Client> {
    if (this.appender) return Promise.resolve(this.appender);
    this.appenderConnecting ??= (async () => {
      const client = await this.connect('synthledger-append');
      if (this.closed) {
        await client.end().catch(() => undefined);
        throw new LedgerError('LEDGER_UNAVAILABLE', 'the ledger was closed');
      }
      this.appender = client;
      return client;
    })().finally(() => { this.appenderConnecting = null; });
    return this.appenderConnecting;
  }

  /** A new connection named `name`, whose errors end it (the next use opens another). */
  private async connect(name: string): Promise<Client> {
    const client = new Client({ connectionString: this.url, application_name: name });
    client.on('error', () => {
      if (this.appender === client) this.dropAppender(client);
      if (this.integrator === client) this.lostLease(client);
    });
    client.on('end', () => {
      if (this.appender === client) this.appender = null;
      if (this.integrator === client) this.lostLease(client);
    });
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => undefined);
      throw asLedgerError(e, 'connecting to the ledger database');
    }
    return client;
  }

  /** Forgets the append connection after an error (a call failed mid-way leaves it in no known state). */
  private dropAppender(client: Client): void {
    if (this.appender === client) this.appender = null;
    void client.end().catch(() => undefined);
  }

  /** The integrator's connection ended: its lease went with it, and its own batches not yet appended are refused (retryable). */
  private lostLease(client: Client): void {
    if (this.integrator !== client) return;
    this.integrator = null;
    this.leader = false;
    this.wake?.();
    void client.end().catch(() => undefined);
    this.refuseOwn('the connection to the ledger database was lost');
  }

  /** The integrator's own batch joins its next integration directly: one round trip, as a direct append. */
  private ownResults(batchJson: string, groups: number): Promise<GroupResult[]> {
    const results = new Promise<GroupResult[]>((resolve, reject) => this.own.push({ json: batchJson, groups, resolve, reject }));
    this.kick();
    return results;
  }

  /** Fails the own batches not yet integrated (retryable: none of them was appended). */
  private refuseOwn(why: string): void {
    for (const o of this.own.splice(0)) o.reject(new LedgerError('LEDGER_UNAVAILABLE', `${why} before the entries were appended; appending again is safe`, { retryable: true }));
  }

  /** Takes the lease if it is free (`ledger_lead`) and then integrates until it is lost or the ledger closes; true when this process holds it. */
  private async tryLead(): Promise<boolean> {
    if (this.leader) return true;
    if (this.closed) return false;
    this.leading ??= (async () => {
      let client: Client | null = null;
      try {
        client = await this.connect('synthledger-integrator');
        const { rows } = await client.query<{ held: boolean }>('SELECT ledger_lead() AS held');
        if (!rows[0]?.held || this.closed) {
          await client.end().catch(() => undefined);
          return false;
        }
        // Only the integrator hears submissions, and only while it is parked (migration 0007).
        await client.query(`LISTEN ${SUBMITTED_CHANNEL}`);
        client.on('notification', (n) => { if (n.channel === SUBMITTED_CHANNEL && this.leader) this.kick(); });
        this.integrator = client;
        this.leader = true;
        this.kicked = true;
        void this.integrate(client).catch(() => undefined).finally(() => this.lostLease(client!));
        return true;
      } catch {
        await client?.end().catch(() => undefined);
        return false;
      }
    })().finally(() => { this.leading = null; });
    return this.leading;
  }

  /**
   * The integrator loop. After an integration that appended something, more
   * is likely on its way: it looks again after {@link LINGER_MS} (or at once
   * for its own process's batch). After one that found nothing it parks, and
   * waits for a submission's notification; the next integration gives the
   * park lock back in the same call.
   */
  private async integrate(client: Client): Promise<void> {
    let found = true;
    let parked = false;
    while (this.leader && !this.closed && this.integrator === client) {
      if (!this.kicked) {
        parked = !found && (await this.park(client));
        await this.sleep(parked ? this.idleCheckMs : found ? LINGER_MS : 0);
        if (!this.leader || this.closed) return;
      }
      this.kicked = false;
      found = false;
      if (this.batchMaxAgeMs > 0) await new Promise((r) => setTimeout(r, this.batchMaxAgeMs));
      for (;;) {
        const own = this.own.splice(0);
        const ownJson = own.length > 0 ? `[${own.map((o) => o.json.slice(1, -1)).join(',')}]` : null;
        let outcome: IntegrateOutcome;
        // The call gives the park lock back first, and that holds even if the integration then fails.
        const unpark = parked;
        parked = false;
        try {
          const { rows } = await client.query<{ r: IntegrateOutcome }>('SELECT ledger_integrate($1::integer, $2::jsonb, $3::boolean) AS r', [this.batchMaxEntries, ownJson, unpark]);
          outcome = rows[0]!.r;
        } catch (e) {
          for (const o of own) o.reject(asLedgerError(e, 'append failed'));
          if (this.integrator !== client) throw e;
          break;
        }
        found ||= outcome.integrated > 0 || own.length > 0;
        if (own.length > 0 && outcome.own === null) this.own.unshift(...own);
        else if (own.length > 0) {
          let at = 0;
          for (const o of own) {
            o.resolve(outcome.own!.slice(at, at + o.groups));
            at += o.groups;
          }
        }
        if (!outcome.more && this.own.length === 0) break;
      }
    }
  }

  /** Waits `ms` or until kicked, whichever comes first (not at all when already kicked). */
  private async sleep(ms: number): Promise<void> {
    if (this.kicked || ms <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { this.wake = null; resolve(); }, ms);
      this.wake = () => { clearTimeout(timer); this.wake = null; resolve(); };
    });
  }

  /**
   * Parks the integrator (migration 0007): true when nothing is pending and
   * submissions notify until the next integration gives the park lock back;
   * false when something is pending after all (integrate now).
   */
  private async park(client: Client): Promise<boolean> {
    const { rows } = await client.query<{ parked: boolean }>('SELECT ledger_park() AS parked');
    return rows[0]!.parked;
  }

  private kick(): void {
    this.kicked = true;
    this.wake?.();
  }
}
