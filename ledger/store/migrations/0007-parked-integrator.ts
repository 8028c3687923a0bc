/**
 * The integrator is woken only when it sleeps (docs/adr/0014, "The parked
 * integrator").
 *
 * Before, every `ledger_submit` notified channel `ledger_submitted`.
 * PostgreSQL signals every backend that LISTENs in the database on every
 * committed notification, whatever its channel, and every appending process
 * listens (for its outcomes): with N writers each submission woke N
 * backends. Now a submission notifies only while the integrator is parked:
 *
 * - `ledger_park()` (the integrator, when `ledger_integrate` found nothing)
 *   takes the park lock, a session advisory lock, exclusively. That waits
 *   for the submissions in flight, which hold it shared (at most
 *   {@link PARK_WAIT_MS}: a submission left in an open transaction makes the
 *   integrator poll rather than stall); then, if something
 *   is pending after all, it gives the lock back and returns false (integrate
 *   again), else it keeps the lock and returns true: the integrator waits for
 *   a notification.
 * - `ledger_integrate(max_entries, own, unpark)` gives the park lock back
 *   when `unpark` is true, then integrates as `ledger_integrate(max_entries,
 *   own)`: a woken integrator needs one round trip, not two.
 * - `ledger_submit(batch)` tries to take the park lock shared for its
 *   transaction. When it cannot, the integrator is parked (or parking) and
 *   the submission notifies `ledger_submitted`. When it can, the integrator
 *   is busy: it cannot park before this submission commits, and a park that
 *   follows sees it pending. Either way no submission is left unseen.
 *
 * `ledger_integrate` is unchanged. The lock is a session lock, so a parked
 * integrator that dies leaves no lock behind.
 */
import { sql, type Kysely } from 'kysely';
import { LEASE_KEYS } from '../advisory-lease';
import { SUBMITTED_CHANNEL } from './0005-batch-sequencer';
import { submitFunction } from './0006-packed-notices';

/** How long `ledger_park` waits for the submissions in flight before it returns false (integrate, then park again), in ms. */
export const PARK_WAIT_MS = 100;
/** Functions of this migration the application role may EXECUTE (granted by the migrator). */
export const PARK_FUNCTIONS = ['ledger_park()', 'ledger_integrate(integer, jsonb, boolean)'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  const park = sql.lit(String(LEASE_KEYS.park));
  // Held shared until the submission commits: the integrator cannot park before it is visible to it. Refused
  // while the integrator is parked or parking: then wake it.
  await submitFunction(sql`IF NOT pg_try_advisory_xact_lock_shared(${park}::bigint) THEN
    PERFORM pg_notify(${sql.lit(SUBMITTED_CHANNEL)}, s::text);
  END IF;`).execute(db);

  await sql`
CREATE FUNCTION ledger_park() RETURNS boolean LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  -- Waits for the submissions in flight (they hold the lock shared until they commit); later ones notify. A
  -- submission held in an open transaction must not hold the integrator: after a while it does not park.
  PERFORM set_config('lock_timeout', ${sql.lit(`${PARK_WAIT_MS}ms`)}, true);
  BEGIN
    PERFORM pg_advisory_lock(${park}::bigint);
  EXCEPTION WHEN lock_not_available THEN
    RETURN false;
  END;
  -- A new snapshot: every submission committed before the lock was granted is seen here.
  IF (SELECT max(p.seq) FROM ledger_pending p) IS NULL THEN
    RETURN true;
  END IF;
  PERFORM pg_advisory_unlock(${park}::bigint);
  RETURN false;
END
$fn$`.execute(db);
  await sql`
CREATE FUNCTION ledger_integrate(p_max_entries integer, p_own jsonb, p_unpark boolean) RETURNS jsonb LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  IF p_unpark THEN
    PERFORM pg_advisory_unlock(${park}::bigint);
  END IF;
  RETURN ledger_integrate(p_max_entries, p_own);
END
$fn$`.execute(db);
  for (const fn of PARK_FUNCTIONS) await sql`REVOKE ALL ON FUNCTION ${sql.raw(fn)} FROM PUBLIC`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('ledger migrations are irreversible');
}
