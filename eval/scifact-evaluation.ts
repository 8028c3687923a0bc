/**
 * Claim verification measured on SciFact-style rows (`{ input, gold_ctx,
 * answer }`, one JSON object a line): how well a verifier separates claims
 * its source supports from claims its source contradicts, and the right
 * source from a wrong one.
 *
 * Pairs: every row gives a right pair (its claim, its own abstract); a wrong
 * pair joins its claim with the abstract of every other row whose claim and
 * abstract both differ (the same claim can be written against several
 * abstracts, and one abstract can carry several claims).
 *
 * Figures per verifier:
 * - supported-vs-contradicted AUC: ROC AUC of the verifier's score on right
 *   pairs, supported claims as positives, contradicted claims as negatives;
 * - right-vs-wrong AUC: the same score (and, separately, the attachment
 *   score) on right pairs against wrong pairs;
 * - pass rates: share judged SUPPORTS among supported right pairs,
 *   contradicted right pairs and wrong pairs;
 * - the confusion of gold (supported / contradicted / wrong source) against
 *   the verdicts SUPPORTS / REFUTES / NOT_ENOUGH_INFO.
 */
import { ValidationError } from '../common/errors';
import type { EntailmentVerdict } from '../activities/stages/entailment';
import { rocAuc } from './roc-auc';

/** One claim with the abstract it was written against. */
export interface SciFactRow {
  /** 0-based line number among the non-empty lines. */
  index: number;
  claim: string;
  /** The abstract text(s) the claim was written against, joined by a space. */
  source: string;
  /** True when the abstract supports the claim, false when it refutes it. */
  supported: boolean;
}

/** Parses the JSON-lines file; throws INVALID_ARGUMENT naming the line and field of the first bad row. */
export function parseSciFact(text: string): SciFactRow[] {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return lines.map((line, index) => {
    const bad = (field: string, rule: string, message: string) => ValidationError.single('INVALID_ARGUMENT', `line ${index + 1}${field}`, rule, message);
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw bad('', 'json', `line ${index + 1} is not JSON`);
    }
    const r = row as { input?: unknown; gold_ctx?: unknown; answer?: unknown };
    if (typeof r.input !== 'string' || r.input.trim().length === 0) throw bad('.input', 'non-empty-string', 'input must be the claim text');
    if (!Array.isArray(r.gold_ctx) || r.gold_ctx.length === 0 || !r.gold_ctx.every((g) => typeof (g as { text?: unknown })?.text === 'string')) {
      throw bad('.gold_ctx', 'contexts', 'gold_ctx must be a non-empty array of { title, text }');
    }
    if (r.answer !== 'true' && r.answer !== 'false') throw bad('.answer', 'enum', 'answer must be "true" or "false"');
    return { index, claim: r.input, source: (r.gold_ctx as Array<{ text: string }>).map((g) => g.text).join(' '), supported: r.answer === 'true' };
  });
}

/** What a verifier says about one claim against one source. */
export interface VerifierOutput {
  verdict: EntailmentVerdict;
  /** Ranking score: higher means "more supported". */
  score: number;
  /** How strongly the claim attaches to the source at all (lexical). */
  attachment: number;
}

/** A claim verifier under evaluation. */
export interface ClaimVerifier {
  name: string;
  /** One line on how verdict and score are made. */
  description: string;
  verify(claim: string, source: string): VerifierOutput | Promise<VerifierOutput>;
}

/** Gold classes of the confusion table. */
export const GOLD_CLASSES = ['supported', 'contradicted', 'wrong source'] as const;
/** Verdict columns of the confusion table. */
export const VERDICTS: readonly EntailmentVerdict[] = ['SUPPORTS', 'REFUTES', 'NOT_ENOUGH_INFO'];

/** Figures of one verifier on one subset of rows. */
export interface VerifierFigures {
  counts: { supported: number; contradicted: number; wrongPairs: number };
  supportedVsContradictedAuc: number;
  rightVsWrongAuc: number;
  rightVsWrongAttachmentAuc: number;
  passRates: { supported: number; contradicted: number; wrongSource: number };
  confusion: Record<(typeof GOLD_CLASSES)[number], Record<EntailmentVerdict, number>>;
}

