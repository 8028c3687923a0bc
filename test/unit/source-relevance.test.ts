import { composeAnswer } from '../../activities/stages/compose-answer';
import { extractClaims } from '../../activities/stages/extract-claims';
import { deriveAspects, RelevanceScorer } from '../../activities/stages/question-aspects';
import { onTopicSourceIds, rateSources, SOURCE_RELATIVE_FLOOR } from '../../activities/stages/source-relevance';
import { verifyClaims } from '../../activities/stages/verify-claims';
import { hit, paper } from './fixtures/stage-fixtures';

const QUESTION = 'Do dense retrieval models improve passage ranking for open-domain question answering?';
const ON = paper('corpus:0000000000a1', 'Dense retrieval for open-domain question answering', [
  'Dense retrieval models improve passage ranking by 9 points over BM25 on open-domain question answering benchmarks.',
  'The dual encoder is trained with in-batch negatives.',
].join(' '));
// Mentions one aspect ("open-domain question answering") in passing; is about reward models.
const OFF = paper('corpus:0000000000b2', 'Reward models that think critically', [
  'Reward models improve reinforcement learning with verifiable rewards.',
  'Open-domain question answering remains hard for reward models because correctness is difficult to verify.',
].join(' '));

describe('RelevanceScorer.coverage', () => {
  it('is the specificity-weighted share of aspects a text bears on', () => {
    const aspects = deriveAspects(QUESTION);
    const scorer = new RelevanceScorer(aspects, [...ON.abstract.split('. '), ...OFF.abstract.split('. ')]);
    expect(scorer.coverage([ON.abstract])).toBe(1);
    const off = scorer.coverage([OFF.abstract]);
    expect(off).toBeGreaterThan(0);
    expect(off).toBeLessThan(0.6);
    expect(scorer.coverage(['Graph networks classify nodes.'])).toBe(0);
  });
});

describe('rateSources (question-sources-v1)', () => {
  it('keeps sources whose coverage is at least the floor times the best and drops a source that touches one aspect only', () => {
    const rated = rateSources(QUESTION, [ON, OFF]);
    expect(rated.map((r) => r.sourceId)).toEqual([ON.id, OFF.id]);
    expect(rated[0].onTopic).toBe(true);
    expect(rated[1].onTopic).toBe(false);
    expect(rated[1].coverage).toBeLessThan(SOURCE_RELATIVE_FLOOR * rated[0].coverage);
  });
  it('marks nothing on topic when no source bears on any aspect', () => {
    expect(onTopicSourceIds('How does soil nitrogen affect maize yield?', [ON, OFF]).size).toBe(0);
  });
  it('keeps claims and answer evidence from on-topic sources only', () => {
    const papers = [ON, OFF];
    const claims = extractClaims(papers, { question: QUESTION });
    expect(claims.length).toBeGreaterThan(0);
    expect(claims.every((c) => c.sourceId === ON.id)).toBe(true);
    // Even a claim from the off-topic source (e.g. one a chat model extracted) is not cited by the answer.
    const offClaims = extractClaims([OFF], { question: QUESTION });
    expect(offClaims.length).toBeGreaterThan(0);
    const all = [...claims, ...offClaims];
    const answer = composeAnswer({ question: QUESTION, sources: papers.map((p, i) => hit(p, 1 - i / 10)), claims: all, verifications: verifyClaims(all, papers, { entailment: true }) });
    const cited = new Set(answer.sentences.filter((s) => s.kind === 'evidence').flatMap((s) => s.citations));
    expect([...cited]).toEqual([1]);
  });
});
