import { createActivities } from '../../activities/synthesis-activities';
import { ChatClaimExtractor } from '../../activities/providers/chat-claim-extractor';
import { ChatReviewer } from '../../activities/providers/chat-reviewer';
import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import { OpenAiEmbeddingProvider } from '../../activities/providers/openai-embedding-provider';
import { CorpusSource } from '../../activities/sources/corpus';
import { DEFAULT_PARAMS } from '../../activities/synthesis-types';
import { Ledger } from '../../ledger/store/ledger';
import { RecordedHttpServer, type RecordedRequest } from '../support/recorded-http-server';
import { appUrl, testSigner } from '../support/services';
import { newSynthesisId } from '../support/workflow-harness';
import { HashedNgramEmbedder } from '../../activities/stages/local-embedder';
import { RELEVANCE_THRESHOLD } from '../../activities/stages/question-aspects';
import { unwrapFailure } from '../../common/temporal-failure';

/** A model endpoint speaking the OpenAI-compatible protocol: quotes the first sentence as the claim, reviews with a fixed score. */
function chatAnswer(req: RecordedRequest) {
  const body = JSON.parse(req.body) as { model: string; messages: Array<{ content: string }>; response_format: { json_schema: { name: string } } };
  const user = body.messages[body.messages.length - 1]!.content;
  let content: unknown;
  if (body.response_format.json_schema.name === 'extracted_claims') {
    const { text } = JSON.parse(user) as { text: string };
    const sentence = text.split(/(?<=\.)\s+/)[0]!;
    content = { claims: [{ text: sentence.replace(/\.$/, ''), sentence }] };
  } else {
    content = { score: 7.5, verdict: 'MINOR_REVISION', comments: [{ severity: 'minor', section: '4 Uncertainties', claimIds: [], text: 'State the corpus limits.' }] };
  }
  return {
    status: 200,
    body: { id: 'x', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(content) }, finish_reason: 'stop' }], usage: { prompt_tokens: 100, completion_tokens: 20 } },
  };
}

function embeddingAnswer(req: RecordedRequest) {
  const body = JSON.parse(req.body) as { model: string; input: string[] };
  const data = body.input.map((text, index) => ({ index, embedding: Array.from({ length: 8 }, (_, k) => ((text.length * (k + 3)) % 17) / 17 + 0.01) }));
  return { status: 200, body: { model: body.model, data, usage: { prompt_tokens: body.input.length * 10, total_tokens: body.input.length * 10 } } };
}

