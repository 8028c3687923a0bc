/**
 * Leases as session advisory locks (ledger/store/advisory-lease.ts), as the
 * application role: one session holds a lease at a time, a clean stop gives
 * it back, a session that ends loses it, and the roles' keys are distinct.
 */
import { Client } from 'pg';
import { giveLeaseBack, LEASE_KEYS, tryTakeLease, type LeaseConnection } from '../../ledger/store/advisory-lease';
import { freshDatabase } from '../support/services';

describe('advisory leases', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const clients: Client[] = [];

  async function session(): Promise<{ client: Client; run: LeaseConnection }> {
    const client = new Client({ connectionString: db.appUrl });
    await client.connect();
    clients.push(client);
    return { client, run: (text, values) => client.query(text, values) };
  }

  beforeAll(async () => {
    db = await freshDatabase('lease');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await db?.drop();
  });

  it('gives each role its own key', () => {
    const keys = Object.values(LEASE_KEYS);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lets one session hold a lease, and the next take it once given back or once its holder is gone', async () => {
    const [a, b, c] = [await session(), await session(), await session()];
    expect(await tryTakeLease(a.run, LEASE_KEYS.sequencer)).toBe(true);
    expect(await tryTakeLease(b.run, LEASE_KEYS.sequencer)).toBe(false);
    // Another role's lease is independent.
    expect(await tryTakeLease(b.run, LEASE_KEYS.checkpointer)).toBe(true);
    await giveLeaseBack(a.run, LEASE_KEYS.sequencer);
    expect(await tryTakeLease(c.run, LEASE_KEYS.sequencer)).toBe(true);
    expect(await tryTakeLease(a.run, LEASE_KEYS.sequencer)).toBe(false);
    // The holder's session ends: the lease is free (once the server has ended the backend, a moment after the socket).
    await c.client.end();
    const deadline = Date.now() + 5_000;
    let taken = false;
    while (!taken && Date.now() < deadline) {
      taken = await tryTakeLease(a.run, LEASE_KEYS.sequencer);
      if (!taken) await new Promise((r) => setTimeout(r, 20));
    }
    expect(taken).toBe(true);
  });
});
