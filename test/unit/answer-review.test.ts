import { answerFindings } from '../../activities/stages/answer-review';
import { composeAnswer, type Answer } from '../../activities/stages/compose-answer';
import type { DraftReportInput } from '../../activities/stages/draft-report';
import { extractClaims } from '../../activities/stages/extract-claims';
import { revise } from '../../activities/stages/revise';
import { ANSWER_WEIGHTS, ROLE_WEIGHTS, review, reviewAll, withAnswerReview } from '../../activities/stages/tribunal';
import { verifyClaims } from '../../activities/stages/verify-claims';
import type { Review } from '../../activities/model';
import { hit, paper, params, snapshotOf } from './fixtures/stage-fixtures';

const QUESTION = 'What is the effect of dexamethasone on postoperative bleeding and postoperative vomiting after tonsillectomy?';
const A = paper('corpus:00000000000a', 'Dexamethasone in tonsillectomy', 'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy. Dexamethasone did not change pain scores.');
const C = paper('corpus:00000000000c', 'Graph networks', 'Graph neural networks learn node embeddings from citation graphs. They improve node classification accuracy on three benchmarks.');

/** A draft over A and C whose answer covers dexamethasone, bleeding and tonsillectomy but not vomiting. */
function draftInput(queries: string[] = ['dexamethasone postoperative bleeding tonsillectomy']): DraftReportInput {
  const papers = [A, C];
  const sources = papers.map((p, i) => hit(p, 2 - i));
  const claims = extractClaims(papers, { question: QUESTION });
  const verifications = verifyClaims(claims, papers, { entailment: true });
  const base: DraftReportInput = { question: QUESTION, queries, sources, claims, verifications, parameters: params(), corpusSize: 2 };
  return { ...base, answer: composeAnswer(base) };
}

