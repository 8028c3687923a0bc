import type { Review } from '../../activities/model';
import { aggregateReviews, review, reviewAll, ROLE_WEIGHTS, verdictFor } from '../../activities/stages/tribunal';
import { sampleDraftInput, snapshotOf } from './fixtures/stage-fixtures';

describe('tribunal', () => {
  const snapshot = snapshotOf(sampleDraftInput());
  const [cA, cB, cC] = snapshot.claims.map((c) => c.claimId);

  describe('when measuring signals', () => {
    const r = review('SKEPTIC', snapshot);
    it('reports the documented signals', () => {
      // 2 of 3 verified; mean confidence (0.9 + 0.05 + 0.8) / 3 = 0.5833 → min(1, 0.5833 / 0.5) = 1;
      // sources with a verified claim: A, C → 2/3; 3 distinct sources / min(3, 3) = 1;
      // consistency 1 − 1/3; question phrases: "negative sampling", "domain fine", "fine tuning", "exact match"
      // → verified claims mention "negative sampling" and "exact match" → 0.5;
      // required disclosures: tfidf, corpus, lexical, unverified, consistency — all standard → 1.
      expect(r.signals).toEqual({
        verifiedRatio: 0.6667, confidence: 1, sourceCoverage: 0.6667, sourceDiversity: 1,
        disclosure: 1, citationCompleteness: 1, consistency: 0.6667, questionCoverage: 0.5,
      });
    });
    it('scores 10 × Σ weight × signal with the role weights', () => {
      // SKEPTIC: 0.25·0.6667 + 0.1·1 + 0.25·1 + 0.15·0.6667 + 0.25·0.5 = 0.741675 → 7.42
      expect(r.score).toBe(7.42);
      expect(r.verdict).toBe('MINOR_REVISION');
      for (const weights of Object.values(ROLE_WEIGHTS)) expect(Object.values(weights).reduce((s, w) => s + (w ?? 0), 0)).toBeCloseTo(1, 10);
    });
  });

  describe('when writing comments', () => {
    const [skeptic, validator, synthesizer] = reviewAll(snapshot);
    it('SKEPTIC raises a major comment per unverified claim group', () => {
      expect(skeptic.comments).toEqual([expect.objectContaining({ commentId: 'SKEPTIC-M1', severity: 'major', section: '5 Extracted Claims', claimIds: [cB] })]);
    });
    it('VALIDATOR raises consistency issues with the claim id', () => {
      expect(validator.comments).toEqual([expect.objectContaining({ commentId: 'VALIDATOR-M1', severity: 'major', claimIds: [cC], text: expect.stringContaining('16x') })]);
    });
    it('SYNTHESIZER comments on coverage only when it is low', () => {
      expect(synthesizer.comments).toEqual([]);
      const narrow = snapshotOf({ ...sampleDraftInput(), question: 'How does contrastive pretraining affect retrieval recall?' });
      expect(review('SYNTHESIZER', narrow).comments).toEqual([expect.objectContaining({ severity: 'major', section: '1 Introduction' })]);
    });
    it('downgrades comments on flagged claims to minor', () => {
      const flagged = { ...snapshot, flaggedClaimIds: [cB, cC] };
      expect(review('SKEPTIC', flagged).comments.map((c) => [c.severity, c.claimIds])).toEqual([['minor', [cB]]]);
      expect(review('VALIDATOR', flagged).comments.map((c) => [c.severity, c.claimIds])).toEqual([['minor', [cC]]]);
    });
    it('keeps comments major when only a claim without problems is flagged', () => {
      const flagged = { ...snapshot, flaggedClaimIds: [cA] };
      expect(review('SKEPTIC', flagged).comments.map((c) => [c.severity, c.claimIds])).toEqual([['major', [cB]]]);
      expect(review('VALIDATOR', flagged).comments.map((c) => [c.severity, c.claimIds])).toEqual([['major', [cC]]]);
    });
  });

  describe('when there are no claims', () => {
    it('scores 0 and rejects', () => {
      const r = review('VALIDATOR', { ...snapshot, claims: [], verifications: [] });
      expect([r.score, r.verdict]).toEqual([0, 'REJECT']);
    });
  });

  describe('when aggregating', () => {
    const rev = (score: number): Review => ({ role: 'SKEPTIC', score, verdict: verdictFor(score), comments: [], signals: {}, method: 'x' });
    it('takes the mean and decides by the revision threshold', () => {
      expect(aggregateReviews([rev(7), rev(8), rev(6)])).toEqual({ score: 7, decision: 'APPROVE' });
      expect(aggregateReviews([rev(6), rev(6), rev(6.3)])).toEqual({ score: 6.1, decision: 'REVISE' });
    });
    it('caps the score at 5.0 when any verdict is REJECT', () => {
      expect(aggregateReviews([rev(10), rev(10), rev(3)])).toEqual({ score: 5, decision: 'REVISE' });
      expect(aggregateReviews([rev(2), rev(3), rev(3.5)])).toEqual({ score: 2.83, decision: 'REJECT' });
    });
    it('refuses an empty list', () => {
      expect(() => aggregateReviews([])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: '$.reviews' })] }));
    });
  });
});

describe('tribunal off-topic gate', () => {
  describe('when no verified claim mentions a key phrase of the question', () => {
    it('makes the SYNTHESIZER reject, which caps the aggregate at 5.0', () => {
      const offTopic = snapshotOf({ ...sampleDraftInput(), question: 'How does quantum annealing affect protein folding energy?' });
      const reviews = reviewAll(offTopic);
      expect(reviews[2].verdict).toBe('REJECT');
      expect(aggregateReviews(reviews).score).toBeLessThanOrEqual(5);
    });
  });
});
