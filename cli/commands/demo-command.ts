/**
 * `demo` (what `npm run demo` runs): the whole path on embedded defaults.
 * Finds or starts PostgreSQL, starts its own headless Temporal dev server
 * and an in-process worker, runs the question of seeds/001 on the bundled
 * corpus, approves a human review automatically (saying so), exports the
 * bundle and runs the standalone verifier on it with the log's own key
 * pinned (taken from this process's signing key, never from the bundle).
 * Exit 0 only if it passed.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { checkBundleTarget, workerSettingsFromEnv, connectTemporal, synthesisRequestIssues, createWorker, loadFullBundle, redact, startSynthesis, startTemporalDevServer, submitReview, writeBundle, type SynthesisSummary } from '../../runtime';
import { newSynthesisId } from '../arguments';
import { ValidationError } from '../../common/errors';
import type { CommandContext } from '../command-context';
import { EXIT } from '../exit-codes';
import { watchSynthesis } from '../progress-display';
import { SEED_QUESTION } from '../../data/example-question';

/** The research question of seeds/001. */
/** Reviewer name the demo records when policy asks for a human review. */
export const DEMO_REVIEWER = 'demo-operator';
const DEMO_NOTE = 'Automatic approval by `synthledger demo` (no human read this synthesis); recorded so the demo can publish and verify.';

/** Runs the demo; returns the exit status. */
export async function demoCommand(ctx: CommandContext, o: { id?: string; out?: string; question?: string }): Promise<number> {
  const say = (m: string) => ctx.out.info(`[demo] ${m}`);
  const t0 = Date.now();
  workerSettingsFromEnv(ctx.config.env);
  say('1/6 PostgreSQL: DATABASE_URL, else 127.0.0.1:5432, else an embedded server');
  const migrated = await ctx.migrate();
  const info = await ctx.ledgerInfo();
  say(`    ledger database ${redact(info.ownerUrl)} (${migrated.origin}), migrated; the worker uses role ${migrated.appRole}`);

  say('2/6 Temporal: starting a headless dev server on a free port');
  const server = await startTemporalDevServer({ namespace: ctx.config.namespace });
  ctx.onClose(server.stop);
  say(`    Temporal dev server at ${server.address}`);
  const temporal = await connectTemporal(ctx.config, server.address, async () => info.ledger.blobs);
  ctx.onClose(temporal.close);

  const { key, source } = await ctx.signingKey(say);
  say(`3/6 worker: task queue ${ctx.config.taskQueue}, checkpoint key ${source}`);
  const w = await createWorker(ctx.config, info.ledger, temporal.client, key, server.address);
  ctx.onClose(w.close);

  const synthesisId = o.id ?? newSynthesisId();
  const question = o.question ?? SEED_QUESTION;
  const issues = synthesisRequestIssues({ synthesisId, question });
  if (issues.length > 0) throw new ValidationError('INVALID_ARGUMENT', issues.map((i) => ({ ...i, path: i.path === '$.question' ? '--question' : i.path === '$.synthesisId' ? '--id' : i.path })));
  const bundleDir = o.out ? resolve(o.out) : resolve('out', synthesisId);
  checkBundleTarget(bundleDir);
  say(`4/6 synthesis ${synthesisId}`);
  say(`    question: ${question}`);
  let autoApproved = false;
  const summary = await w.worker.runUntil(async (): Promise<SynthesisSummary> => {
    const handle = await startSynthesis(temporal.client, { synthesisId, question }, ctx.config.taskQueue);
    return watchSynthesis(temporal.client, handle, {
      onWaitingForReview: async () => {
        say(`    policy asks for a HUMAN REVIEW: the demo approves automatically as reviewer "${DEMO_REVIEWER}"`);
        say(`    note recorded in the ledger: "${DEMO_NOTE}"`);
        await submitReview(temporal.client, synthesisId, { decision: 'APPROVE', reviewer: DEMO_REVIEWER, note: DEMO_NOTE });
        autoApproved = true;
      },
    });
  });

  const lines = [
    `decision       ${summary.decision ?? '-'}${autoApproved ? ` (automatic demo approval by ${DEMO_REVIEWER}, not a human review)` : ''}`,
    `score          ${summary.score ?? '-'} (revision rounds: ${summary.rounds})`,
    `claims         ${summary.verified}/${summary.claims} verified from ${summary.sources} sources`,
    `manifest hash  ${summary.manifestHash ?? '-'}`,
  ];
  if (summary.status !== 'PUBLISHED') {
    ctx.out.result({ ok: false, ...summary, autoApproved }, [...lines, `status         ${summary.status}: nothing was published, so there is no bundle to verify`]);
    return EXIT.NOT_PUBLISHED;
  }
  say(`5/6 exporting the bundle to ${bundleDir}`);
  const full = await loadFullBundle(info.ledger, synthesisId);
  writeBundle(full.published, bundleDir, { evidence: full.evidence });
  lines.push(`bundle         ${bundleDir}`);
  process.stdout.write(ctx.out.json ? '' : lines.join('\n') + '\n\n');

  const verifier = join(bundleDir, 'verify-bundle.mjs');
  // The key is pinned from what signed the log here, as a reader pins the publisher's key; the bundle's copy is never used.
  const pinned = key.verifierKey;
  say(`6/6 standalone verifier, the log's key pinned: node ${verifier} ${bundleDir} --trusted-key ${pinned}`);
  say(`    pinned key: ${pinned} (readers get it out of band: \`synthledger keys show\` prints it and a trust file)`);
  const run = spawnSync(process.execPath, [verifier, bundleDir, '--trusted-key', pinned], { encoding: 'utf8' });
  const verifierOutput = (run.stdout ?? '') + (run.stderr ?? '');
  const passed = run.status === 0;
  if (ctx.out.json) {
    ctx.out.result({ ok: passed, ...summary, autoApproved, bundleDir, pinnedKey: pinned, verifier: { exitStatus: run.status, output: verifierOutput } }, '');
  } else {
    process.stdout.write(verifierOutput.endsWith('\n') ? verifierOutput : verifierOutput + '\n');
    process.stdout.write(passed
      ? `\ndemo passed in ${((Date.now() - t0) / 1000).toFixed(1)} s: the bundle in ${bundleDir} verifies offline against the pinned key ${pinned}.\n`
      : `\ndemo FAILED: the standalone verifier exited with ${run.status}\n`);
  }
  return passed ? EXIT.OK : EXIT.VERIFICATION_FAILED;
}
