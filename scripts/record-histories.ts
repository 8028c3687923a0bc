/**
 * Regenerates test/histories/*.json: runs real syntheses on a fresh Temporal
 * dev server and a scratch PostgreSQL database, and writes each workflow's
 * history in the format `runtime/replay.ts` reads (protojson inside our
 * `synthledger-history-v1` envelope), claim-check payloads inline, so a file
 * replays without the database. test/integration/workflow-replay.test.ts
 * replays every file against today's workflow code.
 *
 *   npx tsx scripts/record-histories.ts [outDir] [--only <prefix>]
 *
 * `--only synthesis-` writes only the files whose name starts with the
 * prefix (the runs are still made: later ones build on earlier ones).
 * PostgreSQL: DATABASE_URL if set, else 127.0.0.1:5432, else the embedded
 * server (runtime/postgres-server.ts). The scratch database is dropped at the end.
 * Record again only when a workflow change is meant to break old histories
 * (see docs/VERSIONING.md); otherwise keep the old files, they are the guard.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { DEFAULT_POLICY_CONFIG, type PolicyConfig } from '../activities/stages/policy';
import type { SynthesisInput, SynthesisSummary } from '../activities/synthesis-types';
import { databaseUrl, Ledger } from '../ledger';
import { dropDatabase, ensureDatabase, migrateDatabase } from '../ledger/store/migrator';
import { generateSigningKey, parseSignerKey } from '../ledger/core/signing-key';
import { findPostgres } from '../runtime/services/postgres-server';
import { toHistoryFile } from '../runtime/operations/replay';
import { resolveClaimChecks } from '../runtime/temporal/claim-check-codec';
import { getProgress, runCorrection, startSynthesis, submitReview } from '../runtime/temporal/synthesis-client';
import { createSynthesisWorker } from '../runtime/temporal/synthesis-worker';
import { startTemporalDevServer } from '../runtime/services/temporal-server';
import { nextCorrection } from '../test/support/correction-record';
import { correctionWorkflowId } from '../workflows/workflow-ids';
import { SEED_QUESTION } from '../data/example-question';

const TIMEOUTS = { activityMs: 20_000, retryInitialMs: 100, humanReviewMs: 2_000 };
/** Fewer queries and sources where the path, not the volume, is what the history shows (smaller files). */
const SMALL = { queries: 2, topK: 5, revisionThreshold: 0 };
const PUBLISH: PolicyConfig = { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true };
const HUMAN: PolicyConfig = { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 10.1, humanReviewScore: 0 };
const log = (m: string) => process.stderr.write(`[record-histories] ${m}\n`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] ?? '' : '';
  const outDir = args[0] ?? join(__dirname, '..', 'test', 'histories');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const [pg, server] = await Promise.all([findPostgres(process.env, log), startTemporalDevServer({ log })]);
  const dbName = `synthledger_histories_${process.pid}`;
  await ensureDatabase(pg.adminUrl, dbName);
  const ownerUrl = databaseUrl(pg.adminUrl, dbName);
  const { appUrl } = await migrateDatabase(ownerUrl);
  const ledger = Ledger.open(appUrl);
  const connection = await NativeConnection.connect({ address: server.address });
  const clientConnection = await Connection.connect({ address: server.address });
  const client = new Client({ connection: clientConnection });
  const signer = parseSignerKey(generateSigningKey('synthledger.local/log').signerKey);
  mkdirSync(outDir, { recursive: true });

  const withWorker = async <T>(taskQueue: string, policy: PolicyConfig, fn: () => Promise<T>): Promise<T> => {
    const worker = await createSynthesisWorker({ connection, client, ledger, signer, taskQueue, policy });
    return worker.runUntil(fn);
  };
  const run = async (input: SynthesisInput, taskQueue: string, during?: (id: string) => Promise<void>) => {
    const handle = await startSynthesis(client, input, taskQueue);
    if (during) await during(input.synthesisId);
    return handle.result().then((s) => s as SynthesisSummary, (e: unknown) => e as Error);
  };
  const save = async (file: string, workflowId: string, description: string, runId?: string) => {
    if (!file.startsWith(only)) {
      log(`${file}: not written (--only ${only})`);
      return;
    }
    const handle = client.workflow.getHandle(workflowId, runId);
    // Claim-check references resolved: the scratch database that holds their blobs is dropped at the end.
    const history = await resolveClaimChecks(await handle.fetchHistory(), () => ledger.blobs);
    const resolved = runId ?? (await handle.describe()).runId;
    const doc = toHistoryFile(history, { workflowId, runId: resolved, description });
    writeFileSync(join(outDir, file), JSON.stringify(doc, null, 1) + '\n');
    log(`${file}: ${history.events?.length ?? 0} events (${description})`);
  };
  const waitFor = async (id: string, status: string) => {
    for (let i = 0; i < 400; i++) {
      const p = await getProgress(client, id).catch(() => null);
      if (p?.status === status) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${id} never reached ${status}`);
  };

  try {
    await withWorker('record-publish', PUBLISH, async () => {
      const published = await run({ synthesisId: 'hist-published', question: SEED_QUESTION, timeouts: TIMEOUTS, params: { revisionThreshold: 0 } }, 'record-publish');
      log(`hist-published: ${JSON.stringify(published)}`);
      await save('synthesis-published.json', 'hist-published', 'auto-approved and published, no revision round');

      const revised = await run({ synthesisId: 'hist-revised', question: SEED_QUESTION, timeouts: TIMEOUTS, params: { revisionThreshold: 10, maxRounds: 1 } }, 'record-publish');
      log(`hist-revised: ${JSON.stringify(revised)}`);
      await save('synthesis-revised.json', 'hist-revised', 'one revision round (revisionThreshold 10, maxRounds 1), then published');

      for (const [i, type] of (['CORRECTION', 'RETRACTION'] as const).entries()) {
        const correction = await nextCorrection(ledger, 'hist-published', type, `hist-c${i + 1}`);
        const result = await runCorrection(client, 'hist-published', correction, { taskQueue: 'record-publish', timeouts: TIMEOUTS });
        log(`correction ${type}: ${JSON.stringify(result)}`);
        // The latest run of the correction workflow id is the one that just completed.
        await save(`correction-${type.toLowerCase()}.json`, correctionWorkflowId('hist-published'), `${type} of hist-published → manifest v${result.manifestVersion}`);
      }

      const cancelled = await run({ synthesisId: 'hist-cancelled', question: SEED_QUESTION, timeouts: TIMEOUTS, params: SMALL }, 'record-publish', async (id) => {
        for (let i = 0; i < 400; i++) {
          const p = await getProgress(client, id).catch(() => null);
          if (p && p.stage !== 'start' && p.stage !== 'plan') break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await client.workflow.getHandle(id).cancel().catch((e: unknown) => log(`cancel of ${id} failed: ${String(e)}`));
      });
      log(`hist-cancelled: ${String(cancelled)}`);
      await save('synthesis-cancelled.json', 'hist-cancelled', 'cancelled mid-run; the cancellation is recorded in the ledger');
    });

    await withWorker('record-human', HUMAN, async () => {
      const approved = await run({ synthesisId: 'hist-human-approved', question: SEED_QUESTION, timeouts: { ...TIMEOUTS, humanReviewMs: 600_000 }, params: SMALL }, 'record-human', async (id) => {
        await waitFor(id, 'WAITING_FOR_REVIEW');
        await submitReview(client, id, { decision: 'APPROVE', reviewer: 'Ann Editor', note: 'claims checked against sources' });
      });
      log(`hist-human-approved: ${JSON.stringify(approved)}`);
      await save('synthesis-human-approved.json', 'hist-human-approved', 'HUMAN_REVIEW answered by a `review` update (APPROVE), then published');

      const timedOut = await run({ synthesisId: 'hist-human-timeout', question: SEED_QUESTION, timeouts: TIMEOUTS, params: SMALL }, 'record-human');
      log(`hist-human-timeout: ${JSON.stringify(timedOut)}`);
      await save('synthesis-human-timeout.json', 'hist-human-timeout', 'HUMAN_REVIEW unanswered: the timer fires and the documented default (REJECT) applies');
    });
  } finally {
    await ledger.close();
    await connection.close();
    await clientConnection.close();
    await server.stop();
    await dropDatabase(pg.adminUrl, dbName).catch((e: unknown) => log(`could not drop ${dbName}: ${String(e)}`));
    await pg.stop();
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
