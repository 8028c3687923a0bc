/** `run`, `status`, `list`, `review`, `correct`: the operator's commands (Temporal + ledger). */
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { LedgerError, ValidationError, EnvironmentError } from '../../common/errors';
import { parseStrictJson } from '../../common/strict-json';
import { escapeUnsafeText } from '../../common/text-safety';
import type { CorrectionRecord } from '../../schemas';
import { CORRECTION_RECORD_CONTRACT } from '../../schemas/contract-names';
import {
  archivedStatus, checkBundleTarget, completeCorrection, fetchTimeline, getProgress, getSummary, listSyntheses, loadFullBundle, MAX_CORRECTION_FILE_BYTES, pendingActivities, readBoundedFile,
  reviewDecisionIssues, runCorrection, stageAttempts, startSynthesis, submitReview, writeBundle,
  type HumanReviewDecision, type SynthesisProgress, type SynthesisSummary,
} from '../../runtime';
import type { CommandContext } from '../command-context';
import { synthesisInputFrom, positiveInt, type RunOptions } from '../arguments';
import { defaultBundleDir } from '../config';
import { EXIT } from '../exit-codes';
import { reportError } from '../output';
import { watchSynthesis } from '../progress-display';

/** `run "<question>"`: starts a synthesis; with --wait, shows progress and the outcome. */
export async function runCommand(ctx: CommandContext, question: string, o: RunOptions & { wait?: boolean; out?: string; export?: boolean }): Promise<number> {
  const input = synthesisInputFrom(question, o);
  const bundleDir = o.export === false ? null : (o.out ? resolve(o.out) : defaultBundleDir(input.synthesisId));
  // Refused now, not after the synthesis ran: an export never mixes with or replaces existing files.
  if (o.wait && bundleDir) checkBundleTarget(bundleDir);
  const { client } = await ctx.temporal();
  const handle = await startSynthesis(client, input, ctx.config.taskQueue) as Awaited<ReturnType<Client["workflow"]["start"]>>;
  if (!o.wait) {
    ctx.out.result({ ok: true, synthesisId: input.synthesisId, runId: handle.firstExecutionRunId, taskQueue: ctx.config.taskQueue },
      [`started synthesis ${input.synthesisId} on task queue ${ctx.config.taskQueue}`, `follow it with: synthledger status ${input.synthesisId}`]);
    return EXIT.OK;
  }
  ctx.out.info(`synthesis ${input.synthesisId} started on task queue ${ctx.config.taskQueue}; waiting (Ctrl-C stops waiting, not the synthesis)`);
  const summary = await watchSynthesis(client, handle, {
    onWaitingForReview: async () => ctx.out.info(`policy asks for a human review: run \`synthledger review ${input.synthesisId} --approve|--reject --reviewer NAME\``),
  });
  return reportOutcome(ctx, summary, bundleDir);
}

/** Prints the final decision; exports the bundle when published and `bundleDir` is given. */
export async function reportOutcome(ctx: CommandContext, summary: SynthesisSummary, bundleDir: string | null): Promise<number> {
  let bundle: string | null = null;
  if (summary.status === 'PUBLISHED' && bundleDir) {
    const full = await loadFullBundle(await ctx.ledger(), summary.synthesisId);
    writeBundle(full.published, bundleDir, { evidence: full.evidence });
    bundle = bundleDir;
  }
  const lines = [
    `synthesis      ${summary.synthesisId}`,
    `status         ${summary.status}`,
    `decision       ${summary.decision ?? '-'}${summary.policyOutcome ? ` (policy: ${summary.policyOutcome})` : ''}`,
    `score          ${summary.score ?? '-'}  (revision rounds: ${summary.rounds})`,
    `claims         ${summary.verified}/${summary.claims} verified from ${summary.sources} sources`,
    `manifest hash  ${summary.manifestHash ?? '-'}${summary.manifestVersion ? ` (version ${summary.manifestVersion})` : ''}`,
  ];
  if (bundle) lines.push(`bundle         ${bundle}`, `verify with    node ${bundle}/verify-bundle.mjs ${bundle}`);
  ctx.out.result({ ok: summary.status === 'PUBLISHED', ...summary, bundleDir: bundle }, lines);
  return summary.status === 'PUBLISHED' ? EXIT.OK : EXIT.NOT_PUBLISHED;
}

