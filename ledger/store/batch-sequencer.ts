/**
 * The batch sequencer's client side (migrations 0005 to 0007, docs/adr/0014).
 *
 * Every process that appends submits its batches with `ledger_submit` (no
 * sequencer lock, so submissions from many writers commit together) and
 * waits for their outcomes. One process at a time is the integrator: it
 * holds a session advisory lock (the lease) on its own connection, and while
 * it does it calls `ledger_integrate`, appending everything pending in one
 * transaction, until nothing is pending; then it parks (`ledger_park`) and
 * waits for a submission announced on channel `ledger_submitted`, which
 * submissions send only while it is parked. When its connection ends (the
 * process died, the server restarted) the lease is free and the next
 * process with waiting submissions takes it. Waiters get their outcomes from the packed notices
 * of channel `ledger_notices` (lines `<seq> <outcome JSON>`), or read them
 * from `ledger_outcomes` when a notice says `<seq> *` (too long); a timer
 * polls too, so a lost notice costs a delay, never an answer.
 */
import type { Kysely } from 'kysely';
import { Client, type Notification } from 'pg';
import { LedgerError } from '../../common/errors';
import type { AppendSequencer, GroupResult, SubmittedBatch } from './append-sequencer';
import { LEASE_KEYS, tryTakeLease } from './advisory-lease';
import { asLedgerError } from './database-errors';
import type { LedgerDatabase } from './database-schema';
import { SUBMITTED_CHANNEL } from './migrations/0005-batch-sequencer';
import { NOTICES_CHANNEL } from './migrations/0006-packed-notices';

/** What `ledger_integrate` returns. */
interface IntegrateOutcome {
  integrated: number;
  more: boolean;
  /** Results of the own batch, or null when it was not appended (hand it over again). */
  own: GroupResult[] | null;
}

/** Options of {@link BatchSequencer}. */
export interface BatchSequencerOptions {
  /** Most entries one integration appends (one transaction). Default {@link DEFAULT_BATCH_MAX_ENTRIES}. */
  batchMaxEntries?: number;
  /** How long the integrator lets submissions gather after it is woken before integrating, in ms. Default 0. */
  batchMaxAgeMs?: number;
  /** How long a submission may wait for its integration before the append fails with LEDGER_UNAVAILABLE (retryable). Default 60 s. */
  integrationTimeoutMs?: number;
  /** How often a process with waiting submissions polls outcomes and tries the lease, in ms. Default 100. */
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

/** A batch of the integrator's own process: appended with the next integration, never through the table. */
interface OwnBatch {
  json: string;
  groups: number;
  resolve: (results: GroupResult[]) => void;
  reject: (error: unknown) => void;
}

interface Waiter {
  resolve: (results: GroupResult[]) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

/** Submits batches and, while it holds the lease, integrates everyone's. See the module comment. */
export class BatchSequencer implements AppendSequencer {
  private readonly batchMaxEntries: number;
  private readonly batchMaxAgeMs: number;
  private readonly integrationTimeoutMs: number;
  private readonly pollMs: number;
  private readonly idleCheckMs: number;
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private leader = false;
  private leading: Promise<void> | null = null;
  private readonly waiters = new Map<string, Waiter>();
  private own: OwnBatch[] = [];
  private collecting = false;
  private collectAgain = false;
  private kicked = false;
  private wake: (() => void) | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** When an integration was last announced (by anyone): while they keep coming, someone holds the lease. */
  private lastIntegratedAt = 0;
  /** Submissions whose sequence number is not known yet (their `ledger_submit` has not returned). */
  private submitting = 0;
  /** Notice lines heard while a submission was in flight, by sequence number: its outcome may come before its number. */
  private readonly early = new Map<string, string>();

