/**
 * `npm run chaos`: N syntheses under faults, then an account of what survived.
 *
 * Starts its own PostgreSQL (initdb in a temp dir, crash-restarted with
 * `pg_ctl restart -m immediate`), its own Temporal dev server (state in a
 * sqlite file, so a restart keeps every workflow) and W worker processes.
 * While the syntheses run it SIGKILLs a worker every few seconds (and
 * restarts it), crash-restarts PostgreSQL and restarts Temporal. Then, with
 * the faults stopped, it waits for every synthesis, signs a checkpoint,
 * verifies the whole log, audits every synthesis and prints the figures:
 * completed/failed, duplicate and missing entries, worker kills and
 * restarts, worker deaths that were not our kills, PostgreSQL crashes.
 *
 *   npm run chaos -- [--syntheses 16] [--workers 5] [--duration 200]
 *                    [--kill-every 1.2] [--pg-crash-every 30] [--temporal-restarts 2] [--drain 120]
 *
 * Exit 0 only when every synthesis published, the log verifies, no audit
 * found a duplicate or a missing entry, no worker died but by our SIGKILLs,
 * and the run reached the targets of issue 10 ({@link TARGETS}: at least
 * 100 worker SIGKILLs and 5 PostgreSQL crash-restarts); each target is
 * printed with PASS or MISS. A shorter run than the defaults may MISS them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { Ledger, createCheckpoint, generateSigningKey, parseSignerKey, verifyLog } from '../ledger';
import { auditSynthesis, startSynthesis, startTemporalDevServer, type SynthesisSummary, type TemporalDevServer } from '../runtime';
import { workflowBundle } from '../runtime/temporal/synthesis-worker';
import { freePort } from '../runtime/services/temporal-server';
import { SEED_QUESTION } from '../data/example-question';
import { startChildWorker, type ChildWorker } from '../test/support/child-worker';
import { migratedDatabase, startThrowawayPostgres } from '../test/support/throwaway-postgres';

/**
 * The command line, with the defaults sized so a run takes about five minutes
 * on two cores and aims at {@link TARGETS}. A SIGKILL needs a worker that is
 * up: with 4 slots and a kill every 1.5 s, runs on a quiet machine were capped
 * by the interval (at most 133 kills in 200 s; 132 and 134 measured) and
 * loaded ones by the time a restarted worker takes to poll again (62 to 89).
 * A kill every 1.2 s raises the first ceiling to 166, a fifth slot the second
 * by a quarter.
 */
const COMMAND = 'npm run chaos';
const DEFAULTS = { syntheses: 16, workers: 5, duration: 200, killEvery: 1.2, pgCrashEvery: 30, temporalRestarts: 2, drain: 120 };
/** The fault counts a run must reach (issue 10, "Chaos as a command"). */
const TARGETS = { workerKills: 100, pgCrashes: 5 } as const;
/**
 * The default start-to-close timeout (60 s) with a short heartbeat timeout and
 * short retries: an attempt lost with a killed worker is retried once its
 * heartbeats stop, within seconds.
 */
const TIMEOUTS = { activityMs: 60_000, heartbeatMs: 3_000, retryInitialMs: 200, humanReviewMs: 60_000 };
const QUESTIONS = [
  SEED_QUESTION,
  'How do dense passage retrievers compare with BM25 on open-domain question answering?',
  'What does contrastive pre-training contribute to sentence embeddings for semantic similarity?',
  'Does data augmentation improve robustness of reading comprehension models to adversarial examples?',
];

type Options = typeof DEFAULTS;

function parseArgs(argv: string[]): Options {
  const o: Options = { ...DEFAULTS };
  const names: Record<string, keyof Options> = {
    '--syntheses': 'syntheses', '--workers': 'workers', '--duration': 'duration', '--kill-every': 'killEvery',
    '--pg-crash-every': 'pgCrashEvery', '--temporal-restarts': 'temporalRestarts', '--drain': 'drain',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]!];
    const value = argv[i + 1];
    // Strict decimal numbers only: `0x4` or `1e3` is a typo here, not a number.
    if (!key || value === undefined || !/^\d+(\.\d+)?$/.test(value)) {
      throw new Error(`usage: ${COMMAND} -- ${Object.keys(names).map((n) => `[${n} <number>]`).join(' ')} (got ${argv[i]} ${value ?? ''})`);
    }
    o[key] = Number(value);
  }
  if (o.syntheses < 1 || o.workers < 1 || o.duration <= 0 || o.killEvery <= 0 || o.pgCrashEvery <= 0) throw new Error('every option must be positive');
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const say = (m: string) => process.stderr.write(`[chaos ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${m}\n`);

