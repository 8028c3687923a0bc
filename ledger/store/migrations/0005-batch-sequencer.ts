/**
 * The batch sequencer (docs/adr/0014): writers hand their groups over
 * without taking the sequencer lock, and one integrator at a time appends
 * everything handed over in one `ledger_append` call, so many writers share
 * one lock acquisition and one commit.
 *
 * - `ledger_submit(batch)` stores a batch (the argument `ledger_append`
 *   takes: an array of groups) in `ledger_pending`, notifies channel
 *   `ledger_submitted` and returns its sequence number. It takes no lock
 *   that another writer waits for, so concurrent submissions commit together
 *   (PostgreSQL flushes them with one WAL write).
 * - `ledger_integrate(max_entries, own)` takes the sequencer lock, claims the
 *   oldest submissions (up to `max_entries` entries), appends them with
 *   `ledger_append` in submission order followed by `own` (the integrator's
 *   own batch, which never waits in the table), stores each submission's
 *   result in `ledger_outcomes`, deletes the claimed rows and notifies
 *   channel `ledger_integrated` — all in its one transaction, committed
 *   synchronously, so what a writer is told is on disk, with every
 *   submission it integrated: a crash before its commit leaves the
 *   submissions pending for the next integrator, after it leaves them
 *   appended. Returns `{ integrated, more, own }`: how many submissions it
 *   integrated, whether more are pending, and the results of `own`. A
 *   submission that `ledger_append` refuses outright (an error, not an
 *   idempotency conflict) is integrated alone with its refusal as outcome,
 *   so it cannot hold up the others.
 *
 * `ledger_pending` and `ledger_outcomes` are queues, not the ledger: their
 * rows are consumed and pruned (outcomes after ten minutes). The application
 * role may EXECUTE both functions and SELECT its outcomes, nothing else.
 */
import { sql, type Kysely } from 'kysely';

/** Functions of this migration the application role may EXECUTE (granted by the migrator). */
export const SEQUENCER_FUNCTIONS = ['ledger_submit(jsonb)', 'ledger_integrate(integer, jsonb)'] as const;
/** Tables of this migration the application role may SELECT. */
export const SEQUENCER_READABLE_TABLES = ['ledger_outcomes'] as const;
/** Every table of this migration, for the grants. */
export const SEQUENCER_TABLES = ['ledger_pending', 'ledger_outcomes'] as const;
/** Channel notified by each submission (payload: its sequence number). */
export const SUBMITTED_CHANNEL = 'ledger_submitted';
/** Channel notified for each integrated submission (payload: `<seq> <outcome JSON>`, or `<seq> *` when too long). */
export const INTEGRATED_CHANNEL = 'ledger_integrated';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE ledger_pending (
    seq bigserial PRIMARY KEY,
    batch jsonb NOT NULL,
    entries integer NOT NULL,
    submitted_at timestamptz NOT NULL DEFAULT clock_timestamp()
  )`.execute(db);
  await sql`CREATE TABLE ledger_outcomes (
    seq bigint PRIMARY KEY,
    outcome jsonb NOT NULL,
    integrated_at timestamptz NOT NULL DEFAULT clock_timestamp()
  )`.execute(db);

  await sql`
CREATE FUNCTION ledger_submit(p_batch jsonb) RETURNS bigint LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  s bigint;
  n integer;
BEGIN
  IF jsonb_typeof(p_batch) IS DISTINCT FROM 'array' OR jsonb_array_length(p_batch) = 0 THEN
    RAISE EXCEPTION 'a submission is a non-empty array of groups' USING ERRCODE = 'SL422';
  END IF;
  SELECT sum(CASE WHEN jsonb_typeof(g) = 'array' THEN jsonb_array_length(g) END) INTO n FROM jsonb_array_elements(p_batch) AS t(g);
  IF n IS NULL OR n = 0 OR EXISTS (SELECT 1 FROM jsonb_array_elements(p_batch) AS t(g) WHERE jsonb_typeof(g) <> 'array' OR jsonb_array_length(g) = 0) THEN
    RAISE EXCEPTION 'every group of a submission is a non-empty array of items' USING ERRCODE = 'SL422';
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_batch) AS t(g), jsonb_array_elements(g) AS i(item)
             WHERE jsonb_typeof(item) <> 'object' OR NOT item ?& ARRAY['key', 'stream', 'streamJson', 'kind', 'kindJson', 'contract',
               'contractJson', 'payloadHash', 'payload', 'actorJson', 'recordedAt', 'recordedAtJson']) THEN
    RAISE EXCEPTION 'every item of a submission names key, stream, kind, contract, payloadHash, payload, actor and recordedAt' USING ERRCODE = 'SL422';
  END IF;
  -- A submission need not survive a crash: until its integration commits (synchronously) nobody was told it is
  -- in the log, and a writer whose connection broke submits again. So its commit does not wait for the disk.
  PERFORM set_config('synchronous_commit', 'off', true);
  INSERT INTO ledger_pending (batch, entries) VALUES (p_batch, n) RETURNING seq INTO s;
  PERFORM pg_notify('ledger_submitted', s::text);
  RETURN s;
END
$fn$`.execute(db);

  await sql`
