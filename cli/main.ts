#!/usr/bin/env node
/** Entry point of the `synthledger` command (run through tsx: `npm run synthledger -- …`, `npx synthledger …`). */
import { runCli } from './program';

runCli(process.argv).then(
  // Exit explicitly: the Temporal native runtime can keep the event loop alive after everything closed.
  (status) => process.exit(status),
  (err: unknown) => {
    process.stderr.write(`INTERNAL: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(70);
  },
);
