/** What a human reviewer needs before deciding: the policy's reason, the tribunal's comments, the evidence. Shared by the desk page and `synthledger review <id>`. */
import type { SynthesisRecord } from './synthesis-record';

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

/** The reviewer's summary as terminal lines. */
export function reviewSummaryLines(s: SynthesisRecord): string[] {
  const lastRound = s.rounds.at(-1);
  const verified = s.claims.filter((c) => s.verifications.get(c.claimId)?.verified).length;
  const lines = [
    `synthesis      ${s.synthesisId}`,
    `status         ${s.status}`,
    `question       ${s.question}`,
    `policy         ${s.policy?.outcome ?? '-'}: ${policyReason(s)}`,
    `score          ${lastRound?.aggregate ? lastRound.aggregate.score.toFixed(2) : '-'} after ${s.rounds.length} tribunal round(s)`,
    `claims         ${verified}/${s.claims.length} verified from ${s.sources.length} sources`,
    `report         ${s.report ? `${s.report.sha256} (round ${s.report.round})` : '-'}`,
  ];
  for (const r of s.rounds) {
    lines.push('', `round ${r.round}${r.aggregate ? `: tribunal ${r.aggregate.score.toFixed(2)}, ${r.aggregate.decision}` : ''}`);
    for (const { review } of r.reviews) {
      const major = review.comments.filter((c) => c.severity === 'major').length;
      lines.push(`  ${review.role} ${review.score.toFixed(2)} ${review.verdict} (${major} major / ${review.comments.length - major} minor)`);
      for (const c of review.comments) lines.push(`    - ${c.severity} [${c.section}] ${c.text}`);
    }
    for (const p of r.rebuttal ?? []) lines.push(`  rebuttal ${p.commentId}: ${p.response} (${p.action})`);
  }
  lines.push('', 'evidence');
  for (const c of s.claims) {
    const v = s.verifications.get(c.claimId);
    lines.push(`  ${v?.verified ? '✓' : '✗'} ${c.text}`, `      source ${c.sourceId}: "${c.span.sentence}" (confidence ${v ? v.confidence.toFixed(3) : '-'})`);
  }
  if (s.status === 'WAITING_FOR_REVIEW') lines.push('', `decide with    synthledger review ${s.synthesisId} --approve|--reject --reviewer NAME [--note TEXT]`);
  return lines;
}