describe('the tribunal judges the answer (answer-review-v1)', () => {
  it('measures aspect coverage, cited-source relevance, supported share and gaps stated', () => {
    const f = answerFindings(snapshotOf(draftInput()));
    expect(f).not.toBeNull();
    expect(f?.uncoveredAspects).toEqual(['postoperative vomiting']);
    expect(f?.unsearchedAspects).toEqual(['postoperative vomiting']);
    expect(f?.signals).toEqual({ aspectCoverage: 0.75, citedRelevance: 1, supportedShare: 1, gapsStated: 1 });
  });

  it('scores the answer signals with their weights, and a draft without an answer as before', () => {
    const input = draftInput();
    const withAnswer = review('SYNTHESIZER', snapshotOf(input));
    const without = review('SYNTHESIZER', snapshotOf({ ...input, answer: undefined }));
    const s = withAnswer.signals;
    const base = Object.entries(ROLE_WEIGHTS.SYNTHESIZER).reduce((n, [k, w]) => n + (w ?? 0) * s[k], 0);
    expect(without.score).toBe(Math.round(1000 * base) / 100);
    expect(without.signals.aspectCoverage).toBeUndefined();
    const share = (ANSWER_WEIGHTS.SYNTHESIZER.aspectCoverage ?? 0) + (ANSWER_WEIGHTS.SYNTHESIZER.citedRelevance ?? 0);
    expect(withAnswer.score).toBe(Math.round(1000 * ((1 - share) * base + 0.25 * 0.75 + 0.15 * 1)) / 100);
  });

  it('asks for a search on an uncovered aspect, and the reviser widens retrieval with it', () => {
    const input = draftInput();
    const reviews = reviewAll(snapshotOf(input));
    const synth = reviews.find((r) => r.role === 'SYNTHESIZER') as Review;
    const comment = synth.comments.find((c) => c.section === 'Answer');
    expect(comment?.severity).toBe('major');
    expect(comment?.text).toContain('Search for "postoperative vomiting"');
    const out = revise({ draft: input, disclosures: [...snapshotOf(input).disclosures], reviews, round: 1 });
    expect(out.revision.extraQueries).toContain('postoperative vomiting');
    expect(out.rebuttal.find((r) => r.commentId === comment?.commentId)?.action).toBe('WIDENED_RETRIEVAL');
  });

  it('once the aspect was searched for, says so in a minor comment instead', () => {
    const input = draftInput(['dexamethasone postoperative bleeding tonsillectomy', 'postoperative vomiting']);
    const synth = review('SYNTHESIZER', snapshotOf(input));
    const comment = synth.comments.find((c) => c.section === 'Answer');
    expect(comment?.severity).toBe('minor');
    expect(comment?.text).toContain('stayed uncovered after searching for them');
  });

  it('flags evidence from an off-topic cited source and the reviser drops it', () => {
    const input = draftInput();
    const answer = input.answer as Answer;
    // A composer (e.g. a model) that cited the graph-network source [2] for a finding.
    const offClaim = extractClaims([C], { question: 'graph neural networks node classification' })[0];
    const bad: Answer = {
      ...answer,
      sentences: [...answer.sentences, { text: `${offClaim.text} [2].`, kind: 'evidence', aspectId: 'A1', citations: [2], claimIds: [offClaim.claimId], supported: false }],
      counts: { ...answer.counts, evidenceSentences: answer.counts.evidenceSentences + 1, unsupported: 1, sourcesCited: 2 },
    };
    const draft = { ...input, claims: [...input.claims, offClaim], verifications: [...input.verifications, ...verifyClaims([offClaim], [C])], answer: bad };
    const reviews = reviewAll(snapshotOf(draft));
    const skeptic = reviews.find((r) => r.role === 'SKEPTIC') as Review;
    const validator = reviews.find((r) => r.role === 'VALIDATOR') as Review;
    const off = skeptic.comments.find((c) => c.section === 'Answer' && c.claimIds.length > 0);
    expect(off?.text).toContain('[2]');
    expect(off?.claimIds).toEqual([offClaim.claimId]);
    expect(skeptic.signals.citedRelevance).toBe(0.5);
    expect(validator.comments.find((c) => c.section === 'Answer')?.claimIds).toEqual([offClaim.claimId]);
    expect(validator.signals.supportedShare).toBeLessThan(1);
    const out = revise({ draft, disclosures: [...snapshotOf(draft).disclosures], reviews, round: 1 });
    expect(out.draft.claims.map((c) => c.claimId)).not.toContain(offClaim.claimId);
    expect(out.rebuttal.find((r) => r.commentId === off?.commentId)?.action).toBe('DROPPED_CLAIM');
    // Recomposed, the answer cites only the on-topic source.
    const recomposed = composeAnswer(out.draft);
    expect(new Set(recomposed.sentences.flatMap((s) => s.citations))).toEqual(new Set([1]));
  });

  it('answers a general comment with an action, or a recorded reason why not', () => {
    const general = (): Review[] => [{
      role: 'SYNTHESIZER', score: 6, verdict: 'MAJOR_REVISION', signals: {}, method: 'chat-review-v1',
      comments: [{ commentId: 'SYNTHESIZER-M1', severity: 'major', section: 'Discussion', claimIds: [], text: 'The synthesis should say more about the question as a whole.' }],
    }];
    const open = draftInput();
    const acted = revise({ draft: open, disclosures: [...snapshotOf(open).disclosures], reviews: general(), round: 1 });
    expect(acted.rebuttal[0]).toMatchObject({ action: 'WIDENED_RETRIEVAL' });
    expect(acted.revision.extraQueries).toEqual(['postoperative vomiting']);
    const searched = draftInput(['dexamethasone postoperative bleeding tonsillectomy', 'postoperative vomiting']);
    const reasoned = revise({ draft: searched, disclosures: [...snapshotOf(searched).disclosures], reviews: general(), round: 1 });
    expect(reasoned.rebuttal[0].action).toBe('NO_CHANGE');
    expect(reasoned.rebuttal[0].response).toContain('the answer covers 75% of the question\'s aspects');
    expect(reasoned.rebuttal[0].response).toContain('"postoperative vomiting" was already searched for');
  });

  it('gives a minor general comment a NO_CHANGE point with its reason and the measured state', () => {
    const draft = draftInput();
    const reviews: Review[] = [{
      role: 'SKEPTIC', score: 7, verdict: 'MINOR_REVISION', signals: {}, method: 'chat-review-v1',
      comments: [{ commentId: 'SKEPTIC-m1', severity: 'minor', section: 'General', claimIds: [], text: 'The answer could compare the trials more.' }],
    }];
    const out = revise({ draft, disclosures: [...snapshotOf(draft).disclosures], reviews, round: 1 });
    expect(out.rebuttal).toEqual([{ commentId: 'SKEPTIC-m1', action: 'NO_CHANGE', response: expect.stringContaining('A minor comment: revision acts on major comments only') }]);
    expect(out.rebuttal[0].response).toContain('the answer covers 75% of the question\'s aspects');
    // An extractive answer is recomposed, not rewritten: nothing goes to a writer.
    expect(out.answerPoints).toEqual([]);
  });

  it('gives a model that rewrites the answer the comments on the answer and the general ones, with their responses', () => {
    const base = draftInput();
    const draft: DraftReportInput = { ...base, answer: { ...base.answer!, method: 'chat-answer-v2:test', model: { status: 'used', reason: null, removed: [], semanticAgreed: 0, gapStatements: 0, calls: [] } } };
    const reviews: Review[] = [{
      role: 'SYNTHESIZER', score: 6, verdict: 'MAJOR_REVISION', signals: {}, method: 'chat-review-v1',
      comments: [
        { commentId: 'SYNTHESIZER-M1', severity: 'major', section: 'Answer', claimIds: [], text: 'Say what no source covers.' },
        { commentId: 'SYNTHESIZER-M2', severity: 'major', section: '4 Uncertainties', claimIds: [], text: 'Disclose the corpus limits.' },
        { commentId: 'SYNTHESIZER-m1', severity: 'minor', section: 'Overall', claimIds: [], text: 'Be more concise.' },
      ],
    }];
    const out = revise({ draft, disclosures: [...snapshotOf(draft).disclosures], reviews, round: 1 });
    expect(out.rebuttal.map((p) => p.commentId)).toEqual(['SYNTHESIZER-M1', 'SYNTHESIZER-M2', 'SYNTHESIZER-m1']);
    expect(out.answerPoints.map((p) => p.comment)).toEqual(['Say what no source covers.', 'Be more concise.']);
    for (const p of out.answerPoints) expect(p.response).toContain('given to the model that rewrites the answer');
  });

  it('merges the answer signals and the role\'s answer comments into a chat referee\'s review', () => {
    const draft = draftInput();
    const chat: Review = {
      role: 'SYNTHESIZER', score: 9, verdict: 'ACCEPT', signals: { modelScore: 9 }, method: 'chat-review-v1',
      comments: [{ commentId: 'SYNTHESIZER-M1', severity: 'major', section: 'Answer', claimIds: [], text: 'Fine.' }],
    };
    const merged = withAnswerReview(chat, snapshotOf(draft));
    expect(merged.signals).toMatchObject({ modelScore: 9, aspectCoverage: 0.75, supportedShare: 1 });
    expect(merged.score).toBe(9);
    const added = merged.comments.slice(1);
    expect(added.length).toBeGreaterThan(0);
    expect(added[0]).toMatchObject({ commentId: 'SYNTHESIZER-M2', section: 'Answer' });
    expect(added[0].text).toContain('postoperative vomiting');
    // A draft without an answer leaves the model's review as it is.
    expect(withAnswerReview(chat, snapshotOf({ ...draft, answer: null }))).toEqual(chat);
  });
});