/** `status <id>`: progress and summary of a running synthesis, or the outcome of a closed one. */
export async function statusCommand(ctx: CommandContext, id: string): Promise<number> {
  const { client } = await ctx.temporal();
  let description: Awaited<ReturnType<typeof describe>>;
  try {
    description = await describe(client, id);
  } catch (e) {
    // Temporal forgot the run (retention, deletion): the ledger still knows how it ended.
    const archived = e instanceof LedgerError && e.code === 'NOT_FOUND' ? await archivedStatus(await ctx.ledger(), id) : undefined;
    if (!archived) throw e;
    ctx.out.result({ ok: true, workflowStatus: 'ARCHIVED', ...archived }, [
      `synthesis      ${id}`,
      `workflow       ARCHIVED (Temporal no longer has the run${archived.runId ? ` ${archived.runId}` : ''}; read from the ledger${archived.archivedEvents ? `, history archived through event ${archived.archivedEvents}` : ''})`,
      `status         ${archived.status}${archived.correctionStatus && archived.correctionStatus !== 'CURRENT' ? ` (${archived.correctionStatus})` : ''}`,
      `manifest hash  ${archived.manifestHash ?? '-'}${archived.manifestVersion ? ` (version ${archived.manifestVersion})` : ''}`,
      `entries        ${archived.entries}`,
    ]);
    return EXIT.OK;
  }
  const state = description.status.name;
  let progress: SynthesisProgress | null = null;
  let summary: SynthesisSummary | null = null;
  let failure: unknown = null;
  if (state === 'RUNNING') {
    [progress, summary] = await Promise.all([
      answered(getProgress(client, id), ctx.config.taskQueue), answered(getSummary(client, id), ctx.config.taskQueue),
    ]);
  } else {
    try {
      summary = (await client.workflow.getHandle(id).result()) as SynthesisSummary;
    } catch (e) {
      failure = e;
    }
  }
  const err = failure ? reportError(failure) : null;
  const pending = state === 'RUNNING' ? await pendingActivities(client, id) : [];
  // Attempts and failures of every stage from the run's history: closed runs have no pending activities to show them.
  const stages = stageAttempts(await fetchTimeline(client, await ctx.ledger(), id, description.runId));
  const data = {
    ok: true, synthesisId: id, workflowStatus: state, runId: description.runId, taskQueue: description.taskQueue,
    startTime: description.startTime.toISOString(), closeTime: description.closeTime?.toISOString() ?? null,
    progress, summary, pendingActivities: pending, stages, error: err ? { code: err.code, message: err.message, issues: err.issues } : null,
  };
  const lines = [`synthesis      ${id}`, `workflow       ${state} (run ${description.runId}, task queue ${description.taskQueue})`];
  if (progress) lines.push(`progress       ${progress.percent}% ${progress.stage}, round ${progress.round}, ${progress.status}`);
  if (summary) {
    lines.push(`status         ${summary.status}`, `decision       ${summary.decision ?? '-'}`, `score          ${summary.score ?? '-'}`,
      `claims         ${summary.verified}/${summary.claims} verified from ${summary.sources} sources`,
      `manifest hash  ${summary.manifestHash ?? '-'}${summary.manifestVersion ? ` (version ${summary.manifestVersion})` : ''}`);
    if (summary.status === 'WAITING_FOR_REVIEW') lines.push(`next           synthledger review ${id} --approve|--reject --reviewer NAME`);
  }
  const retried = stages.filter((st) => st.retries > 0 || st.lastFailure);
  if (stages.length > 0 && retried.length === 0) lines.push(`stages         ${stages.length}, every activity on its first attempt`);
  for (const st of retried) {
    const f = st.lastFailure;
    lines.push(`stage          ${st.stage}${st.round !== null ? ` (round ${st.round})` : ''}: attempt ${st.attempts}, ${st.retries} ${st.retries === 1 ? 'retry' : 'retries'}`
      + `${f ? `, last failure: ${f.activityType}${f.attempt !== null ? ` attempt ${f.attempt}` : ''}: ${oneLine(f.message, 200)}` : ''}`);
  }
  for (const a of pending) {
    lines.push(`activity       ${a.activityType} ${a.state}, attempt ${a.attempt}${a.lastFailure ? `, last failure: ${a.lastFailure}` : ''}`);
  }
  if (err) lines.push(`error          ${err.code}: ${err.message}`);
  ctx.out.result(data, lines);
  return EXIT.OK;
}

/** `list`: the newest syntheses with question, status, decision, score and manifest version. */
export async function listCommand(ctx: CommandContext, o: { limit?: string }): Promise<number> {
  const limit = positiveInt('--limit', o.limit, 20);
  const { client } = await ctx.temporal();
  const rows = await listSyntheses(client, limit);
  const cut = (t: string | null, n: number) => (t === null ? '-' : t.length > n ? `${t.slice(0, n - 1)}…` : t);
  ctx.out.result({ ok: true, syntheses: rows }, rows.length === 0 ? ['no syntheses yet: start one with synthledger run "<question>"']
    : [`${'SYNTHESIS'.padEnd(28)} ${'STATUS'.padEnd(18)} ${'DECISION'.padEnd(16)} ${'SCORE'.padStart(5)} ${'VER'.padStart(3)}  QUESTION`,
      ...rows.map((r) => `${r.synthesisId.padEnd(28)} ${r.status.padEnd(18)} ${(r.decision ?? '-').padEnd(16)} ${(r.score === null ? '-' : r.score.toFixed(1)).padStart(5)} `
        + `${(r.manifestVersion === null ? '-' : String(r.manifestVersion)).padStart(3)}  ${cut(r.question, 60)}`)]);
  return EXIT.OK;
}

