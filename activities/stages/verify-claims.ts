/**
 * tfidf-source-attachment-v1: checks that each claim is attached to its
 * source, plus numbers/negation consistency and optional embedding agreement.
 *
 * What it shows, honestly: a claim whose best TF-IDF cosine against its
 * source's sentences reaches the threshold (default 0.15) shares enough
 * distinctive vocabulary with some sentence of that source to be attached to
 * it. It does not show the claim is true, and it barely separates a supported
 * claim from a contradicted one ("X improves Y" vs "X does not improve Y"),
 * which is why the numbers and negation checks exist beside it.
 *
 * TF-IDF definition (fixed; part of the method label):
 * - features: unigrams and adjacent bigrams of {@link tokenize} tokens
 *   (stop words removed first);
 * - documents: the sentences of the claim's source text; the claim itself is
 *   NOT a document, so the IDF of a source does not change with the claims
 *   checked against it;
 * - tf = raw count; idf(t) = ln((1 + N) / (1 + df(t))) + 1 (smoothed, as in
 *   scikit-learn's `smooth_idf=True`), N = number of sentences; a term no
 *   sentence has gets df = 0;
 * - weight = tf · idf; similarity = cosine; confidence = best cosine over
 *   the sentences, rounded to 4 decimals; ties go to the earlier sentence.
 */
import type { Claim, ClaimVerification, EmbeddingProvider, Paper } from '../model';
import { ValidationError } from '../../common/errors';
import { sourceText } from './extract-claims';
import { checkEntailment, ENTAILMENT_METHOD } from './entailment';
import { cosine } from './local-embedder';
import { countNegations, extractNumbers, ngrams, splitSentences, tokenize } from './text';

/** Method label of this verifier. */
export const VERIFICATION_METHOD = 'tfidf-source-attachment-v1' as const;
/** Default attachment threshold (DESIGN section 3). */
export const DEFAULT_VERIFY_THRESHOLD = 0.15;
/** N-gram orders used as features (recorded in the manifest as tfidfNgrams). */
export const TFIDF_NGRAMS: readonly number[] = [1, 2];
/**
 * Embedding cosine at or above which a provider "agrees" that the claim says
 * what its best sentence says. 0.5 is a conservative midpoint for normalized
 * sentence embeddings, where unrelated sentences sit near 0–0.3.
 */
export const EMBEDDING_AGREEMENT_THRESHOLD = 0.5;
const CONFIDENCE_DECIMALS = 4;

/** A sparse TF-IDF vector: feature → weight. */
export type SparseVector = Map<string, number>;

/** Unigram + bigram features of a text (stop words removed first). */
export function tfidfFeatures(text: string): string[] {
  return ngrams(tokenize(text), 2);
}

/** Smoothed IDF of every feature seen in `documents` (feature lists): ln((1+N)/(1+df)) + 1. */
export function smoothedIdf(documents: readonly (readonly string[])[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of documents) for (const f of new Set(doc)) df.set(f, (df.get(f) ?? 0) + 1);
  const n = documents.length;
  const idf = new Map<string, number>();
  for (const [f, d] of df) idf.set(f, Math.log((1 + n) / (1 + d)) + 1);
  return idf;
}

/** TF-IDF vector of a feature list; features missing from `idf` get df = 0 among `n` documents. */
export function tfidfVector(features: readonly string[], idf: ReadonlyMap<string, number>, n: number): SparseVector {
  const unseen = Math.log(1 + n) + 1;
  const v: SparseVector = new Map();
  for (const f of features) v.set(f, (v.get(f) ?? 0) + 1);
  for (const [f, tf] of v) v.set(f, tf * (idf.get(f) ?? unseen));
  return v;
}

/** Cosine of two sparse vectors (0 when either is empty). */
export function sparseCosine(a: SparseVector, b: SparseVector): number {
  let dot = 0;
  for (const [f, w] of a) dot += w * (b.get(f) ?? 0);
  const na = Math.sqrt([...a.values()].reduce((s, w) => s + w * w, 0));
  const nb = Math.sqrt([...b.values()].reduce((s, w) => s + w * w, 0));
  return na === 0 || nb === 0 ? 0 : dot / (na * nb);
}

/** TF-IDF cosine of `claim` against each of `sentences`, with IDF over those sentences. */
export function tfidfSimilarities(claim: string, sentences: readonly string[]): number[] {
  const docs = sentences.map(tfidfFeatures);
  const idf = smoothedIdf(docs);
  const claimVector = tfidfVector(tfidfFeatures(claim), idf, docs.length);
  return docs.map((d) => sparseCosine(claimVector, tfidfVector(d, idf, docs.length)));
}

/**
 * Numbers/negation consistency of a claim with a sentence: every number
 * (with unit: %, x, k, m, b, t) of the claim must occur in the sentence, and
 * the claim is negated exactly when the sentence is.
 */
export function checkConsistency(claim: string, sentence: string): ClaimVerification['consistency'] {
  const issues: string[] = [];
  const available = new Set(extractNumbers(sentence));
  const missing = [...new Set(extractNumbers(claim))].filter((x) => !available.has(x));
  for (const x of missing) issues.push(`number ${x} in the claim is not in the source sentence`);
  const claimNegated = countNegations(claim) > 0;
  const sentenceNegated = countNegations(sentence) > 0;
  if (claimNegated !== sentenceNegated) {
    issues.push(claimNegated ? 'the claim is negated but the source sentence is not' : 'the source sentence is negated but the claim is not');
  }
  return { numbers: missing.length === 0, negation: claimNegated === sentenceNegated, issues };
}

