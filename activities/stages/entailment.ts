/**
 * lexical-entailment-v1: does a source text support, refute, or say nothing
 * about a claim? Offline and deterministic; the verdict comes with the
 * evidence sentence it rests on.
 *
 * Steps, in order:
 * 1. **Attachment.** TF-IDF cosine of the claim against every sentence of
 *    the source, over stemmed unigrams and bigrams ({@link stem}), IDF
 *    smoothed over the source's sentences. Below the attachment threshold
 *    the verdict is NOT_ENOUGH_INFO: the source is not about the claim.
 * 2. **Consistency** against the attached sentences (those within
 *    {@link CANDIDATE_RATIO} of the best cosine):
 *    - *direction*: a change word of the claim ("reduces", "higher",
 *      "impairs", "protects") and one of a sentence ("increased", "lower",
 *      "promoted") that bear on a shared term point opposite ways, after
 *      local negation ("did not increase" points down);
 *    - *negation*: the claim is negated ("no effect", "unrelated", "cannot")
 *      and the best finding sentence is not;
 *    - *numbers*: a quantity of the claim occurs nowhere in the source.
 *    Sentences that state an aim or a hypothesis ({@link isAim}) report no
 *    finding and are not checked.
 *    Any conflict makes the verdict REFUTES with the conflicting sentence as
 *    evidence; otherwise SUPPORTS with the best sentence.
 * 3. **Support score** in [0, 1] for ranking: the attachment, multiplied by
 *    {@link CONFLICT_FACTOR} when a conflict was found.
 *
 * What it shows, honestly: lexical attachment plus polarity rules. It catches
 * reversed directions and dropped or added negations near shared terms; it
 * misses contradictions that need world knowledge ("solely environmental"
 * against "genetic factors") and over-fires on sentences that report a
 * contrast. Its figures on SciFact are in EVALUATION.md (`npm run eval`).
 */
import { countNegations, extractNumbers, ngrams, splitSentences, tokenize, STOP_WORDS } from './text';
import { isAim } from './sentence-kind';
import { stem } from './stem';
import { smoothedIdf, sparseCosine, tfidfVector } from './verify-claims';

/** Method label of this verifier. */
export const ENTAILMENT_METHOD = 'lexical-entailment-v1' as const;
/** Verdicts of an entailment check (the SciFact / FEVER labels). */
export type EntailmentVerdict = 'SUPPORTS' | 'REFUTES' | 'NOT_ENOUGH_INFO';
/** Default stemmed TF-IDF cosine below which the source says nothing about the claim. */
export const DEFAULT_ATTACH_THRESHOLD = 0.15;
/** Sentences within this share of the best cosine are checked for conflicts as well as the best one. */
export const CANDIDATE_RATIO = 0.6;
/**
 * Support score multiplier when a conflict was found. Halving (rather than
 * negating) keeps a contradicted claim on its own source above the same
 * claim on an unrelated source, so the score still ranks the right source
 * first; chosen among −0.5, 0, 0.25 and 0.5 on SciFact (EVALUATION.md).
 */
export const CONFLICT_FACTOR = 0.5;
const DECIMALS = 4;

/** One inconsistency between the claim and a source sentence. */
export interface EntailmentConflict {
  kind: 'direction' | 'negation' | 'number';
  /** What disagrees, in words. */
  detail: string;
  /** The source sentence it was found in ('' for a number missing from the whole source). */
  sentence: string;
}

/** The outcome of one entailment check. */
export interface EntailmentResult {
  verdict: EntailmentVerdict;
  /** The sentence the verdict rests on ('' when the source has none). */
  evidence: string;
  /** Best stemmed TF-IDF cosine of the claim against a source sentence, 4 decimals. */
  attachment: number;
  /** Ranking score in [0, 1]: attachment, times {@link CONFLICT_FACTOR} when a conflict was found. */
  support: number;
  conflicts: EntailmentConflict[];
  method: typeof ENTAILMENT_METHOD;
}

/** Options of {@link checkEntailment}. */
export interface EntailmentOptions {
  /** Attachment threshold in [0, 1] (default 0.15). */
  attachThreshold?: number;
}

/** Stemmed unigram + bigram features of a text (stop words removed first). */
export function stemmedFeatures(text: string): string[] {
  return ngrams(tokenize(text).map(stem), 2);
}

/** Stemmed TF-IDF cosine of `claim` against each of `sentences`, IDF over those sentences. */
export function stemmedSimilarities(claim: string, sentences: readonly string[]): number[] {
  const docs = sentences.map(stemmedFeatures);
  const idf = smoothedIdf(docs);
  const c = tfidfVector(stemmedFeatures(claim), idf, docs.length);
  return docs.map((d) => sparseCosine(c, tfidfVector(d, idf, docs.length)));
}

