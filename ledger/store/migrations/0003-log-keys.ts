/**
 * One signing key per log (DESIGN 4.6): `ledger_log_keys` binds a log origin
 * to its checkpoint verifier key from a tree size on, append-only like the
 * entries. The first signed checkpoint binds the key; every later checkpoint
 * must be signed by the key bound for its tree size, and a new binding needs
 * a rotation statement naming the current key as `old`. The checks run in
 * the database (triggers), so no process can sign the shared log with another
 * key, whatever its code does.
 */
import { sql, type Kysely } from 'kysely';

/** Append-only tables this migration adds (UPDATE, DELETE, TRUNCATE refused). */
export const LOG_KEY_TABLES = ['ledger_log_keys'] as const;

/** SQLSTATE raised when a checkpoint or a binding names a key other than the log's (mapped to SIGNING_KEY_MISMATCH). */
export const SIGNING_KEY_MISMATCH_SQLSTATE = 'SL409';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_log_keys')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('from_tree_size', 'bigint', (c) => c.notNull().check(sql`from_tree_size >= 0`))
    .addColumn('verifier_key', 'text', (c) => c.notNull())
    .addColumn('rotation_statement', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('ledger_log_keys_pk', ['origin', 'from_tree_size'])
    .addUniqueConstraint('ledger_log_keys_key', ['origin', 'verifier_key'])
    .execute();
  for (const table of LOG_KEY_TABLES) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_update_delete`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION ledger_refuse_mutation()`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_mutation()`.execute(db);
  }
  // Adding a nullable column rewrites no row; older checkpoints keep NULL.
  await sql`ALTER TABLE ledger_checkpoints ADD COLUMN verifier_key text`.execute(db);

  // A new binding: the first one for an origin starts at 0 without a statement; every later one
  // comes from a rotation statement whose "old" line is the current key and "new" line the new one.
  await sql`
CREATE FUNCTION ledger_log_key_check() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  cur record;
BEGIN
  PERFORM 1 FROM ledger_log_state WHERE id = 1 FOR UPDATE;
  SELECT verifier_key, from_tree_size INTO cur FROM ledger_log_keys
    WHERE origin = NEW.origin ORDER BY from_tree_size DESC LIMIT 1;
  IF cur IS NULL THEN
    IF NEW.from_tree_size <> 0 OR NEW.rotation_statement IS NOT NULL THEN
      RAISE EXCEPTION 'the first key of log % starts at tree size 0, without a rotation statement', NEW.origin USING ERRCODE = 'SL409';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.rotation_statement IS NULL
     OR NEW.from_tree_size <= cur.from_tree_size
     OR position(E'\nold ' || cur.verifier_key || E'\n' IN NEW.rotation_statement) = 0
     OR position(E'\nnew ' || NEW.verifier_key || E'\n' IN NEW.rotation_statement) = 0
     OR EXISTS (SELECT 1 FROM ledger_checkpoints WHERE tree_size >= NEW.from_tree_size) THEN
    RAISE EXCEPTION 'log % already has key %; a new key needs a rotation statement signed by it, from a tree size no checkpoint has reached', NEW.origin, cur.verifier_key USING ERRCODE = 'SL409';
  END IF;
  RETURN NEW;
END $fn$`.execute(db);
  await sql`CREATE TRIGGER ledger_log_keys_check BEFORE INSERT ON ledger_log_keys FOR EACH ROW EXECUTE FUNCTION ledger_log_key_check()`.execute(db);

  // Every checkpoint names its verifier key, whose name and key ID must be those of the note's first
  // signature line (c2sp.org/signed-note), and that key must be the one bound for its tree size.
  // The first checkpoint of a log binds its key.
  await sql`
CREATE FUNCTION ledger_checkpoint_key_check() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  log_origin text;
  bound text;
  sig text[];
BEGIN
  IF NEW.verifier_key IS NULL THEN
    RAISE EXCEPTION 'a checkpoint must name its verifier key' USING ERRCODE = 'SL409';
  END IF;
  sig := regexp_match(NEW.note, E'\n\n\u2014 ([^ \n]+) ([A-Za-z0-9+/]+=*)\n');
  IF sig IS NULL OR sig[1] <> split_part(NEW.verifier_key, '+', 1)
     OR encode(substring(decode(sig[2], 'base64') FROM 1 FOR 4), 'hex') <> lower(split_part(NEW.verifier_key, '+', 2)) THEN
    RAISE EXCEPTION 'the checkpoint note is not signed by the key it names (%)', NEW.verifier_key USING ERRCODE = 'SL409';
  END IF;
  SELECT origin INTO log_origin FROM ledger_log_state WHERE id = 1 FOR UPDATE;
  SELECT verifier_key INTO bound FROM ledger_log_keys
    WHERE origin = log_origin AND from_tree_size <= NEW.tree_size ORDER BY from_tree_size DESC LIMIT 1;
  IF bound IS NULL THEN
    IF EXISTS (SELECT 1 FROM ledger_log_keys WHERE origin = log_origin) THEN
      RAISE EXCEPTION 'log % has no key for tree size %', log_origin, NEW.tree_size USING ERRCODE = 'SL409';
    END IF;
    INSERT INTO ledger_log_keys (origin, from_tree_size, verifier_key) VALUES (log_origin, 0, NEW.verifier_key);
  ELSIF bound <> NEW.verifier_key THEN
    RAISE EXCEPTION 'log % is signed by key %, not %', log_origin, bound, NEW.verifier_key USING ERRCODE = 'SL409';
  END IF;
  RETURN NEW;
END $fn$`.execute(db);
  await sql`CREATE TRIGGER ledger_checkpoints_key_check BEFORE INSERT ON ledger_checkpoints FOR EACH ROW EXECUTE FUNCTION ledger_checkpoint_key_check()`.execute(db);
}

export async function down(): Promise<void> {
  // Key bindings are part of the log's history: never migrated down.
  throw new Error('ledger migrations are irreversible');
}
