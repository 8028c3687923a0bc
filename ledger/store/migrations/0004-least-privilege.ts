/**
 * Least privilege (docs/adr/0007): the application role gets no INSERT,
 * UPDATE or DELETE on any ledger table. Every write goes through a function
 * owned by the owner (`SECURITY DEFINER`, fixed `search_path`):
 * `ledger_append` (migration 0002), `ledger_add_checkpoint` and
 * `ledger_put_blob`. The log state row can only take a value the stored
 * Merkle nodes support: a trigger recomputes the frontier and the root from
 * the nodes on every change, so neither a forged UPDATE nor a bug in the
 * append can leave a root that a checkpoint would then sign.
 *
 * The per-database role itself and its grants are made by the migrator after
 * the migrations (its name depends on the database; see app-role.ts).
 *
 * Custom SQLSTATEs: SL501 = the log state or a checkpoint disagrees with the
 * stored nodes (LOG_STATE_CORRUPT); SL422 = a bad argument (INVALID_ARGUMENT).
 */
import { sql, type Kysely } from 'kysely';

/** The role every earlier migration granted to, cluster-wide (withdrawn here). */
const LEGACY_APP_ROLE = 'synthledger_app';

/** Functions the application role may EXECUTE (granted by the migrator). */
export const APP_FUNCTIONS = ['ledger_append(jsonb)', 'ledger_add_checkpoint(bigint, text, text, text)', 'ledger_bind_log_key(text, bigint, text, text)', 'ledger_put_blob(text, bytea)'] as const;

