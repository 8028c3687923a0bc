/** What a human reviewer needs before deciding: the draft, the policy's reason, the tribunal's comments, the evidence. Shared by the desk page and `synthledger review <id>`. */
import { escapeUnsafeText } from '../common/text-safety';
import { reportSection } from './report-section';
import type { SynthesisRecord } from './synthesis-record';

/** The sections of the draft `synthledger review <id>` prints in full (the desk shows the whole report). */
export const REVIEW_DRAFT_SECTIONS = ['Answer', 'Abstract'] as const;

/** Text from a synthesis as the terminal shows it: control and bidi characters as `\u202e`; line feeds kept. */
function shown(text: string): string {
  return escapeUnsafeText(text, { keepLines: true });
}

/** Why the policy decided as it did, in one sentence. */
export function policyReason(s: SynthesisRecord): string {
  const p = s.policy;
  if (!p) return 'The policy has not decided yet.';
  const score = p.score.toFixed(2);
  if (p.outcome === 'HUMAN_REVIEW') {
    return `Tribunal score ${score} is at least ${p.policy.humanReviewScore} (human review) and below ${p.policy.autoApproveScore} (automatic approval) under ${p.policy.name}: a human decides.`;
  }
  if (p.outcome === 'AUTO_APPROVE') return `Tribunal score ${score} is at least ${p.policy.autoApproveScore} under ${p.policy.name}: published automatically.`;
  return p.tribunalDecision === 'REJECT'
    ? `The tribunal rejected the draft (score ${score}) under ${p.policy.name}.`
    : `Tribunal score ${score} is below ${p.policy.humanReviewScore} under ${p.policy.name}: rejected.`;
}

/**
 * The reviewer's summary as terminal lines: the draft's Answer and Abstract,
 * the policy's reason, each round's comments and rebuttal, the evidence.
 * Text from the draft, the sources and the reviews is escaped for the
 * terminal (common/text-safety), line by line.
 */
export function reviewSummaryLines(s: SynthesisRecord): string[] {
  const lastRound = s.rounds.at(-1);
  const verified = s.claims.filter((c) => s.verifications.get(c.claimId)?.verified).length;
  const lines = [
    `synthesis      ${s.synthesisId}`,
    `status         ${s.status}`,
    `question       ${shown(s.question)}`,
    `policy         ${s.policy?.outcome ?? '-'}: ${policyReason(s)}`,
    `score          ${lastRound?.aggregate ? lastRound.aggregate.score.toFixed(2) : '-'} after ${s.rounds.length} tribunal round(s)`,
    `claims         ${verified}/${s.claims.length} verified from ${s.sources.length} sources`,
    `report         ${s.report ? `${s.report.sha256} (round ${s.report.round})` : '-'}`,
  ];
  if (s.report) {
    lines.push('', `draft (round ${s.report.round})`);
    for (const name of REVIEW_DRAFT_SECTIONS) {
      const text = reportSection(s.report.markdown, name);
      lines.push(`  ${name}`, ...(text ? shown(text).split('\n').map((l) => (l ? `    ${l}` : '')) : ['    (not in this draft)']));
    }
  }
  for (const r of s.rounds) {
    lines.push('', `round ${r.round}${r.aggregate ? `: tribunal ${r.aggregate.score.toFixed(2)}, ${r.aggregate.decision}` : ''}`);
    for (const { review } of r.reviews) {
      const major = review.comments.filter((c) => c.severity === 'major').length;
      lines.push(`  ${review.role} ${review.score.toFixed(2)} ${review.verdict} (${major} major / ${review.comments.length - major} minor)`);
      for (const c of review.comments) lines.push(`    - ${c.severity} [${shown(c.section)}] ${shown(c.text)}`);
    }
    for (const p of r.rebuttal ?? []) lines.push(`  rebuttal ${shown(p.commentId)}: ${shown(p.response)} (${p.action})`);
  }
  lines.push('', 'evidence');
  for (const c of s.claims) {
    const v = s.verifications.get(c.claimId);
    lines.push(`  ${v?.verified ? '✓' : '✗'} ${shown(c.text)}`, `      source ${shown(c.sourceId)}: "${shown(c.span.sentence)}" (confidence ${v ? v.confidence.toFixed(3) : '-'})`);
  }
  if (s.status === 'WAITING_FOR_REVIEW') lines.push('', `decide with    synthledger review ${s.synthesisId} --approve|--reject --reviewer NAME [--note TEXT]`);
  return lines;
}
