import { judgeClaims, withSemanticVerdicts } from '../../activities/claim-semantic-entailment';
import { composeWithModel, evidenceFor } from '../../activities/model-answer';
import { answerFindings } from '../../activities/stages/answer-review';
import { checkModelAnswer, citationsOf } from '../../activities/stages/check-model-answer';
import { ChatAnswerWriter, ChatEntailmentJudge } from '../../activities/providers/chat-answer-writer';
import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import { OpenAiEmbeddingProvider } from '../../activities/providers/openai-embedding-provider';
import { loadPrompt } from '../../activities/prompts/load-prompt';
import { composeAnswer, renderAnswer, type ComposeAnswerInput } from '../../activities/stages/compose-answer';
import { extractClaims } from '../../activities/stages/extract-claims';
import { gradeSynthesis } from '../../activities/stages/policy';
import { addEmbeddingAgreement, verifyClaims } from '../../activities/stages/verify-claims';
import type { RecordedRequest } from '../support/recorded-http-server';
import { RecordedHttpServer } from '../support/recorded-http-server';
import { hit, paper, params, snapshotOf } from './fixtures/stage-fixtures';

const QUESTION = 'What is the effect of dexamethasone on postoperative bleeding after tonsillectomy?';
const A = paper('corpus:00000000000a', 'Dexamethasone in tonsillectomy', 'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy.');
const B = paper('corpus:00000000000b', 'A second trial', 'In adults, dexamethasone increased postoperative bleeding after tonsillectomy by 4%.');
const GOOD = 'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy [1].';

function chat(json: unknown) {
  return { body: { model: 'qwen2.5:7b', choices: [{ message: { role: 'assistant', content: typeof json === 'string' ? json : JSON.stringify(json) }, finish_reason: 'stop' }], usage: { prompt_tokens: 200, completion_tokens: 60 } } };
}

/** A scripted semantic model: SUPPORTS an increase in bleeding, REFUTES a decrease, NOT_ENOUGH_INFO otherwise. */
function judge(request: RecordedRequest) {
  const user = JSON.parse(JSON.parse(request.body).messages[1].content) as { statement: string };
  return chat({ verdict: /increased/.test(user.statement) ? 'SUPPORTS' : /decreased/.test(user.statement) ? 'REFUTES' : 'NOT_ENOUGH_INFO', reason: 'scripted' });
}

function input(): ComposeAnswerInput {
  const papers = [A, B];
  const claims = extractClaims(papers, { question: QUESTION });
  return { question: QUESTION, sources: papers.map((p, i) => hit(p, 2 - i)), claims, verifications: verifyClaims(claims, papers, { entailment: true }) };
}

