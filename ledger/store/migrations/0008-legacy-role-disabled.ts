/**
 * The old cluster-wide application role can no longer log in (docs/adr/0007,
 * "Upgraded servers").
 *
 * Before migration 0004 every synthledger database granted INSERT to one role,
 * `synthledger_app`, created with the password `synthledger_app`. 0004
 * withdrew its grants in each database it migrated, but the role itself,
 * cluster-wide, kept its login and its well-known password: it could still
 * connect over TCP to every database that leaves CONNECT to PUBLIC. Here it
 * becomes `NOLOGIN` with no password.
 *
 * One database may legitimately own that name: the per-database role of a
 * database called `synthledger` is `synthledger_app` too (app-role.ts). The
 * migrator grants that role CONNECT on its database explicitly (the old
 * role relied on PUBLIC's), and sets a fresh password when it does; so when
 * database `synthledger` grants CONNECT to `synthledger_app`, the role is that
 * database's, its password already replaced, and it is left alone. When it
 * is disabled here and database `synthledger` is migrated later, its
 * migration gives the role LOGIN and a fresh password back, as its own.
 *
 * Roles are cluster-wide and every database runs this once: it acts only
 * while the role exists and can log in, so the second database finds nothing
 * to do, a server that never had the role is untouched, and an operator who
 * disabled it by hand (or a migrating owner without the right to alter it,
 * once it cannot log in) is not stopped here.
 */
import { sql, type Kysely } from 'kysely';

/** The role every migration before 0004 granted to, cluster-wide, with its name as its password. */
export const LEGACY_APP_ROLE = 'synthledger_app';
/** The database whose own application role is named {@link LEGACY_APP_ROLE} (appRoleName('synthledger')). */
const LEGACY_NAMED_DATABASE = 'synthledger';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await disableLegacyRole(db, LEGACY_APP_ROLE, LEGACY_NAMED_DATABASE);
}

/**
 * Makes `role` NOLOGIN with no password when it exists and can log in, unless
 * database `namesake` grants it CONNECT by name (then it is that database's
 * own application role). Idempotent. The migration's names are constants;
 * the test gives its own, so it never touches a role another database on a
 * shared server may own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: it runs raw SQL only
export async function disableLegacyRole(db: Kysely<any>, role: string, namesake: string): Promise<void> {
  const name = sql.lit(role);
  await sql`DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${name} AND rolcanlogin) THEN
    RETURN;
  END IF;
  -- The per-database role of the namesake database: CONNECT granted to it by name (aclexplode lists explicit grants only).
  IF EXISTS (SELECT 1 FROM pg_database d, aclexplode(d.datacl) a
             WHERE d.datname = ${sql.lit(namesake)} AND a.privilege_type = 'CONNECT'
               AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = ${name})) THEN
    RETURN;
  END IF;
  EXECUTE format('ALTER ROLE %I NOLOGIN PASSWORD NULL', ${name});
EXCEPTION WHEN insufficient_privilege THEN
  RAISE EXCEPTION 'role % (cluster-wide, default password) can still log in and % may not alter it: as a superuser run ALTER ROLE % NOLOGIN PASSWORD NULL, then migrate again',
    ${name}, current_user, ${name} USING ERRCODE = 'insufficient_privilege';
END $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('ledger migrations are irreversible');
}
