/**
 * `/review/:id`: the reviewer's desk. Shows the draft, the policy's reason,
 * the tribunal's comments and the evidence; the decision form is there only
 * when the site has an operator token, and a decision is accepted only with
 * that token.
 */
import { html, type SafeHtml } from '../html';
import { renderMarkdown } from '../markdown';
import { policyReason } from '../review-summary';
import type { SynthesisRecord } from '../synthesis-record';
import { editorialAnalysis } from './editorial-analysis';
import { highlightSpan } from './evidence-span';
import { layout, statusBadge } from './layout';

/** Renders the desk; `canDecide` when an operator token is configured; `message` reports the last attempt. */
export function reviewPage(s: SynthesisRecord, canDecide: boolean, message: { kind: 'error' | 'ok'; text: string } | null = null): SafeHtml {
  const id = encodeURIComponent(s.synthesisId);
  const waiting = s.status === 'WAITING_FOR_REVIEW';
  const form = !waiting
    ? html`<p class="notice">This synthesis is ${s.status}, not waiting for a review.</p>`
    : canDecide
      ? html`<form class="decision" method="post" action="/review/${id}">
<p><label for="reviewer">Reviewer</label> <input id="reviewer" name="reviewer" required maxlength="300"></p>
<p><label for="note">Note</label> <textarea id="note" name="note" maxlength="5000" rows="3"></textarea></p>
<p><label for="token">Operator token</label> <input id="token" name="token" type="password" required autocomplete="off"></p>
<p><button name="decision" value="APPROVE" type="submit">Approve</button> <button name="decision" value="REJECT" type="submit">Reject</button></p>
</form>`
      : html`<p class="notice" data-notice="no-operator-token">Decisions on this page are disabled: the site runs without <span class="mono">SYNTHLEDGER_OPERATOR_TOKEN</span>. Decide with <span class="mono">synthledger review ${s.synthesisId} --approve|--reject --reviewer NAME</span>.</p>`;
  const body = html`<h1>Reviewer's desk</h1>
<p class="mono">${s.synthesisId}</p>
<h2 data-field="title">${s.question}</h2>
<p>${statusBadge(s.status)}</p>
${message ? html`<p class="message message-${message.kind}" role="status">${message.text}</p>` : ''}
<section id="policy"><h2>Why a human is asked</h2><p data-field="policy-reason">${policyReason(s)}</p></section>
<section id="decision"><h2>Decision</h2>${form}</section>
<section id="tribunal"><h2>Tribunal comments</h2>${editorialAnalysis(s.rounds)}</section>
<section id="evidence"><h2>Evidence</h2><ol class="claims">${s.claims.map((c) => {
    const v = s.verifications.get(c.claimId);
    return html`<li class="claim" data-verified="${v?.verified ? 'yes' : 'no'}"><p>${c.text}</p><p class="muted">${v?.verified ? 'verified' : 'not verified'} · confidence ${v ? v.confidence.toFixed(3) : '–'} · ${c.sourceId}</p>${highlightSpan(s.sources.find((r) => r.paper.id === c.sourceId)?.paper.abstract, c.span)}</li>`;
  })}</ol></section>
<section id="draft"><h2>Draft</h2>${s.report ? html`<div class="report">${renderMarkdown(s.report.markdown)}</div>` : html`<p class="muted">No draft.</p>`}</section>`;
  return layout({ title: `Review ${s.synthesisId}`, body });
}
