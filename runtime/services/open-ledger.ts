/**
 * Opens the ledger database as its application role, which may only read
 * and call the ledger's write functions (migration 0004). Never migrates:
 * that is `synthledger migrate`'s job, as the owner (docs/adr/0007).
 */
import { sql } from 'kysely';
import { EnvironmentError } from '../../common/errors';
import { APP_PASSWORD_ENV, appUrlFor, Ledger } from '../../ledger';
import { readAppPassword } from './app-credentials';
import { locateDatabase, type LocatedDatabase } from './locate-database';
import { redact } from './redact';
import { sequencerSettingsFromEnv } from './sequencer-settings';
import type { RuntimeConfig } from './runtime-config';

/** An open ledger and what it took to open it. */
export interface LedgerHandle {
  ledger: Ledger;
  /** The database's URL as configured (DATABASE_URL or the found server), or the application URL when only that was given. */
  ownerUrl: string;
  /** The application role's URL (password redacted). */
  appUrl: string;
  origin: LocatedDatabase['origin'] | 'SYNTHLEDGER_APP_DATABASE_URL';
  close(): Promise<void>;
}

/** SQLSTATEs that mean "not migrated yet, or not this role's database": the database, role or table is missing, or access is refused. */
const NOT_SET_UP = new Set(['3D000', '28000', '28P01', '42P01', '42501', '42883']);

/**
 * Opens the ledger as the application role: SYNTHLEDGER_APP_DATABASE_URL as
 * given, else the database DATABASE_URL names (or `synthledger` on a found
 * server) with the role derived from its name and the password from
 * $SYNTHLEDGER_APP_PASSWORD or the file `synthledger migrate` stored.
 * CONFIG_INVALID when the database is not migrated or the role has no
 * password; SERVICE_UNAVAILABLE when the server does not answer.
 */
export async function openLedger(config: RuntimeConfig, log: (m: string) => void = () => {}): Promise<LedgerHandle> {
  const direct = config.env.SYNTHLEDGER_APP_DATABASE_URL;
  const located = direct ? null : await locateDatabase(config, log);
  const stop = async () => { await located?.server.stop(); };
  let appUrl: string;
  try {
    if (direct) {
      appUrl = direct;
    } else {
      const known = readAppPassword(located!.ownerUrl, config.env);
      if (!known) {
        throw new EnvironmentError('CONFIG_INVALID',
          `no password for the application role of ${redact(located!.ownerUrl)}: run \`synthledger migrate\` (as the database owner; it stores one) or set ${APP_PASSWORD_ENV}`,
          { details: { field: APP_PASSWORD_ENV } });
      }
      appUrl = appUrlFor(located!.ownerUrl, {}, known.password);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const ledger = Ledger.open(appUrl, { maxConnections: 5, ...sequencerSettingsFromEnv(config.env) });
  try {
    await sql`SELECT size FROM ledger_log_state WHERE id = 1`.execute(ledger.db);
  } catch (cause) {
    await ledger.close();
    await stop();
    const code = (cause as { code?: string }).code;
    if (code && NOT_SET_UP.has(code)) {
      throw new EnvironmentError('CONFIG_INVALID',
        `the ledger database ${redact(appUrl)} is not set up for its application role (${(cause as Error).message}): run \`synthledger migrate\` as the database owner first`,
        { cause, details: { sqlstate: code } });
    }
    throw new EnvironmentError('SERVICE_UNAVAILABLE', `cannot reach the ledger database ${redact(appUrl)}: ${(cause as Error).message}`, { cause });
  }
  return {
    ledger, ownerUrl: located?.ownerUrl ?? appUrl, appUrl: redact(appUrl), origin: located?.origin ?? 'SYNTHLEDGER_APP_DATABASE_URL',
    close: async () => {
      await ledger.close();
      await stop();
    },
  };
}
