import { cosine, fnv1a32, HashedNgramEmbedder } from '../../activities/stages/local-embedder';

describe('HashedNgramEmbedder', () => {
  const embedder = new HashedNgramEmbedder();

  describe('when hashing features', () => {
    it('implements FNV-1a 32-bit (published test values)', () => {
      expect(fnv1a32('')).toBe(0x811c9dc5);
      expect(fnv1a32('a')).toBe(0xe40c292c);
      expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    });
  });

  describe('when embedding texts', () => {
    it('returns L2-normalized vectors of the configured dimension, deterministically', async () => {
      const { vectors, model, dimension } = await embedder.embed(['Instruction tuning improves zero-shot performance.']);
      expect([model, dimension, vectors[0].length]).toEqual(['hashed-ngram-v1', 256, 256]);
      expect(Math.hypot(...vectors[0])).toBeCloseTo(1, 12);
      expect(embedder.embedOne('Instruction tuning improves zero-shot performance.')).toEqual(vectors[0]);
      expect(embedder.deterministic).toBe(true);
    });
    it('maps empty text to the zero vector', () => {
      expect(embedder.embedOne('  ').every((x) => x === 0)).toBe(true);
    });
    it('is lexical: a negated sentence stays close, an unrelated one is far', () => {
      const base = embedder.embedOne('instruction tuning improves zero-shot accuracy');
      const negated = embedder.embedOne('instruction tuning does not improve zero-shot accuracy');
      const unrelated = embedder.embedOne('voltage stability of power grids');
      expect(cosine(base, negated)).toBeGreaterThan(0.5);
      expect(cosine(base, unrelated)).toBeLessThan(0.3);
    });
    it('changes vectors with the seed', () => {
      const other = new HashedNgramEmbedder({ seed: 'other' });
      expect(other.model).toBe('hashed-ngram-v1+other');
      expect(other.embedOne('some text')).not.toEqual(embedder.embedOne('some text'));
    });
  });

  describe('when computing cosine', () => {
    it('handles orthogonal, identical and zero vectors, and refuses length mismatches', () => {
      expect(cosine([1, 0], [0, 1])).toBe(0);
      expect(cosine([3, 4], [3, 4])).toBeCloseTo(1, 12);
      expect(cosine([0, 0], [1, 1])).toBe(0);
      expect(() => cosine([1], [1, 2])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    });
  });
});
