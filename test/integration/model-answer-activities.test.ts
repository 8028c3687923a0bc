/**
 * The composeAnswer activity with a chat model that writes the answer, on a
 * scripted OpenAI-compatible server on loopback and a real ledger: each
 * failure of the model's answer is caught, recorded in the `answer.record`
 * entry and visible in the report `draftReport` renders; a good answer passes.
 */
import { ChatAnswerWriter, ChatEntailmentJudge } from '../../activities/providers/chat-answer-writer';
import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import { CorpusSource } from '../../activities/sources/corpus';
import type { Answer } from '../../activities/stages/compose-answer';
import { extractClaims } from '../../activities/stages/extract-claims';
import { HashedNgramEmbedder } from '../../activities/stages/local-embedder';
import { verifyClaims } from '../../activities/stages/verify-claims';
import { createActivities } from '../../activities/synthesis-activities';
import { Ledger } from '../../ledger/store/ledger';
import { RecordedHttpServer, type RecordedRequest, type ScriptedResponse } from '../support/recorded-http-server';
import { appUrl, testSigner } from '../support/services';
import { newSynthesisId } from '../support/workflow-harness';
import { hit, paper, params } from '../unit/fixtures/stage-fixtures';

const QUESTION = 'What is the effect of dexamethasone on postoperative bleeding after tonsillectomy?';
const A = paper('corpus:00000000000a', 'Dexamethasone in tonsillectomy', 'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy.');
const B = paper('corpus:00000000000b', 'A second trial', 'In adults, dexamethasone increased postoperative bleeding after tonsillectomy by 4%.');
const GOOD = 'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy [1].';
const GOOD_2 = 'In adults, dexamethasone increased postoperative bleeding after tonsillectomy by 4% [2].';

function completion(content: string): ScriptedResponse {
  return { body: { id: 'x', model: 'test-chat', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 200, completion_tokens: 60 } } };
}

/** The scripted model: the writer answers `written` (a JSON value, or raw text); the judge SUPPORTS an increase, REFUTES a decrease. */
function model(written: unknown) {
  return (req: RecordedRequest): ScriptedResponse => {
    const body = JSON.parse(req.body) as { messages: Array<{ content: string }>; response_format: { json_schema: { name: string } } };
    if (body.response_format.json_schema.name === 'entailment') {
      const { statement } = JSON.parse(body.messages[1]!.content) as { statement: string };
      return completion(JSON.stringify({ verdict: /increased/.test(statement) ? 'SUPPORTS' : /decreased/.test(statement) ? 'REFUTES' : 'NOT_ENOUGH_INFO', reason: 'scripted' }));
    }
    return completion(typeof written === 'string' ? written : JSON.stringify(written));
  };
}

