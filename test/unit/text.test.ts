import { countNegations, extractNumbers, ngrams, normalizeTitle, splitSentences, tokenize } from '../../activities/stages/text';

describe('text', () => {
  describe('when normalizing a title', () => {
    it('applies NFKC, lowercases, collapses whitespace and trims', () => {
      expect(normalizeTitle('  Ｆｉｎｅ\u00a0Tuning\n of  ﬁlters ')).toBe('fine tuning of filters');
    });
  });

  describe('when tokenizing', () => {
    it('lowercases, splits on non-alphanumerics, keeps numbers and decimals, drops stop words', () => {
      expect(tokenize('The F1 score rose to 82.7% on GPT-3, i.e. 16x faster.')).toEqual(['f1', 'score', 'rose', '82.7', 'gpt', '3', 'e', '16x', 'faster']);
    });
    it('keeps stop words when asked', () => {
      expect(tokenize('It is not the end', { removeStopWords: false })).toEqual(['it', 'is', 'not', 'the', 'end']);
    });
    it('builds unigrams then bigrams', () => {
      expect(ngrams(['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'a b', 'b c']);
    });
  });

  describe('when splitting sentences', () => {
    const text = 'Prior work (Brown et al., 2020) is strong, e.g. GPT-3. We reach 2.4% error vs. 3.1% before. See Fig. 2 for J. Smith\'s result! Is it U.S. data? Yes.';
    const spans = splitSentences(text);
    it('does not split after abbreviations, initials, decimals or dotted acronyms', () => {
      expect(spans.map((s) => s.text)).toEqual([
        'Prior work (Brown et al., 2020) is strong, e.g. GPT-3.',
        'We reach 2.4% error vs. 3.1% before.',
        "See Fig. 2 for J. Smith's result!",
        'Is it U.S. data?',
        'Yes.',
      ]);
    });
    it('returns offsets that slice the original text', () => {
      for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    });
  });

  describe('when extracting numbers', () => {
    it('keeps units and ignores numbers inside identifiers', () => {
      expect(extractNumbers('8x compressed LLaMA-7B with 50% pruning, 99.99\\% accuracy, a 137B model beats GPT-3 on 1,000 F1 tasks, 16 × faster, 5 models'))
        .toEqual(['8x', '50%', '99.99%', '137b', '1000', '16x', '5']);
    });
  });

  describe('when counting negations', () => {
    it('counts negation words and n\'t contractions', () => {
      expect(countNegations('It does not help and cannot scale; it doesn\'t converge.')).toBe(3);
      expect(countNegations('It helps.')).toBe(0);
    });
  });
});