/** A worker slot: one child process at a time, restarted after every exit. */
interface Slot {
  id: number;
  current: ChildWorker | null;
  /** Set just before we SIGKILL it, so its exit is counted as ours. */
  killing: boolean;
  readyAt: number;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  say(`${o.syntheses} syntheses, ${o.workers} workers, ${o.duration} s of faults: a SIGKILL every ${o.killEvery} s, a PostgreSQL crash every ${o.pgCrashEvery} s, ${o.temporalRestarts} Temporal restarts`);

  const dir = mkdtempSync(join(tmpdir(), 'synthledger-chaos-'));
  const pg = await startThrowawayPostgres();
  const cleanups: Array<() => Promise<void>> = [async () => pg.stop(), async () => rmSync(dir, { recursive: true, force: true })];
  let temporal: TemporalDevServer | null = null;
  const slots: Slot[] = [];
  let stopping = false;
  const cleanup = async () => {
    stopping = true;
    for (const s of slots) if (s.current && s.current.child.exitCode === null) s.current.child.kill('SIGKILL');
    await temporal?.stop().catch(() => {});
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    const appUrl = await migratedDatabase(pg, 'synthledger_chaos');
    const ledger = Ledger.open(appUrl, { maxConnections: 2 });
    cleanups.push(() => ledger.close());
    say(`PostgreSQL on port ${pg.port} (data ${pg.dataDir}), migrated`);

    const port = await freePort();
    const dbFile = join(dir, 'temporal.sqlite');
    temporal = await startTemporalDevServer({ port, dbFile, log: say });
    say(`Temporal dev server at ${temporal.address} (state in ${dbFile})`);
    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection });

    // Bundle the workflows once: each restarted worker then loads the file instead of running webpack.
    const bundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await workflowBundle()).code);
    const key = generateSigningKey('synthledger.local/log');
    const signer = parseSignerKey(key.signerKey);
    const taskQueue = `chaos-${process.pid}`;

    // Workers.
    let kills = 0;
    let restarts = 0;
    const unexpected: Array<{ slot: number; code: number | null; signal: string | null; atS: number; tail: string }> = [];
    const launch = async (slot: Slot): Promise<void> => {
      while (!stopping) {
        try {
          const w = await startChildWorker({ taskQueue, temporalAddress: temporal!.address, databaseUrl: appUrl, signerKey: key.signerKey, workflowBundlePath: bundlePath, readyTimeoutMs: 60_000 });
          slot.current = w;
          slot.readyAt = Date.now();
          w.child.once('exit', (code, signal) => {
            if (slot.current === w) slot.current = null;
            if (!slot.killing && !stopping) {
              unexpected.push({ slot: slot.id, code, signal, atS: Math.round((Date.now() - t0) / 1000), tail: w.output().split('\n').slice(-6).join(' | ') });
              say(`worker ${slot.id} exited by itself (${code ?? signal}): ${w.output().split('\n').slice(-3).join(' | ')}`);
            }
            slot.killing = false;
            if (!stopping) {
              restarts++;
              void launch(slot);
            }
          });
          return;
        } catch (e) {
          if (stopping) return; // a start refused while the run shuts its services down
          // Temporal restarting or the machine busy: try again shortly.
          say(`worker ${slot.id} did not start: ${(e as Error).message.split('\n')[0]}`);
          await sleep(1000);
        }
      }
    };
    for (let i = 0; i < o.workers; i++) slots.push({ id: i, current: null, killing: false, readyAt: 0 });
    await Promise.all(slots.map(launch));
    say(`${o.workers} workers polling ${taskQueue}`);

    // Syntheses, started over the first 60 % of the fault period so every stage meets faults.
    const ids = Array.from({ length: o.syntheses }, (_, i) => `chaos-${process.pid}-${String(i).padStart(3, '0')}`);
    const started = new Set<string>();
    const startAll = async () => {
      const spacing = (o.duration * 600) / o.syntheses;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        for (let attempt = 0; !started.has(id) && attempt < 120; attempt++) {
          try {
            await startSynthesis(client, { synthesisId: id, question: QUESTIONS[i % QUESTIONS.length]!, params: { revisionThreshold: 0 }, timeouts: TIMEOUTS }, taskQueue);
            started.add(id);
          } catch (e) {
            // A start whose answer was lost in a Temporal restart comes back as "already used": it did start.
            if ((e as { code?: string }).code === 'INVALID_ARGUMENT') started.add(id);
            else await sleep(1000);
          }
        }
        await sleep(spacing);
      }
    };

    // Faults.
    let pgCrashes = 0;
    let temporalRestarts = 0;
    const faultsFrom = Date.now();
    const faultsUntil = faultsFrom + o.duration * 1000;
    const killer = async () => {
      while (Date.now() < faultsUntil) {
        await sleep(o.killEvery * 1000);
        // The worker that has been up longest: every slot gets its share of kills.
        const victim = slots.filter((s) => s.current && !s.killing).sort((a, b) => a.readyAt - b.readyAt)[0];
        if (!victim) continue;
        victim.killing = true;
        victim.current!.child.kill('SIGKILL');
        kills++;
      }
    };
    const pgCrasher = async () => {
      while (Date.now() + o.pgCrashEvery * 1000 < faultsUntil) {
        await sleep(o.pgCrashEvery * 1000);
        const t = Date.now();
        await pg.crashRestart();
        pgCrashes++;
        say(`PostgreSQL crash-restart ${pgCrashes} (${Date.now() - t} ms to accept connections again)`);
      }
    };
    const temporalRestarter = async () => {
      for (let i = 1; i <= o.temporalRestarts; i++) {
        // Evenly inside the fault period.
        await sleep(Math.max(0, faultsFrom + (o.duration * 1000 * i) / (o.temporalRestarts + 1) - Date.now()));
        if (Date.now() >= faultsUntil) break;
        const t = Date.now();
        await temporal!.stop();
        temporal = await startTemporalDevServer({ port, dbFile, log: say });
        temporalRestarts++;
        say(`Temporal restart ${temporalRestarts} (${Date.now() - t} ms)`);
      }
    };
    const progress = setInterval(() => say(`kills ${kills}, restarts ${restarts}, PostgreSQL crashes ${pgCrashes}, started ${started.size}/${ids.length}`), 15_000);
    await Promise.all([startAll(), killer(), pgCrasher(), temporalRestarter()]);
    clearInterval(progress);
    say(`faults stopped: ${kills} kills, ${pgCrashes} PostgreSQL crashes, ${temporalRestarts} Temporal restarts; waiting for the syntheses`);

    // Drain: the workers stay up; wait for every workflow to close.
    const closed = new Map<string, string>();
    const drainUntil = Date.now() + o.drain * 1000;
    while (closed.size < ids.length && Date.now() < drainUntil) {
      for (const id of ids) {
        if (closed.has(id)) continue;
        try {
          const d = await client.workflow.getHandle(id).describe();
          if (d.status.name !== 'RUNNING') closed.set(id, d.status.name);
        } catch {
          // Not started (or Temporal busy): look again.
        }
      }
      if (closed.size < ids.length) await sleep(2000);
    }
    const summaries = new Map<string, SynthesisSummary>();
    const causes: string[] = [];
    for (const [id, status] of closed) {
      try {
        const summary = await client.workflow.getHandle(id).result() as SynthesisSummary;
        summaries.set(id, summary);
        if (summary.status !== 'PUBLISHED') causes.push(`${id}: ${summary.status}`);
      } catch (e) {
        // The innermost cause names the activity failure or timeout that ended the workflow.
        const chain: string[] = [];
        for (let c: unknown = e; c && chain.length < 6; c = (c as { cause?: unknown }).cause) chain.push((c as Error).message);
        causes.push(`${id} ${status}: ${chain.join(' <- ')}`);
      }
    }
    // A synthesis still open after the drain: where it stands (pending activities, the last events and why tasks failed).
    for (const id of ids.filter((i) => !closed.has(i))) {
      try {
        const handle = client.workflow.getHandle(id);
        const d = await handle.describe();
        const pending = (d.raw.pendingActivities ?? []).map((a) => `${a.activityType?.name} attempt ${a.attempt} ${a.lastFailure?.message ?? ''}`.trim());
        const events = (await handle.fetchHistory()).events ?? [];
        const failures = events.filter((e) => e.workflowTaskFailedEventAttributes).map((e) => e.workflowTaskFailedEventAttributes!.failure?.message ?? '?');
        const last = events.slice(-6).map((e) => String(e.eventType));
        causes.push(`${id} still RUNNING: ${events.length} events, last ${last.join(' ')}; pending [${pending.join('; ')}]; workflow task failures ${failures.length}${failures.length ? `, last: ${failures.at(-1)}` : ''}`);
      } catch (e) {
        causes.push(`${id} still RUNNING (describe failed: ${(e as Error).message})`);
      }
    }
    const published = [...summaries.values()].filter((s) => s.status === 'PUBLISHED').length;

    // The ledger: sign the current state and verify every entry against it.
    const checkpoint = await createCheckpoint(ledger.db, signer);
    const log = await verifyLog(ledger.reader, checkpoint, key.verifierKey, { logState: await ledger.reader.logState() });

    // Every synthesis: the audit (history against ledger), and our own count of duplicated content.
    let auditsOk = 0;
    let duplicated = 0;
    let missing = 0;
    const auditFailures: string[] = [];
    for (const id of ids) {
      if (!started.has(id)) continue;
      const report = await auditSynthesis(client, ledger, id);
      if (report.ok) auditsOk++;
      for (const item of report.items.filter((i) => i.status === 'failed')) {
        if (item.check === 'duplicates') duplicated++;
        if (item.check === 'activity-entries') missing++;
        auditFailures.push(`${id}: ${item.check} ${item.subject}: ${item.detail}`);
      }
      const entries = await ledger.reader.stream(id);
      const contents = entries.map((e) => `${e.header.kind} ${e.header.payloadHash}`);
      if (new Set(contents).size !== contents.length && !report.items.some((i) => i.check === 'duplicates' && i.status === 'failed')) duplicated++;
    }
    const entries = (await ledger.reader.logState()).size;
    const elapsed = Math.round((Date.now() - t0) / 1000);
    const lines = [
      '',
      `chaos: ${COMMAND} -- --syntheses ${o.syntheses} --workers ${o.workers} --duration ${o.duration} --kill-every ${o.killEvery} --pg-crash-every ${o.pgCrashEvery} --temporal-restarts ${o.temporalRestarts}`,
      `  wall time                 ${elapsed} s`,
      `  syntheses                 ${ids.length} started ${started.size}, closed ${closed.size}, published ${published}, not published ${ids.length - published}`,
      ...causes.map((c) => `    ${c}`),
      `  worker SIGKILLs           ${kills} (restarts ${restarts})`,
      `  worker deaths not ours    ${unexpected.length}${unexpected.length ? `: ${unexpected.map((u) => `slot ${u.slot} at ${u.atS} s (${u.code ?? u.signal}): ${u.tail}`).join('; ')}` : ''}`,
      `  PostgreSQL crash-restarts ${pgCrashes}`,
      `  Temporal restarts         ${temporalRestarts}`,
      `  ledger                    ${entries} entries; ledger verify: ${log.ok ? 'OK' : 'FAILED'} (${log.entriesChecked} entries checked against a checkpoint at ${checkpoint.treeSize}${log.firstBroken ? `; broken at ${log.firstBroken.index}: ${log.firstBroken.reason}` : ''})`,
      `  audits                    ${auditsOk} of ${started.size} OK`,
      `  duplicated entries        ${duplicated}`,
      `  missing entries           ${missing}`,
      ...auditFailures.slice(0, 10).map((f) => `    ${f}`),
    ];
    const targets: Array<[string, boolean, string]> = [
      [`worker SIGKILLs >= ${TARGETS.workerKills}`, kills >= TARGETS.workerKills, String(kills)],
      [`PostgreSQL crash-restarts >= ${TARGETS.pgCrashes}`, pgCrashes >= TARGETS.pgCrashes, String(pgCrashes)],
      ['every synthesis published', published === ids.length, `${published} of ${ids.length}`],
      ['0 worker deaths not ours', unexpected.length === 0, String(unexpected.length)],
      ['0 duplicated, 0 missing entries', duplicated === 0 && missing === 0, `${duplicated} duplicated, ${missing} missing`],
      ['ledger verify OK, every audit OK', log.ok && auditsOk === started.size, `${log.ok ? 'OK' : 'FAILED'}, ${auditsOk} of ${started.size}`],
    ];
    lines.push('  targets', ...targets.map(([name, pass, got]) => `    ${pass ? 'PASS' : 'MISS'}  ${name.padEnd(36)} ${got}`));
    process.stdout.write(lines.join('\n') + '\n');
    const ok = targets.every(([, pass]) => pass);
    await cleanup();
    process.exit(ok ? 0 : 1);
  } catch (e) {
    await cleanup();
    throw e;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`chaos failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(70);
});
