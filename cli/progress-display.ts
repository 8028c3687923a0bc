/**
 * Live progress of a synthesis from its `progress` query: one rewritten line
 * on a terminal, one line per stage change otherwise (CI logs, pipes).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { getProgress, pendingActivities, type PendingActivity, type SynthesisProgress, type SynthesisSummary } from '../runtime';

/** Options of {@link watchSynthesis}. */
export interface WatchOptions {
  /** Where progress goes; default process.stderr. Nothing is written when null. */
  stream?: NodeJS.WriteStream | null;
  /** Poll interval, default 500 ms. */
  intervalMs?: number;
  /** Called once when the synthesis first waits for a human review. */
  onWaitingForReview?: (progress: SynthesisProgress) => Promise<void>;
}

/** One progress line. */
export function formatProgress(p: SynthesisProgress): string {
  const c = p.counts;
  return `${String(p.percent).padStart(3)}%  ${p.stage.padEnd(12)} round ${p.round}  queries ${c.queries} · sources ${c.sources} · claims ${c.claims} · verified ${c.verified}  ${p.status}`;
}

/** One line for an activity the server is retrying: attempt, elapsed time since the watch began, last error. */
export function formatRetry(a: PendingActivity, elapsedMs: number): string {
  return `retry  ${a.activityType} attempt ${a.attempt} (${Math.round(elapsedMs / 1000)} s elapsed)${a.lastFailure ? `: ${a.lastFailure}` : ''}`;
}

/** Polls progress until the workflow completes; resolves with its summary (rejects with the workflow failure). */
export async function watchSynthesis(client: Client, handle: WorkflowHandle, options: WatchOptions = {}): Promise<SynthesisSummary> {
  const stream = options.stream === undefined ? process.stderr : options.stream;
  const tty = Boolean(stream?.isTTY);
  const interval = options.intervalMs ?? 500;
  let done = false;
  let lastKey = '';
  let lastLine = '';
  let reviewHandled = false;
  const started = Date.now();
  const retriesShown = new Set<string>();
  // Retries happen on the server and leave the progress query unchanged, so they are read from describe()'s pending activities.
  const showRetries = async () => {
    const pending = await withTimeout(pendingActivities(client, handle.workflowId), 5000).catch(() => [] as PendingActivity[]);
    for (const a of pending) {
      const key = `${a.activityType}|${a.attempt}`;
      if (a.attempt < 2 || retriesShown.has(key) || !stream || done) continue;
      retriesShown.add(key);
      stream.write(`${tty ? '\r\x1b[K' : ''}${formatRetry(a, Date.now() - started)}\n`);
      if (tty && lastLine) stream.write(lastLine);
    }
  };
  const result = handle.result().finally(() => { done = true; }) as Promise<SynthesisSummary>;
  const show = (p: SynthesisProgress) => {
    if (!stream) return;
    const line = formatProgress(p);
    if (tty) {
      if (line !== lastLine) stream.write(`\r\x1b[K${line}`);
    } else {
      const key = `${p.stage}|${p.round}|${p.status}`;
      if (key !== lastKey) stream.write(`${line}\n`);
      lastKey = key;
    }
    lastLine = line;
  };
  const poll = async () => {
    while (!done) {
      const p = await withTimeout(getProgress(client, handle.workflowId), 5000).catch(() => null);
      await showRetries();
      if (p && !done) {
        show(p);
        if (p.status === 'WAITING_FOR_REVIEW' && !reviewHandled && options.onWaitingForReview) {
          reviewHandled = true;
          if (tty) stream?.write('\n');
          try {
            await options.onWaitingForReview(p);
          } catch (e) {
            failWatch(e);
            return;
          }
        }
      }
      await Promise.race([result.catch(() => undefined), sleep(interval)]);
    }
  };
  let failWatch: (e: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => { failWatch = reject; });
  const poller = poll();
  try {
    const summary = await Promise.race([result, failed]);
    show({ stage: 'done', round: summary.rounds, percent: 100, status: summary.status, counts: { queries: lastCounts(lastLine), sources: summary.sources, claims: summary.claims, verified: summary.verified } });
    return summary;
  } finally {
    done = true;
    await poller.catch(() => undefined);
    if (tty && lastLine) stream?.write('\n');
  }
}

function lastCounts(line: string): number {
  const m = /queries (\d+)/.exec(line);
  return m ? Number(m[1]) : 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}
