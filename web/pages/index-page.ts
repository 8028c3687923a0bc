/** `/`: syntheses newest first, with a status filter and paging. */
import { html, type SafeHtml } from '../html';
import type { CatalogPage } from '../synthesis-catalog';
import { SITE_STATUSES, type SiteStatus } from '../synthesis-status';
import { formatDate, formatScore, layout, statusBadge } from './layout';

/** Renders the index page. */
export function indexPage(page: CatalogPage, status: SiteStatus | undefined): SafeHtml {
  const q = (p: number) => `/?${status ? `status=${encodeURIComponent(status)}&` : ''}page=${p}`;
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const rows = page.rows.map((r) => html`<tr data-synthesis="${r.synthesisId}">
<td><a href="/s/${encodeURIComponent(r.synthesisId)}">${r.title}</a><div class="muted mono">${r.synthesisId}${r.manifestVersion && r.manifestVersion > 1 ? ` · v${r.manifestVersion}` : ''}</div></td>
<td>${statusBadge(r.status)}</td>
<td class="num">${formatScore(r.score)}</td>
<td>${r.verificationLevel ? `${r.verificationLevel}, ${r.verificationLabel ?? ''}` : '–'}</td>
<td>${r.tier ?? '–'}</td>
<td class="nowrap">${formatDate(r.date)}</td>
</tr>`);
  const body = html`<h1>Syntheses</h1>
<form class="filter" method="get" action="/"><label for="status">Status</label>
<select id="status" name="status"><option value="">all</option>${SITE_STATUSES.map((s) => html`<option value="${s}"${s === status ? html` selected` : ''}>${s}</option>`)}</select>
<button type="submit">Filter</button></form>
<p class="muted">${page.total} synthes${page.total === 1 ? 'is' : 'es'}${status ? ` with status ${status}` : ''}, newest first.</p>
${page.rows.length === 0 ? html`<p>No syntheses${status ? ' with this status' : ''} yet.</p>` : html`<table class="index"><thead><tr><th>Title</th><th>Status</th><th>Review score</th><th>Verification</th><th>Quality tier</th><th>Date</th></tr></thead>
<tbody>${rows}</tbody></table>`}
<nav class="pager">${page.page > 1 ? html`<a rel="prev" href="${q(page.page - 1)}">← newer</a>` : ''} <span>page ${page.page} of ${pages}</span> ${page.page < pages ? html`<a rel="next" href="${q(page.page + 1)}">older →</a>` : ''}</nav>`;
  return layout({ title: 'Syntheses', body });
}
