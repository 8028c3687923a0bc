/**
 * The history archive: after Temporal deletes a synthesis's runs (as
 * retention does), `history`, `replay`, `audit` and `status` answer from
 * the ledger's archive, and the archive's blob hash is the manifest's
 * historyDigest.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { ENTRY_KINDS } from '../../activities/catalogue/entry-kinds';
import { archiveHistory, HISTORY_ARCHIVE_MEDIA_TYPE, type HistoryArchiveRecord } from '../../activities/history-archive';
import { digestEvents, historyEventsJson } from '../../activities/history-digest';
import { StageLedger } from '../../activities/stage-ledger';
import type { SynthledgerError } from '../../common/errors';
import { caught } from '../support/caught';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import { SEED_QUESTION } from '../../data/example-question';
import { runCorrection, startSynthesis } from '../../runtime/temporal/synthesis-client';
import { PAPER_MANIFEST_CONTRACT } from '../../schemas/contract-names';
import type { PaperManifest } from '../../schemas/paper-manifest.schema';
import { nextCorrection } from '../support/correction-record';
import { ownerUrl, temporalAddress, uniqueStream } from '../support/services';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

const ROOT = join(__dirname, '..', '..');

interface CliRun { status: number; stdout: string; stderr: string }

describe('history archive', () => {
  let h: WorkflowHarness;
  let worker: Worker;
  let running: Promise<void>;
  let env: NodeJS.ProcessEnv;
  const tmp = mkdtempSync(join(tmpdir(), 'synthledger-archive-'));
  const cli = (...args: string[]): Promise<CliRun> => cliWith(env, ...args);
  const cliWith = (cliEnv: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> => new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), ...args], { cwd: tmp, env: cliEnv, timeout: 110_000 }, (err, stdout, stderr) => {
      const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ status, stdout, stderr });
    });
  });

  beforeAll(async () => {
    h = await openHarness('archive');
    worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true, humanReviewScore: 0 } });
    running = worker.run();
    env = {
      PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: ownerUrl(), TEMPORAL_ADDRESS: temporalAddress(),
      SYNTHLEDGER_TASK_QUEUE: h.taskQueue, SYNTHLEDGER_CACHE_DIR: join(tmp, 'cache'),
      SYNTHLEDGER_APP_PASSWORD: process.env.SYNTHLEDGER_APP_PASSWORD,
    };
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await h?.close();
  });

  /** Deletes a run from the server and waits until the server no longer describes it. */
  async function deleteRun(workflowId: string, runId: string): Promise<void> {
    await h.env.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId, runId } });
    // The server deletes asynchronously; on a loaded machine that takes tens of seconds.
    for (let i = 0; i < 900; i++) {
      try {
        await h.env.client.workflow.getHandle(workflowId, runId).describe();
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) return;
        throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${workflowId} ${runId} still described after deletion`);
  }

  describe('when a published and corrected synthesis is deleted from Temporal', () => {
    const id = newSynthesisId('arch');
    let synthesisRun = '';

    it('archives the history at publication under the manifest historyDigest', async () => {
      const handle = await startSynthesis(h.env.client, { synthesisId: id, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: { maxRounds: 1, publication: 'minimal' } }, h.taskQueue);
      synthesisRun = (await handle.describe()).runId;
      await expect(handle.result()).resolves.toMatchObject({ status: 'PUBLISHED' });
      const stream = await h.ledger.reader.stream(id);
      const archives = stream.filter((e) => e.header.kind === ENTRY_KINDS.historyArchive).map((e) => JSON.parse(e.payloadJson) as HistoryArchiveRecord);
      const manifest = JSON.parse(stream.find((e) => e.header.contract === PAPER_MANIFEST_CONTRACT)!.payloadJson) as PaperManifest;
      expect(archives).toEqual([expect.objectContaining({ workflowId: id, runId: synthesisRun, reason: 'publication', sha256: manifest.workflow.historyDigest.sha256, lastEventId: manifest.workflow.historyDigest.lastEventId })]);
      // Requested with publication "minimal": the stream will not be published, so the level stops below L4.
      expect(manifest.provenance.publicLevel).toBe('L3');
      const blob = await h.ledger.blobs.get(archives[0]!.sha256);
      expect((JSON.parse(blob.bytes.toString('utf8')) as { events: unknown[] }).events).toHaveLength(manifest.workflow.historyDigest.lastEventId);

      const correction = await runCorrection(h.env.client, id, await nextCorrection(h.ledger, id, 'ERRATUM', 'c-archive-1'), { taskQueue: h.taskQueue });
      expect(correction).toMatchObject({ manifestVersion: 2 });
      const after = (await h.ledger.reader.stream(id)).filter((e) => e.header.kind === ENTRY_KINDS.historyArchive).map((e) => JSON.parse(e.payloadJson) as HistoryArchiveRecord);
      expect(after.map((r) => [r.workflowId, r.reason])).toEqual([[id, 'publication'], [`correction:${id}`, 'correction']]);
    });

    it('history, replay, audit and status answer from the archive once Temporal forgot both runs', async () => {
      const corrections: string[] = [];
      for await (const w of h.env.client.workflow.list({ query: `WorkflowId = 'correction:${id}'` })) corrections.push(w.runId);
      await deleteRun(id, synthesisRun);
      for (const runId of corrections) await deleteRun(`correction:${id}`, runId);

      const status = await cli('status', id, '--json');
      expect(status.status).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ workflowStatus: 'ARCHIVED', status: 'PUBLISHED', manifestVersion: 2, correctionStatus: 'CORRECTED', runId: synthesisRun });

      const hist = await cli('history', id, '--json');
      expect(hist.status).toBe(0);
      expect(JSON.parse(hist.stdout).timeline).toMatchObject({ workflowId: id, runId: synthesisRun, historySource: 'archive' });

      const replay = await cli('replay', id);
      expect(replay.stdout).toMatch(/^OK: synthesisWorkflow/);
      expect(replay.status).toBe(0);

      const audit = await cli('audit', id, '--json');
      const report = JSON.parse(audit.stdout) as { ok: boolean; items: Array<{ check: string; status: string; detail: string }> };
      expect(report.items.filter((i) => i.status === 'failed')).toEqual([]);
      expect(audit.status).toBe(0);
      expect(report.items.find((i) => i.check === 'history-digest')).toMatchObject({ status: 'ok' });
      expect(report.items.filter((i) => i.check === 'history').map((i) => i.detail)).toEqual([
        expect.stringContaining('from the ledger archive (publication'), expect.stringContaining('from the ledger archive (correction'),
      ]);
    }, 300_000);

    it('history, replay and audit answer from the archive when Temporal cannot be reached, and say why', async () => {
      // A port nothing listens on: connecting fails at once.
      const run = (...args: string[]): Promise<CliRun> => cliWith({ ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' }, ...args);
      const hist = await run('history', id, '--json');
      expect(hist.status).toBe(0);
      expect(JSON.parse(hist.stdout).timeline).toMatchObject({ workflowId: id, runId: synthesisRun, historySource: 'archive', temporalUnreachable: expect.stringContaining('Temporal is not reachable at 127.0.0.1:1') });
      const text = await run('history', id);
      expect(text.stdout).toContain('history read from the ledger archive: Temporal is not reachable at 127.0.0.1:1');

      const replay = await run('replay', id);
      expect(replay.stdout).toMatch(/^OK: synthesisWorkflow/);
      expect(replay.stderr).toContain('replaying the history archived in the ledger: Temporal is not reachable at 127.0.0.1:1');
      expect(replay.status).toBe(0);

      // The audit reads the archived histories too: both runs, each saying why Temporal was not asked.
      const audit = await run('audit', id, '--json');
      const report = JSON.parse(audit.stdout) as { ok: boolean; temporalUnreachable?: string; items: Array<{ check: string; status: string; detail: string }> };
      expect(report.items.filter((i) => i.status === 'failed')).toEqual([]);
      expect(audit.status).toBe(0);
      expect(report.temporalUnreachable).toContain('Temporal is not reachable at 127.0.0.1:1');
      expect(report.items.filter((i) => i.check === 'history').map((i) => i.detail)).toEqual([
        expect.stringContaining('from the ledger archive (publication, Temporal cannot be reached)'), expect.stringContaining('from the ledger archive (correction, Temporal cannot be reached)'),
      ]);
      expect(audit.stderr).toContain('auditing the histories archived in the ledger: Temporal is not reachable at 127.0.0.1:1');

      // Nothing archived: the connection error stands, with its exit status.
      const unknown = await run('history', newSynthesisId('nobody'));
      expect(unknown.stderr).toMatch(/SERVICE_UNAVAILABLE/);
      expect(unknown.status).toBe(3);
      const unknownAudit = await run('audit', newSynthesisId('nobody'));
      expect(unknownAudit.stderr).toMatch(/SERVICE_UNAVAILABLE/);
      expect(unknownAudit.status).toBe(3);
    }, 300_000);

    it('a synthesis Temporal never had and the ledger does not know is still NOT_FOUND', async () => {
      const status = await cli('status', newSynthesisId('nobody'));
      expect(status.stderr).toMatch(/NOT_FOUND/);
      expect(status.status).toBe(4);
    });
  });

  describe('when the archive\'s blob was not stored while its entry landed', () => {
    it('the retry finds the entry and stores the same bytes; bytes that changed are refused', async () => {
      const id = newSynthesisId('arblob');
      const handle = await startSynthesis(h.env.client, { synthesisId: id, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: { maxRounds: 1, publication: 'minimal' } }, h.taskQueue);
      await handle.result();
      const run = { workflowId: id, runId: (await handle.describe()).runId };
      const stream = uniqueStream('archive-retry');
      const s = new StageLedger(h.ledger, stream, { actor: { workflowId: run.workflowId, runId: run.runId, activityType: 'archiveTest', activityId: '1' }, keyPrefix: `${id}/archive-test` });
      // The first attempt's blob store fails (injected); its entry is appended all the same.
      const failing = Object.create(h.ledger, { blobs: { value: Object.assign(Object.create(h.ledger.blobs), { put: () => Promise.reject(new Error('injected blob failure')) }) } }) as typeof h.ledger;
      await expect(archiveHistory(failing, h.env.client, s, run, 'outcome')).rejects.toThrow('injected blob failure');
      const entry = await h.ledger.reader.entryByIdempotencyKey(s.key('history'));
      const record = JSON.parse(entry!.payloadJson) as HistoryArchiveRecord;
      expect(await h.ledger.blobs.has(record.sha256)).toBe(false);

      // The retry: the same record, and now its blob, whose bytes are the live history's events 1..lastEventId.
      const retried = await archiveHistory(h.ledger, h.env.client, s, run, 'outcome');
      expect(retried.payload).toEqual(record);
      expect(retried.entry.entryHash).toBe(entry!.entryHash);
      const blob = await h.ledger.blobs.get(record.sha256);
      expect(blob.mediaType).toBe(HISTORY_ARCHIVE_MEDIA_TYPE);
      expect(digestEvents(historyEventsJson(await h.env.client.workflow.getHandle(id, run.runId).fetchHistory(), record.lastEventId)).sha256).toBe(record.sha256);

      // A record whose hash the events do not have: nothing is stored under it.
      const bogus = { ...record, sha256: `sha256:${'0'.repeat(64)}` };
      await s.writeOne({ name: 'history-bogus', kind: ENTRY_KINDS.historyArchive, contract: null, payload: bogus });
      expect((await caught<SynthledgerError>(archiveHistory(h.ledger, h.env.client, s, run, 'outcome', 'history-bogus'))).code).toBe('LOG_STATE_CORRUPT');
      expect(await h.ledger.blobs.has(bogus.sha256)).toBe(false);
    });
  });
});
