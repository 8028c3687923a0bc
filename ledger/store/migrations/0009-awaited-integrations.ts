/**
 * Writers wait for their integration inside the database (docs/adr/0014,
 * "Awaited integrations").
 *
 * Before, every appending process LISTENed for the packed notices of every
 * integration: PostgreSQL signals every listening backend of the database on
 * every notification, so each integration woke all N writers' backends and
 * processes, most of them for outcomes that were not theirs, and an append
 * cost two round trips (the submission, then the notice). Now:
 *
 * - **Generations.** Integrations are numbered (`ledger_integration`). The
 *   integrator holds a session advisory lock on the number of the next
 *   integration (key {@link GENERATION_LOCK_CLASS}, number mod 2³¹) from
 *   when it takes the lease (`ledger_lead()`) on. An integration that claims
 *   submissions moves it on in its own transaction: it locks its number for
 *   the transaction, gives the session hold back, takes the next number's
 *   session lock and advances the counter. The transaction's hold ends at its
 *   commit, after the commit is on disk: whoever waits on that number wakes
 *   when the integration's entries can be read.
 * - **Awaiting.** `ledger_await(seq, batch, wait_ms)` returns the outcome of
 *   submission `seq` once its row has left the queue: a stored outcome (only
 *   outcomes with a refused group are stored now) or, for an accepted one,
 *   each item's stored entry, found by its idempotency key. Until then it
 *   waits on the current integration's lock (shared; nothing else queues
 *   there), at most `wait_ms`. When nobody holds that lock twice in a row
 *   with the counter unchanged, there is no integrator: it returns at once,
 *   saying so, and the writer tries the lease.
 * - **One round trip.** `CALL ledger_append_awaited(batch, wait_ms, null)`
 *   submits (committed without waiting for the disk, as before), commits, and
 *   awaits: a writer's append is one statement. A procedure that commits
 *   cannot be SECURITY DEFINER or carry SET, so it runs as its caller and
 *   calls the two functions above by their qualified names.
 * - **No more notices.** `ledger_integrate` announces nothing; only the
 *   parked integrator is still woken by a notification (migration 0007).
 *
 * A process of an earlier version that still waits for notices hears none,
 * times out and appends again (safe: idempotency keys): upgrade every process
 * with the migration, as for 0007.
 */
import { sql, type Kysely } from 'kysely';
import { LEASE_KEYS } from '../advisory-lease';
import { integrateFunction } from './0006-packed-notices';

/** First key of the two-key advisory locks on integration numbers (`sl-g`); the second is the number mod 2³¹. */
export const GENERATION_LOCK_CLASS = 0x736c2d67;
/** Functions and procedures of this migration the application role may EXECUTE (granted by the migrator). */
export const AWAIT_ROUTINES = ['ledger_lead()', 'ledger_await(bigint, jsonb, integer)', 'ledger_append_awaited(jsonb, integer, jsonb)'] as const;

