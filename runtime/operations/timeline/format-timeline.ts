/** Renders a workflow timeline as text for a terminal (`synthledger history`). */
import type { Timeline } from './timeline-model';

/** Renders a timeline as text for a terminal. */
export function formatTimeline(t: Timeline): string {
  const lines: string[] = [];
  if (t.historySource === 'archive') {
    lines.push(t.temporalUnreachable
      ? `history read from the ledger archive: ${t.temporalUnreachable}`
      : 'history read from the ledger archive (Temporal no longer has this run)');
  }
  lines.push(`workflow ${t.workflowId}  run ${t.runId ?? '?'}  type ${t.workflowType ?? '?'}  queue ${t.taskQueue ?? '?'}`);
  lines.push(`status ${t.status}  started ${t.startedAt ?? '?'}  closed ${t.closedAt ?? '-'}  duration ${t.durationMs === null ? '-' : formatMs(t.durationMs)}  events ${t.lastEventId}`);
  const entryCount = t.activities.reduce((n, a) => n + a.entries.length, 0);
  const local = t.activities.filter((a) => a.local).length;
  const calls = t.activities.filter((a) => a.ranIn).length;
  lines.push(`${t.activities.length} activities${local ? ` (${local} local${calls ? `, ${calls} of them stage calls inside one` : ''})` : ''}, ${t.activities.filter((a) => a.attempts > 1).length} retried, ${entryCount} ledger entries`);
  for (const s of t.stages) {
    lines.push('');
    lines.push(`${s.stage}${s.round === null ? '' : ` (round ${s.round})`}  ${s.durationMs === null ? 'unfinished' : formatMs(s.durationMs)}`);
    for (const a of s.activities) {
      const attempts = a.attempts > 1 ? `  ${a.attempts} attempts` : '';
      lines.push(`  #${a.activityId} ${a.activityType}  ${a.status}  ${a.durationMs === null ? '-' : formatMs(a.durationMs)}${attempts}${a.ranIn ? `  in ${a.ranIn.activityType} #${a.ranIn.activityId}` : a.local ? '  local activity' : ''}`);
      for (const f of a.failures) {
        lines.push(`      ${f.attempt === null ? 'failure' : `attempt ${f.attempt} failed`}: ${f.type ? `[${f.type}] ` : ''}${f.message}${f.nonRetryable ? ' (non-retryable)' : ''}`);
        for (const c of f.causes) lines.push(`        caused by: ${c}`);
      }
      for (const en of a.entries) {
        lines.push(`      ledger #${en.index} (stream ${en.streamIndex}) ${en.kind}${en.contract ? ` [${en.contract}]` : ''} ${shortHash(en.entryHash)}`);
      }
    }
  }
  if (t.events.length > 0) {
    lines.push('');
    lines.push('workflow events');
    for (const e of t.events) lines.push(`  ${String(e.eventId).padStart(4)} ${e.time}  ${e.type}  ${e.detail}`);
  }
  if (t.unmatchedEntries.length > 0) {
    lines.push('');
    lines.push('ledger entries naming no activity of this history');
    for (const en of t.unmatchedEntries) lines.push(`  ledger #${en.index} ${en.kind} key ${en.idempotencyKey}`);
  }
  return lines.join('\n') + '\n';
}

/** `1.234s`, `250ms`, `2m03s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function shortHash(h: string): string {
  return h.replace('sha256:', '').slice(0, 12);
}
