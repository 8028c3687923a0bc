/** `migrate`: the only command that connects as the database's owner (docs/adr/0007). */
import { redact } from '../../runtime';
import type { CommandContext } from '../command-context';
import { EXIT } from '../exit-codes';

/** Runs the migrations, sets up the application role, and says where its password is. */
export async function migrateCommand(ctx: CommandContext): Promise<number> {
  const report = await ctx.migrate();
  const applied = report.migrations.filter((m) => m.status === 'Success').map((m) => m.migrationName);
  const where = report.passwordFile
    ? `${report.passwordSource === 'generated' ? 'generated; stored' : 'stored'} in ${report.passwordFile} (mode 0600): give it to the workers as SYNTHLEDGER_APP_PASSWORD or copy the file`
    : 'taken from SYNTHLEDGER_APP_PASSWORD';
  ctx.out.result({
    ok: true, database: redact(report.ownerUrl), origin: report.origin, applied, appRole: report.appRole,
    passwordSource: report.passwordSource, passwordFile: report.passwordFile,
  }, [
    `migrated ${redact(report.ownerUrl)} (${report.origin}): ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}`,
    `application role ${report.appRole}: may read the ledger and call its write functions only`,
    `its password: ${where}`,
  ]);
  return EXIT.OK;
}
