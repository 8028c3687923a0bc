/**
 * A synthesis worker in its own process, for the crash test: the test
 * SIGKILLs it mid-run and checks that another worker finishes the job.
 *
 *   node --import tsx test/support/crash-worker.ts <taskQueue>
 *
 * Environment: TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE, default `default`,
 * TEMPORAL_TLS_CA/CERT/KEY/SERVER_NAME and TEMPORAL_API_KEY, read like every
 * command reads them: runtime/services/temporal-settings.ts),
 * DATABASE_URL (the application role),
 * SYNTHLEDGER_SIGNING_KEY (signer key text, shared with the test), and
 * SYNTHLEDGER_SLOW_ACTIVITY=`<activityType>:<ms>` to make one activity sleep
 * first (also where `runInProcessStages` calls it), so the kill lands while it runs; SYNTHLEDGER_WORKFLOW_BUNDLE=<file>
 * to load a prebuilt workflow bundle (the chaos script restarts workers
 * often). Prints `ready` once polling.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import { Ledger } from '../../ledger/store/ledger';
import { parseSignerKey } from '../../ledger/core/signing-key';
import { createSynthesisWorker } from '../../runtime/temporal/synthesis-worker';
import { resolveTemporalSettings } from '../../runtime/services/temporal-settings';
import { connectionSecurity } from '../../runtime/temporal/temporal-connection';
import { withSlowedStage } from './slowed-stage';

async function main(): Promise<void> {
  const taskQueue = process.argv[2];
  const address = process.env.TEMPORAL_ADDRESS;
  const settings = resolveTemporalSettings(process.env);
  const { namespace } = settings;
  // TLS, mTLS and API key from TEMPORAL_TLS_* / TEMPORAL_API_KEY, as every command reads them.
  const security = connectionSecurity(settings);
  const dbUrl = process.env.DATABASE_URL;
  const key = process.env.SYNTHLEDGER_SIGNING_KEY;
  if (!taskQueue || !address || !dbUrl || !key) throw new Error('usage: crash-worker.ts <taskQueue> with TEMPORAL_ADDRESS, DATABASE_URL, SYNTHLEDGER_SIGNING_KEY set');
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const [slowType, slowMs] = (process.env.SYNTHLEDGER_SLOW_ACTIVITY ?? '').split(':');
  const connection = await NativeConnection.connect({ address, ...security });
  const client = new Client({ connection: await Connection.connect({ address, ...security }), namespace });
  const worker = await createSynthesisWorker({
    connection, client, namespace, taskQueue, ledger: Ledger.open(dbUrl), signer: parseSignerKey(key),
    policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true },
    // A killed worker's cached runs move to the shared queue after 1 s on its sticky queue. (No cache at all instead makes
    // every workflow task an eviction: a task that times out under load then cancels the local activity in flight,
    // and the SDK fails the run with "Local Activity cancelled".)
    stickyQueueScheduleToStartTimeoutMs: 1000,
    workflowBundlePath: process.env.SYNTHLEDGER_WORKFLOW_BUNDLE || undefined,
    wrapActivities: (acts) => (slowType ? withSlowedStage(acts, slowType, Number(slowMs) || 30_000, () => process.stdout.write(`slow ${slowType}\n`)) : acts),
  });
  process.stdout.write('ready\n');
  await worker.run();
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
