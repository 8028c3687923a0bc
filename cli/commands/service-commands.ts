/** `dev` and `worker`: long-running processes that stop cleanly on Ctrl-C (SIGINT) or SIGTERM. */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { cacheDir, workerSettingsFromEnv, connectTemporal, createWorker, missingSearchAttributes, operatorCommandLine, redact, registerSearchAttributes, startTemporalDevServer } from '../../runtime';
import { EnvironmentError } from '../../common/errors';
import type { CommandContext } from '../command-context';
import { positiveInt } from '../arguments';
import { DEFAULT_UI_PORT } from '../config';
import { EXIT } from '../exit-codes';

/** `worker`: a synthesis worker for an existing Temporal and PostgreSQL. */
export async function workerCommand(ctx: CommandContext, o: { logFormat?: string } = {}): Promise<number> {
  ctx.processLogger(o.logFormat, { temporal: true });
  // A bad worker setting (CONFIG_INVALID) stops the worker before it connects to anything.
  workerSettingsFromEnv(ctx.config.env);
  const { ledger, ownerUrl } = await ctx.ledgerInfo();
  const { client, connection } = await ctx.temporal();
  await requireSearchAttributes(ctx, connection);
  const { key, source } = await ctx.signingKey((m) => ctx.out.info(m));
  const w = await createWorker(ctx.config, ledger, client, key);
  ctx.onClose(w.close);
  ctx.out.info(`worker on task queue ${ctx.config.taskQueue} (namespace ${ctx.config.namespace}, Temporal ${ctx.config.temporalAddress}, ledger ${redact(ownerUrl)}, key ${source}); Ctrl-C stops it`);
  // The Temporal runtime shuts workers down on SIGINT/SIGTERM; run() resolves once in-flight tasks are handed back.
  await w.worker.run();
  ctx.out.info('worker stopped');
  return EXIT.OK;
}

/** `dev`: Temporal dev server with Web UI, PostgreSQL, migrations and a worker, in one process tree. */
export async function devCommand(ctx: CommandContext, o: { uiPort?: string; ephemeral?: boolean; logFormat?: string }): Promise<number> {
  ctx.processLogger(o.logFormat, { temporal: true });
  const uiPort = positiveInt('--ui-port', o.uiPort, DEFAULT_UI_PORT);
  workerSettingsFromEnv(ctx.config.env);
  // dev sets up everything in one go, so it migrates first (as the owner); its worker then uses the application role.
  await ctx.migrate();
  const info = await ctx.ledgerInfo();
  let address = ctx.config.temporalAddress;
  let uiUrl: string | null = null;
  const existing = await connectTemporal(ctx.config).catch(() => null);
  if (existing) {
    await existing.close();
    ctx.out.info(`Temporal already answers at ${address}: using it`);
  } else {
    const port = Number(address.split(':').pop());
    let dbFile: string | undefined;
    if (!o.ephemeral) {
      mkdirSync(cacheDir(ctx.config.env), { recursive: true });
      dbFile = join(cacheDir(ctx.config.env), 'temporal-dev.sqlite');
    }
    ctx.out.info(`starting the Temporal dev server on ${address}${dbFile ? ` (state in ${dbFile})` : ' (in memory)'}…`);
    const server = await startTemporalDevServer({ port: Number.isInteger(port) && port > 0 ? port : undefined, uiPort, dbFile, namespace: ctx.config.namespace });
    ctx.onClose(server.stop);
    address = server.address;
    uiUrl = server.uiUrl;
  }
  const { client, connection } = await ctx.temporal();
  // A dev server this command started registered them at start; one it found may not have.
  if (existing) await registerSearchAttributes(connection, ctx.config.namespace);
  const { key, source } = await ctx.signingKey((m) => ctx.out.info(m));
  const w = await createWorker(ctx.config, info.ledger, client, key, address);
  ctx.onClose(w.close);
  ctx.out.info([
    '',
    'synthledger dev is running:',
    `  Temporal      ${address}${uiUrl ? `\n  Web UI        ${uiUrl}` : ''}`,
    `  PostgreSQL    ${redact(info.ownerUrl)} (${info.origin}), migrated`,
    `  worker        task queue ${ctx.config.taskQueue}, namespace ${ctx.config.namespace}`,
    `  signing key   ${source}`,
    `  public key    ${key.verifierKey}`,
    '',
    'In another terminal:  npx synthledger run "<question>" --wait',
    'Ctrl-C stops everything.',
  ].join('\n'));
  await w.worker.run();
  ctx.out.info('stopping…');
  return EXIT.OK;
}

/**
 * Refuses to start a worker on a namespace without the synthesis search attributes: its workflows
 * would fail every workflow task that sets one. When the server does not let us list them, says so and goes on.
 */
async function requireSearchAttributes(ctx: CommandContext, connection: Parameters<typeof missingSearchAttributes>[0]): Promise<void> {
  const namespace = ctx.config.namespace;
  let missing: string[];
  try {
    missing = await missingSearchAttributes(connection, namespace);
  } catch (e) {
    if (e instanceof EnvironmentError) throw e;
    ctx.out.info(`warning: could not list the search attributes of namespace ${namespace} (${e instanceof Error ? e.message : String(e)}); make sure they are registered (synthledger temporal setup)`);
    return;
  }
  if (missing.length > 0) {
    throw new EnvironmentError('CONFIG_INVALID', `namespace ${namespace} lacks the search attributes ${missing.join(', ')}: run \`synthledger temporal setup\` once (or ${operatorCommandLine(namespace)})`);
  }
}

/**
 * `temporal setup`: registers the synthesis search attributes (SynthesisStatus, SynthesisDecision,
 * ReviewScore, VerificationLevel) on the namespace; run once per namespace of a cluster before its first worker.
 */
export async function temporalSetupCommand(ctx: CommandContext): Promise<number> {
  const { connection } = await ctx.temporal();
  const namespace = ctx.config.namespace;
  const states = await registerSearchAttributes(connection, namespace).catch((e: unknown) => {
    throw new EnvironmentError('SERVICE_UNAVAILABLE', `could not register the search attributes on namespace ${namespace} (${e instanceof Error ? e.message : String(e)}); `
      + `with the Temporal CLI: ${operatorCommandLine(namespace)} (Temporal Cloud: tcld namespace search-attributes add)`);
  });
  ctx.out.result({ ok: true, namespace, searchAttributes: states },
    [`namespace ${namespace}:`, ...states.map((a) => `  ${a.name.padEnd(18)} ${a.type.padEnd(8)} ${a.state}`)]);
  return EXIT.OK;
}
