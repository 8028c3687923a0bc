import { draftReport } from '../../activities/stages/draft-report';
import { revise } from '../../activities/stages/revise';
import { aggregateReviews, reviewAll } from '../../activities/stages/tribunal';
import { sampleDraftInput, snapshotOf } from './fixtures/stage-fixtures';

describe('revise', () => {
  describe('when answering the tribunal on the sample draft', () => {
    const draft = sampleDraftInput();
    const reviews = reviewAll(snapshotOf(draft));
    const out = revise({ draft, disclosures: draftReport(draft).disclosures, reviews, round: 1 });
    const [cA, cB, cC] = draft.claims.map((c) => c.claimId);

    it('answers every major comment point by point', () => {
      const majors = reviews.flatMap((r) => r.comments.filter((c) => c.severity === 'major').map((c) => c.commentId));
      expect(out.rebuttal.map((p) => p.commentId)).toEqual(majors);
    });
    it('drops a claim far below threshold and flags an inconsistent one', () => {
      expect(out.rebuttal.map((p) => p.action)).toEqual(['DROPPED_CLAIM', 'FLAGGED_CLAIM']);
      expect(out.revision.droppedClaimIds).toEqual([cB]);
      expect(out.revision.flaggedClaimIds).toEqual([cC]);
      expect(out.draft.claims.map((c) => c.claimId)).toEqual([cA, cC]);
      expect(out.draft.verifications.map((v) => v.claimId)).toEqual([cA, cC]);
      expect(out.draft.flaggedClaimIds).toEqual([cC]);
    });
    it('adds flagged/dropped disclosures and carries the revision into the next draft', () => {
      expect(out.revision.addedDisclosures.map((d) => d.key)).toEqual(['flagged-claims', 'dropped-claims']);
      const next = draftReport(out.draft);
      expect(next.markdown).toContain('Revision round 1:');
      expect(next.markdown).toContain(`Dropped claims: ${cB}.`);
    });
    it('leaves queries to the caller (nothing is searched here)', () => {
      expect(out.draft.queries).toEqual(draft.queries);
    });
    it('raises the tribunal score of the next draft', () => {
      const before = aggregateReviews(reviews).score;
      const after = aggregateReviews(reviewAll(snapshotOf(out.draft))).score;
      expect(after).toBeGreaterThan(before);
    });
  });

  describe('when coverage of the question is low and undisclosed', () => {
    const draft = { ...sampleDraftInput(), question: 'How does contrastive pretraining affect retrieval recall?' };
    const reviews = reviewAll(snapshotOf(draft));
    const out = revise({ draft, disclosures: draftReport(draft).disclosures, reviews, round: 1 });
    it('widens retrieval with queries from the uncovered phrases and discloses the gap', () => {
      const point = out.rebuttal.find((p) => p.commentId.startsWith('SYNTHESIZER'));
      expect(point?.action).toBe('WIDENED_RETRIEVAL');
      expect(out.revision.extraQueries).toEqual(['contrastive pretraining retrieval recall', 'contrastive pretraining']);
      expect(out.draft.extraDisclosures?.map((d) => d.key)).toContain('question-coverage');
    });
    it('adds missing disclosures asked for by the SKEPTIC', () => {
      const point = out.rebuttal.find((p) => p.commentId === 'SKEPTIC-M2');
      expect(point).toMatchObject({ action: 'ADDED_DISCLOSURE' });
    });
  });
});
