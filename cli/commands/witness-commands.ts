/** `witness keygen` and `witness serve`: an independent C2SP tlog-witness with its own key and state. */
import { resolve } from 'node:path';
import { ValidationError } from '../../common/errors';
import type { CommandContext } from '../command-context';
import { parseDecimal } from '../arguments';
import { EXIT } from '../exit-codes';
import { DEFAULT_WITNESS_PORT, generateWitnessKeyFile, loadWitnessKey, startWitnessServer, witnessedLogs } from '../../runtime';

/** `witness keygen --name NAME --key FILE`: writes a new witness signer key (mode 0600, never overwriting) and prints its verifier key. */
export async function witnessKeygenCommand(ctx: CommandContext, o: { name: string; key: string }): Promise<number> {
  const file = resolve(o.key);
  const verifierKey = generateWitnessKeyFile(o.name, file);
  ctx.out.result({ ok: true, keyFile: file, verifierKey }, [`witness key written to ${file} (keep it secret)`, `verifier key: ${verifierKey}`]);
  return EXIT.OK;
}

/**
 * `witness serve --key FILE --state DIR [--port N] [--host H] (--log VKEY … | --log-config FILE)`:
 * serves POST /add-checkpoint until SIGINT/SIGTERM. With --json, one line
 * `{"url","verifierKey"}` on stdout once it listens.
 */
export async function witnessServeCommand(ctx: CommandContext, o: { key: string; state: string; port?: string; host?: string; log?: string[]; logConfig?: string }): Promise<number> {
  const port = portNumber(o.port);
  const logs = witnessedLogs({ logKeys: o.log ?? [], configFile: o.logConfig });
  const cosigner = loadWitnessKey(resolve(o.key));
  const witness = await startWitnessServer({ cosigner, logs, stateDir: resolve(o.state), port, host: o.host ?? '127.0.0.1', log: (line) => ctx.out.info(line) });
  ctx.onClose(witness.close);
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  if (ctx.out.json) process.stdout.write(JSON.stringify({ url: witness.url, verifierKey: witness.verifierKey }) + '\n');
  ctx.out.info([
    `witness ${cosigner.name} listening on ${witness.url} (POST /add-checkpoint)`,
    `  verifier key  ${witness.verifierKey}`,
    `  state         ${resolve(o.state)}`,
    ...[...logs].map(([origin, keys]) => `  witnesses     ${origin} (${keys.map((k) => k.name).join(', ')})`),
    'Ctrl-C stops it.',
  ].join('\n'));
  await stopped;
  ctx.out.info('witness stopping…');
  return EXIT.OK;
}

function portNumber(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_WITNESS_PORT;
  // Decimal digits only: Number() would also read 0x1F90, 1e3 and blanks.
  const n = parseDecimal(raw);
  if (n === null || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw ValidationError.single('INVALID_ARGUMENT', '--port', 'port', `--port must be an integer from 0 (any free port) to 65535, got ${JSON.stringify(raw)}`);
  }
  return n;
}