/** Every ledger table, for the grants. */
export const LEDGER_TABLES = ['ledger_entries', 'ledger_log_state', 'ledger_merkle_nodes', 'ledger_checkpoints', 'ledger_blobs', 'ledger_log_keys'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  // Objects created in public by anyone could shadow ours inside a definer function; PostgreSQL 15
  // already refuses CREATE there to PUBLIC, older servers do not.
  await sql`REVOKE CREATE ON SCHEMA public FROM PUBLIC`.execute(db);

  // The right edge of the tree of the first n leaves, largest subtree first, read from the stored
  // nodes: one node per set bit of n (RFC 9162 2.1.1; the same decomposition as MerkleFrontier).
  await sql`
CREATE FUNCTION ledger_frontier_at(n bigint) RETURNS bytea[] LANGUAGE plpgsql STABLE
  SET search_path = public, pg_temp AS $fn$
DECLARE
  edge bytea[] := '{}';
  start bigint := 0;
  h bytea;
BEGIN
  IF n IS NULL OR n < 0 THEN
    RAISE EXCEPTION 'tree size % is not a size', n USING ERRCODE = 'SL422';
  END IF;
  FOR lvl IN REVERSE 62 .. 0 LOOP
    IF ((n >> lvl) & 1) = 1 THEN
      SELECT hash INTO h FROM ledger_merkle_nodes WHERE level = lvl AND idx = start >> lvl;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'Merkle node (level %, index %) is missing for tree size %', lvl, start >> lvl, n USING ERRCODE = 'SL501';
      END IF;
      edge := edge || h;
      start := start + (1::bigint << lvl);
    END IF;
  END LOOP;
  RETURN edge;
END
$fn$`.execute(db);

  // RFC 9162 2.1.1: the empty tree's root is SHA-256 of nothing; otherwise fold the edge right to left.
  await sql`
CREATE FUNCTION ledger_root_of(edge bytea[]) RETURNS bytea LANGUAGE plpgsql IMMUTABLE
  SET search_path = public, pg_temp AS $fn$
DECLARE
  root bytea;
BEGIN
  IF coalesce(array_length(edge, 1), 0) = 0 THEN
    RETURN sha256(''::bytea);
  END IF;
  root := edge[array_length(edge, 1)];
  FOR i IN REVERSE array_length(edge, 1) - 1 .. 1 LOOP
    root := sha256('\\x01'::bytea || edge[i] || root);
  END LOOP;
  RETURN root;
END
$fn$`.execute(db);

  // True when (size, frontier, root) is exactly what the stored nodes give at that size.
  await sql`
CREATE FUNCTION ledger_state_matches_nodes(size bigint, frontier jsonb, root_hash text) RETURNS boolean LANGUAGE plpgsql STABLE
  SET search_path = public, pg_temp AS $fn$
DECLARE
  edge bytea[] := ledger_frontier_at(size);
BEGIN
  RETURN frontier IS NOT DISTINCT FROM (SELECT coalesce(jsonb_agg(encode(f, 'hex') ORDER BY o), '[]'::jsonb) FROM unnest(edge) WITH ORDINALITY AS u(f, o))
    AND root_hash IS NOT DISTINCT FROM encode(ledger_root_of(edge), 'hex');
END
$fn$`.execute(db);

  // The state row may only grow, keep its origin, and hold exactly the frontier and root of its
  // size. The old row is checked too: an append must not build on a state changed behind the
  // trigger's back (its new nodes would then be wrong and match the new state).
  await sql`
CREATE FUNCTION ledger_log_state_check() RETURNS trigger LANGUAGE plpgsql
  SET search_path = public, pg_temp AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the log state is never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW.origin <> OLD.origin OR NEW.size < OLD.size OR NEW.id <> OLD.id THEN
      RAISE EXCEPTION 'the log state only grows: size % -> %, origin % -> %', OLD.size, NEW.size, OLD.origin, NEW.origin
        USING ERRCODE = 'SL501';
    END IF;
    IF NOT ledger_state_matches_nodes(OLD.size, OLD.frontier, OLD.root_hash) THEN
      RAISE EXCEPTION 'the log state (size %, root %) was changed outside ledger_append: it disagrees with the stored Merkle nodes', OLD.size, OLD.root_hash
        USING ERRCODE = 'SL501';
    END IF;
  END IF;
  IF NOT ledger_state_matches_nodes(NEW.size, NEW.frontier, NEW.root_hash) THEN
    RAISE EXCEPTION 'the log state (size %, root %) disagrees with the stored Merkle nodes', NEW.size, NEW.root_hash
      USING ERRCODE = 'SL501';
  END IF;
  IF (NEW.size > 0 AND NOT EXISTS (SELECT 1 FROM ledger_entries WHERE idx = NEW.size - 1))
     OR EXISTS (SELECT 1 FROM ledger_entries WHERE idx = NEW.size) THEN
    RAISE EXCEPTION 'the log state size % disagrees with the stored entries', NEW.size USING ERRCODE = 'SL501';
  END IF;
  RETURN NEW;
END
$fn$`.execute(db);
  await sql`CREATE TRIGGER ledger_log_state_consistent BEFORE INSERT OR UPDATE OR DELETE ON ledger_log_state
    FOR EACH ROW EXECUTE FUNCTION ledger_log_state_check()`.execute(db);
  await sql`CREATE TRIGGER ledger_log_state_no_truncate BEFORE TRUNCATE ON ledger_log_state
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_mutation()`.execute(db);

  // Appends run with the owner's rights: the caller needs EXECUTE, not INSERT or UPDATE.
  await sql`ALTER FUNCTION ledger_append(jsonb) SECURITY DEFINER SET search_path = public, pg_temp`.execute(db);

  // A checkpoint row must name a size the log has and the root the stored nodes give at that size,
  // and its note's body (C2SP tlog-checkpoint: origin, size, base64 root) must say the same. The
  // signature is the verifiers' to check; the database holds no key.
  await sql`
CREATE FUNCTION ledger_add_checkpoint(p_tree_size bigint, p_root_hash text, p_note text, p_verifier_key text) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  st record;
  body text[];
BEGIN
  SELECT s.origin, s.size INTO st FROM ledger_log_state s WHERE s.id = 1;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger_log_state has no row: run the migrations' USING ERRCODE = 'SL500';
  END IF;
  IF p_tree_size IS NULL OR p_tree_size < 0 OR p_tree_size > st.size THEN
    RAISE EXCEPTION 'checkpoint tree size % is not in [0, %]', p_tree_size, st.size USING ERRCODE = 'SL422';
  END IF;
  IF p_root_hash IS DISTINCT FROM encode(ledger_root_of(ledger_frontier_at(p_tree_size)), 'hex') THEN
    RAISE EXCEPTION 'checkpoint root % at size % disagrees with the stored Merkle nodes', p_root_hash, p_tree_size USING ERRCODE = 'SL501';
  END IF;
  body := string_to_array(split_part(p_note, E'\n\n', 1), E'\n');
  IF body[1] IS DISTINCT FROM st.origin OR body[2] IS DISTINCT FROM p_tree_size::text
     OR body[3] IS DISTINCT FROM encode(decode(p_root_hash, 'hex'), 'base64') THEN
    RAISE EXCEPTION 'checkpoint note body does not name origin %, size % and its root', st.origin, p_tree_size USING ERRCODE = 'SL422';
  END IF;
  -- The key checks of migration 0003 run as triggers on this insert (the first checkpoint binds the key).
  INSERT INTO ledger_checkpoints AS c (tree_size, root_hash, note, verifier_key) VALUES (p_tree_size, p_root_hash, p_note, p_verifier_key)
    ON CONFLICT ON CONSTRAINT ledger_checkpoints_pkey DO NOTHING;
END
$fn$`.execute(db);

  // A rotated key is bound through a function too; migration 0003's trigger checks the rotation statement.
  await sql`
CREATE FUNCTION ledger_bind_log_key(p_origin text, p_from_tree_size bigint, p_verifier_key text, p_rotation_statement text) RETURNS void LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  INSERT INTO ledger_log_keys (origin, from_tree_size, verifier_key, rotation_statement)
    VALUES (p_origin, p_from_tree_size, p_verifier_key, p_rotation_statement);
END
$fn$`.execute(db);

  // Blobs are content-addressed: the database computes the address, so no row can lie about its bytes.
  await sql`
CREATE FUNCTION ledger_put_blob(p_media_type text, p_bytes bytea) RETURNS text LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  address text := 'sha256:' || encode(sha256(p_bytes), 'hex');
BEGIN
  IF p_media_type IS NULL OR p_bytes IS NULL THEN
    RAISE EXCEPTION 'a blob needs a media type and bytes' USING ERRCODE = 'SL422';
  END IF;
  INSERT INTO ledger_blobs AS b (sha256, media_type, bytes) VALUES (address, p_media_type, p_bytes)
    ON CONFLICT ON CONSTRAINT ledger_blobs_pkey DO NOTHING;
  RETURN address;
END
$fn$`.execute(db);

  // Functions are executable by PUBLIC by default: only the application role (granted by the migrator) may.
  for (const fn of [...APP_FUNCTIONS, 'ledger_frontier_at(bigint)', 'ledger_root_of(bytea[])', 'ledger_state_matches_nodes(bigint, jsonb, text)']) {
    await sql`REVOKE ALL ON FUNCTION ${sql.raw(fn)} FROM PUBLIC`.execute(db);
  }
  // Earlier migrations granted INSERT (and UPDATE of the state) to one cluster-wide role: withdraw it here.
  await sql`DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${sql.lit(LEGACY_APP_ROLE)}) THEN
      EXECUTE format('REVOKE ALL ON ledger_entries, ledger_log_state, ledger_merkle_nodes, ledger_checkpoints, ledger_blobs, ledger_log_keys FROM %I', ${sql.lit(LEGACY_APP_ROLE)});
    END IF;
  END $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('ledger migrations are irreversible');
}