describe('the composeAnswer activity with a chat model writing the answer (scripted server on loopback, real ledger)', () => {
  let server: RecordedHttpServer;
  let ledger: Ledger;
  let acts: ReturnType<typeof createActivities>;
  const papers = [A, B];
  const sources = papers.map((p, i) => hit(p, 2 - i));
  const claims = extractClaims(papers, { question: QUESTION });
  const verifications = verifyClaims(claims, papers, { entailment: true });

  beforeAll(async () => {
    server = await RecordedHttpServer.start();
    ledger = Ledger.open(appUrl());
    const chat = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'test-chat', timeoutMs: 5000 });
    acts = createActivities({
      ledger, signer: testSigner(), sources: { corpus: CorpusSource.fromFile() }, embedder: new HashedNgramEmbedder(),
      chat: { answerWriter: new ChatAnswerWriter(chat), entailmentJudge: new ChatEntailmentJudge(chat) },
    });
  });
  afterAll(async () => {
    await ledger.close();
    await server.close();
  });

  /** Runs composeAnswer then draftReport for a fresh synthesis; returns the recorded answer, the model's recorded call and the report. */
  async function run(written: unknown) {
    server.route('POST', '/v1/chat/completions', model(written));
    const synthesisId = newSynthesisId('model-answer');
    const { answer, recordHash } = await acts.composeAnswer({ synthesisId, round: 0, question: QUESTION, sources, claims, verifications, providers: 'network' });
    const entries = await ledger.reader.stream(synthesisId);
    const records = entries.filter((e) => e.header.kind === 'answer.record');
    expect(records).toHaveLength(1);
    expect(records[0]!.header.payloadHash).toBe(recordHash);
    const recorded = JSON.parse(records[0]!.payloadJson) as Answer & { round: number };
    expect(recorded).toEqual({ ...answer, round: 0 });
    const calls = entries.filter((e) => e.header.kind === 'provider.call').map((e) => JSON.parse(e.payloadJson) as { stage: string; answer: Answer });
    expect(calls).toHaveLength(1);
    const drafted = await acts.draftReport({ synthesisId, round: 0, draft: { question: QUESTION, queries: [QUESTION], sources, claims, verifications, parameters: params(), corpusSize: 2, answer } });
    const report = (await ledger.blobs.get(drafted.reportHash)).bytes.toString('utf8');
    return { answer: recorded, call: calls[0]!, report };
  }

  it('removes a sentence citing a source that does not support it, records why and shows it in the report', async () => {
    const { answer, report } = await run({ refused: false, reason: '', sentences: [{ text: GOOD, gap: false }, { text: 'Tonsillectomy patients given dexamethasone slept longer and needed fewer opioids [2].', gap: false }] });
    expect(answer.model).toMatchObject({ status: 'used', removed: [{ reason: 'not-supported-by-citation', citations: [2] }] });
    expect(answer.counts).toMatchObject({ evidenceSentences: 2, supported: 1, unsupported: 1 });
    expect(report).toContain('Removed (not-supported-by-citation): "Tonsillectomy patients given dexamethasone slept longer and needed fewer opioids [2]."');
    expect(report).toContain('2 sentences stating evidence written, 1 kept');
  });

  it('removes a sentence with an invented citation number, also when it shares a text with a good sentence', async () => {
    const { answer, report } = await run({ refused: false, reason: '', sentences: [{ text: `${GOOD} Dexamethasone halves mortality after tonsillectomy [7].`, gap: false }] });
    expect(answer.model!.removed).toEqual([expect.objectContaining({ reason: 'invented-citation', citations: [7], detail: 'cites [7], which the evidence does not have' })]);
    expect(answer.sentences.filter((s) => s.kind === 'evidence').map((s) => s.text)).toEqual([GOOD]);
    expect(report).toContain('Removed (invented-citation): "Dexamethasone halves mortality after tonsillectomy [7]." (cites [7], which the evidence does not have).');
    expect(report).not.toMatch(/^- \*\*.*halves mortality/m);
  });

  it('falls back to the extractive answer on malformed JSON, records the error and says so in the report', async () => {
    const { answer, call, report } = await run('Here is the answer: {"sentences": [');
    expect(answer.method).toBe('extractive-answer-v1');
    expect(answer.model).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^PROVIDER_RESPONSE_INVALID: /) });
    expect(call.answer.model!.status).toBe('failed');
    expect(report).toContain('A chat model was asked to write this answer, but its answer could not be used (PROVIDER_RESPONSE_INVALID');
  });

  it('removes a sentence contradicting its evidence (lexical and semantic REFUTES) and shows it in the report', async () => {
    const { answer, report } = await run({ refused: false, reason: '', sentences: [{ text: GOOD, gap: false }, { text: 'Dexamethasone decreased postoperative bleeding after tonsillectomy in adults [2].', gap: false }] });
    expect(answer.model!.removed).toEqual([expect.objectContaining({ reason: 'contradicts-evidence', detail: expect.stringContaining('[2] says otherwise') })]);
    expect(report).toContain('Removed (contradicts-evidence): "Dexamethasone decreased postoperative bleeding after tonsillectomy in adults [2]."');
  });

  it('records a refusal with the model\'s reason and shows the extractive answer', async () => {
    const { answer, report } = await run({ refused: true, reason: 'The evidence does not say enough.', sentences: [] });
    expect(answer.model).toMatchObject({ status: 'refused', reason: 'The evidence does not say enough.' });
    expect(answer.method).toBe('extractive-answer-v1');
    expect(report).toContain('A chat model was asked to write this answer and declined ("The evidence does not say enough."); the extractive answer is shown instead.');
  });

  it('keeps a good answer whole, with both methods agreeing on every sentence', async () => {
    const { answer, call, report } = await run({ refused: false, reason: '', sentences: [{ text: GOOD, gap: false }, { text: GOOD_2, gap: false }] });
    expect(answer.method).toBe('chat-answer-v2:test-chat');
    expect(answer.model).toMatchObject({ status: 'used', removed: [], semanticAgreed: 2 });
    expect(answer.counts).toMatchObject({ evidenceSentences: 2, supported: 2, unsupported: 0, sourcesCited: 2 });
    expect(answer.answerability).toBe('ANSWERED');
    expect(call.answer.model!.calls.map((c) => c.promptId)).toEqual(['compose-answer.v2', 'entail.v1', 'entail.v1']);
    expect(report).toContain(GOOD);
    expect(report).toContain(GOOD_2);
    expect(report).toContain('2 sentences stating evidence written, 2 kept because the evidence they cite supports them (lexical-entailment-v1, and a semantic judge agreeing on 2), 0 removed');
    expect(report).not.toContain('Removed (');
  });

  it('gives the model a revision\'s review points when it rewrites the answer, and nothing more on a first answer', async () => {
    server.route('POST', '/v1/chat/completions', model({ refused: false, reason: '', sentences: [{ text: GOOD, gap: false }] }));
    const sent = () => server.requestsTo('/v1/chat/completions')
      .map((r) => JSON.parse((JSON.parse(r.body) as { messages: Array<{ content: string }> }).messages[1]!.content) as { reviewPoints?: unknown })
      .filter((u) => 'question' in (u as object));
    const before = sent().length;
    await acts.composeAnswer({ synthesisId: newSynthesisId('model-answer'), round: 0, question: QUESTION, sources, claims, verifications, providers: 'network' });
    expect(sent().slice(before).map((u) => u.reviewPoints)).toEqual([undefined]);
    const reviewPoints = [{ comment: 'Say what no source covers.', response: 'No automated revision applies. The comment and this response are given to the model that rewrites the answer.' }];
    await acts.composeAnswer({ synthesisId: newSynthesisId('model-answer'), round: 1, question: QUESTION, sources, claims, verifications, providers: 'network', reviewPoints });
    expect(sent().slice(before + 1).map((u) => u.reviewPoints)).toEqual([reviewPoints]);
  });
});
