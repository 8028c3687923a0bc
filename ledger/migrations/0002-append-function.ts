/**
 * `ledger_append(batch jsonb)`: the whole append — sequencer lock,
 * idempotency lookups, stream heads, header assembly and hashing, Merkle
 * nodes and log state — in ONE statement, so an append costs one round trip
 * and the sequencer lock is held only for the work itself (docs/adr/0004).
 *
 * The caller passes every JSON value of the header already in RFC 8785 form
 * (`streamJson`, `kindJson`, …, computed by ledger/canonical-json.ts); the
 * function only concatenates them with the index, stream index and previous
 * hash it assigns, in the fixed key order of the header. It never escapes a
 * string itself, so the header is canonical by construction.
 *
 * Input: an array of groups, each an array of items
 *   { key, stream, streamJson, kind, kindJson, contract, contractJson,
 *     payloadHash, payload, actorJson, recordedAt, recordedAtJson }.
 * Output: one element per group, `{ ok: true, entries: [{ header, entryHash,
 * payload, key }] }` or `{ ok: false, conflict: {…} }` (IDEMPOTENCY_CONFLICT:
 * that group wrote nothing; the others are unaffected).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
CREATE FUNCTION ledger_append(batch jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  st record;
  log_size bigint;
  edge bytea[];
  saved_size bigint;
  saved_edge bytea[];
  grp jsonb;
  item jsonb;
  results jsonb := '[]'::jsonb;
  group_out jsonb;
  existing record;
  head record;
  new_index bigint;
  sidx integer;
  prev_hash text;
  header text;
  ehash text;
  h bytea;
  lvl integer;
  root bytea;
  conflict_detail text;
BEGIN
  -- The sequencer: one row lock orders every append of every process.
  SELECT * INTO st FROM ledger_log_state WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger_log_state has no row: run the migrations' USING ERRCODE = 'SL500';
  END IF;
  log_size := st.size;
  SELECT coalesce(array_agg(decode(x, 'hex') ORDER BY ord), '{}'::bytea[]) INTO edge
    FROM jsonb_array_elements_text(st.frontier) WITH ORDINALITY AS t(x, ord);

  FOR grp IN SELECT value FROM jsonb_array_elements(batch) LOOP
    saved_size := log_size;
    saved_edge := edge;
    BEGIN
      group_out := '[]'::jsonb;
      FOR item IN SELECT value FROM jsonb_array_elements(grp) LOOP
        SELECT e.idx, e.header, e.entry_hash, e.payload, e.payload_hash, e.stream, e.kind, e.contract INTO existing
          FROM ledger_entries e WHERE e.idempotency_key = item->>'key';
        IF FOUND THEN
          IF existing.payload_hash <> item->>'payloadHash' OR existing.stream <> item->>'stream'
             OR existing.kind <> item->>'kind' OR existing.contract IS DISTINCT FROM item->>'contract' THEN
            RAISE EXCEPTION 'idempotency conflict' USING ERRCODE = 'SL409',
              DETAIL = json_build_object('idempotencyKey', item->>'key', 'existingIndex', existing.idx,
                'existingPayloadHash', existing.payload_hash, 'payloadHash', item->>'payloadHash')::text;
          END IF;
          group_out := group_out || jsonb_build_array(jsonb_build_object(
            'header', existing.header, 'entryHash', existing.entry_hash, 'payload', existing.payload, 'key', item->>'key'));
          CONTINUE;
        END IF;

        SELECT e.stream_index, e.entry_hash INTO head FROM ledger_entries e
          WHERE e.stream = item->>'stream' ORDER BY e.stream_index DESC LIMIT 1;
        IF FOUND THEN
          sidx := head.stream_index + 1;
          prev_hash := head.entry_hash;
        ELSE
          sidx := 0;
          prev_hash := NULL;
        END IF;
        new_index := log_size;
        -- JCS of the header: members in sorted order, every JSON value pre-canonicalized by the caller.
        header := '{"actor":' || (item->>'actorJson') || ',"contract":' || (item->>'contractJson') || ',"index":' || new_index
          || ',"kind":' || (item->>'kindJson') || ',"payloadHash":"' || (item->>'payloadHash') || '","prevEntryHash":'
          || coalesce('"' || prev_hash || '"', 'null') || ',"recordedAt":' || (item->>'recordedAtJson')
          || ',"stream":' || (item->>'streamJson') || ',"streamIndex":' || sidx || ',"v":1}';
        ehash := 'sha256:' || encode(sha256(convert_to(header, 'UTF8')), 'hex');
        INSERT INTO ledger_entries (idx, stream, stream_index, kind, contract, payload_hash, prev_entry_hash, entry_hash,
            recorded_at, idempotency_key, header, payload)
          VALUES (new_index, item->>'stream', sidx, item->>'kind', item->>'contract', item->>'payloadHash', prev_hash, ehash,
            item->>'recordedAt', item->>'key', header, item->>'payload');

        -- RFC 9162 2.1.1: leaf hash SHA-256(0x00 || leaf), node hash SHA-256(0x01 || left || right).
        h := sha256('\\x00'::bytea || convert_to(header, 'UTF8'));
        INSERT INTO ledger_merkle_nodes (level, idx, hash) VALUES (0, new_index, h);
        lvl := 0;
        -- Each trailing 1 bit of the new leaf's index completes one perfect subtree with the edge's last hash.
        WHILE ((new_index >> lvl) & 1) = 1 LOOP
          h := sha256('\\x01'::bytea || edge[array_length(edge, 1)] || h);
          edge := edge[1:array_length(edge, 1) - 1];
          lvl := lvl + 1;
          INSERT INTO ledger_merkle_nodes (level, idx, hash) VALUES (lvl, new_index >> lvl, h);
        END LOOP;
        edge := edge || h;
        log_size := log_size + 1;
        group_out := group_out || jsonb_build_array(jsonb_build_object(
          'header', header, 'entryHash', ehash, 'payload', item->>'payload', 'key', item->>'key'));
      END LOOP;
      results := results || jsonb_build_array(jsonb_build_object('ok', true, 'entries', group_out));
    EXCEPTION WHEN SQLSTATE 'SL409' THEN
      -- The group's inserts were rolled back with its subtransaction; restore the in-memory state too.
      GET STACKED DIAGNOSTICS conflict_detail = PG_EXCEPTION_DETAIL;
      log_size := saved_size;
      edge := saved_edge;
      results := results || jsonb_build_array(jsonb_build_object('ok', false, 'conflict', conflict_detail::jsonb));
    END;
  END LOOP;

  IF log_size = st.size THEN
    RETURN results;
  END IF;
  root := edge[array_length(edge, 1)];
  FOR i IN REVERSE array_length(edge, 1) - 1 .. 1 LOOP
    root := sha256('\\x01'::bytea || edge[i] || root);
  END LOOP;
  UPDATE ledger_log_state SET size = log_size,
    frontier = (SELECT to_jsonb(array_agg(encode(f, 'hex') ORDER BY o)) FROM unnest(edge) WITH ORDINALITY AS u(f, o)),
    root_hash = encode(root, 'hex')
  WHERE id = 1;
  RETURN results;
END
$fn$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('ledger migrations are irreversible');
}
