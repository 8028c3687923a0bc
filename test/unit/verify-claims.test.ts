import type { EmbeddingProvider } from '../../activities/model';
import { HashedNgramEmbedder } from '../../activities/stages/local-embedder';
import { addEmbeddingAgreement, checkConsistency, isSemanticProvider, smoothedIdf, tfidfFeatures, tfidfSimilarities, verifyClaims } from '../../activities/stages/verify-claims';
import { claim, paper } from './fixtures/stage-fixtures';

describe('verifyClaims', () => {
  describe('when computing TF-IDF by hand on a tiny source', () => {
    // Source sentences (no stop words): S1 "Cats chase mice." S2 "Dogs chase cats." S3 "Dogs bark."
    // Features are unigrams + bigrams. N = 3 sentences.
    //   df = 2: cats, chase, dogs          idf a = ln(4/3) + 1 = 1.2876821, a² = 1.6581254
    //   df = 1: mice, bark, every bigram   idf b = ln(4/2) + 1 = 1.6931472, b² = 2.8667474
    // Claim "Dogs chase mice": dogs a, chase a, mice b, "dogs chase" b, "chase mice" b
    //   |c|² = 2a² + 3b² = 11.916493
    // S1: cats a, chase a, mice b, "cats chase" b, "chase mice" b → |S1|² = 11.916493
    //   c·S1 = a² (chase) + b² (mice) + b² ("chase mice") = 7.3916202 → cos = 7.3916202 / 11.916493 = 0.620285
    // S2: dogs a, chase a, cats a, "dogs chase" b, "chase cats" b → |S2|² = 3a² + 2b² = 10.707871
    //   c·S2 = a² + a² + b² = 6.1829982 → cos = 6.1829982 / (3.4520274 · 3.2722884) = 0.547360
    // S3: dogs a, bark b, "dogs bark" b → |S3|² = a² + 2b² = 7.3916202
    //   c·S3 = a² = 1.6581254 → cos = 1.6581254 / (3.4520274 · 2.7187535) = 0.176674
    const sentences = ['Cats chase mice.', 'Dogs chase cats.', 'Dogs bark.'];
    it('matches the hand-computed idf values', () => {
      const idf = smoothedIdf(sentences.map(tfidfFeatures));
      expect(idf.get('cats')).toBeCloseTo(1.2876821, 6);
      expect(idf.get('chase mice')).toBeCloseTo(1.6931472, 6);
    });
    it('matches the hand-computed cosines', () => {
      const sims = tfidfSimilarities('Dogs chase mice', sentences);
      expect(sims[0]).toBeCloseTo(0.620285, 5);
      expect(sims[1]).toBeCloseTo(0.54736, 5);
      expect(sims[2]).toBeCloseTo(0.176674, 5);
    });
    it('reports the best sentence and confidence rounded to 4 decimals', () => {
      const src = paper('corpus:000000000002', 'Pets', sentences.join(' '));
      const c = claim(src.id, 'Dogs chase mice');
      const [v] = verifyClaims([c], [src]);
      expect(v).toMatchObject({ verified: true, confidence: 0.6203, bestSentence: 'Cats chase mice.', method: 'tfidf-source-attachment-v1', threshold: 0.15, embedding: null });
    });
  });

  describe('when a claim is weakly attached', () => {
    it('is unverified below the threshold', () => {
      const src = paper('corpus:000000000003', 'Pets', 'Cats chase mice. Dogs chase cats. Dogs bark.');
      const [v] = verifyClaims([claim(src.id, 'Dogs bark loudly at night near rivers')], [src], { threshold: 0.5 });
      expect(v.verified).toBe(false);
      expect(v.bestSentence).toBe('Dogs bark.');
    });
    it('is unverified with confidence 0 when its source is missing', () => {
      const [v] = verifyClaims([claim('corpus:missing', 'Anything at all')], []);
      expect(v).toMatchObject({ verified: false, confidence: 0, bestSentence: '' });
    });
    it('refuses a threshold outside [0, 1]', () => {
      expect(() => verifyClaims([], [], { threshold: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    });
  });

  describe('when the entailment check is on', () => {
    const src = paper('corpus:000000000009', 'Trial', 'Dexamethasone was associated with an increased risk of postoperative bleeding.');
    it('verifies only a claim its source SUPPORTS, and records the verdict and evidence', () => {
      const [ok, reversed] = verifyClaims([
        claim(src.id, 'Dexamethasone increases the risk of postoperative bleeding'),
        claim(src.id, 'Dexamethasone decreases the risk of postoperative bleeding'),
      ], [src], { entailment: true });
      expect(ok).toMatchObject({ verified: true, entailment: { verdict: 'SUPPORTS', method: 'lexical-entailment-v1', evidence: src.abstract } });
      expect(reversed.confidence).toBeGreaterThanOrEqual(0.15);
      expect(reversed).toMatchObject({ verified: false, entailment: { verdict: 'REFUTES' } });
    });
    it('leaves the record without entailment when off', () => {
      expect(verifyClaims([claim(src.id, 'Dexamethasone decreases bleeding')], [src])[0].entailment).toBeUndefined();
    });
  });

  describe('when checking consistency', () => {
    it('requires every number with its unit to appear in the sentence', () => {
      expect(checkConsistency('Accuracy rises by 12%', 'Accuracy rises by 12% on X.')).toEqual({ numbers: true, negation: true, issues: [] });
      const c = checkConsistency('A 16x larger model', 'A 6x larger model.');
      expect(c.numbers).toBe(false);
      expect(c.issues).toEqual(['number 16x in the claim is not in the source sentence']);
    });
    it('requires negation to agree', () => {
      expect(checkConsistency('Tuning improves accuracy', 'Tuning does not improve accuracy.').negation).toBe(false);
      expect(checkConsistency('Tuning never helps', 'Tuning does not help.').negation).toBe(true);
    });
  });

  describe('when an embedding provider is given', () => {
    const src = paper('corpus:000000000004', 'Pets', 'Cats chase mice. Dogs bark.');
    const c = claim(src.id, 'Cats chase mice');
    it('adds a lexical, agreeing check with the local embedder', async () => {
      const [v] = await addEmbeddingAgreement([c], verifyClaims([c], [src]), new HashedNgramEmbedder());
      expect(v.embedding).toEqual({ similarity: expect.any(Number), semantic: false, agrees: true });
      expect(v.embedding?.similarity).toBeGreaterThan(0.9);
    });
    it('treats a non-deterministic provider as semantic unless overridden', async () => {
      const remote: EmbeddingProvider = { name: 'remote', model: 'm', dimension: 2, deterministic: false, embed: async (t) => ({ model: 'm', dimension: 2, vectors: t.map((_, i) => (i % 2 === 0 ? [1, 0] : [0, 1])), tokens: { input: 0, output: 0 } }) };
      expect(isSemanticProvider(remote)).toBe(true);
      const [v] = await addEmbeddingAgreement([c], verifyClaims([c], [src]), remote);
      expect(v.embedding).toEqual({ similarity: 0, semantic: true, agrees: false });
      const [w] = await addEmbeddingAgreement([c], verifyClaims([c], [src]), remote, { semantic: false });
      expect(w.embedding?.semantic).toBe(false);
    });
  });
});