/** Options of {@link verifyClaims}. */
export interface VerifyClaimsOptions {
  /** Attachment threshold in [0, 1] (default 0.15). */
  threshold?: number;
  /**
   * Also run the entailment check (lexical-entailment-v1) and count a claim
   * as verified only when it SUPPORTS. Default false, the attachment-only
   * check of earlier records.
   */
  entailment?: boolean;
}

/**
 * Verifies each claim against its own source (looked up by `sourceId` in
 * `sources`), in claim order. A claim whose source is missing is unverified
 * with confidence 0. `embedding` is null here; see {@link addEmbeddingAgreement}.
 */
export function verifyClaims(claims: readonly Claim[], sources: readonly Paper[], options: VerifyClaimsOptions = {}): ClaimVerification[] {
  const threshold = options.threshold ?? DEFAULT_VERIFY_THRESHOLD;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.threshold', 'range', `threshold must be a number in [0, 1], got ${String(threshold)}`);
  }
  const byId = new Map(sources.map((p) => [p.id, p]));
  const sentenceCache = new Map<string, string[]>();
  return claims.map((claim) => {
    const paper = byId.get(claim.sourceId);
    if (!paper) {
      return {
        claimId: claim.claimId, verified: false, confidence: 0, bestSentence: '', method: VERIFICATION_METHOD, threshold,
        consistency: { numbers: false, negation: false, issues: [`source ${claim.sourceId} is not among the sources`] },
        embedding: null,
        ...(options.entailment ? { entailment: { verdict: 'NOT_ENOUGH_INFO' as const, evidence: '', attachment: 0, conflicts: [], method: ENTAILMENT_METHOD } } : {}),
      };
    }
    let sentences = sentenceCache.get(paper.id);
    if (!sentences) sentenceCache.set(paper.id, (sentences = splitSentences(sourceText(paper)).map((s) => s.text)));
    const sims = tfidfSimilarities(claim.text, sentences);
    let best = 0;
    for (let i = 1; i < sims.length; i++) if (sims[i] > sims[best]) best = i;
    const confidence = sims.length === 0 ? 0 : round(sims[best], CONFIDENCE_DECIMALS);
    const bestSentence = sentences[best] ?? '';
    const entailment = options.entailment ? checkEntailment(claim.text, sourceText(paper), { attachThreshold: threshold }) : undefined;
    return {
      claimId: claim.claimId,
      verified: confidence >= threshold && (entailment === undefined || entailment.verdict === 'SUPPORTS'),
      confidence,
      bestSentence,
      method: VERIFICATION_METHOD,
      threshold,
      consistency: checkConsistency(claim.text, bestSentence),
      embedding: null,
      ...(entailment ? { entailment: { verdict: entailment.verdict, evidence: entailment.evidence, attachment: entailment.attachment, conflicts: entailment.conflicts, method: entailment.method } } : {}),
    };
  });
}

/** Options of {@link addEmbeddingAgreement}. */
export interface EmbeddingAgreementOptions {
  /** Cosine at or above which the provider agrees (default 0.5). */
  agreeThreshold?: number;
  /**
   * Whether the provider is a semantic model. Defaults to the provider's own
   * `semantic` flag when it has one, else `!provider.deterministic` (a remote
   * or sampled model is assumed semantic; a local deterministic one lexical).
   */
  semantic?: boolean;
}

/** Whether a provider counts as semantic (see {@link EmbeddingAgreementOptions.semantic}). */
export function isSemanticProvider(provider: EmbeddingProvider, override?: boolean): boolean {
  if (override !== undefined) return override;
  const own = (provider as { semantic?: unknown }).semantic;
  return typeof own === 'boolean' ? own : !provider.deterministic;
}

/**
 * Adds the embedding cross-check: the provider's cosine between each claim
 * and its best sentence (rounded to 4 decimals), whether it agrees, and
 * whether the provider is semantic. Verifications without a best sentence
 * keep `embedding: null`. One batched `embed` call.
 */
export async function addEmbeddingAgreement(
  claims: readonly Claim[],
  verifications: readonly ClaimVerification[],
  provider: EmbeddingProvider,
  options: EmbeddingAgreementOptions = {},
): Promise<ClaimVerification[]> {
  const agreeThreshold = options.agreeThreshold ?? EMBEDDING_AGREEMENT_THRESHOLD;
  const semantic = isSemanticProvider(provider, options.semantic);
  const textById = new Map(claims.map((c) => [c.claimId, c.text]));
  const pending = verifications.filter((v) => v.bestSentence.length > 0 && textById.has(v.claimId));
  if (pending.length === 0) return verifications.map((v) => ({ ...v }));
  const texts = pending.flatMap((v) => [textById.get(v.claimId) as string, v.bestSentence]);
  const { vectors } = await provider.embed(texts);
  const similarity = new Map<string, number>();
  pending.forEach((v, i) => similarity.set(v.claimId, round(cosine(vectors[2 * i], vectors[2 * i + 1]), CONFIDENCE_DECIMALS)));
  return verifications.map((v) => {
    const s = similarity.get(v.claimId);
    return s === undefined ? { ...v } : { ...v, embedding: { similarity: s, semantic, agrees: s >= agreeThreshold } };
  });
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
