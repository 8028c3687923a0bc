/**
 * The default log origin, the first line of every C2SP checkpoint. Kept apart
 * from the migrator so processes that only need the name (the command line)
 * do not load the database driver.
 */

/** Default log origin (C2SP checkpoint first line); set SYNTHLEDGER_LOG_ORIGIN before the first migration to change it. */
export const DEFAULT_LOG_ORIGIN = 'synthledger.local/log';
