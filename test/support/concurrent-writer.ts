/**
 * A separate process for the concurrency test: `writers` independent writers
 * (one connection each) append `count` entries each to their own streams.
 * Usage: tsx test/support/concurrent-writer.ts <url> <writers> <count> <streamPrefix>
 */
import { Ledger } from '../../ledger/store/ledger';

async function main(): Promise<void> {
  const [url, writersArg, countArg, prefix] = process.argv.slice(2);
  const writers = Number(writersArg);
  const count = Number(countArg);
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    const ledger = Ledger.open(url!, { maxConnections: 1 });
    try {
      for (let i = 0; i < count; i++) {
        await ledger.append({
          stream: `${prefix}-w${w}`, kind: 'test.concurrent', contract: null,
          payload: { writer: w, i, pid: process.pid }, idempotencyKey: `${prefix}-w${w}-${i}`,
        });
      }
    } finally {
      await ledger.close();
    }
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
