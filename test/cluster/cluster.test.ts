/**
 * A synthesis on a real Temporal cluster, not the dev server: the server
 * built from Go modules (scripts/temporal-server.sh) on PostgreSQL
 * persistence, its two databases set up with temporal-sql-tool, a namespace
 * of our own and two worker processes on one task queue, all over mutual TLS
 * (the server's own frontend TLS with certificates made by openssl; the
 * workers and the client configured through TEMPORAL_TLS_CA/CERT/KEY/SERVER_NAME
 * as a deployment would). One worker is SIGKILLed while an activity runs on
 * it; the other finishes the run, and the ledger, the receipt and the audit verify.
 *
 * Opt-in (minutes of work): SYNTHLEDGER_CLUSTER_TESTS=1 npm run test:cluster
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { Ledger } from '../../ledger/store/ledger';
import { verifyReceipt } from '../../ledger/core/verify-receipt';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import { PAPER_MANIFEST_SUBJECT } from '../../schemas/paper-manifest-subject';
import { auditSynthesis } from '../../runtime/operations/audit';
import { loadPublished } from '../../runtime/operations/bundle-export';
import { fetchTimeline } from '../../runtime/operations/timeline';
import { replayWorkflow } from '../../runtime/operations/replay';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { workflowBundle } from '../../runtime/temporal/synthesis-worker';
import { readRuntimeConfig } from '../../runtime/services/runtime-config';
import { IN_PROCESS_STAGES_ENV } from '../../runtime/services/stage-placement';
import { connectTemporal, type TemporalHandle } from '../../runtime/temporal/temporal-connection';
import {
  clusterClientTls, clusterPorts, clusterPostgresFromUrl, dropClusterDatabase, findTemporalServerBuild, logTail, registerClusterNamespace,
  setupClusterDatabase, startTemporalCluster, writeClusterConfig, type ClusterPostgres, type ClusterTlsOptions, type TemporalCluster, type TemporalServerBuild,
} from '../../runtime/services/temporal-cluster';
import { startChildWorker, type ChildWorker } from '../support/child-worker';
import { caught } from '../support/caught';
import { generatePki, type TestPki } from '../support/tls-proxy';
import { appUrl, pinnedTestKey, testSignerKey } from '../support/services';
import { newSynthesisId } from '../support/workflow-harness';
import { CLUSTER_TESTS_ENV, clusterTestsEnabled } from './cluster-tests-enabled';

const QUESTION = 'What is the impact of negative sampling versus domain-specific fine-tuning on exact match and F1 across the MRQA 2019 datasets?';
/** The activity each worker makes slow, so that the kill lands while it runs. */
const SLOW_ACTIVITY = 'extractClaims';
/** Long enough to kill mid-activity, short enough for the survivor to finish well inside the start-to-close timeout. */
const SLOW_MS = 5_000;
/** The attempt lost with the killed worker times out (after activityMs at the latest), then the survivor retries it. */
const TIMEOUTS = { activityMs: 20_000, retryInitialMs: 100, humanReviewMs: 3_000 };
const NAMESPACE = 'synthledger-cluster';

if (!clusterTestsEnabled()) {
  process.stderr.write(`[cluster] skipped: set ${CLUSTER_TESTS_ENV}=1 to build (once) and run a Temporal server on PostgreSQL with two worker processes\n`);
}
const describeCluster = clusterTestsEnabled() ? describe : describe.skip;

