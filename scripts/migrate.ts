/**
 * `npm run migrate`: brings the ledger database up to date as its owner
 * (DATABASE_URL, else database `synthledger` on the local or embedded
 * server), including the append-only triggers and the application role.
 */
import { openLedger, readRuntimeConfig, redact } from '../runtime';

async function main(): Promise<void> {
  const handle = await openLedger(readRuntimeConfig(), (m) => process.stderr.write(`${m}\n`));
  try {
    const state = await handle.ledger.reader.logState();
    console.log(`migrated ${redact(handle.ownerUrl)} (${handle.origin}); log ${state.origin} has ${state.size} entries`);
  } finally {
    await handle.close();
  }
}

main().catch((e) => {
  console.error(`migration failed: ${(e as Error).message}`);
  process.exit(1);
});