/** Checks whether `source` supports, refutes or says nothing about `claim` (pure, deterministic). */
export function checkEntailment(claim: string, source: string, options: EntailmentOptions = {}): EntailmentResult {
  const threshold = options.attachThreshold ?? DEFAULT_ATTACH_THRESHOLD;
  const sentences = splitSentences(source).map((s) => s.text);
  const sims = stemmedSimilarities(claim, sentences);
  let best = 0;
  for (let i = 1; i < sims.length; i++) if (sims[i] > sims[best]) best = i;
  const attachment = round(sims[best] ?? 0);
  const bestSentence = sentences[best] ?? '';
  if (sentences.length === 0 || attachment < threshold) {
    return { verdict: 'NOT_ENOUGH_INFO', evidence: bestSentence, attachment, support: attachment, conflicts: [], method: ENTAILMENT_METHOD };
  }
  const candidates = sentences
    .map((text, i) => ({ text, sim: sims[i], i }))
    .filter((s) => s.sim >= CANDIDATE_RATIO * attachment)
    .sort((a, b) => b.sim - a.sim || a.i - b.i);
  const conflicts = findConflicts(claim, source, candidates.map((c) => c.text));
  if (conflicts.length > 0) {
    const evidence = conflicts.find((c) => c.sentence.length > 0)?.sentence ?? bestSentence;
    return { verdict: 'REFUTES', evidence, attachment, support: round(attachment * CONFLICT_FACTOR), conflicts, method: ENTAILMENT_METHOD };
  }
  return { verdict: 'SUPPORTS', evidence: bestSentence, attachment, support: attachment, conflicts: [], method: ENTAILMENT_METHOD };
}

function findConflicts(claim: string, source: string, candidates: readonly string[]): EntailmentConflict[] {
  const conflicts: EntailmentConflict[] = [];
  // An aim or a hypothesis ("To assess whether screening leads to improvements") reports no finding, so it can contradict nothing.
  const findings = candidates.filter((sentence) => !isAim(sentence));
  const claimEvents = directionEvents(claim);
  for (const sentence of findings) {
    const clash = directionClash(claimEvents, directionEvents(sentence));
    if (clash) {
      conflicts.push({ kind: 'direction', detail: clash, sentence });
      break;
    }
  }
  // Only a negated claim against an affirmative finding counts here: a negation
  // in the source ("the endpoint was not met") is often about something else,
  // and one that is local to the claim's terms is caught as a direction clash.
  const finding = findings[0];
  if (finding !== undefined && isNegated(claim) && !isNegated(finding)) {
    conflicts.push({ kind: 'negation', detail: 'the claim is negated but the source sentence is not', sentence: finding });
  }
  const available = new Set(extractNumbers(source));
  for (const x of new Set(extractNumbers(claim).filter(isQuantity))) {
    if (!available.has(x)) conflicts.push({ kind: 'number', detail: `number ${x} in the claim is not in the source`, sentence: '' });
  }
  return conflicts;
}

/** A number worth comparing: with a unit, with decimals, or at least 10 (small bare integers are mostly labels: "MEK 1/2", "phase 3"). */
function isQuantity(x: string): boolean {
  return /\D$/.test(x) || x.includes('.') || Number(x) >= 10;
}

/** How two statements relate on a shared subject: the direction and negation rules of this file, applied between statements. */
export interface StatementRelation {
  relation: 'agree' | 'disagree' | 'unrelated';
  /** Why, in words ('' when unrelated). */
  detail: string;
}

/**
 * Compares two statements (for example claims from two sources): they
 * disagree when a change word of one and of the other point opposite ways
 * about at least two shared terms, or when exactly one is negated while they
 * share at least {@link MIN_SHARED_TARGETS} content terms; they agree when
 * change words point the same way about shared terms. Symmetric up to the
 * wording of `detail`.
 */
export function statementRelation(a: string, b: string): StatementRelation {
  const ea = directionEvents(a);
  const eb = directionEvents(b);
  const clash = directionClash(ea, eb);
  if (clash) return { relation: 'disagree', detail: clash.replace(/^the claim says/, 'one says').replace('where the source says', 'where the other says') };
  const sharedTerms = new Set(tokenize(a).map(stem).filter((t) => new Set(tokenize(b).map(stem)).has(t)));
  if (sharedTerms.size >= MIN_SHARED_TARGETS && isNegated(a) !== isNegated(b)) {
    return { relation: 'disagree', detail: 'one is negated and the other is not' };
  }
  for (const x of ea) {
    for (const y of eb) {
      const shared = [...x.targets.keys()].filter((t) => y.targets.has(t)).map((t) => x.targets.get(t) as string);
      if (x.sign === y.sign && shared.length >= MIN_SHARED_TARGETS) {
        return { relation: 'agree', detail: `both report ${x.sign > 0 ? 'an increase or improvement' : 'a decrease or reduction'} in ${shared.map((t) => `"${t}"`).join(', ')}` };
      }
    }
  }
  return { relation: 'unrelated', detail: '' };
}

