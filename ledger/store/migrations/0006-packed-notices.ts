/**
 * The batch sequencer's notices, packed (docs/adr/0014, "Packed notices").
 *
 * Migration 0005 announced every integrated submission with a notification
 * of its own on `ledger_integrated` and stored every outcome in
 * `ledger_outcomes`. Every listening process receives every notification, so
 * with N writers an integration of N submissions cost N² deliveries and N
 * outcome rows. This migration replaces both functions:
 *
 * - `ledger_submit(batch)` checks the batch's shape in one pass (the same
 *   rules and errors as before).
 * - `ledger_integrate(max_entries, own)` announces the outcomes of one
 *   integration on channel `ledger_notices`, as few notifications as fit:
 *   each payload is lines `<seq> <outcome JSON>` joined by `\n` (JSON text of
 *   jsonb never holds a raw newline), at most {@link NOTICE_MAX_BYTES} bytes.
 *   Only an outcome too long for a notification of its own is stored in
 *   `ledger_outcomes` and announced as `<seq> *`. It looks at the queue
 *   through its index only (a heap scan walks the dead rows of every
 *   submission integrated since the last vacuum, which runs by dead rows
 *   alone now). Everything else is as in 0005: the same claim, the same
 *   append, the same single transaction.
 *
 * A new channel, not a new format on the old one: a process still reading
 * `ledger_integrated` hears nothing, times out and appends again (safe:
 * idempotency keys), rather than misreading a packed payload.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';

/** Channel of the packed outcome notices: lines `<seq> <outcome JSON>` or `<seq> *` (read it from `ledger_outcomes`). */
export const NOTICES_CHANNEL = 'ledger_notices';
/** Largest notice payload, in bytes: under PostgreSQL's 8000-byte limit on a notification payload. */
export const NOTICE_MAX_BYTES = 7900;

/** `ledger_submit`'s shape check, one pass over the groups; RAISEs SL422 with the rule broken. */
const SUBMIT_CHECK = `
  IF jsonb_typeof(p_batch) IS DISTINCT FROM 'array' OR jsonb_array_length(p_batch) = 0 THEN
    RAISE EXCEPTION 'a submission is a non-empty array of groups' USING ERRCODE = 'SL422';
  END IF;
  SELECT sum(CASE WHEN jsonb_typeof(g) = 'array' THEN jsonb_array_length(g) END),
         bool_or(jsonb_typeof(g) <> 'array' OR jsonb_array_length(g) = 0),
         bool_or(CASE WHEN jsonb_typeof(g) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(g) AS i(item)
           WHERE jsonb_typeof(item) <> 'object' OR NOT item ?& ARRAY['key', 'stream', 'streamJson', 'kind', 'kindJson', 'contract',
             'contractJson', 'payloadHash', 'payload', 'actorJson', 'recordedAt', 'recordedAtJson']) END)
    INTO n, bad_group, bad_item FROM jsonb_array_elements(p_batch) AS t(g);
  IF bad_group OR n IS NULL OR n = 0 THEN
    RAISE EXCEPTION 'every group of a submission is a non-empty array of items' USING ERRCODE = 'SL422';
  END IF;
  IF bad_item THEN
    RAISE EXCEPTION 'every item of a submission names key, stream, kind, contract, payloadHash, payload, actor and recordedAt' USING ERRCODE = 'SL422';
  END IF;`;

/**
 * `CREATE OR REPLACE FUNCTION ledger_submit(batch)`: the shape check, the
 * queued row (committed without waiting for the disk), then `wake`, the
 * statements that tell the integrator (they see the new row's number as `s`).
 */
