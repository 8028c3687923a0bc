/**
 * question-aspects-v1: the aspects of a research question (the sub-questions
 * an answer has to cover) and how strongly a sentence bears on each.
 *
 * Aspects are the maximal runs of adjacent content terms of the question
 * ("negative sampling", "domain specific fine tuning", "exact match",
 * "mrqa 2019 benchmark"): a stop word or a framing word ("impact",
 * "versus") ends a run. A one-term run is not an aspect when it is a bare
 * number (a stray "12") or a term of a longer run ("domain" of "in-domain"
 * beside "domain-specific fine-tuning").
 *
 * Relevance of a sentence to an aspect is the IDF-weighted share of the
 * aspect's stemmed terms the sentence contains, IDF taken over the sentences
 * of the sources at hand (a term no sentence has weighs most). Generic terms
 * ("scores", "datasets") weigh little, so a sentence that shares only them
 * does not bear on the aspect; a rare specific term ("F1", "MRQA") weighs a
 * lot.
 */
import { keyTerms } from './plan-queries';
import { stem } from './stem';
import { tokenize } from './text';
import { smoothedIdf } from './verify-claims';

/** Method label of aspect derivation and relevance scoring. */
export const ASPECT_METHOD = 'question-aspects-v1' as const;
/** Relevance at or above which a sentence bears on an aspect. */
export const RELEVANCE_THRESHOLD = 0.6;
/** Most aspects derived from one question. */
export const MAX_ASPECTS = 6;

/** One aspect of a question. */
export interface QuestionAspect {
  /** Stable within the question: `A1`, `A2`, … in question order. */
  aspectId: string;
  /** The aspect's words as they appear (lowercase, space-joined). */
  label: string;
  /** Its stemmed terms, for matching. */
  terms: string[];
}

/** Derives the aspects of a question (pure; at most {@link MAX_ASPECTS}, in question order). */
export function deriveAspects(question: string): QuestionAspect[] {
  const raw = tokenize(question, { removeStopWords: false });
  const content = new Set(keyTerms(question));
  const runs: string[][] = [];
  let run: string[] = [];
  for (const t of raw) {
    if (content.has(t)) {
      run.push(t);
      continue;
    }
    if (run.length > 0) runs.push(run);
    run = [];
  }
  if (run.length > 0) runs.push(run);
  const inLonger = new Set(runs.filter((r) => r.length >= 2).flat());
  const chosen = runs.filter((r) => r.length >= 2 || (!/^\p{N}+$/u.test(r[0]) && !inLonger.has(r[0])));
  const seen = new Set<string>();
  const aspects: QuestionAspect[] = [];
  for (const words of chosen) {
    const label = words.join(' ');
    if (seen.has(label)) continue;
    seen.add(label);
    aspects.push({ aspectId: `A${aspects.length + 1}`, label, terms: [...new Set(words.map(stem))] });
    if (aspects.length === MAX_ASPECTS) break;
  }
  return aspects;
}

/** How strongly one sentence bears on the question: its best aspect and that aspect's relevance. */
export interface SentenceRelevance {
  /** In [0, 1], 4 decimals. */
  relevance: number;
  /** The aspect it bears on most (null when it shares no term with any aspect). */
  aspectId: string | null;
}

/**
 * Scores sentences against aspects. `collection` is the set of sentences
 * whose IDF weighs the terms (normally every sentence of the retrieved
 * sources); the scored sentences need not be among them.
 */
export class RelevanceScorer {
  private readonly idf: Map<string, number>;
  private readonly unseen: number;

  constructor(private readonly aspects: readonly QuestionAspect[], collection: readonly string[]) {
    const docs = collection.map(stemmedTerms);
    this.idf = smoothedIdf(docs);
    this.unseen = Math.log(1 + docs.length) + 1;
  }

  /** Relevance of `sentence` to each aspect, in aspect order. */
  perAspect(sentence: string): number[] {
    const terms = new Set(stemmedTerms(sentence));
    return this.aspects.map((a) => {
      let have = 0;
      let total = 0;
      for (const t of a.terms) {
        const w = this.idf.get(t) ?? this.unseen;
        total += w;
        if (terms.has(t)) have += w;
      }
      return total > 0 ? round(have / total) : 0;
    });
  }

  /**
   * How much of the question a whole text (a source's title and sentences)
   * covers, in [0, 1]: per aspect, the best relevance any of `sentences` has
   * to it (counted only when ≥ {@link RELEVANCE_THRESHOLD}), weighted by the
   * aspect's specificity (the summed IDF of its terms), over the summed
   * weights. A source that bears only on a generic aspect ("language
   * models") covers little; one that bears on the specific aspects covers
   * much.
   */
  coverage(sentences: readonly string[]): number {
    const best = this.aspects.map(() => 0);
    for (const s of sentences) this.perAspect(s).forEach((r, i) => { if (r > best[i]) best[i] = r; });
    let have = 0;
    let total = 0;
    this.aspects.forEach((a, i) => {
      const w = a.terms.reduce((sum, t) => sum + (this.idf.get(t) ?? this.unseen), 0);
      total += w;
      if (best[i] >= RELEVANCE_THRESHOLD) have += w * best[i];
    });
    return total > 0 ? round(have / total) : 0;
  }

  /** The best aspect of `sentence` and its relevance (ties: the aspect with more terms, being more specific, then the earlier one). */
  score(sentence: string): SentenceRelevance {
    const scores = this.perAspect(sentence);
    let best = -1;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i] <= 0) continue;
      if (best < 0 || scores[i] > scores[best] || (scores[i] === scores[best] && this.aspects[i].terms.length > this.aspects[best].terms.length)) best = i;
    }
    return best < 0 ? { relevance: 0, aspectId: null } : { relevance: scores[best], aspectId: this.aspects[best].aspectId };
  }
}

function stemmedTerms(text: string): string[] {
  return tokenize(text).map(stem);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