// Causation words ("induces", "activates") and states ("deficiency") are left
// out: they say that something happens, not which way a quantity moves.
const UP = /^(?:increas|rais|rise|rises|rising|rose|elevat|higher|greater|enhanc|improv|boost|promot|upregulat|augment|stimulat|amplif|accelerat|gain|exceed|outperform|better|strengthen|facilitat|potentiat|expand|more|faster|longer|larger|stronger|restor|enabl)/;
const DOWN = /^(?:decreas|reduc|lower|less|fewer|diminish|declin|drop|fall|fell|impair|inhibit|suppress|downregulat|attenuat|block|prevent|protect|worse|worsen|weaken|slow|restrict|limit|loss|lose|losing|deplet|abolish|abrogat|hinder|delay|shorter|smaller|weaker|underperform|degrad|poor|disrupt|compromis|repress|eliminat)/;
// Agent nouns ("inhibitor", "activators") name things, not changes.
const AGENT_NOUN = /(?:or|ors)$/;
const LOCAL_NEGATION = new Set(['no', 'not', 'never', 'without', 'cannot', 'neither', 'nor', 'unable', 'fail', 'fails', 'failed']);
const TARGET_AFTER = 4;
const TARGET_BEFORE = 2;
// "was not associated with an increased risk": the negation sits four words before the change word.
const NEGATION_SCOPE = 5;
/** Content terms a claim's change word and a sentence's must share to bear on the same thing. */
export const MIN_SHARED_TARGETS = 2;

/** One change word with its direction (+1 up, −1 down, after local negation) and the stemmed content terms around it. */
interface DirectionEvent {
  word: string;
  sign: 1 | -1;
  /** Stemmed target → the word as written (for messages). */
  targets: Map<string, string>;
}

function directionEvents(text: string): DirectionEvent[] {
  const tokens = tokenize(text.replace(/\p{L}n['’]t\b/gu, ' not'), { removeStopWords: false });
  const events: DirectionEvent[] = [];
  tokens.forEach((t, i) => {
    if (AGENT_NOUN.test(t)) return;
    const up = UP.test(t);
    const down = !up && DOWN.test(t);
    if (!up && !down) return;
    let sign: 1 | -1 = up ? 1 : -1;
    for (let j = Math.max(0, i - NEGATION_SCOPE); j < i; j++) if (LOCAL_NEGATION.has(tokens[j])) sign = (sign * -1) as 1 | -1;
    const around = [...contentAround(tokens, i, -1, TARGET_BEFORE), ...contentAround(tokens, i, 1, TARGET_AFTER)];
    events.push({ word: t, sign, targets: new Map(around.map((w) => [stem(w), w])) });
  });
  return events;
}

function contentAround(tokens: readonly string[], at: number, step: 1 | -1, count: number): string[] {
  const out: string[] = [];
  for (let j = at + step; j >= 0 && j < tokens.length && out.length < count; j += step) {
    const t = tokens[j];
    if (STOP_WORDS.has(t) || LOCAL_NEGATION.has(t) || UP.test(t) || DOWN.test(t) || /^\p{N}+$/u.test(t)) continue;
    out.push(t);
  }
  return out;
}

/**
 * For each change word of the claim, the sentence's change word sharing the
 * most target terms with it (at least {@link MIN_SHARED_TARGETS}; on a tie
 * one pointing the same way wins) decides: opposite signs are a clash.
 */
function directionClash(claim: readonly DirectionEvent[], sentence: readonly DirectionEvent[]): string | null {
  for (const c of claim) {
    let match: { s: DirectionEvent; shared: string[] } | null = null;
    for (const s of sentence) {
      const shared = [...c.targets.keys()].filter((t) => s.targets.has(t)).map((t) => c.targets.get(t) as string);
      if (shared.length < MIN_SHARED_TARGETS) continue;
      if (!match || shared.length > match.shared.length || (shared.length === match.shared.length && s.sign === c.sign)) match = { s, shared };
    }
    if (match && match.s.sign !== c.sign) {
      const { s, shared } = match;
      return `the claim says "${c.word}" (${c.sign > 0 ? 'up' : 'down'}) where the source says "${s.word}" (${s.sign > 0 ? 'up' : 'down'}) about ${shared.map((x) => `"${x}"`).join(', ')}`;
    }
  }
  return null;
}

// Beyond text.ts's negation words: adjectives that deny a relation outright.
const DENIAL = /\b(?:unrelated|incapable|ineffective|unaffected|unchanged|independent of|no (?:effect|association|difference|role|impact|change)|not (?:associated|related|affect|influence|required|necessary))\b/i;

function isNegated(text: string): boolean {
  return countNegations(text) > 0 || DENIAL.test(text);
}

function round(x: number): number {
  const f = 10 ** DECIMALS;
  return Math.round(x * f) / f;
}
