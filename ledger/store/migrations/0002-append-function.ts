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
 * Output: one element per group, `{ ok: true, entries: [[header, entryHash], …] }`
 * (the caller holds the payloads; a repeated key's stored payload has the
 * same hash, so the same canonical bytes) or `{ ok: false, conflict: {…} }` (IDEMPOTENCY_CONFLICT:
 * that group wrote nothing; the others are unaffected).
 *
 * Rows are collected in arrays and written once at the end (INSERT … SELECT
 * unnest), so the loop over items reads at most a key and a stream head.
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
  heads jsonb := '{}'::jsonb;
  grp jsonb;
  item jsonb;
  head jsonb;
  existing record;
  seen boolean;
  pos integer;
  results jsonb := '[]'::jsonb;
  group_out jsonb;
  conflict jsonb;
  -- Group rollback points: rows are written once at the end, so a failed group only truncates these.
  g_size bigint; g_edge bytea[]; g_heads jsonb; g_entries integer; g_nodes integer;
  -- Rows to insert, column by column.
  e_idx bigint[] := '{}'; e_stream text[] := '{}'; e_sidx integer[] := '{}'; e_kind text[] := '{}'; e_contract text[] := '{}';
  e_phash text[] := '{}'; e_prev text[] := '{}'; e_hash text[] := '{}'; e_rec text[] := '{}'; e_key text[] := '{}';
  e_header text[] := '{}'; e_payload text[] := '{}';
  n_level smallint[] := '{}'; n_idx bigint[] := '{}'; n_hash bytea[] := '{}';
  ne integer := 0;
  nn integer := 0;
  new_index bigint;
  sidx integer;
  prev_hash text;
  header text;
  ehash text;
  h bytea;
  lvl integer;
  root bytea;
