/** `history`, `replay`, `audit`: what happened, whether today's code still replays it, and whether ledger and history agree. */
import { existsSync, writeFileSync } from 'node:fs';
import { WorkflowNotFoundError } from '@temporalio/client';
import { LedgerError } from '../../common/errors';
import { auditSynthesis, fetchHistoryOrArchive, formatAudit, formatTimeline, installRuntime, replayHistoryFile, replayWorkflow, timelineOfLoaded, toHistoryFile, type ReplayResult } from '../../runtime';
import type { CommandContext } from '../command-context';
import { EXIT } from '../exit-codes';

/** `history <id> [--run id] [--save file]`: the stage timeline with ledger entries per activity. */
export async function historyCommand(ctx: CommandContext, id: string, o: { run?: string; save?: string }): Promise<number> {
  const ledger = await ctx.ledger();
  // Temporal is connected inside: when it cannot be reached, the ledger's archive answers (and the timeline says why).
  const loaded = await notFoundAsCode(id, () => fetchHistoryOrArchive(ctx.temporalClient, ledger, id, o.run));
  const timeline = await timelineOfLoaded(ledger, loaded);
  if (o.save) {
    writeFileSync(o.save, JSON.stringify(toHistoryFile(loaded.history, { workflowId: id, runId: timeline.runId ?? loaded.runId }), null, 2) + '\n');
    ctx.out.info(`history saved to ${o.save} (replay it with: synthledger replay ${o.save})`);
  }
  ctx.out.result({ ok: true, timeline }, formatTimeline(timeline));
  return EXIT.OK;
}

/** `replay <id | history.json>`: replays a live workflow's history, or a history file, against today's workflow code. */
export async function replayCommand(ctx: CommandContext, target: string, o: { run?: string }): Promise<number> {
  installRuntime(ctx.config.env);
  let result: ReplayResult;
  if (target.endsWith('.json') || existsSync(target)) {
    result = await replayHistoryFile(target, { blobs: async () => (await ctx.ledger()).blobs });
  } else {
    const ledger = await ctx.ledger();
    const replayed = await notFoundAsCode(target, () => replayWorkflow(ctx.temporalClient, target, { runId: o.run, ledger }));
    if (replayed.temporalUnreachable) ctx.out.info(`replaying the history archived in the ledger: ${replayed.temporalUnreachable}`);
    result = replayed;
  }
  const lines = result.ok
    ? [`OK: ${result.workflowType ?? 'workflow'} ${result.workflowId} replays against today's code (${result.events} events)`]
    : [`FAILED (${result.errorKind ?? 'replay'}): ${result.workflowType ?? 'workflow'} ${result.workflowId} after ${result.events} events`, `  ${result.error ?? ''}`];
  ctx.out.result(result, lines);
  if (result.ok) return EXIT.OK;
  return result.errorKind === 'input' ? EXIT.INVALID_INPUT : EXIT.VERIFICATION_FAILED;
}

/** `audit <id>`: cross-checks the ledger stream against the workflow histories that wrote it. */
export async function auditCommand(ctx: CommandContext, id: string): Promise<number> {
  const ledger = await ctx.ledger();
  // Temporal is connected inside: when it cannot be reached, the histories the ledger archived are audited (and the report says why).
  const report = await notFoundAsCode(id, () => auditSynthesis(ctx.temporalClient, ledger, id));
  if (report.temporalUnreachable) ctx.out.info(`auditing the histories archived in the ledger: ${report.temporalUnreachable}`);
  ctx.out.result(report, formatAudit(report));
  return report.ok ? EXIT.OK : EXIT.VERIFICATION_FAILED;
}

async function notFoundAsCode<T>(id: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) throw new LedgerError('NOT_FOUND', `no workflow ${JSON.stringify(id)} in this Temporal namespace`);
    throw e;
  }
}