export function submitFunction(wake: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
CREATE OR REPLACE FUNCTION ledger_submit(p_batch jsonb) RETURNS bigint LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  s bigint;
  n integer;
  bad_group boolean;
  bad_item boolean;
BEGIN
  ${sql.raw(SUBMIT_CHECK)}
  -- A submission need not survive a crash: until its integration commits (synchronously) nobody was told it is
  -- in the log, and a writer whose connection broke submits again. So its commit does not wait for the disk.
  PERFORM set_config('synchronous_commit', 'off', true);
  INSERT INTO ledger_pending (batch, entries) VALUES (p_batch, n) RETURNING seq INTO s;
  ${wake}
  RETURN s;
END
$fn$`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  // A queue: every row is deleted within milliseconds of its insert. Vacuum it by dead rows alone, not by a
  // fraction of its (always small) live size.
  await sql`ALTER TABLE ledger_pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000)`.execute(db);
  await submitFunction(sql`PERFORM pg_notify('ledger_submitted', s::text);`).execute(db);

  await sql`
CREATE OR REPLACE FUNCTION ledger_integrate(p_max_entries integer, p_own jsonb) RETURNS jsonb LANGUAGE plpgsql
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
  line text;
  notice text := '';
BEGIN
  IF p_max_entries IS NULL OR p_max_entries < 1 THEN
    RAISE EXCEPTION 'max entries % is not a positive number', p_max_entries USING ERRCODE = 'SL422';
  END IF;
  IF p_own IS NOT NULL AND jsonb_typeof(p_own) <> 'array' THEN
    RAISE EXCEPTION 'the integrator''s own batch is an array of groups' USING ERRCODE = 'SL422';
  END IF;
  -- Nothing to do: return without the lock (a lock would cost a commit record and a WAL flush).
  -- The queue's newest end, read through its index: a scan of the heap would walk the dead rows of every
  -- submission integrated since the last vacuum.
  IF own_groups = 0 AND (SELECT max(p.seq) FROM ledger_pending p) IS NULL THEN
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
    DELETE FROM ledger_pending WHERE seq = ANY (seqs[1:k]);
    -- Notices: as many "<seq> <outcome>" lines per notification as fit. An outcome too long for a notification
    -- of its own is stored for its writer to read, and announced as "<seq> *".
    FOR r IN SELECT c.seq, jsonb_agg(x.value ORDER BY x.ord) AS outcome
        FROM unnest(seqs[1:k], los[1:k], his[1:k]) AS c(seq, lo, hi)
        JOIN jsonb_array_elements(results) WITH ORDINALITY AS x(value, ord) ON x.ord BETWEEN c.lo AND c.hi
        GROUP BY c.seq ORDER BY c.seq LOOP
      line := r.seq || ' ' || r.outcome::text;
      IF octet_length(line) > ${sql.lit(NOTICE_MAX_BYTES)} THEN
        INSERT INTO ledger_outcomes (seq, outcome) VALUES (r.seq, r.outcome);
        line := r.seq || ' *';
      END IF;
      IF notice <> '' AND octet_length(notice) + 1 + octet_length(line) > ${sql.lit(NOTICE_MAX_BYTES)} THEN
        PERFORM pg_notify(${sql.lit(NOTICES_CHANNEL)}, notice);
        notice := '';
      END IF;
      notice := CASE WHEN notice = '' THEN line ELSE notice || E'\\n' || line END;
    END LOOP;
    IF notice <> '' THEN
      PERFORM pg_notify(${sql.lit(NOTICES_CHANNEL)}, notice);
    END IF;
    -- Stored outcomes are read within seconds; keep them ten minutes, pruning a few of the oldest per integration.
    DELETE FROM ledger_outcomes WHERE seq IN (SELECT o.seq FROM ledger_outcomes o ORDER BY o.seq LIMIT 64)
      AND integrated_at < clock_timestamp() - interval '10 minutes';
  END IF;
  -- The claimed rows are deleted (this transaction sees that): anything left is more.
  RETURN jsonb_build_object('integrated', k, 'more', (SELECT max(p.seq) FROM ledger_pending p) IS NOT NULL, 'own', own_results);
END
$fn$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('ledger migrations are irreversible');
}
