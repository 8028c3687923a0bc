/**
 * The tribunal's referee reports and the point-by-point rebuttal of each
 * revision round, laid out as the reviewed-paper pages show them: a report
 * per role ("2 major / 2 minor"), numbered major and minor comments tied to
 * a section, then each comment quoted with the response and whether the
 * draft was revised.
 */
import type { ReviewComment } from '../../runtime';
import { html, type SafeHtml } from '../html';
import type { RoundRecord } from '../synthesis-record';
import { formatScore } from './layout';

function comment(c: ReviewComment): SafeHtml {
  return html`<li id="comment-${c.commentId}"><strong>[${c.section}]</strong> ${c.text}${c.claimIds.length ? html` <span class="muted mono">(${c.claimIds.join(', ')})</span>` : ''} <span class="muted mono">${c.commentId}</span></li>`;
}

/** The referee reports of one round. */
function refereeReports(round: RoundRecord): SafeHtml {
  return html`${round.reviews.map(({ review, recordHash }) => {
    const major = review.comments.filter((c) => c.severity === 'major');
    const minor = review.comments.filter((c) => c.severity === 'minor');
    return html`<article class="referee-report" data-role="${review.role}">
<h4>Referee Report — ${review.role}</h4>
<p class="counts">${major.length} major / ${minor.length} minor</p>
<p><strong>Score.</strong> ${formatScore(review.score)} · <strong>Verdict.</strong> ${review.verdict} · <span class="muted">${review.method}</span></p>
<h5>major comments (${major.length})</h5>
${major.length ? html`<ol class="major">${major.map(comment)}</ol>` : html`<p class="muted">None.</p>`}
<h5>minor comments (${minor.length})</h5>
${minor.length ? html`<ol class="minor">${minor.map(comment)}</ol>` : html`<p class="muted">None.</p>`}
<p class="muted mono">record ${recordHash}</p>
</article>`;
  })}`;
}

/** The rebuttal written after a round's reviews. */
function rebuttal(round: RoundRecord): SafeHtml {
  if (!round.rebuttal) return html``;
  const byId = new Map(round.reviews.flatMap(({ review }) => review.comments.map((c) => [c.commentId, { c, role: review.role }] as const)));
  const unresolved = round.rebuttal.filter((p) => p.action === 'NO_CHANGE').length;
  return html`<article class="rebuttal">
<h4>Rebuttal (round ${round.round})</h4>
<p class="counts">${round.rebuttal.length} response${round.rebuttal.length === 1 ? '' : 's'} · ${unresolved} unresolved</p>
<ol class="points">${round.rebuttal.map((p) => {
    const ref = byId.get(p.commentId);
    return html`<li data-comment="${p.commentId}"><p><strong>Referee${ref ? ` (${ref.role})` : ''}:</strong> ${ref ? html`[${ref.c.section}] ${ref.c.text}` : p.commentId}</p>
<p><strong>Authors:</strong> ${p.response}</p>
<p class="muted">revision: ${p.action === 'NO_CHANGE' ? 'no' : 'yes'} (${p.action})</p></li>`;
  })}</ol>
</article>`;
}

/** Every round: its aggregate, referee reports and rebuttal. */
export function editorialAnalysis(rounds: RoundRecord[]): SafeHtml {
  if (rounds.length === 0) return html`<p class="muted">No tribunal review recorded yet.</p>`;
  return html`${rounds.map((r) => html`<section class="round" data-round="${r.round}">
<h3>Round ${r.round}${r.aggregate ? html` — tribunal ${formatScore(r.aggregate.score)}, ${r.aggregate.decision}` : ''}</h3>
${refereeReports(r)}
${rebuttal(r)}
</section>`)}`;
}