describe('activities with network providers (OpenAI-compatible, real local HTTP server)', () => {
  let server: RecordedHttpServer;
  let ledger: Ledger;
  let acts: ReturnType<typeof createActivities>;
  const corpus = CorpusSource.fromFile();

  beforeAll(async () => {
    server = await RecordedHttpServer.start();
    server.route('POST', '/v1/chat/completions', chatAnswer);
    server.route('POST', '/v1/embeddings', embeddingAnswer);
    ledger = Ledger.open(appUrl());
    const chat = () => new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'test-chat', timeoutMs: 5000 });
    acts = createActivities({
      ledger, signer: testSigner(),
      sources: { corpus }, embedder: new OpenAiEmbeddingProvider({ client: new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'test-embed', timeoutMs: 5000 }), dimension: 8 }),
      chat: { extractor: new ChatClaimExtractor(chat()), reviewers: { SKEPTIC: new ChatReviewer('SKEPTIC', chat()) } },
    });
  });
  afterAll(async () => {
    await ledger.close();
    await server.close();
  });

  describe('when a stage that calls a model is retried', () => {
    it('records each call once with hashes and tokens and never calls the model again', async () => {
      const synthesisId = newSynthesisId('net');
      const sources = (await corpus.search('zero-shot instruction tuning', 3)).map((r) => r);
      const calls = () => server.requestsTo('/v1/chat/completions').length;

      const first = await acts.extractClaims({ synthesisId, round: 0, sources, maxClaimsPerSource: 2 });
      const afterFirst = calls();
      const entriesAfterFirst = (await ledger.reader.stream(synthesisId)).length;
      const again = await acts.extractClaims({ synthesisId, round: 0, sources, maxClaimsPerSource: 2 });

      expect(afterFirst).toBe(3);
      expect(calls()).toBe(afterFirst);
      expect(again.claims).toEqual(first.claims);
      expect((await ledger.reader.stream(synthesisId)).length).toBe(entriesAfterFirst);
      const recorded = (await ledger.reader.stream(synthesisId)).filter((e) => e.header.kind === 'provider.call').map((e) => JSON.parse(e.payloadJson));
      expect(recorded).toHaveLength(3);
      expect(recorded[0].call).toMatchObject({ model: 'test-chat', tokens: { input: 100, output: 20 }, promptHash: expect.stringMatching(/^sha256:/), responseHash: expect.stringMatching(/^sha256:/) });
      for (const c of first.claims) expect(sources.map((s) => s.paper.abstract).some((a) => a.includes(c.span.sentence))).toBe(true);
    });
  });

  describe('when a chat model extracts claims for a question', () => {
    it('keeps only findings on the question from on-topic sources and records the rest with their reason', async () => {
      const synthesisId = newSynthesisId('net');
      const question = 'How does instruction tuning improve zero-shot generalization?';
      const sources = [...await corpus.search('zero-shot instruction tuning', 3), ...await corpus.search('protein folding', 1)];
      const { claims } = await acts.extractClaims({ synthesisId, round: 0, sources, maxClaimsPerSource: 2, question });
      const summary = JSON.parse((await ledger.reader.stream(synthesisId)).find((e) => e.header.kind === 'claims.extracted')!.payloadJson) as { count: number; rejected: Array<{ claimId: string; reason: string }> };
      const calls = (await ledger.reader.stream(synthesisId)).filter((e) => e.header.kind === 'provider.call').map((e) => JSON.parse(e.payloadJson) as { claims: Array<{ claimId: string }> });
      const offered = calls.flatMap((c) => c.claims.map((x) => x.claimId));
      // Every claim the model offered is either kept or rejected with a reason, never both.
      expect([...claims.map((c) => c.claimId), ...summary.rejected.map((r) => r.claimId)].sort()).toEqual([...offered].sort());
      expect(summary.count).toBe(claims.length);
      for (const r of summary.rejected) expect(['not-a-finding', 'below-relevance', 'off-topic-source']).toContain(r.reason);
      for (const c of claims) expect(c.relevance).toBeGreaterThanOrEqual(RELEVANCE_THRESHOLD);
      expect(summary.rejected.length).toBeGreaterThan(0);
    });
  });

  describe('when verification uses a semantic embedding endpoint', () => {
    it('records the agreement check once and marks the provider semantic', async () => {
      const synthesisId = newSynthesisId('net');
      const sources = await corpus.search('language model compression prompts', 2);
      const { claims } = await acts.extractClaims({ synthesisId, round: 0, sources, maxClaimsPerSource: 1 });
      const before = server.requestsTo('/v1/embeddings').length;
      const v1 = await acts.verifyClaims({ synthesisId, round: 0, claims, sources, threshold: DEFAULT_PARAMS.threshold });
      const mid = server.requestsTo('/v1/embeddings').length;
      const v2 = await acts.verifyClaims({ synthesisId, round: 0, claims, sources, threshold: DEFAULT_PARAMS.threshold });
      expect(mid).toBeGreaterThan(before);
      expect(server.requestsTo('/v1/embeddings').length).toBe(mid);
      expect(v2).toEqual(v1);
      expect(v1.verifications.every((v) => v.embedding?.semantic === true)).toBe(true);
    });
  });

  describe('when a tribunal role is configured with a chat model', () => {
    it('uses the model review and records the call', async () => {
      const synthesisId = newSynthesisId('net');
      const sources = await corpus.search('zero-shot', 2);
      const { claims } = await acts.extractClaims({ synthesisId, round: 0, sources, maxClaimsPerSource: 1 });
      const { verifications } = await acts.verifyClaims({ synthesisId, round: 0, claims, sources, threshold: 0.15 });
      const request = await acts.recordRequest({ synthesisId, question: 'zero-shot generalization', params: DEFAULT_PARAMS, publisher: null });
      const draft = { question: 'zero-shot generalization', queries: ['zero-shot'], sources, claims, verifications, parameters: request.parameters };
      const drafted = await acts.draftReport({ synthesisId, round: 0, draft });
      const skeptic = await acts.reviewAs({ synthesisId, round: 0, role: 'SKEPTIC', draftHash: drafted.draftHash, reportHash: drafted.reportHash });
      const validator = await acts.reviewAs({ synthesisId, round: 0, role: 'VALIDATOR', draftHash: drafted.draftHash, reportHash: drafted.reportHash });
      expect(skeptic.review.score).toBe(7.5);
      expect(validator.review.method).toBe('deterministic-tribunal-v1');
    });

    it('merges the answer signals and the role\'s answer comments into the model review, and records the merged review', async () => {
      const synthesisId = newSynthesisId('net');
      const question = 'How does instruction tuning improve zero-shot generalization?';
      const sources = await corpus.search('zero-shot instruction tuning', 3);
      const { claims } = await acts.extractClaims({ synthesisId, round: 0, sources, maxClaimsPerSource: 2, question, providers: 'offline' });
      const { verifications } = await acts.verifyClaims({ synthesisId, round: 0, claims, sources, threshold: 0.15, providers: 'offline' });
      const { answer } = await acts.composeAnswer({ synthesisId, round: 0, question, sources, claims, verifications, providers: 'offline' });
      const request = await acts.recordRequest({ synthesisId, question, params: DEFAULT_PARAMS, publisher: null });
      const drafted = await acts.draftReport({ synthesisId, round: 0, draft: { question, queries: [question], sources, claims, verifications, parameters: request.parameters, answer } });
      const skeptic = await acts.reviewAs({ synthesisId, round: 0, role: 'SKEPTIC', draftHash: drafted.draftHash, reportHash: drafted.reportHash });
      expect(skeptic.review.score).toBe(7.5);
      expect(Object.keys(skeptic.review.signals)).toEqual(expect.arrayContaining(['modelScore', 'aspectCoverage', 'citedRelevance', 'supportedShare', 'gapsStated']));
      const recorded = (await ledger.reader.stream(synthesisId)).filter((e) => e.header.kind === 'review.record').map((e) => JSON.parse(e.payloadJson) as { signals: Record<string, number> });
      expect(recorded.map((r) => r.signals.aspectCoverage)).toEqual([skeptic.review.signals.aspectCoverage]);
    });
  });

  describe('when a synthesis asks for offline providers on a worker with network ones', () => {
    it('uses the local heuristics and embedder and calls no endpoint', async () => {
      const synthesisId = newSynthesisId('net');
      const sources = await corpus.search('zero-shot instruction tuning', 2);
      const chatBefore = server.requestsTo('/v1/chat/completions').length;
      const embedBefore = server.requestsTo('/v1/embeddings').length;
      const { claims } = await acts.extractClaims({ synthesisId, round: 0, sources, maxClaimsPerSource: 2, providers: 'offline' });
      const { verifications } = await acts.verifyClaims({ synthesisId, round: 0, claims, sources, threshold: 0.15, providers: 'offline' });
      const index = await acts.indexSources({ synthesisId, round: 0, sources, providers: 'offline' });
      expect(server.requestsTo('/v1/chat/completions').length).toBe(chatBefore);
      expect(server.requestsTo('/v1/embeddings').length).toBe(embedBefore);
      expect(claims.every((c) => c.method === 'heuristic-v1')).toBe(true);
      expect(verifications.every((v) => v.embedding?.semantic === false)).toBe(true);
      expect(index).toMatchObject({ model: 'hashed-ngram-v1', deterministic: true });
    });
  });

  describe('when a synthesis asks for network providers on a worker without any', () => {
    it('refuses the request naming $.params.providers and writes nothing', async () => {
      const offline = createActivities({
        ledger, signer: testSigner(),
        sources: { corpus }, embedder: new HashedNgramEmbedder(),
      });
      const synthesisId = newSynthesisId('net');
      const err = await offline.recordRequest({ synthesisId, question: 'zero-shot', params: { ...DEFAULT_PARAMS, providers: 'network' }, publisher: null })
        .then(() => null, (e: unknown) => e);
      expect(unwrapFailure(err)).toMatchObject({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: '$.params.providers' })] });
      expect(await ledger.reader.stream(synthesisId)).toHaveLength(0);
    });
  });

  describe('when the request records which providers the synthesis uses', () => {
    it('lists the chat extractor, the embedding endpoint and each tribunal role', async () => {
      const synthesisId = newSynthesisId('net');
      await acts.recordRequest({ synthesisId, question: 'zero-shot', params: DEFAULT_PARAMS, publisher: null });
      const [request] = await ledger.reader.stream(synthesisId);
      const providers = (JSON.parse(request!.payloadJson) as { config: { providers: Array<{ role: string; provider: string; model: string }> } }).config.providers;
      expect(providers).toEqual(expect.arrayContaining([
        expect.objectContaining({ role: 'claims', provider: 'openai-compatible', model: 'test-chat' }),
        expect.objectContaining({ role: 'embedding', model: 'test-embed' }),
        expect.objectContaining({ role: 'tribunal:SKEPTIC', provider: 'openai-compatible', model: 'test-chat' }),
        expect.objectContaining({ role: 'tribunal:VALIDATOR', provider: 'deterministic-reviewer' }),
      ]));
    });
  });
});
