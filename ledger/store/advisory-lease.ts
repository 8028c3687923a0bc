/**
 * Leases as PostgreSQL session advisory locks: the batch sequencer's
 * integrator (docs/adr/0014) and the background checkpointer (docs/adr/0015)
 * each run in one process at a time, the holder of its lock. A session lock
 * ends with the session, so a process that dies, loses its connection or
 * outlives a server restart loses its lease, and the next process to try
 * takes it; there is no lease table and no expiry. Advisory locks are per
 * database, as the log is: one lease of each kind per log. Both functions
 * are PUBLIC, so the application role needs no privilege.
 */

/** The leases, by role: 64-bit keys spelling an ASCII tag, all distinct (a key names one role in every database). */
export const LEASE_KEYS = {
  /** The batch sequencer's integrator: `sl-seqr1`. */
  sequencer: 0x736c2d7365717231n,
  /** The background checkpointer: `sl-ckpt1`. */
  checkpointer: 0x736c2d636b707431n,
  /** Not a lease: held by the integrator while it is parked, shared by submissions in flight (migration 0007): `sl-park1`. */
  park: 0x736c2d7061726b31n,
} as const;

/** Runs one parameterized statement on the connection that is to hold the lease (a pg client or a kysely connection). */
export type LeaseConnection = (text: string, values: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

/** Takes the lease `key` on `connection` if no session holds it; true when this one holds it now. Never waits. */
export async function tryTakeLease(connection: LeaseConnection, key: bigint): Promise<boolean> {
  const { rows } = await connection('SELECT pg_try_advisory_lock($1::bigint) AS held', [String(key)]);
  return rows[0]?.held === true;
}

/** Gives the lease `key` back on `connection` (the session that holds it), for a clean stop. */
export async function giveLeaseBack(connection: LeaseConnection, key: bigint): Promise<void> {
  await connection('SELECT pg_advisory_unlock($1::bigint)', [String(key)]);
}
