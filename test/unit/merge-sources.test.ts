import { MAX_TOP_K, mergeSources } from '../../activities/stages/merge-sources';
import { hit, paper } from './fixtures/stage-fixtures';

const a = paper('corpus:a', 'Attention Is All You Need', 'x');
const aArxiv = { ...paper('arxiv:1706.03762', 'Attention  is all you NEED', 'x'), adapter: 'arxiv' };
const b = paper('corpus:b', 'BERT', 'y');
const c = paper('corpus:c', 'CLIP', 'z');

describe('mergeSources', () => {
  describe('when queries find the same papers', () => {
    const merged = mergeSources([
      [hit(a, 2, 'q1', 1), hit(b, 1, 'q1', 2)],
      [hit(b, 3, 'q2', 1), hit(aArxiv, 2.5, 'q2', 2), hit(c, 1, 'q2', 3)],
    ], 10);
    it('keeps one entry per id and per normalized title, with its best hit', () => {
      expect(merged.map((h) => [h.paper.id, h.query, h.score])).toEqual([
        ['corpus:b', 'q2', 3],
        ['arxiv:1706.03762', 'q2', 2.5],
        ['corpus:c', 'q2', 1],
      ]);
    });
  });

  describe('when scores tie', () => {
    it('orders by paper id', () => {
      expect(mergeSources([hit(c, 1), hit(b, 1), hit(a, 1)], 3).map((h) => h.paper.id)).toEqual(['corpus:a', 'corpus:b', 'corpus:c']);
    });
  });

  describe('when topK is smaller than the set', () => {
    it('keeps the top K', () => {
      expect(mergeSources([hit(a, 3), hit(b, 2), hit(c, 1)], 2).map((h) => h.paper.id)).toEqual(['corpus:a', 'corpus:b']);
    });
  });

  describe('when topK is invalid', () => {
    it.each([0, MAX_TOP_K + 1, 1.5, Number.NaN])('refuses %p at $.topK', (k) => {
      expect(() => mergeSources([], k)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: '$.topK' })] }));
    });
  });
});
