import { Bm25Index, searchPapers } from '../../activities/stages/rank';
import { paper } from './fixtures/stage-fixtures';

const docs = [
  paper('corpus:a', 'Cats', 'cats chase mice'),
  paper('corpus:b', 'Dogs', 'dogs chase cats'),
  paper('corpus:c', 'Birds', 'birds sing songs in the morning'),
];

describe('Bm25Index', () => {
  describe('when scoring a tiny collection', () => {
    const index = new Bm25Index(docs);
    it('uses the Lucene IDF ln(1 + (N - df + 0.5) / (df + 0.5))', () => {
      // "mice": N = 3, df = 1 → ln(1 + 2.5 / 1.5) = ln(2.6667) = 0.980829
      expect(index.idf('mice')).toBeCloseTo(0.980829, 6);
      expect(index.idf('unknown')).toBe(0);
    });
    it('computes BM25 with k1 = 1.2 and b = 0.75', () => {
      // Doc a "cats cats chase mice" (title + abstract) has 4 tokens; doc c loses "in", "the"
      // (stop words) and keeps 5; avgdl = (4 + 4 + 5) / 3 = 4.3333.
      // norm = 1.2 · (1 − 0.75 + 0.75 · 4 / 4.3333) = 1.2 · 0.942308 = 1.130769
      // "mice": tf = 1 → 0.980829 · 1 · 2.2 / (1 + 1.130769) = 1.012697
      const [top] = index.search('mice', 1);
      expect(top.paper.id).toBe('corpus:a');
      expect(top.score).toBeCloseTo(1.012697, 5);
    });
    it('ranks by score, then by id on ties, and respects the limit', () => {
      const hits = index.search('chase', 3);
      expect(hits.map((h) => [h.paper.id, h.rank])).toEqual([['corpus:a', 1], ['corpus:b', 2]]);
      expect(hits[0].score).toBe(hits[1].score);
      expect(index.search('chase cats', 1)).toHaveLength(1);
    });
    it('returns nothing for a query without indexed terms', () => {
      expect(searchPapers(docs, 'the of and', 5)).toEqual([]);
    });
    it('refuses a non-positive limit', () => {
      expect(() => index.search('cats', 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    });
  });

  describe('when the collection is large', () => {
    // Speed is measured by `npm run bench:pipeline` (BENCHMARKS.md), not asserted here.
    it('indexes 10^5 documents and ranks every query best first', () => {
      const words = Array.from({ length: 5000 }, (_, i) => `w${i}`);
      const many = Array.from({ length: 100_000 }, (_, i) =>
        paper(`corpus:${i.toString(16).padStart(12, '0')}`, `t${i}`, Array.from({ length: 30 }, (_, j) => words[(i * 31 + j * 17) % words.length]).join(' ')));
      const index = new Bm25Index(many);
      expect(index.size).toBe(100_000);
      for (let q = 0; q < 20; q++) {
        const terms = [words[q], words[q + 100], words[q + 200]];
        const hits = index.search(terms.join(' '), 10);
        expect(hits).toHaveLength(10);
        for (const [i, hit] of hits.entries()) {
          expect(terms.some((t) => hit.paper.abstract.split(' ').includes(t))).toBe(true);
          if (i > 0) expect(hit.score).toBeLessThanOrEqual(hits[i - 1].score);
        }
      }
    });
  });
});
