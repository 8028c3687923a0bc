/**
 * Independent writer processes for the ledger bench: each is a Node process
 * of its own with its own `Ledger` (one connection), appending one entry per
 * call for a fixed time once every process is ready. {@link runWriterProcesses}
 * starts them and sums what they appended; run as a script, this file is one
 * such process (arguments: application URL, tag, writer number, seconds),
 * talking to its parent over the IPC channel.
 */
import { fork } from 'node:child_process';
import { RequestSource } from './append-requests';
import { Ledger } from '../ledger/store/ledger';

/** What one writer process reports when its time is up. */
interface WriterReport { entries: number; ms: number; latenciesMs: number[] }

/** Entries appended by `writers` processes in `seconds` after all were ready (the slowest's elapsed time), and every call's latency. */
export async function runWriterProcesses(appUrl: string, tag: string, writers: number, seconds: number): Promise<{ entries: number; ms: number; latenciesMs: number[] }> {
  const children = Array.from({ length: writers }, (_, w) => fork(__filename, [appUrl, tag, String(w), String(seconds)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  try {
    const next = (child: (typeof children)[number]) => new Promise<unknown>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`writer process exited with ${code} before reporting`)));
    });
    await Promise.all(children.map(next));
    const reports = children.map((c) => next(c) as Promise<WriterReport>);
    for (const c of children) c.send('go');
    const done = await Promise.all(reports);
    return {
      entries: done.reduce((n, r) => n + r.entries, 0),
      ms: Math.max(...done.map((r) => r.ms)),
      latenciesMs: done.flatMap((r) => r.latenciesMs),
    };
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
}

async function writerMain(appUrl: string, tag: string, writer: number, seconds: number): Promise<void> {
  const ledger = Ledger.open(appUrl, { maxConnections: 1 });
  const source = new RequestSource(tag, writer);
  await ledger.appendAll(source.next(1)); // warm-up, not timed
  process.send!('ready');
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const latenciesMs: number[] = [];
  const start = performance.now();
  let entries = 0;
  while (performance.now() - start < seconds * 1000) {
    const t = performance.now();
    entries += (await ledger.appendAll(source.next(1))).length;
    latenciesMs.push(performance.now() - t);
  }
  const report: WriterReport = { entries, ms: performance.now() - start, latenciesMs };
  await new Promise<void>((resolve) => process.send!(report, undefined, {}, () => resolve()));
  await ledger.close();
}

if (require.main === module) {
  const [appUrl, tag, writer, seconds] = process.argv.slice(2);
  writerMain(appUrl!, tag!, Number(writer), Number(seconds)).then(() => process.exit(0), (e: unknown) => {
    console.error(`writer process ${writer}: ${(e as Error).message}`);
    process.exit(1);
  });
}
