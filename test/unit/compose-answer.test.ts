import { composeAnswer, renderAnswer } from '../../activities/stages/compose-answer';
import { extractClaims, extractQuestionClaims, withRelevance } from '../../activities/stages/extract-claims';
import { deriveAspects, RelevanceScorer } from '../../activities/stages/question-aspects';
import { sentenceKind } from '../../activities/stages/sentence-kind';
import { verifyClaims } from '../../activities/stages/verify-claims';
import { claim, hit, paper } from './fixtures/stage-fixtures';

const QUESTION = 'What is the effect of dexamethasone on postoperative bleeding and postoperative vomiting after tonsillectomy?';
const A = paper('corpus:00000000000a', 'Dexamethasone in tonsillectomy', [
  'BACKGROUND Tonsillectomy is common in children.',
  'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy.',
  'Dexamethasone decreased postoperative vomiting dose dependently.',
  'Data are available at https://example.org/data.',
].join(' '));
const B = paper('corpus:00000000000b', 'A second trial', [
  'We asked whether steroids change outcomes after surgery?',
  'In this trial, dexamethasone reduced the risk of postoperative bleeding after tonsillectomy in adults.',
].join(' '));
const C = paper('corpus:00000000000c', 'Graph networks', 'Graph neural networks learn node embeddings from citation graphs. They improve node classification accuracy on three benchmarks.');

function run(question: string, sources = [A, B, C]) {
  const papers = sources;
  const claims = extractClaims(papers, { question, maxClaimsPerSource: 3 });
  const verifications = verifyClaims(claims, papers, { entailment: true });
  return { claims, verifications, answer: composeAnswer({ question, sources: papers.map((p, i) => hit(p, 1 - i / 10)), claims, verifications }) };
}

describe('deriveAspects', () => {
  it('takes the runs of adjacent content terms of the question', () => {
    expect(deriveAspects(QUESTION).map((a) => a.label)).toEqual(['dexamethasone', 'postoperative bleeding', 'postoperative vomiting', 'tonsillectomy']);
    expect(deriveAspects(QUESTION).map((a) => a.aspectId)).toEqual(['A1', 'A2', 'A3', 'A4']);
  });
  it('drops framing words, a lone number and a lone term of a longer run', () => {
    expect(deriveAspects('What is the impact of aspirin versus placebo across the 12 trials in 3 placebo arms?').map((a) => a.label)).toEqual(['aspirin', '12 trials', '3 placebo arms']);
  });
});

describe('RelevanceScorer', () => {
  it('weighs rare terms more than common ones', () => {
    const aspects = deriveAspects('exact match and F1 scores');
    const s = new RelevanceScorer(aspects, ['Scores rose.', 'Scores fell.', 'Scores held.', 'F1 was reported.']);
    const [, f1] = s.perAspect('F1 improved on every dataset.');
    expect(f1).toBeGreaterThan(0.6);
    expect(s.perAspect('Scores rose.')[1]).toBeLessThan(0.5);
  });
});

describe('sentenceKind', () => {
  it.each([
    ['Dexamethasone increased the risk of bleeding in children.', 'finding'],
    ['Does dexamethasone increase the risk of bleeding in children?', 'question'],
    ['To assess whether dexamethasone increases the risk of bleeding.', 'aim'],
    ['Large language models have recently been shown to generalize (Brown et al., 2020).', 'background'],
    ['BACKGROUND Tonsillectomy is common in children and adults.', 'background'],
    ['Code at https://example.org.', 'fragment'],
    ['and then it rose sharply in all groups.', 'fragment'],
  ])('classifies "%s" as %s', (sentence, kind) => {
    expect(sentenceKind(sentence)).toBe(kind);
  });
});

