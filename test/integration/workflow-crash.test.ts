import type { ChildProcess } from 'node:child_process';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { parseSignerKey } from '../../ledger/core/signing-key';
import { verifyReceipt } from '../../ledger/core/verify-receipt';
import { PAPER_MANIFEST_SUBJECT } from '../../schemas/paper-manifest-subject';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import { auditSynthesis } from '../../runtime/operations/audit';
import { loadPublished } from '../../runtime/operations/bundle-export';
import { fetchTimeline, type TimelineActivity } from '../../runtime/operations/timeline';
import { IN_PROCESS_STAGES_ENV } from '../../runtime/services/stage-placement';
import { replayWorkflow } from '../../runtime/operations/replay';
import { getProgress, startSynthesis } from '../../runtime/temporal/synthesis-client';
import { appUrl, pinnedTestKey, temporalAddress, testSignerKey } from '../support/services';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';
import { startChildWorker } from '../support/child-worker';

const QUESTION = 'What is the impact of negative sampling versus domain-specific fine-tuning on exact match and F1 across the MRQA 2019 datasets?';
/**
 * The default start-to-close timeout (60 s) with a short heartbeat timeout:
 * the attempt lost with the killed worker must be given up after the
 * heartbeat timeout, not after the start-to-close timeout.
 */
const CRASH_TIMEOUTS = { ...FAST_TIMEOUTS, activityMs: 60_000, heartbeatMs: 2_000 };

describe('workflow crash recovery', () => {
  let h: WorkflowHarness;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    h = await openHarness('crash');
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await h.close();
  });

  // `regular`: extractClaims is a regular activity (as with network providers), whose lost attempt ends when its heartbeats stop.
  // `local` (the default without network providers): a call inside the one local activity that runs the stages (docs/adr/0021), in the dead
  // worker's workflow task; that activity is re-run once the task times out, and finds the entries its first run wrote.
  describe.each(['regular', 'local'] as const)('when the worker process is killed with SIGKILL in the middle of a run (in-process stages %s)', (placement) => {
    const synthesisId = newSynthesisId(`crash-${placement}`);
    let summary: SynthesisSummary;
    let stageAtKill: string;
    let killedAt: number;
    let finishedAt: number;
    let extract: TimelineActivity;

    beforeAll(async () => {
      const key = { signerKey: testSignerKey() };
      const started = await startChildWorker({ taskQueue: h.taskQueue, temporalAddress: temporalAddress(), databaseUrl: appUrl(), signerKey: key.signerKey, slow: 'extractClaims:60000', env: { [IN_PROCESS_STAGES_ENV]: placement } });
      child = started.child;
      const handle = await startSynthesis(h.env.client, { synthesisId, question: QUESTION, params: { revisionThreshold: 0 }, timeouts: CRASH_TIMEOUTS }, h.taskQueue);
      // Wait until the child is inside the (slow) extract stage: search, merge and index are done and recorded.
      const deadline = Date.now() + 60_000;
      for (;;) {
        // Local: the stages run inside one workflow task, which a query waits for, so the worker's output says where it is.
        const p = placement === 'local' ? { stage: 'extract' } : await getProgress(h.env.client, synthesisId).catch(() => null);
        if (p?.stage === 'extract' && started.output().includes('slow extractClaims')) {
          stageAtKill = p.stage;
          break;
        }
        if (Date.now() > deadline) throw new Error(`never reached the extract stage: ${started.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const exited = new Promise((r) => child!.once('exit', r));
      killedAt = Date.now();
      child.kill('SIGKILL');
      await exited;
      const worker = await h.worker({ signer: parseSignerKey(key.signerKey), policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true }, inProcessStages: placement });
      summary = await worker.runUntil(handle.result() as Promise<SynthesisSummary>);
      finishedAt = Date.now();
      const t = await fetchTimeline(h.env.client, h.ledger, synthesisId);
      expect(t.status).toBe('completed');
      extract = t.activities.find((a) => a.activityType === 'extractClaims')!;
    });

    it('completes on a new worker', () => {
      expect(stageAtKill).toBe('extract');
      expect(summary.status).toBe('PUBLISHED');
    });

    if (placement === 'regular') {
      it('retried the activity the kill interrupted once its heartbeats stopped, seconds after the kill, not after the 60 s start-to-close timeout', () => {
        expect(extract).toMatchObject({ local: false, attempts: 2 });
        expect(extract.failures[0]).toMatchObject({ attempt: 1, type: 'timeout:HEARTBEAT' });
        // The killed attempt's start-to-close timeout is 60 s: only the heartbeat timeout (2 s) can end it sooner.
        const recoveredMs = Date.parse(extract.startedAt ?? '') - killedAt;
        expect(recoveredMs).toBeGreaterThan(0);
        expect(recoveredMs).toBeLessThan(30_000);
      });
    } else {
      it('ran the local activity again on the new worker once the dead worker\'s workflow task timed out, not after the 60 s start-to-close timeout', async () => {
        // A marker records only the run that completed; the dead worker's never reached the history.
        expect(extract).toMatchObject({ local: true, status: 'completed', attempts: 1, ranIn: { activityType: 'runInProcessStages' } });
        const events = (await h.env.client.workflow.getHandle(synthesisId).fetchHistory()).events ?? [];
        expect(events.filter((e) => e.workflowTaskTimedOutEventAttributes).length).toBeGreaterThanOrEqual(1);
        // The whole rest of the run, the workflow task timeout (10 s) included, took less than the dead attempt's 60 s.
        expect(finishedAt - killedAt).toBeLessThan(30_000);
      });
    }

    it('has each ledger entry exactly once, a valid chain and a receipt that verifies', async () => {
      const entries = await h.ledger.reader.stream(synthesisId);
      const keys = entries.map((e) => e.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      const contents = entries.map((e) => `${e.header.kind} ${e.header.payloadHash}`);
      expect(new Set(contents).size).toBe(contents.length);
      expect(entries.filter((e) => e.header.kind === 'claims.extracted')).toHaveLength(1);
      expect(verifyStreamRows(synthesisId, await h.ledger.reader.streamRows(synthesisId)).ok).toBe(true);
      const published = await loadPublished(h.ledger, synthesisId);
      const result = verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest: published.manifest, receipt: published.receipt, artifacts: published.artifacts, trust: pinnedTestKey() });
      expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    });

    it('passes the audit and replays against today\'s code', async () => {
      const report = await auditSynthesis(h.env.client, h.ledger, synthesisId);
      expect(report.items.filter((i) => i.status !== 'ok')).toEqual([]);
      expect(await replayWorkflow(h.env.client, synthesisId, { ledger: h.ledger })).toMatchObject({ ok: true, workflowId: synthesisId });
    });
  });
});