/** `review <id> --approve|--reject --reviewer NAME [--note …]`; without any of them, the reviewer's summary. */
export async function reviewCommand(ctx: CommandContext, id: string, o: { approve?: boolean; reject?: boolean; reviewer?: string; note?: string }): Promise<number> {
  if (!o.approve && !o.reject && o.reviewer === undefined && o.note === undefined) return (await import('./site-commands')).reviewSummaryCommand(ctx, id);
  if (Boolean(o.approve) === Boolean(o.reject)) {
    throw ValidationError.single('INVALID_ARGUMENT', '--approve/--reject', 'one-of', 'give exactly one of --approve or --reject');
  }
  if (!o.reviewer || o.reviewer.trim() === '') throw ValidationError.single('INVALID_ARGUMENT', '--reviewer', 'required', 'a reviewer name is required (recorded in the ledger and the manifest)');
  const decision = o.approve ? 'APPROVE' : 'REJECT';
  const review: HumanReviewDecision = { decision, reviewer: o.reviewer, ...(o.note !== undefined ? { note: o.note } : {}) };
  const issues = reviewDecisionIssues(review);
  if (issues.length > 0) throw new ValidationError('INVALID_ARGUMENT', issues.map((i) => ({ ...i, path: i.path === '$.note' ? '--note' : i.path === '$.reviewer' ? '--reviewer' : i.path })));
  const { client } = await ctx.temporal();
  const description = await describe(client, id);
  if (description.status.name !== 'RUNNING') {
    throw ValidationError.single('INVALID_ARGUMENT', '<id>', 'waiting', `synthesis ${id} is ${description.status.name}, not waiting for a review`);
  }
  const res = await submitReview(client, id, review);
  ctx.out.result({ ok: true, synthesisId: id, ...res, reviewer: o.reviewer }, `review ${decision} by ${o.reviewer} accepted for ${id}`);
  return EXIT.OK;
}

/**
 * `correct <id> --file correction.json`: records a correction-record-v1 and
 * publishes manifest version n+1. Fields the file leaves out are filled from
 * the ledger (contract, synthesisId, target.manifestHash,
 * previousCorrectionHash, correctionId, issuedAt, resultingStatus) unless --strict.
 */
export async function correctCommand(ctx: CommandContext, id: string, o: { file?: string; strict?: boolean; out?: string }): Promise<number> {
  if (!o.file) throw ValidationError.single('INVALID_ARGUMENT', '--file', 'required', '--file correction.json is required');
  if (o.out) checkBundleTarget(resolve(o.out));
  const text = readBoundedFile(o.file, { field: '--file', maxBytes: MAX_CORRECTION_FILE_BYTES }).toString('utf8');
  let doc: unknown;
  try {
    doc = parseStrictJson(text);
  } catch (e) {
    throw ValidationError.single('INVALID_JSON_VALUE', '--file', 'json', `${o.file} is not strict JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw ValidationError.single('SCHEMA_INVALID', '$.correction', 'type', 'a correction is a JSON object');
  const ledger = await ctx.ledger();
  const correction = o.strict ? doc : await completeCorrection(ledger, id, doc as Partial<CorrectionRecord>);
  // Refused here, before any workflow starts: a typo must not leave a failed correction execution behind.
  const issues = (await import('../../schemas')).contractIssues(CORRECTION_RECORD_CONTRACT, correction, '$.correction');
  if (issues.length > 0) throw new ValidationError('SCHEMA_INVALID', issues);
  const { client } = await ctx.temporal();
  const result = await runCorrection(client, id, correction, { taskQueue: ctx.config.taskQueue });
  let bundle: string | null = null;
  if (o.out) {
    bundle = resolve(o.out);
    const full = await loadFullBundle(ledger, id);
    writeBundle(full.published, bundle, { evidence: full.evidence });
  }
  ctx.out.result({ ok: true, synthesisId: id, correction, ...result, bundleDir: bundle }, [
    `correction     ${(correction as CorrectionRecord).correctionId} (${(correction as CorrectionRecord).type}) recorded as ${result.correctionHash}`,
    `manifest       version ${result.manifestVersion}: ${result.manifestHash}`,
    `status         ${result.status}, tier ${result.tier}`,
    ...(bundle ? [`bundle         ${bundle}`] : [`export with    synthledger export ${id}`]),
  ]);
  return EXIT.OK;
}

async function describe(client: Client, id: string) {
  try {
    return await client.workflow.getHandle(id).describe();
  } catch (e) {
    // The client module is loaded by now (the handle came from it): importing it here costs nothing at start-up.
    if (e instanceof (await import('@temporalio/client')).WorkflowNotFoundError) throw new LedgerError('NOT_FOUND', `no synthesis ${JSON.stringify(id)} in this Temporal namespace`);
    throw e;
  }
}

async function answered<T>(p: Promise<T>, taskQueue: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnvironmentError('SERVICE_UNAVAILABLE',
      `no worker answered within 10 s on task queue ${taskQueue}: start one with \`synthledger worker\` (or \`synthledger dev\`)`)), 10_000);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `text` on one line (line breaks and control characters shown escaped), cut to `max` characters. */
function oneLine(text: string, max: number): string {
  const t = escapeUnsafeText(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