  constructor(private readonly db: Kysely<LedgerDatabase>, private readonly url: string, options: BatchSequencerOptions = {}) {
    this.batchMaxEntries = options.batchMaxEntries ?? DEFAULT_BATCH_MAX_ENTRIES;
    this.batchMaxAgeMs = options.batchMaxAgeMs ?? 0;
    this.integrationTimeoutMs = options.integrationTimeoutMs ?? 60_000;
    this.pollMs = options.pollMs ?? 100;
    this.idleCheckMs = options.idleCheckMs ?? DEFAULT_IDLE_CHECK_MS;
  }

  async submit(batchJson: string, groups: number): Promise<SubmittedBatch> {
    if (this.closed) throw new LedgerError('LEDGER_UNAVAILABLE', 'the ledger was closed');
    if (this.leader) {
      // The integrator's own appends join its next integration directly: one round trip, as a direct append.
      const results = new Promise<GroupResult[]>((resolve, reject) => this.own.push({ json: batchJson, groups, resolve, reject }));
      this.kick();
      return { results };
    }
    // Submitted on the listening connection: its integration cannot be announced unheard, and a process
    // holds one connection for its appends, not two.
    let seq: string;
    this.submitting += 1;
    try {
      const client = await this.listening();
      const { rows } = await client.query<{ seq: string }>('SELECT ledger_submit($1::jsonb) AS seq', [batchJson]);
      seq = String(rows[0]!.seq);
    } catch (e) {
      if (--this.submitting === 0) this.early.clear();
      throw asLedgerError(e, 'submitting entries');
    }
    this.submitting -= 1;
    const results = new Promise<GroupResult[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(seq);
        reject(new LedgerError('LEDGER_UNAVAILABLE', `submission ${seq} was not integrated within ${this.integrationTimeoutMs} ms (no integrator reached the database); appending again is safe`, { retryable: true, details: { seq } }));
      }, this.integrationTimeoutMs);
      this.waiters.set(seq, { resolve, reject, timer });
    });
    // Announced before its number came back: the notice was kept for it.
    const early = this.early.get(seq);
    if (this.submitting === 0) this.early.clear();
    else this.early.delete(seq);
    if (early !== undefined) this.deliver(seq, early);
    else {
      this.startPolling();
      if (this.leader) this.kick();
      else if (this.integratorQuiet()) void this.tryLead();
    }
    return { results };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopPolling();
    this.leader = false;
    this.wake?.();
    for (const [seq, w] of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new LedgerError('LEDGER_UNAVAILABLE', `the ledger was closed before submission ${seq} was integrated; appending again is safe`, { retryable: true, details: { seq } }));
    }
    this.waiters.clear();
    this.refuseOwn('the ledger was closed');
    const client = this.client ?? (await this.connecting?.catch(() => null)) ?? null;
    this.client = null;
    await this.leading?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  /** The listening connection, opened (and LISTENing on both channels) when needed. */
  private listening(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.url, application_name: 'synthledger-sequencer' });
      client.on('error', () => this.lost(client));
      client.on('end', () => this.lost(client));
      client.on('notification', (n) => this.notified(n));
      try {
        await client.connect();
        await client.query(`LISTEN ${NOTICES_CHANNEL}`);
      } catch (e) {
        await client.end().catch(() => undefined);
        throw asLedgerError(e, 'connecting the sequencer listener');
      }
      if (this.closed) {
        await client.end().catch(() => undefined);
        throw new LedgerError('LEDGER_UNAVAILABLE', 'the ledger was closed');
      }
      this.client = client;
      return client;
    })().finally(() => { this.connecting = null; });
    return this.connecting;
  }

  /**
   * The listening connection ended: the lease (if held) is gone with it, and
   * the server may have restarted, losing submissions not yet integrated. So
   * every waiting append fails now, retryable (appending again is safe: a
   * submission that was integrated after all returns the same entries).
   */
  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.leader = false;
    this.wake?.();
    void client.end().catch(() => undefined);
    for (const [seq, w] of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new LedgerError('LEDGER_UNAVAILABLE', `the connection to the ledger database was lost before submission ${seq} was integrated; appending again is safe`, { retryable: true, details: { seq } }));
    }
    this.waiters.clear();
    this.refuseOwn('the connection to the ledger database was lost');
    this.stopPolling();
  }

  /** Fails the own batches not yet integrated (retryable: none of them was appended). */
  private refuseOwn(why: string): void {
    for (const o of this.own.splice(0)) o.reject(new LedgerError('LEDGER_UNAVAILABLE', `${why} before the entries were appended; appending again is safe`, { retryable: true }));
  }

  private notified(n: Notification): void {
    if (n.channel === NOTICES_CHANNEL) {
      this.lastIntegratedAt = Date.now();
      for (const line of (n.payload ?? '').split('\n')) {
        const space = line.indexOf(' ');
        const seq = line.slice(0, space);
        if (this.waiters.has(seq)) this.deliver(seq, line.slice(space + 1));
        else if (this.submitting > 0) this.early.set(seq, line.slice(space + 1));
      }
    } else if (n.channel === SUBMITTED_CHANNEL && this.leader) this.kick();
  }

  /** Settles the waiter of `seq` with `outcome` (JSON, or `*`: stored in `ledger_outcomes`). */
  private deliver(seq: string, outcome: string): void {
    const w = this.waiters.get(seq);
    if (!w) return;
    if (outcome === '*') {
      this.startPolling();
      return void this.collect();
    }
    this.waiters.delete(seq);
    clearTimeout(w.timer);
    try {
      w.resolve(JSON.parse(outcome) as GroupResult[]);
    } catch (e) {
      w.reject(asLedgerError(e, `reading the outcome of submission ${seq}`));
    }
  }

  /** Resolves every waiter whose outcome is stored. */
  private async collect(): Promise<void> {
    if (this.collecting) {
      this.collectAgain = true;
      return;
    }
    this.collecting = true;
    try {
      do {
        this.collectAgain = false;
        if (this.waiters.size === 0) break;
        const seqs = [...this.waiters.keys()];
        const rows = await this.db.selectFrom('ledger_outcomes').select(['seq', 'outcome']).where('seq', 'in', seqs).execute();
        for (const row of rows) {
          const seq = String(row.seq);
          const w = this.waiters.get(seq);
          if (!w) continue;
          this.waiters.delete(seq);
          clearTimeout(w.timer);
          w.resolve(row.outcome as GroupResult[]);
        }
      } while (this.collectAgain);
    } catch {
      // The database is unreachable: the poll timer tries again.
    } finally {
      this.collecting = false;
      if (this.waiters.size === 0) this.stopPolling();
    }
  }

  /** Takes the lease if it is free, then integrates until the lease is lost or the ledger closes. */
  private async tryLead(): Promise<void> {
    if (this.leader || this.leading || this.closed) return;
    this.leading = (async () => {
      try {
        const client = await this.listening();
        const held = await tryTakeLease((text, values) => client.query(text, values), SEQUENCER_LEASE_KEY);
        if (!held || this.closed || this.client !== client) return;
        // Only the integrator hears submissions (a lost lease is a lost connection: nothing to unlisten).
        await client.query(`LISTEN ${SUBMITTED_CHANNEL}`);
        this.leader = true;
        this.kicked = true;
        await this.integrate(client);
      } catch {
        // Lost the connection: not the integrator any more; the poll timer tries again.
      } finally {
        this.leader = false;
        this.leading = null;
        this.refuseOwn('the integrator lost its lease');
      }
    })();
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
    while (this.leader && !this.closed && this.client === client) {
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
          if (this.client !== client) throw e;
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

  /** True when no integration was announced for a poll interval: the lease may be free. */
  private integratorQuiet(): boolean {
    return Date.now() - this.lastIntegratedAt > this.pollMs;
  }

  private kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  private startPolling(): void {
    this.pollTimer ??= setInterval(() => {
      if (this.waiters.size === 0) return this.stopPolling();
      void this.collect();
      if (!this.leader && this.integratorQuiet()) void this.tryLead();
    }, this.pollMs);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
