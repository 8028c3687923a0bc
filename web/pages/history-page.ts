/**
 * `/s/:id/history`: the workflow timelines, from Temporal or from the
 * histories the ledger archived; with neither, the ledger's own record of
 * which activity wrote what.
 */
import type { LedgerEntry } from '../../ledger';
import type { Timeline } from '../../runtime';
import { html, type SafeHtml } from '../html';
import { layout } from './layout';

function ms(v: number | null): string {
  return v === null ? '–' : v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`;
}

function timelineBlock(t: Timeline): SafeHtml {
  return html`<section class="timeline" data-workflow="${t.workflowId}" data-source="${t.historySource ?? 'temporal'}">
<h2>${t.workflowType ?? 'workflow'} <span class="mono">${t.workflowId}</span></h2>
<p>run <span class="mono">${t.runId ?? '?'}</span> · ${t.status === 'running' && t.historySource === 'archive' ? 'open when archived' : t.status} · started ${t.startedAt ?? '?'} · duration ${ms(t.durationMs)} · ${t.lastEventId} events</p>
${t.historySource === 'archive' ? html`<p class="muted" data-history-source="archive">Read from the history the ledger archived (events 1–${t.lastEventId}); Temporal's copy was not used.</p>` : ''}
${t.stages.map((s) => html`<h3>${s.stage}${s.round !== null ? ` (round ${s.round})` : ''} <span class="muted">${ms(s.durationMs)}</span></h3>
<table class="activities"><thead><tr><th>Activity</th><th>Status</th><th>Attempts</th><th>Duration</th><th>Ledger entries</th></tr></thead><tbody>
${s.activities.map((a) => html`<tr data-status="${a.status}"><td>${a.activityType} <span class="muted mono">${a.activityId}</span>${a.local ? html` <span class="muted">local</span>` : ''}${a.ranIn ? html` <span class="muted">in ${a.ranIn.activityType}</span>` : ''}</td><td>${a.status}</td><td class="num">${a.attempts}</td><td class="num">${ms(a.durationMs)}</td>
<td>${a.entries.map((e) => html`<a href="./ledger#entry-${e.index}">#${e.index} ${e.kind}</a> `)}${a.failures.map((f) => html`<div class="failure">attempt ${f.attempt ?? '?'}: ${f.type ?? ''} ${f.message}</div>`)}</td></tr>`)}
</tbody></table>`)}
${t.events.length ? html`<h3>Workflow events</h3><ul>${t.events.map((e) => html`<li>${e.time} · ${e.type} ${e.detail}</li>`)}</ul>` : ''}
</section>`;
}

/**
 * Renders the history page: the timelines when given (from Temporal or the
 * archive), else the activities named by the entries themselves;
 * `unavailable` says why Temporal's answer is missing, when it is.
 */
export function historyPage(synthesisId: string, timelines: Timeline[] | null, entries: LedgerEntry[], unavailable: string | null): SafeHtml {
  const byActivity = new Map<string, LedgerEntry[]>();
  for (const e of entries) {
    const key = `${e.header.actor.workflowId ?? '-'} · ${e.header.actor.activityType ?? '-'} · ${e.header.actor.activityId ?? '-'}`;
    byActivity.set(key, [...(byActivity.get(key) ?? []), e]);
  }
  const body = html`<h1>History of <span class="mono">${synthesisId}</span></h1>
<p><a href="/s/${encodeURIComponent(synthesisId)}">← the synthesis</a></p>
${timelines ? html`${unavailable ? html`<p class="notice" data-notice="archived-history">${unavailable}: the timelines below are built from the workflow histories archived in the ledger.</p>` : ''}${timelines.map(timelineBlock)}` : html`<p class="notice" data-notice="ledger-record">${unavailable ?? 'Temporal is not configured for this site'}; no workflow history is archived in the ledger yet: the timeline below is the ledger's own record of which activity wrote which entries.</p>
<table class="activities"><thead><tr><th>Workflow · activity · id</th><th>Entries</th></tr></thead><tbody>${[...byActivity].map(([k, es]) => html`<tr><td class="mono">${k}</td><td>${es.map((e) => html`<a href="./ledger#entry-${e.header.index}">#${e.header.index} ${e.header.kind}</a> `)}</td></tr>`)}</tbody></table>`}`;
  return layout({ title: `History of ${synthesisId}`, body });
}
