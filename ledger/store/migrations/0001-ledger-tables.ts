/** Creates the ledger tables, the append-only triggers and the application role's grants. */
import { sql, type Kysely } from 'kysely';

/** Tables whose rows may never change or disappear once written. */
export const APPEND_ONLY_TABLES = ['ledger_entries', 'ledger_checkpoints', 'ledger_merkle_nodes', 'ledger_blobs'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ledger_entries')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('stream_index', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('contract', 'text')
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('prev_entry_hash', 'text')
    .addColumn('entry_hash', 'text', (c) => c.notNull().unique())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('header', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('inserted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('ledger_entries_stream_position', ['stream', 'stream_index'])
    .execute();

  await db.schema
    .createTable('ledger_log_state')
    .addColumn('id', 'smallint', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('frontier', 'jsonb', (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ledger_merkle_nodes')
    .addColumn('level', 'smallint', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_merkle_nodes_pk', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('tree_size', 'bigint', (c) => c.primaryKey())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('ledger_blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await sql`
    CREATE FUNCTION ledger_refuse_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  for (const table of APPEND_ONLY_TABLES) {
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_update_delete`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION ledger_refuse_mutation()`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_mutation()`.execute(db);
  }
}

export async function down(): Promise<void> {
  // An append-only ledger is never migrated down: that would lose accepted entries.
  throw new Error('ledger migrations are irreversible');
}