/** Every verifier output for the rows: the right pair of each row, and its wrong pairs. */
export interface PairOutputs {
  right: VerifierOutput[];
  /** By row index: the outputs of that row's claim against other rows' abstracts. */
  wrong: VerifierOutput[][];
}

/** Runs a verifier over every right and wrong pair (sequentially, so a network verifier is called one at a time). */
export async function runPairs(rows: readonly SciFactRow[], verifier: ClaimVerifier, options: { wrongPerClaim?: number } = {}): Promise<PairOutputs> {
  const right: VerifierOutput[] = [];
  const wrong: VerifierOutput[][] = [];
  for (const row of rows) {
    right.push(await verifier.verify(row.claim, row.source));
    const others = wrongSources(rows, row, options.wrongPerClaim);
    const outs: VerifierOutput[] = [];
    for (const source of others) outs.push(await verifier.verify(row.claim, source));
    wrong.push(outs);
  }
  return { right, wrong };
}

/**
 * Abstracts of other rows usable as a wrong source for `row`: claim and
 * abstract both differ. With `limit`, the next `limit` such rows after `row`
 * (cyclically), so a slow verifier can be measured on a fixed sample.
 */
export function wrongSources(rows: readonly SciFactRow[], row: SciFactRow, limit?: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>([row.source]);
  for (let k = 1; k < rows.length && (limit === undefined || out.length < limit); k++) {
    const other = rows[(row.index + k) % rows.length];
    if (other.claim === row.claim || seen.has(other.source)) continue;
    seen.add(other.source);
    out.push(other.source);
  }
  return out;
}

/** Figures over the rows whose index is in `subset`. */
export function figures(rows: readonly SciFactRow[], outputs: PairOutputs, subset: ReadonlySet<number>): VerifierFigures {
  const chosen = rows.filter((r) => subset.has(r.index));
  const sup = chosen.filter((r) => r.supported).map((r) => outputs.right[r.index]);
  const con = chosen.filter((r) => !r.supported).map((r) => outputs.right[r.index]);
  const rightAll = chosen.map((r) => outputs.right[r.index]);
  const wrongAll = chosen.flatMap((r) => outputs.wrong[r.index]);
  const passes = (xs: readonly VerifierOutput[]) => (xs.length === 0 ? Number.NaN : xs.filter((x) => x.verdict === 'SUPPORTS').length / xs.length);
  const tally = (xs: readonly VerifierOutput[]) => {
    const t: Record<EntailmentVerdict, number> = { SUPPORTS: 0, REFUTES: 0, NOT_ENOUGH_INFO: 0 };
    for (const x of xs) t[x.verdict]++;
    return t;
  };
  return {
    counts: { supported: sup.length, contradicted: con.length, wrongPairs: wrongAll.length },
    supportedVsContradictedAuc: rocAuc(sup.map((x) => x.score), con.map((x) => x.score)),
    rightVsWrongAuc: rocAuc(rightAll.map((x) => x.score), wrongAll.map((x) => x.score)),
    rightVsWrongAttachmentAuc: rocAuc(rightAll.map((x) => x.attachment), wrongAll.map((x) => x.attachment)),
    passRates: { supported: passes(sup), contradicted: passes(con), wrongSource: passes(wrongAll) },
    confusion: { supported: tally(sup), contradicted: tally(con), 'wrong source': tally(wrongAll) },
  };
}

/**
 * The fixed tune / held-out split: even row indexes tune, odd ones are held
 * out. Rules and thresholds may be chosen by looking at the tune half only;
 * the held-out half shows whether they generalize.
 */
export function splitTuneHeldOut(rows: readonly SciFactRow[]): { tune: Set<number>; heldOut: Set<number>; all: Set<number> } {
  return {
    tune: new Set(rows.filter((r) => r.index % 2 === 0).map((r) => r.index)),
    heldOut: new Set(rows.filter((r) => r.index % 2 === 1).map((r) => r.index)),
    all: new Set(rows.map((r) => r.index)),
  };
}
