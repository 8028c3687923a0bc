import { keyPhrases, keyTerms, planQueries } from '../../activities/stages/plan-queries';
import { SEED_QUESTION } from '../../data/example-question';


describe('planQueries', () => {
  describe('when given the seed question', () => {
    it('plans key-term, bigram, broadened and narrowed variants', () => {
      expect(planQueries(SEED_QUESTION)).toEqual([
        'negative sampling domain specific fine tuning exact match f1 scores 12 datasets mrqa 2019 benchmark',
        'negative sampling domain specific fine tuning exact match f1 scores datasets mrqa 2019 benchmark',
        'negative sampling domain',
        'f1 12 mrqa 2019 negative sampling',
      ]);
    });
    it('returns n distinct variants and is deterministic', () => {
      const eight = planQueries(SEED_QUESTION, 8);
      expect(eight).toHaveLength(8);
      expect(new Set(eight.map((q) => q.split(' ').sort().join(' '))).size).toBe(8);
      expect(planQueries(SEED_QUESTION, 8)).toEqual(eight);
    });
    it('drops stop words and framing words from key terms', () => {
      expect(keyTerms('What is the impact of dropout?')).toEqual(['dropout']);
      expect(keyPhrases(SEED_QUESTION)).toContain('negative sampling');
    });
  });

  describe('when the question is too short to vary', () => {
    it('returns fewer variants rather than duplicates', () => {
      expect(planQueries('transformers', 4)).toEqual(['transformers']);
    });
  });

  describe('when the input is invalid', () => {
    it.each([
      ['an empty question', '', 4, '$.question'],
      ['a whitespace-only question', ' \n\t ', 4, '$.question'],
      ['an over-long question', 'a'.repeat(2001), 4, '$.question'],
      ['a question without content terms', 'What is the?', 4, '$.question'],
      ['zero queries', SEED_QUESTION, 0, '$.queries'],
      ['nine queries', SEED_QUESTION, 9, '$.queries'],
      ['a fractional count', SEED_QUESTION, 2.5, '$.queries'],
    ])('refuses %s with INVALID_ARGUMENT', (_name, q, n, path) => {
      expect(() => planQueries(q, n)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path })] }));
    });
  });
});