BEGIN
  -- The sequencer: one row lock orders every append of every process; the reads below see every earlier append.
  SELECT * INTO st FROM ledger_log_state WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger_log_state has no row: run the migrations' USING ERRCODE = 'SL500';
  END IF;
  log_size := st.size;
  SELECT coalesce(array_agg(decode(x, 'hex') ORDER BY ord), '{}'::bytea[]) INTO edge
    FROM jsonb_array_elements_text(st.frontier) WITH ORDINALITY AS t(x, ord);

  FOR grp IN SELECT value FROM jsonb_array_elements(batch) LOOP
    g_size := log_size; g_edge := edge; g_heads := heads;
    g_entries := ne; g_nodes := nn;
    group_out := '[]'::jsonb;
    conflict := NULL;
    FOR item IN SELECT value FROM jsonb_array_elements(grp) LOOP
      -- Idempotency: the key may be stored already, or earlier in this batch.
      pos := array_position(e_key[1:ne], item->>'key');
      IF pos IS NOT NULL THEN
        SELECT e_idx[pos] AS idx, e_header[pos] AS header, e_hash[pos] AS entry_hash, e_payload[pos] AS payload, e_phash[pos] AS payload_hash,
          e_stream[pos] AS stream, e_kind[pos] AS kind, e_contract[pos] AS contract INTO existing;
        seen := true;
      ELSE
        SELECT e.idx, e.header, e.entry_hash, e.payload, e.payload_hash, e.stream, e.kind, e.contract INTO existing
          FROM ledger_entries e WHERE e.idempotency_key = item->>'key';
        seen := FOUND;
      END IF;
      IF seen THEN
        IF existing.payload_hash <> item->>'payloadHash' OR existing.stream <> item->>'stream'
           OR existing.kind <> item->>'kind' OR existing.contract IS DISTINCT FROM item->>'contract' THEN
          conflict := jsonb_build_object('idempotencyKey', item->>'key', 'existingIndex', existing.idx,
            'existingPayloadHash', existing.payload_hash, 'payloadHash', item->>'payloadHash');
          EXIT;
        END IF;
        group_out := group_out || jsonb_build_array(jsonb_build_array(existing.header, existing.entry_hash));
        CONTINUE;
      END IF;

      -- Stream head: from this batch if the stream was written in it, else one backward index scan.
      head := heads -> (item->>'stream');
      IF head IS NULL THEN
        SELECT jsonb_build_object('streamIndex', e.stream_index, 'entryHash', e.entry_hash) INTO head FROM ledger_entries e
          WHERE e.stream = item->>'stream' ORDER BY e.stream_index DESC LIMIT 1;
      END IF;
      IF head IS NOT NULL THEN
        sidx := (head->>'streamIndex')::integer + 1;
        prev_hash := head->>'entryHash';
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
      -- Element assignment (not ||) keeps PL/pgSQL's arrays expanded in place: appending stays O(1).
      ne := ne + 1;
      e_idx[ne] := new_index; e_stream[ne] := item->>'stream'; e_sidx[ne] := sidx; e_kind[ne] := item->>'kind';
      e_contract[ne] := item->>'contract'; e_phash[ne] := item->>'payloadHash'; e_prev[ne] := prev_hash; e_hash[ne] := ehash;
      e_rec[ne] := item->>'recordedAt'; e_key[ne] := item->>'key'; e_header[ne] := header; e_payload[ne] := item->>'payload';
      heads := heads || jsonb_build_object(item->>'stream', jsonb_build_object('streamIndex', sidx, 'entryHash', ehash));

      -- RFC 9162 2.1.1: leaf hash SHA-256(0x00 || leaf), node hash SHA-256(0x01 || left || right).
      h := sha256('\\x00'::bytea || convert_to(header, 'UTF8'));
      nn := nn + 1;
      n_level[nn] := 0; n_idx[nn] := new_index; n_hash[nn] := h;
      lvl := 0;
      -- Each trailing 1 bit of the new leaf's index completes one perfect subtree with the edge's last hash.
      WHILE ((new_index >> lvl) & 1) = 1 LOOP
        h := sha256('\\x01'::bytea || edge[array_length(edge, 1)] || h);
        edge := edge[1:array_length(edge, 1) - 1];
        lvl := lvl + 1;
        nn := nn + 1;
        n_level[nn] := lvl; n_idx[nn] := new_index >> lvl; n_hash[nn] := h;
      END LOOP;
      edge := edge || h;
      log_size := log_size + 1;
      group_out := group_out || jsonb_build_array(jsonb_build_array(header, ehash));
    END LOOP;
    IF conflict IS NOT NULL THEN
      -- IDEMPOTENCY_CONFLICT: this group writes nothing; the other groups go on.
      log_size := g_size; edge := g_edge; heads := g_heads;
      -- Rows past ne/nn are dead: every later read and the final INSERTs slice [1:ne] / [1:nn].
      ne := g_entries; nn := g_nodes;
      results := results || jsonb_build_array(jsonb_build_object('ok', false, 'conflict', conflict));
    ELSE
      results := results || jsonb_build_array(jsonb_build_object('ok', true, 'entries', group_out));
    END IF;
  END LOOP;

  IF log_size = st.size THEN
    RETURN results;
  END IF;
  INSERT INTO ledger_entries (idx, stream, stream_index, kind, contract, payload_hash, prev_entry_hash, entry_hash,
      recorded_at, idempotency_key, header, payload)
    SELECT * FROM unnest(e_idx[1:ne], e_stream[1:ne], e_sidx[1:ne], e_kind[1:ne], e_contract[1:ne], e_phash[1:ne], e_prev[1:ne],
      e_hash[1:ne], e_rec[1:ne], e_key[1:ne], e_header[1:ne], e_payload[1:ne]);
  INSERT INTO ledger_merkle_nodes (level, idx, hash) SELECT * FROM unnest(n_level[1:nn], n_idx[1:nn], n_hash[1:nn]);
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
