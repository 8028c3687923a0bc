/**
 * Tribunal activities: one review per role (a chat reviewer when configured,
 * else the deterministic one), the aggregate by the documented rule, and the
 * point-by-point revision of the draft.
 */
import { ENTRY_KINDS } from './catalogue/entry-kinds';
import type { Review, ReviewRole } from './model';
import { revise, type ReviseOutput } from './stages/revise';
import { aggregateReviews, review, TRIBUNAL_METHOD, withAnswerReview } from './stages/tribunal';
import { snapshotOf, type SynthesisContext } from './synthesis-context';
import type { ProviderMode } from './synthesis-types';

/** Builds the tribunal activities (see the catalogue, family `tribunal`). */
export function createTribunalActivities(ctx: SynthesisContext) {
  const { deps, stage, use, loadDraft } = ctx;
  return {
    /**
     * One tribunal member's review (the workflow runs the three roles in
     * parallel). A chat referee's review gets the answer signals and the
     * role's answer comments merged in (the model's call is recorded as it
     * answered; the review record holds the merged review).
     */
    async reviewAs(input: { synthesisId: string; round: number; role: ReviewRole; draftHash: string; reportHash: string; providers?: ProviderMode }) {
      const { draft, disclosures } = await loadDraft(input.draftHash);
      const s = stage(input.synthesisId, 'reviewAs', `review-${input.round}-${input.role}`);
      const reviewer = use(input.providers).reviewers?.[input.role];
      let result: Review;
      if (reviewer) {
        const report = (await deps.ledger.blobs.get(input.reportHash)).bytes.toString('utf8');
        result = (await s.once('chat-review', ENTRY_KINDS.providerCall, async () => {
          const out = await reviewer.review({ draft: report, claims: draft.claims, verifications: draft.verifications });
          return { stage: 'reviewAs', role: input.role, call: out.call, review: out.review };
        })).payload.review;
        result = withAnswerReview(result, snapshotOf(draft, disclosures));
      } else {
        result = review(input.role, snapshotOf(draft, disclosures));
      }
      const entry = await s.writeOne({
        name: 'review', kind: ENTRY_KINDS.review, contract: null, payload: { ...result, round: input.round, reportHash: input.reportHash },
      });
      return { review: result, recordHash: entry.header.payloadHash };
    },

    /** Aggregates the three reviews by the documented rule and records it. */
    async aggregateTribunal(input: { synthesisId: string; round: number; reviews: Review[]; threshold: number }) {
      const aggregate = aggregateReviews(input.reviews, input.threshold);
      await stage(input.synthesisId, 'aggregateTribunal', `tribunal-${input.round}`).writeOne({
        name: 'aggregate', kind: ENTRY_KINDS.aggregate, contract: null, payload: { round: input.round, ...aggregate, method: TRIBUNAL_METHOD },
      });
      return aggregate;
    },

    /** Answers every comment point by point (majors by action, minors with a reason) and returns the next draft's inputs. */
    async reviseDraft(input: { synthesisId: string; round: number; draftHash: string; reviews: Review[] }): Promise<ReviseOutput> {
      const { draft, disclosures } = await loadDraft(input.draftHash);
      const out = revise({ draft, disclosures, reviews: input.reviews, round: input.round });
      await stage(input.synthesisId, 'reviseDraft', `revise-${input.round}`).writeOne({
        name: 'revision', kind: ENTRY_KINDS.revision, contract: null, payload: { round: input.round, rebuttal: out.rebuttal, revision: out.revision },
      });
      return out;
    },

  };
}
