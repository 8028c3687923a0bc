/** `/s/:id/ledger`: the stream, entry by entry, with each entry's inclusion proof. */
import { html, type SafeHtml } from '../html';
import type { LedgerEntry } from '../../ledger';
import { layout } from './layout';

/** One entry and its proof against `treeSize` (null when the entry is not in that tree). */
export interface ProvenEntry {
  entry: LedgerEntry;
  proof: string[] | null;
}

/** The payload as indented JSON (escaped by the template like any value). */
function pretty(payloadJson: string): string {
  try {
    return JSON.stringify(JSON.parse(payloadJson), null, 2);
  } catch {
    return payloadJson;
  }
}

/** Renders the stream page; proofs are against the signed checkpoint `checkpoint` (its note text) of size `treeSize`. */
export function ledgerPage(synthesisId: string, entries: ProvenEntry[], checkpoint: { treeSize: number; note: string } | null): SafeHtml {
  const id = encodeURIComponent(synthesisId);
  const body = html`<h1>Ledger stream <span class="mono">${synthesisId}</span></h1>
<p><a href="/s/${id}">← the synthesis</a> · ${entries.length} entries, in chain order.</p>
${checkpoint ? html`<details class="checkpoint"><summary>Inclusion proofs are against the latest signed checkpoint (tree size ${checkpoint.treeSize})</summary><pre>${checkpoint.note}</pre></details>` : html`<p class="muted">No signed checkpoint yet: inclusion proofs are not shown.</p>`}
<ol class="entries">${entries.map(({ entry: e, proof }) => html`<li class="entry" id="entry-${e.header.index}" data-kind="${e.header.kind}">
<h2 class="entry-title">#${e.header.index} <span class="kind">${e.header.kind}</span>${e.header.contract ? html` <span class="muted">${e.header.contract}</span>` : ''}</h2>
<table class="facts"><tbody>
<tr><th scope="row">Stream index</th><td>${e.header.streamIndex}</td></tr>
<tr><th scope="row">Entry hash</th><td class="mono">${e.entryHash}</td></tr>
<tr><th scope="row">Payload hash</th><td class="mono">${e.header.payloadHash}</td></tr>
<tr><th scope="row">Previous entry</th><td class="mono">${e.header.prevEntryHash ?? '–'}</td></tr>
<tr><th scope="row">Recorded</th><td>${e.header.recordedAt}</td></tr>
<tr><th scope="row">Actor</th><td class="mono">${[e.header.actor.workflowId, e.header.actor.activityType, e.header.actor.activityId].filter(Boolean).join(' · ') || '–'}</td></tr>
</tbody></table>
<details><summary>Payload</summary><pre class="payload">${pretty(e.payloadJson)}</pre></details>
<details><summary>Inclusion proof${proof ? ` (${proof.length} hashes)` : ''}</summary>${proof ? html`<ol class="proof mono">${proof.map((h) => html`<li>${h}</li>`)}</ol>` : html`<p class="muted">Not covered by the latest signed checkpoint.</p>`}</details>
</li>`)}</ol>`;
  return layout({ title: `Ledger of ${synthesisId}`, body });
}