describe('a model-written answer, checked against a scripted OpenAI-compatible server on loopback', () => {
  let server: RecordedHttpServer;
  let client: OpenAiCompatibleClient;
  beforeEach(async () => {
    server = await RecordedHttpServer.start();
    client = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'qwen2.5', timeoutMs: 2000 });
  });
  afterEach(async () => {
    await server.close();
  });

  it('removes a sentence citing evidence that does not support it, an invented citation and a contradiction, keeps the good one, and shows each in the report', async () => {
    server.route('POST', '/v1/chat/completions', chat({
      refused: false, reason: '',
      sentences: [
        { text: GOOD, gap: false },
        { text: 'Tonsillectomy patients given dexamethasone slept longer and needed fewer opioids [2].', gap: false },
        { text: 'Dexamethasone halves mortality after tonsillectomy [7].', gap: false },
        { text: 'Dexamethasone decreased postoperative bleeding after tonsillectomy in adults [2].', gap: false },
        { text: 'Bleeding risk is what matters most.', gap: false },
      ],
    }), judge, judge, judge);
    const base = input();
    const extractive = composeAnswer(base);
    const answer = await composeWithModel(extractive, base, new ChatAnswerWriter(client), new ChatEntailmentJudge(client));

    expect(answer.model.status).toBe('used');
    expect(answer.model.removed.map((r) => r.reason)).toEqual(['not-supported-by-citation', 'invented-citation', 'contradicts-evidence', 'no-citation']);
    expect(answer.sentences.filter((s) => s.kind === 'evidence').map((s) => s.text)).toEqual([GOOD]);
    expect(answer.counts).toMatchObject({ evidenceSentences: 5, supported: 1, unsupported: 4, sourcesCited: 1 });
    expect(answer.model.semanticAgreed).toBe(1);
    // Recorded: the writer's call and one judge call per checkable (sentence, citation) pair, with prompt hashes.
    expect(answer.model.calls.map((c) => c.promptId)).toEqual(['compose-answer.v2', 'entail.v1', 'entail.v1', 'entail.v1']);
    expect(answer.model.calls[0].promptHash).toBe(loadPrompt('compose-answer.v2').sha256);
    const sent = JSON.parse(JSON.parse(server.requests[0].body).messages[1].content) as { evidence: Array<{ n: number; text: string }> };
    expect(sent.evidence.map((e) => e.n)).toEqual([1, 2]);
    // Visible in the report.
    const text = renderAnswer(answer, 2).join('\n');
    expect(text).toContain(GOOD);
    expect(text).toContain('5 sentences stating evidence written, 1 kept');
    expect(text).toContain('Removed (invented-citation): "Dexamethasone halves mortality after tonsillectomy [7]."');
    expect(text).toContain('Removed (contradicts-evidence)');
    expect(text).toContain('Removed (not-supported-by-citation)');
    expect(text).toContain('Removed (no-citation)');
  });

  it('falls back to the extractive answer on malformed JSON, and says why', async () => {
    server.route('POST', '/v1/chat/completions', chat('Here is the answer: {"sentences": ['));
    const base = input();
    const extractive = composeAnswer(base);
    const answer = await composeWithModel(extractive, base, new ChatAnswerWriter(client));
    expect(answer.model.status).toBe('failed');
    expect(answer.model.reason).toMatch(/^PROVIDER_RESPONSE_INVALID: .*not JSON/);
    expect(answer.sentences).toEqual(extractive.sentences);
    expect(renderAnswer(answer, 2).join('\n')).toContain('its answer could not be used (PROVIDER_RESPONSE_INVALID');
  });

  it('records a refusal and shows the extractive answer with the model\'s reason', async () => {
    server.route('POST', '/v1/chat/completions', chat({ refused: true, reason: 'The evidence does not say enough.', sentences: [] }));
    const base = input();
    const answer = await composeWithModel(composeAnswer(base), base, new ChatAnswerWriter(client));
    expect(answer.model).toMatchObject({ status: 'refused', reason: 'The evidence does not say enough.' });
    expect(answer.model.calls).toHaveLength(1);
    expect(renderAnswer(answer, 2).join('\n')).toContain('declined ("The evidence does not say enough.")');
  });

  it('keeps a good answer whole, and the synthesis reaches L3 when the semantic judge also supports every verified claim', async () => {
    server.route('POST', '/v1/chat/completions', chat({ refused: false, reason: '', sentences: [{ text: GOOD, gap: false }, { text: 'In adults, dexamethasone increased postoperative bleeding after tonsillectomy by 4% [2].', gap: false }] }), judge, judge, judge, judge);
    server.route('POST', '/v1/embeddings', (req) => {
      const n = (JSON.parse(req.body) as { input: string[] }).input.length;
      return { body: { model: 'embed', data: Array.from({ length: n }, (_, index) => ({ index, embedding: [1, 0, 0] })), usage: { prompt_tokens: 10, total_tokens: 10 } } };
    });
    const base = input();
    const answer = await composeWithModel(composeAnswer(base), base, new ChatAnswerWriter(client), new ChatEntailmentJudge(client));
    expect(answer.model.removed).toEqual([]);
    expect(answer.counts).toMatchObject({ evidenceSentences: 2, supported: 2, unsupported: 0 });
    expect(answer.model.semanticAgreed).toBe(2);
    const embedder = new OpenAiEmbeddingProvider({ client: new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'embed', timeoutMs: 2000 }), dimension: 3 });
    const embedded = await addEmbeddingAgreement(base.claims, base.verifications, embedder);
    const grade = (verifications: typeof embedded) => gradeSynthesis({
      snapshot: snapshotOf({ ...base, sources: [...base.sources], claims: [...base.claims], queries: [QUESTION], parameters: params(), corpusSize: 2, verifications, answer }),
      score: 8.5, correctionStatus: 'CURRENT',
      provenance: { provenanceRecords: true, claimLineage: true, inclusionProofs: true },
      reproducibility: { deterministicProviders: false, providerCallsRecorded: true, configHashRecorded: true, historyDigestRecorded: true },
    });
    // A semantic embedding agreeing on every claim is not an entailment verdict: L2.
    expect(embedded.every((v) => v.embedding?.semantic && v.embedding.agrees)).toBe(true);
    expect(grade(embedded).verification.level).toBe('L2');
    // The judge asked about each verified claim against its evidence sentence says SUPPORTS: L3.
    const judged = await judgeClaims(base.claims, embedded, new ChatEntailmentJudge(client));
    expect(Object.values(judged.verdicts).map((v) => v.verdict)).toEqual(['SUPPORTS', 'SUPPORTS']);
    expect(grade(withSemanticVerdicts(embedded, judged.verdicts)).verification.level).toBe('L3');
    expect(renderAnswer(answer, 2).join('\n')).toContain('a semantic judge agreeing on 2');
  });
});