describeCluster('a synthesis on a Temporal cluster (PostgreSQL persistence, two worker processes)', () => {
  let build: TemporalServerBuild;
  let postgres: ClusterPostgres;
  let configDir: string;
  let cluster: TemporalCluster | undefined;
  let temporalHandle: TemporalHandle | undefined;
  let client: Client;
  let pki: TestPki;
  /** The variables a deployment sets for mTLS; the workers and the test's client read them. */
  let tlsEnv: Record<string, string>;
  let ledger: Ledger | undefined;
  const workers: ChildWorker[] = [];
  const tag = randomBytes(4).toString('hex');
  const databases = { default: `${process.env.SYNTHLEDGER_TEST_DB_NAME}_temporal`, visibility: `${process.env.SYNTHLEDGER_TEST_DB_NAME}_temporal_visibility` };
  const taskQueue = `cluster-${tag}`;
  const synthesisId = newSynthesisId('cluster');
  let killed: { identity: string; activityType: string; signal: string | null };
  let survivor: ChildWorker;
  let summary: SynthesisSummary;

  beforeAll(async () => {
    const t0 = Date.now();
    const log = (m: string) => process.stderr.write(`[cluster] ${((Date.now() - t0) / 1000).toFixed(1)} s ${m}\n`);
    build = findTemporalServerBuild();
    log(`server build: ${build.server}`);
    // One workflow bundle for both workers (webpack once, while the databases and the server come up).
    const bundle = workflowBundle();
    postgres = clusterPostgresFromUrl(process.env.SYNTHLEDGER_TEST_ADMIN_URL!);
    await setupClusterDatabase(build, postgres, databases.default, 'default');
    await setupClusterDatabase(build, postgres, databases.visibility, 'visibility');
    log(`schemas set up in ${databases.default} and ${databases.visibility}`);
    const ports = await clusterPorts();
    configDir = mkdtempSync(join(tmpdir(), 'synthledger-cluster-'));
    pki = generatePki(join(configDir, 'pki'));
    const tls: ClusterTlsOptions = {
      certFile: pki.serverCert, keyFile: pki.serverKey, caFile: pki.caCert, requireClientAuth: true, serverName: 'localhost',
      clientCertFile: pki.clientCert, clientKeyFile: pki.clientKey,
    };
    tlsEnv = { TEMPORAL_TLS_CA: pki.caCert, TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: pki.clientKey, TEMPORAL_TLS_SERVER_NAME: 'localhost' };
    const clientTls: TLSConfig = clusterClientTls(tls);
    writeClusterConfig(configDir, { postgres, databases, ports, tls });
    cluster = await startTemporalCluster({ build, configDir, frontendPort: ports.frontend, tls: clientTls });
    log(`server on ${cluster.address} (mTLS)`);
    await registerClusterNamespace(cluster.address, NAMESPACE, { tls: clientTls });
    log(`namespace ${NAMESPACE} registered`);
    const address = cluster.address;
    const workflowBundlePath = join(configDir, 'workflow-bundle.js');
    writeFileSync(workflowBundlePath, (await bundle).code);
    const started = await Promise.allSettled([0, 1].map(() => startChildWorker({
      taskQueue, temporalAddress: address, temporalNamespace: NAMESPACE, databaseUrl: appUrl(), signerKey: testSignerKey(),
      // The slow stage as a regular activity, so the server names the worker running it (pendingActivities); as a local
      // activity (the default without network providers, docs/adr/0020) it would be invisible there.
      slow: `${SLOW_ACTIVITY}:${SLOW_MS}`, workflowBundlePath, readyTimeoutMs: 180_000, env: { ...tlsEnv, [IN_PROCESS_STAGES_ENV]: 'regular' },
    })));
    for (const s of started) if (s.status === 'fulfilled') workers.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    log(`workers ${workers.map((w) => w.child.pid).join(', ')} polling ${taskQueue}`);
    // The runtime's own connection code, configured as a deployment would configure it.
    temporalHandle = await connectTemporal(readRuntimeConfig({ TEMPORAL_ADDRESS: cluster.address, TEMPORAL_NAMESPACE: NAMESPACE, ...tlsEnv }));
    client = temporalHandle.client;
    ledger = Ledger.open(appUrl());

    const handle = await startSynthesis(client, { synthesisId, question: QUESTION, params: { revisionThreshold: 0 }, timeouts: TIMEOUTS }, taskQueue);
    // Kill the worker the history shows running the slow activity.
    const identityOf = (w: ChildWorker) => `${w.child.pid}@`;
    const deadline = Date.now() + 300_000;
    for (;;) {
      const d = await handle.describe();
      const running = d.raw.pendingActivities?.find((a) => a.activityType?.name === SLOW_ACTIVITY
        && a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
      const victim = running && workers.find((w) => running.lastWorkerIdentity?.startsWith(identityOf(w)));
      if (running && victim) {
        const exited = new Promise<string | null>((r) => victim.child.once('exit', (_code, signal) => r(signal)));
        victim.child.kill('SIGKILL');
        killed = { identity: running.lastWorkerIdentity!, activityType: running.activityType!.name!, signal: await exited };
        survivor = workers.find((w) => w !== victim)!;
        log(`SIGKILLed worker ${victim.child.pid} while it ran ${killed.activityType}`);
        break;
      }
      if (Date.now() > deadline) throw new Error(`${SLOW_ACTIVITY} never ran on a worker: ${workers.map((w) => w.output()).join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    summary = await handle.result() as SynthesisSummary;
    log(`synthesis ${synthesisId}: ${summary.status}`);
  }, 1_200_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await ledger?.close();
    await temporalHandle?.close();
    await cluster?.stop();
    if (cluster && cluster.process.exitCode !== 0 && cluster.process.signalCode === null) {
      process.stderr.write(`[cluster] server log tail:\n${logTail(cluster.logFile)}\n`);
    }
    if (build && postgres) {
      for (const db of Object.values(databases)) await dropClusterDatabase(build, postgres, db).catch(() => undefined);
    }
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  }, 120_000);

  it('killed a worker with SIGKILL while the slow activity ran on it, and the other worker finished the synthesis', async () => {
    expect(killed).toMatchObject({ activityType: SLOW_ACTIVITY, signal: 'SIGKILL' });
    expect(summary.status).toBe('PUBLISHED');
    const t = await fetchTimeline(client, ledger!, synthesisId);
    expect(t.status).toBe('completed');
    const slow = t.activities.find((a) => a.activityType === SLOW_ACTIVITY)!;
    expect(slow.attempts).toBe(2);
    // The lost attempt ends by a timeout: start-to-close, or sooner the heartbeat timeout where activities heartbeat while they run.
    expect(slow.failures[0]).toMatchObject({ attempt: 1, type: expect.stringMatching(/^timeout:(START_TO_CLOSE|HEARTBEAT)$/) });
    // The attempt that completed ran on the survivor (its ActivityTaskStarted event names the worker).
    const history = await client.workflow.getHandle(synthesisId).fetchHistory();
    const scheduled = new Map<string, string>();
    const startedBy: string[] = [];
    for (const e of history.events ?? []) {
      const s = e.activityTaskScheduledEventAttributes;
      if (s) scheduled.set(String(e.eventId), s.activityType?.name ?? '');
      const st = e.activityTaskStartedEventAttributes;
      if (st && scheduled.get(String(st.scheduledEventId)) === SLOW_ACTIVITY) startedBy.push(st.identity ?? '');
    }
    expect(startedBy).toEqual([expect.stringMatching(new RegExp(`^${survivor.child.pid}@`))]);
    expect(startedBy[0]).not.toBe(killed.identity);
  });

  it('serves only mutual TLS: a plain connection and a TLS client without a certificate are refused', async () => {
    const plain = await caught(Connection.connect({ address: cluster!.address, connectTimeout: 3000 }).then(async (c) => {
      try {
        await c.workflowService.getSystemInfo({});
      } finally {
        await c.close();
      }
    }));
    expect(plain).toBeInstanceOf(Error);
    const noCert = await caught(connectTemporal(readRuntimeConfig({ TEMPORAL_ADDRESS: cluster!.address, TEMPORAL_TLS_CA: pki.caCert, TEMPORAL_TLS_SERVER_NAME: 'localhost' })));
    expect(noCert).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect((noCert as Error).message).toContain(`over TLS at ${cluster!.address}`);
  });

  it('keeps the run in the cluster\'s PostgreSQL databases (history and visibility)', async () => {
    const query = async (database: string, sql: string) => {
      const c = new PgClient({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database });
      await c.connect();
      try {
        return (await c.query<{ n: string }>(sql, [synthesisId])).rows[0]!.n;
      } finally {
        await c.end();
      }
    };
    expect(await query(databases.default, 'SELECT count(*) AS n FROM current_executions WHERE workflow_id = $1')).toBe('1');
    expect(Number(await query(databases.default, 'SELECT count(*) AS n FROM history_node h JOIN current_executions c ON c.run_id = h.tree_id WHERE c.workflow_id = $1'))).toBeGreaterThan(0);
    expect(await query(databases.visibility, 'SELECT count(*) AS n FROM executions_visibility WHERE workflow_id = $1 AND status = 2')).toBe('1');
  });

  it('has each ledger entry exactly once, a valid chain and a receipt that verifies against the pinned key', async () => {
    const entries = await ledger!.reader.stream(synthesisId);
    const keys = entries.map((e) => e.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(entries.filter((e) => e.header.kind === 'claims.extracted')).toHaveLength(1);
    expect(verifyStreamRows(synthesisId, await ledger!.reader.streamRows(synthesisId)).ok).toBe(true);
    const published = await loadPublished(ledger!, synthesisId);
    const result = verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest: published.manifest, receipt: published.receipt, artifacts: published.artifacts, trust: pinnedTestKey() });
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
  });

  it('passes the audit and replays against today\'s code', async () => {
    const report = await auditSynthesis(client, ledger!, synthesisId);
    expect(report.items.filter((i) => i.status !== 'ok')).toEqual([]);
    expect(await replayWorkflow(client, synthesisId, { ledger: ledger! })).toMatchObject({ ok: true, workflowId: synthesisId });
  });
});
