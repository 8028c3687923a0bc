/** `serve`: the publication site over the ledger; `review <id>` without a decision: the reviewer's summary in the terminal. */
import { existsSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { ValidationError } from '../../common/errors';
import type { Ledger } from '../../ledger';
import { archivedRuns, correctionWorkflowId, defaultKeyFile, fetchTimeline, parseWitnessEndpoints, WITNESSES_ENV, resolveSigningKey, SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV, submitReview, type Timeline } from '../../runtime';
import { createSite, loadSynthesis, reviewSummaryLines } from '../../web';
import type { CommandContext } from '../command-context';
import { positiveInt } from '../arguments';
import { EXIT } from '../exit-codes';

/** Environment variable holding the token that authorizes review decisions on the site. */
export const OPERATOR_TOKEN_ENV = 'SYNTHLEDGER_OPERATOR_TOKEN';

/**
 * The timelines of a synthesis's workflow runs: the synthesis run, then every
 * correction run Temporal lists or the ledger archived (a run Temporal has
 * forgotten is read from the archive), in order of their start.
 */
export async function synthesisTimelines(client: Client, ledger: Ledger, synthesisId: string): Promise<Timeline[]> {
  const first = await fetchTimeline(client, ledger, synthesisId);
  const correctionId = correctionWorkflowId(synthesisId);
  const runs = new Set((await archivedRuns(ledger, synthesisId)).filter((r) => r.workflowId === correctionId).map((r) => r.runId));
  for await (const w of client.workflow.list({ query: `WorkflowId = '${correctionId.replace(/['\\]/g, '\\$&')}'` })) runs.add(w.runId);
  const corrections = await Promise.all([...runs].map((runId) => fetchTimeline(client, ledger, correctionId, runId)));
  return [first, ...corrections.sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''))];
}

/** The configured signing key's verifier key, when one is configured or its default file exists (never creates one). */
function configuredVerifierKeys(ctx: CommandContext): string[] {
  const env = ctx.config.env;
  if (!env[SIGNING_KEY_ENV] && !env[SIGNING_KEY_FILE_ENV] && !existsSync(defaultKeyFile(ctx.config.logOrigin, env))) return [];
  return [resolveSigningKey(ctx.config.logOrigin, { env, create: false }).key.verifierKey];
}

/** `serve [--port 8080] [--host 127.0.0.1]`: runs the site until Ctrl-C or SIGTERM. */
export async function serveCommand(ctx: CommandContext, o: { port?: string; host?: string; logFormat?: string }): Promise<number> {
  const logger = ctx.processLogger(o.logFormat);
  const port = positiveInt('--port', o.port, 8080);
  if (port > 65535) throw ValidationError.single('INVALID_ARGUMENT', '--port', 'range', '--port must be at most 65535');
  const host = o.host ?? '127.0.0.1';
  const ledger = await ctx.ledger();
  let client: Client | null = null;
  try {
    client = (await ctx.temporal()).client;
  } catch (e) {
    ctx.out.info(`Temporal not reachable (${(e as Error).message}); history pages show the histories archived in the ledger and the desk cannot pass decisions on`);
  }
  const token = ctx.config.env[OPERATOR_TOKEN_ENV]?.trim() || null;
  const site = await createSite({
    ledger,
    verifierKeys: configuredVerifierKeys(ctx),
    witnesses: parseWitnessEndpoints(ctx.config.env[WITNESSES_ENV]).map((w) => ({ url: w.url, verifierKey: w.verifier.keyString })),
    operatorToken: token,
    logger,
    ...(client ? { timelines: (id: string) => synthesisTimelines(client, ledger, id), submitReview: (id: string, d: Parameters<typeof submitReview>[2]) => submitReview(client, id, d) } : {}),
  });
  const address = await site.listen({ port, host });
  ctx.onClose(() => site.close());
  ctx.out.info(`site on ${address} (read-only; review decisions ${token && client ? `need ${OPERATOR_TOKEN_ENV}` : 'disabled'}); Ctrl-C stops it`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  ctx.out.info('site stopped');
  return EXIT.OK;
}

/** `review <id>` with neither --approve nor --reject: what the reviewer's desk shows, as text. */
export async function reviewSummaryCommand(ctx: CommandContext, id: string): Promise<number> {
  const s = await loadSynthesis(await ctx.ledger(), id);
  ctx.out.result({
    ok: true, synthesisId: id, status: s.status, question: s.question, policy: s.policy, rounds: s.rounds, report: s.report,
    claims: s.claims.map((c) => ({ ...c, verification: s.verifications.get(c.claimId) ?? null })),
  }, reviewSummaryLines(s));
  return EXIT.OK;
}
