/**
 * BM25 ranking over title + abstract, with an inverted index built once.
 *
 * Okapi BM25 with the usual constants k1 = 1.2 (term-frequency saturation)
 * and b = 0.75 (length normalization), and Lucene's non-negative IDF
 * `ln(1 + (N - df + 0.5) / (df + 0.5))` so very common terms never score
 * negative. Query terms are de-duplicated (a term repeated in the query does
 * not count twice), because planned query variants often repeat key terms.
 * Reference: Robertson & Zaragoza, "The Probabilistic Relevance Framework:
 * BM25 and Beyond" (2009), section 3.
 */
import type { Paper, RankedPaper } from '../model';
import { ValidationError } from '../../common/errors';
import { tokenize } from './text';

/** BM25 term-frequency saturation. */
export const BM25_K1 = 1.2;
/** BM25 document-length normalization. */
export const BM25_B = 0.75;
/** Scores are rounded to this many decimals so ledger payloads do not depend on float printing. */
export const SCORE_DECIMALS = 6;

interface Posting {
  docs: number[];
  tfs: number[];
}

/** Text that is indexed for a paper: its title, a newline, its abstract. */
export function indexedText(paper: Paper): string {
  return `${paper.title}\n${paper.abstract}`;
}

/**
 * An in-memory BM25 index over papers. Building is O(total tokens); a query
 * touches only the postings of its terms, so 10^5 abstracts answer in
 * milliseconds.
 */
export class Bm25Index {
  private readonly papers: readonly Paper[];
  private readonly postings = new Map<string, Posting>();
  private readonly docLengths: Float64Array;
  private readonly avgDocLength: number;

  /** Indexes `papers` (title + abstract). Paper order only breaks ties when ids are equal, which merge prevents. */
  constructor(papers: readonly Paper[]) {
    this.papers = papers;
    this.docLengths = new Float64Array(papers.length);
    let total = 0;
    papers.forEach((paper, doc) => {
      const tokens = tokenize(indexedText(paper));
      this.docLengths[doc] = tokens.length;
      total += tokens.length;
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let posting = this.postings.get(term);
        if (!posting) this.postings.set(term, (posting = { docs: [], tfs: [] }));
        posting.docs.push(doc);
        posting.tfs.push(tf);
      }
    });
    this.avgDocLength = papers.length > 0 ? total / papers.length : 0;
  }

  /** Number of indexed papers. */
  get size(): number {
    return this.papers.length;
  }

  /** BM25 IDF of a term (0 for an unknown term). */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    if (df === 0) return 0;
    const n = this.papers.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Returns up to `limit` papers with a positive score for `query`, best
   * first; equal scores are ordered by paper id so results never depend on
   * index order. `limit` must be a positive integer.
   */
  search(query: string, limit: number): RankedPaper[] {
    if (!Number.isInteger(limit) || limit < 1) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.limit', 'range', `limit must be a positive integer, got ${String(limit)}`);
    }
    const scores = new Float64Array(this.papers.length);
    const touched: number[] = [];
    for (const term of new Set(tokenize(query))) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = this.idf(term);
      for (let i = 0; i < posting.docs.length; i++) {
        const doc = posting.docs[i];
        const tf = posting.tfs[i];
        const norm = BM25_K1 * (1 - BM25_B + (BM25_B * this.docLengths[doc]) / (this.avgDocLength || 1));
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += (idf * tf * (BM25_K1 + 1)) / (tf + norm);
      }
    }
    // Keep only the best `limit` documents (sorted insertion into a short array): O(n log k), not a sort of every match.
    const before = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && compareIds(this.papers[a].id, this.papers[b].id) < 0);
    const top: number[] = [];
    for (const doc of touched) {
      if (!(scores[doc] > 0)) continue;
      if (top.length === limit && !before(doc, top[limit - 1])) continue;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(top[mid], doc)) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, doc);
      if (top.length > limit) top.pop();
    }
    return top.map((doc, i) => ({
      paper: this.papers[doc],
      query,
      rank: i + 1,
      score: roundScore(scores[doc]),
    }));
  }
}

/** Ranks `papers` for `query` with BM25 (builds a throwaway index; keep a {@link Bm25Index} for repeated queries). */
export function searchPapers(papers: readonly Paper[], query: string, limit: number): RankedPaper[] {
  return new Bm25Index(papers).search(query, limit);
}

/** Code-unit order, independent of locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function roundScore(x: number): number {
  const f = 10 ** SCORE_DECIMALS;
  return Math.round(x * f) / f;
}
