/**
 * A separate process for the batch sequencer's crash tests: opens the ledger
 * at <url> (batch sequencer), appends one entry to <stream> with key
 * <key>, prints `appended <index>` when it is in the log, then stays alive
 * (holding the integrator's lease if it took it) until it is killed.
 * Usage: tsx test/support/sequencer-child.ts <url> <stream> <key> [<idle check ms>]
 */
import { Ledger } from '../../ledger/store/ledger';

async function main(): Promise<void> {
  const [url, stream, key, idleCheckMs] = process.argv.slice(2);
  const ledger = Ledger.open(url!, { maxConnections: 1, ...(idleCheckMs ? { idleCheckMs: Number(idleCheckMs) } : {}) });
  const entry = await ledger.append({ stream: stream!, kind: 'test.sequencer', contract: null, payload: { key, pid: process.pid }, idempotencyKey: key! });
  process.stdout.write(`appended ${entry.header.index}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