CREATE FUNCTION ledger_integrate(p_max_entries integer, p_own jsonb) RETURNS jsonb LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  r record;
  seqs bigint[] := '{}';
  los integer[] := '{}';
  his integer[] := '{}';
  batch jsonb := '[]'::jsonb;
  groups integer := 0;
  entries integer := 0;
  own_groups integer := coalesce(jsonb_array_length(p_own), 0);
  results jsonb;
  own_results jsonb := NULL;
  k integer := 0;
BEGIN
  IF p_max_entries IS NULL OR p_max_entries < 1 THEN
    RAISE EXCEPTION 'max entries % is not a positive number', p_max_entries USING ERRCODE = 'SL422';
  END IF;
  IF p_own IS NOT NULL AND jsonb_typeof(p_own) <> 'array' THEN
    RAISE EXCEPTION 'the integrator''s own batch is an array of groups' USING ERRCODE = 'SL422';
  END IF;
  -- Nothing to do: return without the lock (a lock would cost a commit record and a WAL flush).
  IF own_groups = 0 AND NOT EXISTS (SELECT 1 FROM ledger_pending) THEN
    RETURN jsonb_build_object('integrated', 0, 'more', false, 'own', NULL);
  END IF;
  -- The sequencer lock first: integrators queue here, and the claim below sees every submission committed before.
  PERFORM 1 FROM ledger_log_state WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger_log_state has no row: run the migrations' USING ERRCODE = 'SL500';
  END IF;
  FOR r IN SELECT p.seq, p.batch, p.entries FROM ledger_pending p ORDER BY p.seq LIMIT p_max_entries FOR UPDATE LOOP
    EXIT WHEN k > 0 AND entries + r.entries > p_max_entries;
    k := k + 1;
    seqs[k] := r.seq;
    los[k] := groups + 1;
    groups := groups + jsonb_array_length(r.batch);
    his[k] := groups;
    entries := entries + r.entries;
    batch := batch || r.batch;
  END LOOP;
  BEGIN
    results := ledger_append(batch || coalesce(p_own, '[]'::jsonb));
    IF own_groups > 0 THEN
      SELECT jsonb_agg(x.value ORDER BY x.ord) INTO own_results
        FROM jsonb_array_elements(results) WITH ORDINALITY AS x(value, ord) WHERE x.ord > groups;
    END IF;
  EXCEPTION WHEN OTHERS THEN
    -- Refused outright (not an idempotency conflict, which is a result). The integrator's own batch alone:
    -- the caller gets the error, as from ledger_append. Otherwise a submission must not hold up the others:
    -- integrate the oldest one alone, its refusal (if it is the culprit) becoming its outcome; the rest, and
    -- the own batch (own: null, to be handed over again), wait for the next call.
    IF k = 0 THEN
      RAISE;
    END IF;
    k := 1;
    SELECT p.batch INTO batch FROM ledger_pending p WHERE p.seq = seqs[1];
    BEGIN
      results := ledger_append(batch);
    EXCEPTION WHEN OTHERS THEN
      SELECT jsonb_agg(jsonb_build_object('ok', false, 'error', jsonb_build_object('sqlstate', SQLSTATE, 'message', SQLERRM)))
        INTO results FROM jsonb_array_elements(batch);
    END;
    own_results := NULL;
  END;
  IF k > 0 THEN
    INSERT INTO ledger_outcomes (seq, outcome)
      SELECT c.seq, jsonb_agg(x.value ORDER BY x.ord)
        FROM unnest(seqs[1:k], los[1:k], his[1:k]) AS c(seq, lo, hi)
        JOIN jsonb_array_elements(results) WITH ORDINALITY AS x(value, ord) ON x.ord BETWEEN c.lo AND c.hi
        GROUP BY c.seq;
    DELETE FROM ledger_pending WHERE seq = ANY (seqs[1:k]);
    -- Outcomes are read within seconds; keep them ten minutes, pruning a few of the oldest per integration.
    DELETE FROM ledger_outcomes WHERE seq IN (SELECT o.seq FROM ledger_outcomes o ORDER BY o.seq LIMIT 64)
      AND integrated_at < clock_timestamp() - interval '10 minutes';
    -- One notification per submission, "<seq> <outcome JSON>", so its writer needs no query; "<seq> *" when the
    -- outcome would not fit a notification (8000 bytes): the writer reads it from ledger_outcomes.
    PERFORM pg_notify('ledger_integrated', CASE WHEN octet_length(n.msg) <= 7900 THEN n.msg ELSE n.seq || ' *' END)
      FROM (SELECT o.seq, o.seq || ' ' || o.outcome::text AS msg FROM ledger_outcomes o WHERE o.seq = ANY (seqs[1:k]) ORDER BY o.seq) n;
  END IF;
  RETURN jsonb_build_object('integrated', k, 'more', EXISTS (SELECT 1 FROM ledger_pending WHERE seq <> ALL (seqs[1:k])), 'own', own_results);
END
$fn$`.execute(db);

  for (const fn of SEQUENCER_FUNCTIONS) await sql`REVOKE ALL ON FUNCTION ${sql.raw(fn)} FROM PUBLIC`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('ledger migrations are irreversible');
}
