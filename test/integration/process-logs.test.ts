/**
 * Structured logs of the long-running processes: `synthledger worker` spawned
 * for real with `--log-format json` writes only JSON lines on stderr (its own
 * messages and what the Temporal worker logs, forwarded), an expected error is
 * one line with its code and no stack, and the format comes from the flag, the
 * environment or the terminal.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ValidationError } from '../../common/errors';
import { toApplicationFailure } from '../../common/temporal-failure';
import { createLogger, logFormatFrom, temporalLogger } from '../../runtime/services/logger';
import { freePort } from '../../runtime/services/temporal-server';
import { ownerUrl, temporalAddress, testSignerKey } from '../support/services';

const BIN = join(__dirname, '..', '..', 'bin', 'synthledger.js');

/** Collects what a logger writes. */
function sink(): { stream: Writable; text: () => string } {
  let text = '';
  return { stream: new Writable({ write: (c: Buffer, _e, done) => { text += c.toString('utf8'); done(); } }), text: () => text };
}

describe('process logs', () => {
  describe('the log format', () => {
    it('comes from --log-format, else SYNTHLEDGER_LOG_FORMAT, else the terminal', () => {
      expect(logFormatFrom('json', { SYNTHLEDGER_LOG_FORMAT: 'pretty' }, true)).toBe('json');
      expect(logFormatFrom(undefined, { SYNTHLEDGER_LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
      expect(logFormatFrom(undefined, {}, true)).toBe('pretty');
      expect(logFormatFrom(undefined, {}, false)).toBe('json');
      expect(() => logFormatFrom('xml', {}, true)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('--log-format') }));
      expect(() => logFormatFrom(undefined, { SYNTHLEDGER_LOG_FORMAT: 'yaml' }, true)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('SYNTHLEDGER_LOG_FORMAT') }));
    });
  });

  describe('what Temporal logs, through the one logger', () => {
    it('logs an expected error as its code and reason without a stack, an unexpected one with its stack', () => {
      const out = sink();
      const log = temporalLogger(createLogger({ format: 'json', destination: out.stream }), 'WARN');
      log.info('below the level: dropped');
      log.warn('Activity failed', { error: toApplicationFailure(ValidationError.single('INVALID_ARGUMENT', '$.question', 'minLength', 'must not be empty')), activityType: 'recordRequest' });
      log.error('Activity failed', { error: new TypeError('boom') });
      const lines = out.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ level: 'warn', msg: 'Activity failed', source: 'temporal', code: 'INVALID_ARGUMENT', activityType: 'recordRequest', issues: ['$.question: must not be empty'] });
      expect(lines[0]).not.toHaveProperty('err');
      expect(lines[1]).toMatchObject({ level: 'error', err: { type: 'TypeError', message: 'boom', stack: expect.stringContaining('at ') } });
      expect(typeof lines[0]!.time).toBe('string');
    });

    it('writes pretty lines with control characters escaped', () => {
      const out = sink();
      createLogger({ format: 'pretty', destination: out.stream }).warn({ code: 'SOURCE_UNAVAILABLE' }, 'source said \u001b[31mred\u001b[0m \u202eevil');
      expect(out.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: source said \[31mred\[0m \\u202eevil \{"code":"SOURCE_UNAVAILABLE"\}\n$/);
      expect(out.text()).not.toMatch(/[\u001b\u202e]/);
    });
  });

  describe('synthledger worker', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'synthledger-logs-'));
    const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: ownerUrl(), SYNTHLEDGER_APP_PASSWORD: process.env.SYNTHLEDGER_APP_PASSWORD,
      SYNTHLEDGER_CACHE_DIR: join(tmp, 'cache'), SYNTHLEDGER_SIGNING_KEY: testSignerKey(), ...extra,
    });

    it('prints an expected start-up error as one line, in either format', async () => {
      const refused = `127.0.0.1:${await freePort()}`;
      for (const format of ['json', 'pretty']) {
        const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
          execFile(process.execPath, [BIN, 'worker', '--log-format', format], { env: env({ TEMPORAL_ADDRESS: refused }), timeout: 60_000 }, (err, _stdout, stderr) => {
            resolve({ status: err ? (err as { code?: number }).code ?? -1 : 0, stderr });
          });
        });
        expect(r.status).toBe(3);
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        if (format === 'json') expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', code: 'SERVICE_UNAVAILABLE', msg: expect.stringContaining(refused) });
        else expect(lines[0]).toMatch(/ ERROR: .*\{"code":"SERVICE_UNAVAILABLE"\}$/);
      }
    });

    it('writes only parseable JSON lines while it runs, an activity\'s expected failure among them as one line without a stack', async () => {
      const taskQueue = `logs-${randomBytes(4).toString('hex')}`;
      const child = spawn(process.execPath, [BIN, 'worker', '--log-format', 'json'], {
        env: env({ TEMPORAL_ADDRESS: temporalAddress(), SYNTHLEDGER_TASK_QUEUE: taskQueue }), stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const until = async (what: RegExp) => {
        for (let i = 0; i < 600 && !what.test(stderr); i++) await new Promise((r) => setTimeout(r, 200));
        expect(stderr).toMatch(what);
      };
      const connection = await Connection.connect({ address: temporalAddress() });
      try {
        await until(/worker on task queue/);
        // An empty question: the request, recorded in runInProcessStages (docs/adr/0022), is refused (INVALID_ARGUMENT, not retried) and the Temporal worker logs the failure.
        const client = new Client({ connection });
        const handle = await client.workflow.start('synthesisWorkflow', { taskQueue, workflowId: `logs-${randomBytes(4).toString('hex')}`, args: [{ synthesisId: `logs-${randomBytes(4).toString('hex')}`, question: '' }] });
        await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
        await until(/"msg":"Activity failed"/);
      } finally {
        child.kill('SIGTERM');
        await exited;
        await connection.close();
      }
      const lines = stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ level: 'info', msg: expect.stringContaining(`worker on task queue ${taskQueue}`), pid: child.pid });
      const failed = lines.find((l) => l.msg === 'Activity failed')!;
      expect(failed).toMatchObject({ level: 'warn', source: 'temporal', code: 'INVALID_ARGUMENT', activityType: 'runInProcessStages', reason: expect.any(String) });
      expect(JSON.stringify(failed)).not.toContain('    at ');
    });
  });
});
