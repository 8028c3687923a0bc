import { claimIdFor, claimScore, claimTextFromSentence, extractClaims, gateModelClaims } from '../../activities/stages/extract-claims';
import { RELEVANCE_THRESHOLD } from '../../activities/stages/question-aspects';
import { sha256 } from '../../ledger/core/hash';
import { claim, paper } from './fixtures/stage-fixtures';

const ABSTRACT = 'Language models are widely used. We propose a new tuning method. We show that instruction tuning improves zero-shot accuracy by 12% over the baseline. ' +
  'The method is simple. Our experiments demonstrate that it outperforms GPT-3 on 20 of 25 tasks. It also reduces cost. Code is available.';
const src = paper('corpus:000000000001', 'Instruction tuning', ABSTRACT);

describe('extractClaims', () => {
  describe('when a source has result sentences', () => {
    const claims = extractClaims([src]);
    it('keeps the best three candidates in source order', () => {
      expect(claims.map((c) => c.text)).toEqual([
        'Instruction tuning improves zero-shot accuracy by 12% over the baseline',
        'It outperforms GPT-3 on 20 of 25 tasks',
        'It also reduces cost',
      ]);
    });
    it('records spans whose offsets slice the source text', () => {
      for (const c of claims) expect(ABSTRACT.slice(c.span.start, c.span.end)).toBe(c.span.sentence);
      expect(claims[0].span.sentence).toBe('We show that instruction tuning improves zero-shot accuracy by 12% over the baseline.');
    });
    it('derives a stable claim id from source id and text', () => {
      const expected = 'claim:' + sha256(`corpus:000000000001\n${claims[0].text}`).slice(7, 23);
      expect(claims[0].claimId).toBe(expected);
      expect(claimIdFor(src.id, claims[0].text)).toBe(expected);
      expect(claims.every((c) => c.method === 'heuristic-v1' && c.sourceId === src.id)).toBe(true);
    });
  });

  describe('when the per-source maximum is set', () => {
    it('keeps the highest-scoring sentences', () => {
      expect(extractClaims([src], { maxClaimsPerSource: 1 }).map((c) => c.text)).toEqual(['Instruction tuning improves zero-shot accuracy by 12% over the baseline']);
    });
    it.each([0, 21, 1.5])('refuses %p', (n) => {
      expect(() => extractClaims([src], { maxClaimsPerSource: n })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    });
  });

  describe('when scoring sentences', () => {
    it('requires a result verb, or a comparison with a number; method statements need both', () => {
      expect(claimScore('The method is simple.')).toBe(0);
      expect(claimScore('We propose a method that improves recall.')).toBe(0);
      expect(claimScore('Accuracy is 5% higher than the baseline.')).toBe(2);
      expect(claimScore('It outperforms GPT-3 by 4 points.')).toBe(4);
    });
    it('drops reporting frames and unescapes LaTeX percent', () => {
      expect(claimTextFromSentence('In this paper, we show for the first time that accuracy reaches 99.9\\% on X.')).toBe('Accuracy reaches 99.9% on X');
      expect(claimTextFromSentence('Results indicate that it works.')).toBe('Results indicate that it works');
    });
  });
});

describe('gateModelClaims (claims a chat model extracted, without the question)', () => {
  const Q = 'What is the effect of dexamethasone on postoperative bleeding after tonsillectomy?';
  const A = paper('corpus:00000000000a', 'Dexamethasone in tonsillectomy', 'Does dexamethasone raise postoperative bleeding after tonsillectomy? Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy. Children were recruited at three hospitals over two years.');
  const B = paper('corpus:00000000000b', 'Dexamethasone and bleeding', 'Dexamethasone did not change postoperative bleeding after tonsillectomy in adults.');
  const C = paper('corpus:00000000000c', 'Graph networks', 'Graph neural networks improve node classification accuracy on three benchmarks.');
  const fromModel = (p: typeof A, sentence: string) => ({ ...claim(p.id, sentence.replace(/[.?]$/, '')), span: { sentence, start: p.abstract.indexOf(sentence), end: p.abstract.indexOf(sentence) + sentence.length }, method: 'chat:test' });

  it('keeps findings on the question from on-topic sources and rejects the rest with its reason', () => {
    const question = fromModel(A, 'Does dexamethasone raise postoperative bleeding after tonsillectomy?');
    const finding = fromModel(A, 'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy.');
    const offAspect = fromModel(A, 'Children were recruited at three hospitals over two years.');
    const other = fromModel(B, 'Dexamethasone did not change postoperative bleeding after tonsillectomy in adults.');
    const offTopic = fromModel(C, 'Graph neural networks improve node classification accuracy on three benchmarks.');
    const { kept, rejected } = gateModelClaims(Q, [question, finding, offAspect, other, offTopic], [A, B, C]);
    expect(kept.map((c) => c.claimId)).toEqual([finding.claimId, other.claimId]);
    expect(kept.every((c) => c.relevance! >= RELEVANCE_THRESHOLD && c.aspect !== null)).toBe(true);
    expect(rejected.map((r) => [r.claimId, r.reason])).toEqual([
      [question.claimId, 'not-a-finding'],
      [offAspect.claimId, 'below-relevance'],
      [offTopic.claimId, 'off-topic-source'],
    ]);
    expect(rejected[0].detail).toBe('its sentence is a question, not a finding');
  });
});