describe('checkModelAnswer on a model answer (compose-answer.v2)', () => {
  const Q = 'What is the effect of dexamethasone on postoperative bleeding and postoperative vomiting after tonsillectomy?';
  const P1 = paper('corpus:00000000000a', 'Dexamethasone in tonsillectomy', 'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy. Dexamethasone decreased postoperative vomiting dose dependently.');
  const P2 = paper('corpus:00000000000b', 'A second trial', 'In this trial, dexamethasone reduced the risk of postoperative bleeding after tonsillectomy in adults.');
  const BLEED = 'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy [1].';
  const VOMIT = 'Dexamethasone decreased postoperative vomiting dose dependently [1].';
  function base() {
    const papers = [P1, P2];
    const claims = extractClaims(papers, { question: Q });
    return { question: Q, sources: papers.map((p, i) => hit(p, 2 - i)), claims, verifications: verifyClaims(claims, papers, { entailment: true }) };
  }
  function check(sentences: Array<{ text: string; gap: boolean }>) {
    const b = base();
    const extractive = composeAnswer(b);
    return { extractive, answer: checkModelAnswer({ extractive, model: { refused: false, reason: '', sentences }, evidence: evidenceFor(extractive, b), method: 'chat-answer-v2:test', calls: [] }) };
  }

  it('splits a text holding several sentences and checks each on its own', () => {
    const { answer } = check([{ text: `${BLEED} Dexamethasone halves mortality after tonsillectomy [4].`, gap: false }]);
    expect(answer.sentences.filter((s) => s.kind === 'evidence').map((s) => s.text)).toEqual([BLEED]);
    expect(answer.model.removed).toEqual([expect.objectContaining({ reason: 'invented-citation', citations: [4], text: 'Dexamethasone halves mortality after tonsillectomy [4].' })]);
    expect(answer.counts).toMatchObject({ evidenceSentences: 2, supported: 1, unsupported: 1 });
  });

  it('reads citations from the inline markers: one invented number in a list removes the sentence', () => {
    expect(citationsOf('A [1, 3] and B [2–4] and C [9-2].')).toEqual([1, 3, 2, 4, 9]);
    const { answer } = check([{ text: 'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy [1, 5].', gap: false }]);
    expect(answer.model.removed.map((r) => [r.reason, r.detail])).toEqual([['invented-citation', 'cites [5], which the evidence does not have']]);
  });

  it('keeps the extractive agreement and disagreement sentences of covered aspects, and the report states them', () => {
    const { extractive, answer } = check([{ text: BLEED, gap: false }, { text: 'In this trial, dexamethasone reduced the risk of postoperative bleeding after tonsillectomy in adults [2].', gap: false }, { text: VOMIT, gap: false }]);
    const disagreements = extractive.sentences.filter((s) => s.kind === 'disagreement');
    expect(disagreements.length).toBeGreaterThan(0);
    for (const d of disagreements) expect(answer.sentences).toContainEqual(d);
    expect(answerFindings(snapshotOf({ ...base(), queries: [Q], parameters: params(), corpusSize: 2, answer }))!.unstated).toEqual([]);
  });

  it('recomputes coverage from the kept sentences: an aspect whose sentences were all removed is a stated gap, and the answer is PARTIAL', () => {
    const { extractive, answer } = check([{ text: BLEED, gap: false }, { text: 'Dexamethasone increased postoperative vomiting dose dependently [1].', gap: false }]);
    expect(extractive.answerability).toBe('ANSWERED');
    expect(answer.model.removed.map((r) => r.reason)).toEqual(['contradicts-evidence']);
    expect(answer.aspects.find((a) => a.label === 'postoperative vomiting')).toMatchObject({ covered: false, evidence: [] });
    expect(answer.answerability).toBe('PARTIAL');
    expect(answer.counts.aspectsCovered).toBe(answer.counts.aspects - 1);
    expect(answer.sentences).toContainEqual(expect.objectContaining({ kind: 'gap', text: 'No sentence of the model-written answer on postoperative vomiting passed its checks.' }));
    const f = answerFindings(snapshotOf({ ...base(), queries: [Q], parameters: params(), corpusSize: 2, answer }))!;
    expect(f.uncoveredAspects).toEqual(['postoperative vomiting']);
    expect(f.unstated).toEqual([]);
    // Removed sentences lower the supported share: 1 kept of 2 written.
    expect(f.signals.supportedShare).toBe(0.5);
  });

  it('keeps an uncited sentence marked gap that states an absence, not counted as unsupported; a gap that states no absence or contradicts kept evidence is removed', () => {
    const { answer } = check([
      { text: BLEED, gap: false },
      { text: 'No source reports postoperative bleeding in adults.', gap: true },
      { text: 'Vomiting matters most.', gap: true },
    ]);
    expect(answer.model.gapStatements).toBe(0);
    expect(answer.model.removed.map((r) => [r.reason, r.detail])).toEqual([
      ['no-citation', 'marked as a gap, but it states no absence'],
      ['false-gap', 'states a gap on "postoperative bleeding", which kept sentences citing [1] cover'],
    ]);
    const { answer: second } = check([{ text: BLEED, gap: false }, { text: 'No source reports how long the children stayed in hospital.', gap: true }]);
    expect(second.model.removed).toEqual([]);
    expect(second.model.gapStatements).toBe(1);
    expect(second.counts).toMatchObject({ evidenceSentences: 1, supported: 1, unsupported: 0 });
    expect(second.sentences).toContainEqual(expect.objectContaining({ kind: 'gap', aspectId: null, text: 'No source reports how long the children stayed in hospital.' }));
    expect(renderAnswer(second, 2).join('\n')).toContain('- **Beyond the aspects.** No source reports how long the children stayed in hospital.');
  });

  it('shows the extractive answer when no sentence stating evidence passes, with the removals counted and listed', () => {
    const { extractive, answer } = check([{ text: 'Dexamethasone halves mortality [3].', gap: false }]);
    expect(answer.model.status).toBe('rejected');
    expect(answer.sentences).toEqual(extractive.sentences);
    expect(answer.counts).toMatchObject({ evidenceSentences: extractive.counts.evidenceSentences + 1, unsupported: 1 });
    const text = renderAnswer(answer, 2).join('\n');
    expect(text).toContain('A chat model wrote an answer, but none of the 1 sentence(s) stating evidence passed its checks; the extractive answer is shown instead.');
    expect(text).toContain('Removed (invented-citation): "Dexamethasone halves mortality [3]."');
    // The extractive answer's own line counts its own sentences, not the removed ones.
    expect(text).toContain(`Extractive answer (extractive-answer-v1): ${extractive.counts.evidenceSentences} evidence sentences, each quoting a source in its own words and citing it; ${extractive.counts.supported} of them checked as supported by the cited source.`);
  });
});