/** The advisory-lock key of integration number `g` (a plpgsql expression). */
const genKey = (g: string) => sql.raw(`${GENERATION_LOCK_CLASS}, (${g} % 2147483648)::integer`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE ledger_integration (
    id smallint PRIMARY KEY CHECK (id = 1),
    generation bigint NOT NULL
  )`.execute(db);
  await sql`INSERT INTO ledger_integration (id, generation) VALUES (1, 0)`.execute(db);

  const lease = sql.lit(String(LEASE_KEYS.sequencer));
  await sql`
CREATE FUNCTION ledger_lead() RETURNS boolean LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  g bigint;
BEGIN
  IF NOT pg_try_advisory_lock(${lease}::bigint) THEN
    RETURN false;
  END IF;
  -- Writers hold this lock shared only for an instant: the wait is short.
  SELECT i.generation INTO g FROM ledger_integration i WHERE i.id = 1;
  PERFORM pg_advisory_lock(${genKey('g')});
  RETURN true;
END
$fn$`.execute(db);

  // Refused groups' outcomes are stored (the others are read from the log by key), a few old ones pruned, and
  // the integration number moves on: its lock, held by this transaction only, ends with the commit.
  await integrateFunction(sql`    INSERT INTO ledger_outcomes (seq, outcome)
      SELECT c.seq, jsonb_agg(x.value ORDER BY x.ord)
        FROM unnest(seqs[1:k], los[1:k], his[1:k]) AS c(seq, lo, hi)
        JOIN jsonb_array_elements(results) WITH ORDINALITY AS x(value, ord) ON x.ord BETWEEN c.lo AND c.hi
        GROUP BY c.seq HAVING bool_or((x.value ->> 'ok')::boolean IS NOT TRUE);
    DELETE FROM ledger_outcomes WHERE seq IN (SELECT o.seq FROM ledger_outcomes o ORDER BY o.seq LIMIT 64)
      AND integrated_at < clock_timestamp() - interval '10 minutes';
    UPDATE ledger_integration SET generation = generation + 1 WHERE id = 1 RETURNING generation - 1 INTO g;
    PERFORM pg_advisory_xact_lock(${genKey('g')});
    PERFORM pg_advisory_unlock(${genKey('g')});
    PERFORM pg_advisory_lock(${genKey('g + 1')});
`, sql`  g bigint;
`).execute(db);

  await sql`
CREATE FUNCTION ledger_await(p_seq bigint, p_batch jsonb, p_wait_ms integer) RETURNS jsonb LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  deadline timestamptz := clock_timestamp() + make_interval(secs => greatest(p_wait_ms, 0) / 1000.0);
  o jsonb;
  g bigint;
  free_at bigint := NULL;
  left_ms integer;
BEGIN
  LOOP
    -- Each statement sees what was committed before it began (a new snapshot).
    -- Through the queue's index: as an EXISTS the planner may hash a scan of the whole queue, dead rows and all.
    PERFORM 1 FROM ledger_pending p WHERE p.seq = p_seq;
    IF NOT FOUND THEN
      SELECT oc.outcome INTO o FROM ledger_outcomes oc WHERE oc.seq = p_seq;
      IF NOT FOUND THEN
        -- Accepted: every item's entry is stored under its key (the one it appended, or the earlier one with the
        -- same content that a repeated key returns).
        SELECT jsonb_agg(gr.entries ORDER BY gr.ord) INTO o FROM (
          SELECT t.ord, jsonb_build_object('ok', true, 'entries', (
            SELECT coalesce(jsonb_agg(jsonb_build_array(e.header, e.entry_hash) ORDER BY it.iord), '[]'::jsonb)
              FROM jsonb_array_elements(t.grp) WITH ORDINALITY AS it(item, iord)
              -- One index lookup per item, never a hash of the log: LIMIT keeps the planner from flattening the
              -- lateral subquery into a join it may hash (with stale statistics it takes a growing log for small).
              CROSS JOIN LATERAL (SELECT l.header, l.entry_hash FROM ledger_entries l
                WHERE l.idempotency_key = it.item ->> 'key' LIMIT 1) AS e)) AS entries
          FROM jsonb_array_elements(p_batch) WITH ORDINALITY AS t(grp, ord)) AS gr;
      END IF;
      RETURN jsonb_build_object('outcome', o);
    END IF;
    left_ms := floor(extract(epoch FROM deadline - clock_timestamp()) * 1000);
    IF left_ms <= 0 THEN
      RETURN jsonb_build_object('waiting', true, 'integrator', true);
    END IF;
    SELECT i.generation INTO g FROM ledger_integration i WHERE i.id = 1;
    IF pg_try_advisory_lock_shared(${genKey('g')}) THEN
      PERFORM pg_advisory_unlock_shared(${genKey('g')});
      -- Free: an integration may have just committed (look again), or no integrator holds it (say so).
      IF free_at IS NOT DISTINCT FROM g THEN
        RETURN jsonb_build_object('waiting', true, 'integrator', false);
      END IF;
      free_at := g;
      CONTINUE;
    END IF;
    PERFORM set_config('lock_timeout', left_ms || 'ms', true);
    BEGIN
      PERFORM pg_advisory_lock_shared(${genKey('g')});
      PERFORM pg_advisory_unlock_shared(${genKey('g')});
    EXCEPTION WHEN lock_not_available THEN
      RETURN jsonb_build_object('waiting', true, 'integrator', true);
    END;
  END LOOP;
END
$fn$`.execute(db);

  await sql`
CREATE PROCEDURE ledger_append_awaited(p_batch jsonb, p_wait_ms integer, INOUT result jsonb) LANGUAGE plpgsql AS $fn$
DECLARE
  s bigint;
BEGIN
  s := public.ledger_submit(p_batch);
  COMMIT;
  result := public.ledger_await(s, p_batch, p_wait_ms) || jsonb_build_object('seq', s);
END
$fn$`.execute(db);

  for (const fn of AWAIT_ROUTINES) await sql`REVOKE ALL ON ROUTINE ${sql.raw(fn)} FROM PUBLIC`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('ledger migrations are irreversible');
}