describe('question-focused extraction', () => {
  it('keeps only findings that bear on the question, with relevance and aspect', () => {
    const claims = extractQuestionClaims(QUESTION, [A, B, C]);
    expect(claims.map((c) => c.sourceId)).toEqual([A.id, A.id, B.id]);
    expect(claims.every((c) => c.method === 'question-focused-v1' && (c.relevance ?? 0) >= 0.6 && c.aspect !== null)).toBe(true);
    expect(claims.map((c) => c.aspect?.label)).toEqual(['postoperative bleeding', 'postoperative vomiting', 'postoperative bleeding']);
    expect(claims.some((c) => c.text.includes('?') || c.text.includes('https'))).toBe(false);
  });
  it('annotates claims from another extractor with relevance', () => {
    const [c] = withRelevance(QUESTION, [claim(C.id, 'Graph neural networks learn node embeddings from citation graphs')], [A, B, C]);
    expect(c.relevance).toBe(0);
    expect(c.aspect).toBeNull();
  });
});

describe('composeAnswer', () => {
  describe('when sources disagree on an aspect', () => {
    const { answer } = run(QUESTION);
    it('quotes the evidence per aspect with citations and states the disagreement', () => {
      const bleeding = answer.aspects.find((a) => a.label === 'postoperative bleeding')!;
      expect(bleeding.covered).toBe(true);
      expect(bleeding.disagreements).toHaveLength(1);
      expect(bleeding.disagreements[0]).toMatch(/^Sources \[1\] and \[2\] disagree: one says "increased" \(up\) where the other says "reduced" \(down\)/);
      const evidence = answer.sentences.filter((s) => s.kind === 'evidence');
      expect(evidence.every((s) => s.citations.length > 0 && /\[\d+\]\.$/.test(s.text))).toBe(true);
      expect(answer.counts).toMatchObject({ supported: answer.counts.evidenceSentences, unsupported: 0 });
    });
    it('is ANSWERED when every aspect has evidence, and renders that first', () => {
      expect(answer.answerability).toBe('ANSWERED');
      expect(renderAnswer(answer, 3)[0]).toMatch(/^The searched collection has verified findings on every aspect/);
    });
  });

  describe('when an aspect has no evidence', () => {
    it('is PARTIAL and names the gap', () => {
      const { answer } = run(`${QUESTION.replace(/\?$/, '')} and the cochlear implant failure rate?`);
      expect(answer.answerability).toBe('PARTIAL');
      expect(answer.sentences).toContainEqual(expect.objectContaining({ kind: 'gap', text: 'No retrieved source has a finding on cochlear implant failure rate.' }));
      expect(renderAnswer(answer, 3)[0]).toMatch(/answers this question only in part: .* no source covers "cochlear implant failure rate"\.$/);
    });
  });

  describe('when the collection holds nothing on the question', () => {
    const { claims, answer } = run('What is the effect of dietary fiber intake on colorectal cancer incidence?');
    it('says so even when nothing was retrieved', () => {
      expect(renderAnswer(answer, 0)[0]).toBe('The searched collection holds no evidence on this question: no source was retrieved for "dietary fiber intake" and "colorectal cancer incidence".');
    });
    it('extracts no claim and says so in the first line', () => {
      expect(claims).toHaveLength(0);
      expect(answer.answerability).toBe('NO_EVIDENCE');
      expect(answer.counts.evidenceSentences).toBe(0);
      expect(renderAnswer(answer, 3)[0]).toBe('The searched collection holds no evidence on this question: none of the 3 retrieved sources has a verified finding on "dietary fiber intake" and "colorectal cancer incidence".');
    });
  });

  describe('when a claim is not supported by its source', () => {
    it('is not quoted as evidence', () => {
      const c = { ...claim(A.id, 'Dexamethasone decreased the risk of postoperative bleeding in children after tonsillectomy'), relevance: 1, aspect: { aspectId: 'A2', label: 'postoperative bleeding' } };
      const verifications = verifyClaims([c], [A], { entailment: true });
      expect(verifications[0]).toMatchObject({ verified: false, entailment: { verdict: 'REFUTES' } });
      const answer = composeAnswer({ question: QUESTION, sources: [hit(A, 1)], claims: [c], verifications });
      expect(answer.answerability).toBe('NO_EVIDENCE');
    });
  });
});
