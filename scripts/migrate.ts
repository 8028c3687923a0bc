/**
 * `npm run migrate`: the same as `synthledger migrate` — brings the ledger
 * database up to date as its owner (DATABASE_URL, else database
 * `synthledger` on the local or embedded server) and sets up its
 * application role.
 */
import { runCli } from '../cli/program';

runCli([process.argv[0]!, process.argv[1]!, 'migrate', ...process.argv.slice(2)]).then((status) => process.exit(status), (e: unknown) => {
  console.error(`migration failed: ${(e as Error).message}`);
  process.exit(70);
});
