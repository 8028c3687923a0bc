/**
 * The `synthledger` command, spawned for real (node bin/synthledger.js)
 * against the test run's PostgreSQL and Temporal dev server, with a worker
 * running in this process on a task queue of its own.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import { newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';
import { ownerUrl, temporalAddress } from '../support/services';
import { databaseUrl } from '../../ledger/store/ledger-database';
import { dropDatabase, ensureDatabase } from '../../ledger/store/migrator';
import { SEED_QUESTION } from '../../data/example-question';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';

const ROOT = join(__dirname, '..', '..');

interface CliRun { status: number; stdout: string; stderr: string }

describe('synthledger command', () => {
  let h: WorkflowHarness;
  let worker: Worker;
  let running: Promise<void>;
  let env: NodeJS.ProcessEnv;
  const tmp = mkdtempSync(join(tmpdir(), 'synthledger-cli-'));

  /** Runs the real command asynchronously (the in-process worker must keep polling meanwhile). */
  const cli = (...args: string[]): Promise<CliRun> => new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), ...args], { cwd: tmp, env, timeout: 110_000 }, (err, stdout, stderr) => {
      const status = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
  const json = <T = Record<string, any>>(r: CliRun): T => JSON.parse(r.stdout) as T; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    h = await openHarness('cli');
    // Every synthesis asks for a human review, so the review command has something to decide.
    worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 10.1, humanReviewScore: 0 } });
    running = worker.run();
    env = {
      PATH: process.env.PATH, HOME: process.env.HOME,
      DATABASE_URL: ownerUrl(), TEMPORAL_ADDRESS: temporalAddress(), SYNTHLEDGER_TASK_QUEUE: h.taskQueue,
      SYNTHLEDGER_CACHE_DIR: join(tmp, 'cache'), SYNTHLEDGER_APP_PASSWORD: process.env.SYNTHLEDGER_APP_PASSWORD,
    };
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await h?.close();
  });

  describe('when a synthesis runs, is reviewed, exported, verified and corrected', () => {
    const id = newSynthesisId('cli');
    const bundle = join(tmp, 'bundle');

    it('run --wait shows progress and, after review, the decision, manifest hash and bundle', async () => {
      const run = cli('run', SEED_QUESTION, '--wait', '--id', id, '--out', bundle, '--max-rounds', '1');
      let waiting: Record<string, any> | null = null; // eslint-disable-line @typescript-eslint/no-explicit-any
      for (let i = 0; i < 60 && !waiting; i++) {
        const s = await cli('status', id, '--json');
        // progress and summary are two queries answered a moment apart: wait until both show the wait.
        if (s.status === 0 && json(s).summary?.status === 'WAITING_FOR_REVIEW' && json(s).progress?.status === 'WAITING_FOR_REVIEW') waiting = json(s);
        else await new Promise((r) => setTimeout(r, 500));
      }
      expect(waiting).toMatchObject({ workflowStatus: 'RUNNING', progress: { status: 'WAITING_FOR_REVIEW' } });

      // Without a decision, review prints what the reviewer's desk shows and decides nothing.
      const summary = await cli('review', id);
      expect(summary.status).toBe(0);
      expect(summary.stdout).toMatch(/^status +WAITING_FOR_REVIEW$/m);
      expect(summary.stdout).toMatch(/^policy +HUMAN_REVIEW: Tribunal score \d+\.\d\d is at least 0 \(human review\)/m);
      expect(summary.stdout).toMatch(/^  SKEPTIC \d+\.\d\d \w+ \(\d+ major \/ \d+ minor\)$/m);
      expect(summary.stdout).toMatch(/^evidence$/m);
      // The draft the reviewer decides on: its Answer and Abstract in full, as the report has them.
      expect(summary.stdout).toMatch(/^draft \(round \d+\)\n  Answer\n    \S.*\n[\s\S]*?^  Abstract\n    This synthesis addresses the question: /m);
      expect(summary.stdout).toContain(`    This synthesis addresses the question: ${SEED_QUESTION}`);
      // And each reviewer's comments, one line each.
      expect(summary.stdout).toMatch(/^    - (major|minor) \[[^\]]+\] \S/m);
      expect(summary.stdout).toContain(`decide with    synthledger review ${id} --approve|--reject`);

      const review = await cli('review', id, '--approve', '--reviewer', 'Ann Editor', '--note', 'claims checked');
      expect(review).toMatchObject({ status: 0 });
      expect(review.stdout).toContain('APPROVE by Ann Editor');

      const done = await run;
      expect(done.status).toBe(0);
      expect(done.stderr).toMatch(/human-review .*WAITING_FOR_REVIEW/);
      expect(done.stdout).toMatch(/decision +HUMAN_APPROVED/);
      expect(done.stdout).toMatch(/manifest hash +sha256:[0-9a-f]{64}/);
      expect(done.stdout).toContain(`bundle         ${bundle}`);
    });

    it('status of a finished synthesis reports PUBLISHED', async () => {
      const s = await cli('status', id, '--json');
      expect(s.status).toBe(0);
      expect(json(s)).toMatchObject({ workflowStatus: 'COMPLETED', summary: { status: 'PUBLISHED', decision: 'HUMAN_APPROVED', manifestVersion: 1 } });
    });

    it('export writes the bundle and verify passes it offline (no services configured)', async () => {
      const out = join(tmp, 'exported');
      const e = await cli('export', id, '--out', out, '--json', '--minimal');
      expect(e.status).toBe(0);
      expect(json(e).files.map((f: string) => f.split('/').pop()).sort()).toEqual(['manifest.json', 'public-key.txt', 'receipt.json', 'report.md', 'ro-crate-metadata.json', 'verify-bundle.mjs']);
      const offline = { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1' };
      const offlineVerify = (...args: string[]) => new Promise<CliRun>((resolve) => execFile(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), 'verify', out, ...args], { env: offline }, (err, stdout, stderr) =>
        resolve({ status: err ? (err as { code: number }).code : 0, stdout, stderr })));
      const v = await offlineVerify('--trusted-key', h.signer.verifierKey);
      expect(v.status).toBe(0);
      expect(v.stdout).toMatch(/^OK: manifest sha256:.* with trusted key "synthledger\.local\/log" \(key id [0-9a-f]{8}, from --trusted-key\)$/m);
      expect(v.stdout).not.toMatch(/FAIL/);
      // The bundle's own public-key.txt is never a trust root: without a pin the result is UNTRUSTED (exit 6), never OK.
      const unpinned = await offlineVerify();
      expect(unpinned.status).toBe(6);
      expect(unpinned.stdout).toMatch(/^UNTRUSTED: /m);
      expect(unpinned.stdout).not.toMatch(/^OK/m);
    });

    it('export refuses an existing file and a non-empty directory (exit 2) and replaces them only with --force', async () => {
      const file = join(tmp, 'export-target-file');
      writeFileSync(file, 'keep');
      const onFile = await cli('export', id, '--out', file, '--json');
      expect(onFile.status).toBe(2);
      expect(json(onFile).error.issues).toEqual([expect.objectContaining({ path: '--out', code: 'empty-target' })]);
      expect(readFileSync(file, 'utf8')).toBe('keep');
      const full = join(tmp, 'export-target-full');
      mkdirSync(full);
      writeFileSync(join(full, 'old.txt'), 'old');
      const onFull = await cli('export', id, '--out', full);
      expect(onFull.status).toBe(2);
      expect(readdirSync(full)).toEqual(['old.txt']);
      const forced = await cli('export', id, '--out', full, '--force', '--minimal');
      expect(forced.status).toBe(0);
      expect(readdirSync(full).sort()).toEqual(['manifest.json', 'public-key.txt', 'receipt.json', 'report.md', 'ro-crate-metadata.json', 'verify-bundle.mjs']);
    });

    it('verify fails a tampered manifest with exit status 1 and names the step', async () => {
      const bad = join(tmp, 'tampered');
      cpSync(bundle, bad, { recursive: true });
      const m = JSON.parse(readFileSync(join(bad, 'manifest.json'), 'utf8'));
      m.review.score = 10;
      writeFileSync(join(bad, 'manifest.json'), JSON.stringify(m, null, 2));
      const v = await cli('verify', bad);
      expect(v.status).toBe(1);
      expect(v.stdout).toMatch(/FAIL +checkManifestHash +HASH_MISMATCH/);
      expect(v.stderr).toMatch(/^HASH_MISMATCH: checkManifestHash/m);
    });

    it('verify fails a tampered report (ARTIFACT_MISMATCH)', async () => {
      const bad = join(tmp, 'tampered-report');
      cpSync(bundle, bad, { recursive: true });
      writeFileSync(join(bad, 'report.md'), readFileSync(join(bad, 'report.md'), 'utf8') + ' ');
      const v = await cli('verify', bad, '--json');
      expect(v.status).toBe(1);
      expect(json(v).steps.find((s: { step: string }) => s.step === 'checkArtifacts')).toMatchObject({ ok: false, code: 'ARTIFACT_MISMATCH' });
    });

    it('correct records a correction and publishes manifest version 2, which verifies', async () => {
      const file = join(tmp, 'correction.json');
      writeFileSync(file, JSON.stringify({ type: 'ERRATUM', reasonCode: 'typo', description: 'Fixes a transposed F1 figure.', rationale: 'The table was misread.', issuedBy: 'editor@example.org' }));
      const c = await cli('correct', id, '--file', file, '--out', join(tmp, 'v2'), '--json');
      expect(c.status).toBe(0);
      expect(json(c)).toMatchObject({ manifestVersion: 2, status: 'CORRECTED' });
      const v = await cli('verify', join(tmp, 'v2'), '--trusted-key', h.signer.verifierKey, '--since', bundle);
      expect(v.status).toBe(0);
      expect(v.stdout).toMatch(/^PASS +checkConsistency +the log only grew from size \d+ /m);
      const receipt2 = JSON.parse(readFileSync(join(tmp, 'v2', 'receipt.json'), 'utf8'));
      const receipt1 = JSON.parse(readFileSync(join(bundle, 'receipt.json'), 'utf8'));
      expect(receipt2.consistencyProofs.map((p: { fromTreeSize: number }) => p.fromTreeSize)).toContain(receipt1.treeSize);
      // Backwards: --since names the later version, so version 1 is reported superseded by it (the log only grew from v1 to v2).
      const back = await cli('verify', bundle, '--trusted-key', h.signer.verifierKey, '--since', join(tmp, 'v2'), '--json');
      expect(back.status).toBe(0);
      expect(json(back).steps.find((s: { step: string }) => s.step === 'checkSuperseded')).toMatchObject({ ok: true });
      expect(json(back).superseded).toMatchObject({ manifestVersion: 2, manifestHash: receipt2.manifestHash, correctionStatus: 'CORRECTED' });
      const proof = await cli('ledger', 'prove-consistency', '--from', String(receipt1.treeSize), '--to', String(receipt2.treeSize), '--json');
      expect(proof.status).toBe(0);
      expect(json(proof)).toMatchObject({ fromTreeSize: receipt1.treeSize, toTreeSize: receipt2.treeSize });
    });

    it('correct refuses a correction of an unknown type with exit status 2 naming $.correction.type', async () => {
      const file = join(tmp, 'bad-type.json');
      writeFileSync(file, JSON.stringify({ type: 'OOPS', reasonCode: 'x', description: 'x', rationale: 'x', issuedBy: 'x' }));
      const r = await cli('correct', id, '--file', file, '--json');
      expect(r.status).toBe(2);
      expect(json(r).error.issues.map((i: { path: string }) => i.path)).toContain('$.correction.type');
      const human = await cli('correct', id, '--file', file);
      expect(human.status).toBe(2);
      expect(human.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^SCHEMA_INVALID: \$\.correction\.type: must be one of /)]);
      // Refused by the client: no correction workflow failed on it.
      const failed = [];
      for await (const w of h.env.client.workflow.list({ query: `WorkflowId = 'correction:${id}' AND ExecutionStatus = 'Failed'` })) failed.push(w);
      expect(failed).toEqual([]);
    });

    it('export --version 1 exports the first manifest, not the program version', async () => {
      const e = await cli('export', id, '--version', '1', '--out', join(tmp, 'v1'), '--json');
      expect(e.status).toBe(0);
      expect(json(e)).toMatchObject({ manifestVersion: 1 });
      expect(JSON.parse(readFileSync(join(tmp, 'v1', 'manifest.json'), 'utf8'))).toMatchObject({ manifestVersion: 1 });
      expect(json(await cli('export', id, '--version', '2', '--out', join(tmp, 'v2-again'), '--json'))).toMatchObject({ manifestVersion: 2 });
    });

    it('ledger show prints one entry by index and by entry hash; anything else is INVALID_ARGUMENT', async () => {
      const byIndex = await cli('ledger', 'show', '0', '--json');
      expect(byIndex.status).toBe(0);
      const entry = json(byIndex);
      expect(entry).toMatchObject({ entryHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), header: { index: 0 } });
      const byHash = await cli('ledger', 'show', entry.entryHash, '--json');
      expect(json(byHash)).toEqual(entry);
      const bad = await cli('ledger', 'show', 'latest');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^INVALID_ARGUMENT: <index\|entry-hash>: "latest" is neither a log index/m);
    });

    it('list shows the question, status after the correction, decision, score and version', async () => {
      const l = await cli('list', '--json', '--limit', '50');
      expect(l.status).toBe(0);
      expect(json(l).syntheses.find((r: { synthesisId: string }) => r.synthesisId === id))
        .toMatchObject({ question: SEED_QUESTION, status: 'CORRECTED', decision: 'HUMAN_APPROVED', manifestVersion: 2, score: expect.any(Number) });
      const text = await cli('list', '--limit', '50');
      expect(text.stdout).toMatch(new RegExp(`^${id} +CORRECTED +HUMAN_APPROVED +\\d+\\.\\d +2  `, 'm'));
    });

    it('history, replay and audit describe the run and agree with the ledger', async () => {
      const hist = await cli('history', id, '--json', '--save', join(tmp, 'history.json'));
      expect(hist.status).toBe(0);
      expect(json(hist).timeline).toMatchObject({ workflowId: id, status: 'completed' });
      const replay = await cli('replay', id);
      expect(replay.status).toBe(0);
      expect(replay.stdout).toMatch(/^OK: synthesisWorkflow/);
      const fromFile = await cli('replay', join(tmp, 'history.json'));
      expect(fromFile.status).toBe(0);
      const audit = await cli('audit', id, '--json');
      expect(audit.status).toBe(0);
      expect(json(audit)).toMatchObject({ synthesisId: id, ok: true });
    });

    it('keys show prints the log\'s verifier key and a ready trust file; keys init and checkpoint refuse another key', async () => {
      const show = await cli('keys', 'show', '--json');
      expect(show.status).toBe(0);
      expect(json(show)).toMatchObject({ publicKey: h.signer.verifierKey, trustFile: { contract: 'trust-policy-v1', logs: [{ origin: 'synthledger.local/log', keys: [h.signer.verifierKey] }] } });
      const init = await cli('keys', 'init');
      expect(init.status).toBe(2);
      expect(init.stderr).toMatch(/^LOG_KEY_EXISTS: log "synthledger\.local\/log" already has key/m);
      // This host's cache has no key: checkpoint must not generate one for a log that has a key.
      const noKey = await cli('checkpoint');
      expect(noKey.status).toBe(3);
      expect(noKey.stderr).toMatch(/^CONFIG_INVALID: .*a new key is never generated for a log that has one/m);
    });

    it('ledger verify --stream checks the chain of the synthesis', async () => {
      const v = await cli('ledger', 'verify', '--stream', id, '--json');
      expect(v.status).toBe(0);
      expect(json(v)).toMatchObject({ ok: true, stream: id, firstBroken: null });
    });

    it('ledger verify checks the whole log on this thread or on worker threads, and refuses a thread count that is not one', async () => {
      for (const threads of ['0', '2']) {
        const v = await cli('ledger', 'verify', '--threads', threads, '--json');
        expect(v.status).toBe(0);
        expect(json(v)).toMatchObject({ ok: true, checkpoint: { ok: true }, beyondCheckpoint: { rootOk: true }, firstBroken: null });
      }
      const bad = await cli('ledger', 'verify', '--threads', '-1');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^INVALID_ARGUMENT: --threads: --threads must be an integer of 0 or more, got "-1"$/m);
    });
  });

  describe('when arguments are bad', () => {
    it('run refuses out-of-range options with exit status 2, naming each option', async () => {
      const r = await cli('run', 'a question', '--queries', '0', '--threshold', 'lots');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--queries: queries must be an integer in [1, 8], got 0');
      expect(r.stderr).toContain('--threshold: must be a number, got "lots"');
    });

    it('run refuses an empty question with a JSON error naming the field', async () => {
      const r = await cli('run', '  ', '--json');
      expect(r.status).toBe(2);
      expect(json(r).error).toMatchObject({ code: 'INVALID_ARGUMENT', issues: [{ path: '<question>' }] });
    });

    it('review without a reviewer exits 2 naming --reviewer', async () => {
      const r = await cli('review', 'whatever', '--approve');
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^INVALID_ARGUMENT: --reviewer:/m);
    });

    it('a missing argument is a usage error (exit 2)', async () => {
      const r = await cli('export');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("missing required argument 'id'");
    });

    it('status of an unknown synthesis exits 4 (NOT_FOUND)', async () => {
      const r = await cli('status', 'no-such-synthesis');
      expect(r.status).toBe(4);
      expect(r.stderr).toMatch(/^NOT_FOUND:/);
    });

    it('correct of a synthesis that never published exits 4 (NOT_FOUND)', async () => {
      const file = join(tmp, 'correction-unknown.json');
      writeFileSync(file, JSON.stringify({ type: 'ERRATUM', reasonCode: 'x', description: 'x', rationale: 'x', issuedBy: 'x' }));
      const r = await cli('correct', 'no-such-synthesis', '--file', file);
      expect(r.status).toBe(4);
      expect(r.stderr).toMatch(/^NOT_FOUND: synthesis no-such-synthesis has no published manifest/m);
    });

    const retriedId = newSynthesisId('cli-retried');
    it('run --wait shows retries as they happen: activity, attempt, elapsed time, last error', async () => {
      const queue = `${h.taskQueue}-retry`;
      let failures = 0;
      const flaky = await h.worker({
        taskQueue: queue,
        // A regular activity's retries are what describe() shows as they happen (a local activity's stay inside the worker).
        inProcessStages: 'regular',
        wrapActivities: (acts) => ({
          ...acts,
          searchSources: async (...args: never[]) => {
            if (failures < 2) {
              failures++;
              throw new Error('search backend unreachable (injected)');
            }
            return acts.searchSources!(...args);
          },
        }),
      });
      const run = await flaky.runUntil(new Promise<CliRun>((resolve) => execFile(process.execPath,
        [join(ROOT, 'bin', 'synthledger.js'), 'run', SEED_QUESTION, '--id', retriedId, '--wait', '--no-export', '--max-rounds', '0', '--queries', '1', '--review-timeout', '1s', '--review-default', 'approve'],
        { cwd: tmp, env: { ...env, SYNTHLEDGER_TASK_QUEUE: queue }, timeout: 110_000 },
        (err, stdout, stderr) => resolve({ status: err ? (err as { code: number }).code : 0, stdout, stderr }))));
      expect(failures).toBe(2);
      expect(run.stderr).toMatch(/^retry {2}searchSources attempt [23] \(\d+ s elapsed\): search backend unreachable \(injected\)$/m);
      expect(`${run.stdout}\n${run.stderr}`).toMatch(/^status +(PUBLISHED|REJECTED)$/m);
    }, 120_000);

    it('status of that finished run still shows the retried stage: attempts, retries and the last failure', async () => {
      const r = await cli('status', retriedId, '--json');
      expect(r.status).toBe(0);
      const status = json(r);
      expect(status.workflowStatus).toBe('COMPLETED');
      expect(status.pendingActivities).toEqual([]);
      const search = (status.stages as { stage: string; attempts: number }[]).find((st) => st.stage === 'search');
      expect(search).toMatchObject({
        attempts: 3, retries: 2,
        lastFailure: { activityType: 'searchSources', attempt: 2, message: 'search backend unreachable (injected)' },
      });
      expect(search!.attempts).toBeGreaterThanOrEqual(2);
      // Every other stage ran each activity once.
      expect((status.stages as { stage: string; retries: number }[]).filter((st) => st.retries > 0).map((st) => st.stage)).toEqual(['search']);
      const text = await cli('status', retriedId);
      expect(text.stdout).toMatch(/^stage +search \(round 0\): attempt 3, 2 retries, last failure: searchSources attempt 2: search backend unreachable \(injected\)$/m);
    });

    it('run refuses --queries 0x4 instead of reading it as 4 (exit 2)', async () => {
      const r = await cli('run', 'a question', '--queries', '0x4', '--json');
      expect(r.status).toBe(2);
      expect(json(r).error.issues).toEqual([expect.objectContaining({ path: '--queries', code: 'number' })]);
    });

    it('run refuses a 10 KB publisher before starting any workflow (exit 2, the id stays unknown)', async () => {
      const id = newSynthesisId('cli-publisher');
      const r = await cli('run', SEED_QUESTION, '--id', id, '--publisher', 'p'.repeat(10_000), '--json');
      expect(r.status).toBe(2);
      expect(json(r).error.issues).toEqual([expect.objectContaining({ path: '--publisher', code: 'maxLength' })]);
      expect((await cli('status', id)).status).toBe(4);
    });

    it('run refuses a question with ANSI escapes or a right-to-left override, and prints it escaped', async () => {
      for (const question of ['\u001b[2J\u001b[31mred question', 'which \u202eevil question']) {
        const r = await cli('run', question);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(/^INVALID_ARGUMENT: <question>: question must not contain control or bidirectional-formatting characters/m);
        expect(r.stderr).not.toMatch(/[\u001b\u202e]/);
      }
    });

    it('review refuses a reviewer name or note with terminal control before contacting Temporal (exit 2)', async () => {
      const name = await cli('review', 'whatever', '--approve', '--reviewer', 'Ann\u001b[8m', '--json');
      expect(name.status).toBe(2);
      expect(json(name).error.issues).toEqual([expect.objectContaining({ path: '--reviewer', code: 'text-safety' })]);
      const note = await cli('review', 'whatever', '--approve', '--reviewer', 'Ann', '--note', 'ok\u2067x\u2069', '--json');
      expect(note.status).toBe(2);
      expect(json(note).error.issues).toEqual([expect.objectContaining({ path: '--note', code: 'text-safety' })]);
    });

    it('correct refuses /dev/zero, a FIFO, a symlink and an oversized file before reading them (exit 2)', async () => {
      const big = join(tmp, 'big-correction.json');
      writeFileSync(big, JSON.stringify({ type: 'ERRATUM', reasonCode: 'x', description: 'd'.repeat(10 * 1024 * 1024), rationale: 'x', issuedBy: 'x' }));
      const fifo = join(tmp, 'correction.fifo');
      execFileSync('mkfifo', [fifo]);
      const link = join(tmp, 'correction-link.json');
      symlinkSync('/dev/zero', link);
      const cases: Array<[string, string, string]> = [
        ['/dev/zero', 'INVALID_ARGUMENT', 'regular-file'], [fifo, 'INVALID_ARGUMENT', 'regular-file'],
        [link, 'INVALID_ARGUMENT', 'regular-file'], [big, 'PAYLOAD_TOO_LARGE', 'maxBytes'],
      ];
      for (const [file, code, rule] of cases) {
        const r = await cli('correct', 'no-such-synthesis', '--file', file, '--json');
        expect(`${file} ${r.status}`).toBe(`${file} 2`);
        expect(json(r).error).toMatchObject({ code, issues: [expect.objectContaining({ path: '--file', code: rule })] });
      }
    });

    it('correct refuses a correction file with a duplicate key (exit 2)', async () => {
      const file = join(tmp, 'duplicate-key.json');
      writeFileSync(file, '{"type":"ERRATUM","type":"RETRACTION","reasonCode":"x","description":"x","rationale":"x","issuedBy":"x"}');
      const r = await cli('correct', 'no-such-synthesis', '--file', file);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('duplicate member name "type"');
    });

    it('replay refuses /dev/zero, a FIFO and a link before reading them (exit 2)', async () => {
      const fifo = join(tmp, 'history.fifo');
      execFileSync('mkfifo', [fifo]);
      const link = join(tmp, 'history-link.json');
      symlinkSync('/dev/zero', link);
      for (const file of ['/dev/zero', fifo, link]) {
        const r = await cli('replay', file, '--json');
        expect(`${file} ${r.status}`).toBe(`${file} 2`);
        expect(json(r).error).toMatchObject({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: '<history.json>', code: 'regular-file' })] });
      }
    });

    it('witness serve refuses --port 0x1F90 instead of reading it as 8080 (exit 2)', async () => {
      const r = await cli('witness', 'serve', '--key', join(tmp, 'no-witness.key'), '--state', join(tmp, 'witness-state'), '--port', '0x1F90', '--log', h.signer.verifierKey, '--json');
      expect(r.status).toBe(2);
      expect(json(r).error.issues).toEqual([expect.objectContaining({ path: '--port', code: 'port' })]);
    });

    it('witness serve refuses a --log-config that is /dev/zero or names a member twice, and a --key that is /dev/zero, before listening', async () => {
      const serve = (...more: string[]) => cli('witness', 'serve', '--state', join(tmp, 'witness-state'), '--port', '0', '--json', ...more);
      const zero = await serve('--key', join(tmp, 'no-witness.key'), '--log-config', '/dev/zero');
      expect(zero.status).toBe(2);
      expect(json(zero).error).toMatchObject({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: '--log-config', code: 'regular-file' })] });
      const config = join(tmp, 'witness-logs.json');
      // Read with "the last one wins", this would witness the second origin under the first origin's keys.
      writeFileSync(config, JSON.stringify({ logs: [{ origin: 'synthledger.local/log', keys: [h.signer.verifierKey] }] }).replace('"keys"', '"origin":"other.example/log","keys"'));
      const duplicate = await serve('--key', join(tmp, 'no-witness.key'), '--log-config', config);
      expect(duplicate.status).toBe(2);
      expect(json(duplicate).error).toMatchObject({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: `${config}: $.logs[0].origin`, code: 'duplicate-member' })] });
      const key = await serve('--key', '/dev/zero', '--log', h.signer.verifierKey);
      expect(key.status).toBe(3);
      expect(json(key).error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('/dev/zero is a device, not a regular file') });
    });

    it('checkpoint refuses a signing key file that is /dev/zero without reading it (exit 3)', async () => {
      const r = await new Promise<CliRun>((resolve) => execFile(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), 'checkpoint', '--json'],
        { cwd: tmp, env: { ...env, SYNTHLEDGER_SIGNING_KEY_FILE: '/dev/zero' }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ status: err ? (err as { code: number }).code : 0, stdout, stderr })));
      expect(r.status).toBe(3);
      expect(json(r).error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('/dev/zero is a device, not a regular file') });
    });

    it('audit and ledger verify --stream of an unknown id exit 4 (NOT_FOUND)', async () => {
      const audit = await cli('audit', 'no-such-synthesis');
      expect(audit.status).toBe(4);
      expect(audit.stderr).toMatch(/^NOT_FOUND:/);
      const stream = await cli('ledger', 'verify', '--stream', 'no-such-synthesis');
      expect(stream.status).toBe(4);
    });

    it('review and export of an unknown id exit 4 (NOT_FOUND)', async () => {
      const review = await cli('review', 'no-such-synthesis', '--approve', '--reviewer', 'Ann Editor', '--json');
      expect(review.status).toBe(4);
      expect(json(review).error).toMatchObject({ code: 'NOT_FOUND' });
      const summary = await cli('review', 'no-such-synthesis');
      expect(summary.status).toBe(4);
      expect(summary.stderr).toMatch(/^NOT_FOUND:/);
      const out = join(tmp, 'unknown-export');
      const exported = await cli('export', 'no-such-synthesis', '--out', out);
      expect(exported.status).toBe(4);
      expect(exported.stderr).toMatch(/^NOT_FOUND:/);
      // Nothing written for an unknown id.
      expect(() => statSync(out)).toThrow();
    });

    it('review answers SERVICE_UNAVAILABLE (exit 3), not INTERNAL, while no worker can take the update', async () => {
      const id = newSynthesisId('cli-no-worker');
      await startSynthesis(h.env.client, { synthesisId: id, question: SEED_QUESTION }, `${h.taskQueue}-no-worker`);
      try {
        const r = await cli('review', id, '--approve', '--reviewer', 'Ann Editor', '--json');
        expect(r.status).toBe(3);
        expect(json(r).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      } finally {
        await h.env.client.workflow.getHandle(id).terminate('test over');
      }
    }, 60_000);

    it('list names the question of a terminated run, from the memo the run was started with', async () => {
      const id = newSynthesisId('cli-terminated');
      const question = 'Which retrieval augmentations were tested on MRQA 2019 before the run was terminated?';
      const started = await new Promise<CliRun>((resolve) => execFile(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), 'run', question, '--id', id, '--json'],
        { cwd: tmp, env: { ...env, SYNTHLEDGER_TASK_QUEUE: `${h.taskQueue}-no-worker` } }, (err, stdout, stderr) => resolve({ status: err ? (err as { code: number }).code : 0, stdout, stderr })));
      expect(started.status).toBe(0);
      // No worker polls that queue: the run never returns a summary nor answers a query.
      await h.env.client.workflow.getHandle(id).terminate('test over');
      let row: Record<string, unknown> | undefined;
      for (let i = 0; i < 50 && row?.workflowStatus !== 'TERMINATED'; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 200)); // visibility is eventually consistent
        row = json(await cli('list', '--json', '--limit', '50')).syntheses.find((r: { synthesisId: string }) => r.synthesisId === id);
      }
      expect(row).toMatchObject({ synthesisId: id, workflowStatus: 'TERMINATED', status: 'FAILED', question, decision: null, score: null });
      const text = await cli('list', '--limit', '50');
      expect(text.stdout).toMatch(new RegExp(`^${id} +FAILED +- +- +-  ${question.slice(0, 59)}…$`, 'm'));
    }, 60_000);

    it('Temporal unreachable says how to start it (exit 3)', async () => {
      const r = await new Promise<CliRun>((resolve) => execFile(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), 'list'], { env: { ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' } }, (err, stdout, stderr) =>
        resolve({ status: err ? (err as { code: number }).code : 0, stdout, stderr })));
      expect(r.status).toBe(3);
      expect(r.stderr).toContain('start it with `synthledger dev`');
    });
  });
  describe('temporal setup', () => {
    it('finds the search attributes the dev server registered, and names each with its type', async () => {
      const r = await cli('temporal', 'setup', '--json');
      expect(r.status).toBe(0);
      expect(json(r)).toEqual({ ok: true, namespace: 'default', searchAttributes: [
        { name: 'SynthesisStatus', type: 'KEYWORD', state: 'present' }, { name: 'SynthesisDecision', type: 'KEYWORD', state: 'present' },
        { name: 'ReviewScore', type: 'DOUBLE', state: 'present' }, { name: 'VerificationLevel', type: 'KEYWORD', state: 'present' },
      ] });
    });
  });

  describe('when a new database is set up with migrate', () => {
    const admin = process.env.SYNTHLEDGER_TEST_ADMIN_URL!;
    const name = `${process.env.SYNTHLEDGER_TEST_DB_NAME}_climigrate`;
    const url = databaseUrl(admin, name);
    // No SYNTHLEDGER_APP_PASSWORD: migrate generates one and the later commands find it in the cache directory.
    const fresh = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url, TEMPORAL_ADDRESS: '127.0.0.1:1', SYNTHLEDGER_CACHE_DIR: join(tmp, 'cache-migrate') });
    const run = (...args: string[]): Promise<CliRun> => new Promise((resolve) => execFile(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), ...args], { cwd: tmp, env: fresh() }, (err, stdout, stderr) =>
      resolve({ status: err ? (err as { code: number }).code : 0, stdout, stderr })));
    beforeAll(() => ensureDatabase(admin, name));
    afterAll(() => dropDatabase(admin, name));

    it('other commands refuse to start before it ran (exit 3, CONFIG_INVALID naming migrate)', async () => {
      const r = await run('checkpoint');
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/^CONFIG_INVALID: .*synthledger migrate/m);
    });

    it('migrate creates the database\'s own role and stores its generated password privately', async () => {
      const r = await run('migrate', '--json');
      expect(r.status).toBe(0);
      const out = json(r);
      expect(out).toMatchObject({ ok: true, appRole: `${name}_app`, passwordSource: 'generated' });
      expect(out.applied).toContain('0004-least-privilege');
      expect(statSync(out.passwordFile).mode & 0o777).toBe(0o600);
      const again = json(await run('migrate', '--json'));
      expect(again).toMatchObject({ applied: [], passwordSource: 'stored file', passwordFile: out.passwordFile });
    });

    it('then checkpoint works as the application role, through the checkpoint function', async () => {
      const r = await run('checkpoint', '--json');
      expect(r.status).toBe(0);
      expect(json(r)).toMatchObject({ ok: true, treeSize: 0 });
    });
  });
});
