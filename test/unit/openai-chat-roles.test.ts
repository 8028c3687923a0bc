import { ChatClaimExtractor, locateSentence } from '../../activities/providers/chat-claim-extractor';
import { ChatReviewer } from '../../activities/providers/chat-reviewer';
import { chatRequestHash, buildEmbeddingCallRecord } from '../../activities/providers/call-record';
import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import { loadPrompt } from '../../activities/prompts/load-prompt';
import { claimIdFor } from '../../activities/stages/extract-claims';
import type { Claim, ClaimVerification, Paper } from '../../activities/model';
import { ValidationError } from '../../common/errors';
import { hashJson, sha256 } from '../../ledger/core/hash';
import { RecordedHttpServer } from '../support/recorded-http-server';

const ABSTRACT =
  'Retrieval-augmented generation (RAG) reduces unsupported statements. We annotate 4,812 answers from six systems and find that\n' +
  'retrieval lowers the hallucination rate from 27% to 11%. Gains vanish when recall@5 falls below 0.6.';

const PAPER: Paper = {
  id: 'arxiv:2403.01234',
  title: 'Grounded Generation',
  abstract: ABSTRACT,
  authors: ['Mira Okonkwo'],
  year: 2024,
  locator: 'https://arxiv.org/abs/2403.01234v3',
  adapter: 'arxiv',
  license: null,
};

function chatAnswer(json: unknown) {
  const content = JSON.stringify(json);
  return { body: { model: 'qwen2.5:7b', choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 300, completion_tokens: 80 } } };
}

describe('ChatClaimExtractor', () => {
  let server: RecordedHttpServer;
  let client: OpenAiCompatibleClient;

  beforeEach(async () => {
    server = await RecordedHttpServer.start();
    client = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'qwen2.5', timeoutMs: 2000 });
  });

  afterEach(async () => {
    await server.close();
  });

  describe('when the model quotes source sentences', () => {
    it('keeps claims whose sentence is in the source, with exact spans', async () => {
      server.route(
        'POST',
        '/v1/chat/completions',
        chatAnswer({
          claims: [
            { text: 'Retrieval lowers the hallucination rate from 27% to 11%', sentence: 'We annotate 4,812 answers from six systems and find that retrieval lowers the hallucination rate from 27% to 11%.' },
            { text: 'Gains vanish when recall@5 falls below 0.6', sentence: 'Gains vanish when recall@5 falls below 0.6.' },
            { text: 'RAG eliminates hallucination', sentence: 'RAG eliminates hallucination entirely.' },
            { text: 'Gains vanish when recall@5 falls below 0.6', sentence: 'Gains vanish when recall@5 falls below 0.6.' },
          ],
        }),
      );
      const { claims, rejected, call } = await new ChatClaimExtractor(client).extract(PAPER, { attempt: 2 });

      expect(claims).toHaveLength(2);
      const [first, second] = claims;
      expect(first).toMatchObject({ claimId: claimIdFor(PAPER.id, first.text), sourceId: PAPER.id, method: 'chat:qwen2.5' });
      // The model re-flowed the hard line break; the span keeps the source's own characters.
      expect(first.span.sentence).toContain('find that\nretrieval');
      expect(ABSTRACT.slice(first.span.start, first.span.end)).toBe(first.span.sentence);
      expect(ABSTRACT.slice(second.span.start, second.span.end)).toBe('Gains vanish when recall@5 falls below 0.6.');
      expect(rejected.map((r) => r.reason)).toEqual(['sentence-not-in-source', 'duplicate']);
      expect(call).toMatchObject({ provider: 'openai-compatible', baseUrl: server.baseUrl, model: 'qwen2.5:7b', promptId: 'extract-claims.v1', tokens: { input: 300, output: 80 }, attempt: 2 });
    });

    it('records hashes of the exact prompt, request and answer', async () => {
      const answer = chatAnswer({ claims: [] });
      server.route('POST', '/v1/chat/completions', answer);
      const { call } = await new ChatClaimExtractor(client).extract(PAPER);
      const sent = JSON.parse(server.requests[0].body);
      const prompt = loadPrompt('extract-claims.v1');
      expect(sent.messages[0].content).toBe(prompt.text);
      expect(call.promptHash).toBe(prompt.sha256);
      expect(call.responseHash).toBe(sha256(answer.body.choices[0].message.content));
      expect(call.requestHash).toBe(
        chatRequestHash('qwen2.5', { system: prompt.text, user: sent.messages[1].content, schema: sent.response_format.json_schema.schema, schemaName: 'extracted_claims' }),
      );
      expect(JSON.parse(sent.messages[1].content)).toEqual({ sourceId: PAPER.id, maxClaims: 3, text: ABSTRACT });
      expect(call).not.toHaveProperty('attempt');
    });
  });

  describe('when the model returns more claims than allowed', () => {
    it('keeps the first ones', async () => {
      server.route(
        'POST',
        '/v1/chat/completions',
        chatAnswer({
          claims: [
            { text: 'RAG reduces unsupported statements', sentence: 'Retrieval-augmented generation (RAG) reduces unsupported statements.' },
            { text: 'Gains vanish when recall@5 falls below 0.6', sentence: 'Gains vanish when recall@5 falls below 0.6.' },
          ],
        }),
      );
      const { claims, rejected } = await new ChatClaimExtractor(client, { maxClaimsPerSource: 1 }).extract(PAPER);
      expect(claims.map((c) => c.text)).toEqual(['RAG reduces unsupported statements']);
      expect(rejected.map((r) => r.reason)).toEqual(['over-limit']);
    });
  });

  describe('when the answer does not match the claims schema', () => {
    it('fails with PROVIDER_RESPONSE_INVALID', async () => {
      server.route('POST', '/v1/chat/completions', chatAnswer({ claims: [{ text: 'x' }] }));
      await expect(new ChatClaimExtractor(client).extract(PAPER)).rejects.toMatchObject({ code: 'PROVIDER_RESPONSE_INVALID', retryable: false });
    });
  });
});

describe('ChatReviewer', () => {
  let server: RecordedHttpServer;
  let client: OpenAiCompatibleClient;

  const claim = (text: string): Claim => ({ claimId: claimIdFor(PAPER.id, text), text, sourceId: PAPER.id, span: { sentence: text, start: 0, end: text.length }, method: 'heuristic-v1' });
  const c1 = claim('Retrieval lowers the hallucination rate from 27% to 11%');
  const verification: ClaimVerification = {
    claimId: c1.claimId,
    verified: true,
    confidence: 0.61234,
    bestSentence: c1.text,
    method: 'tfidf-source-attachment-v1',
    threshold: 0.15,
    consistency: { numbers: true, negation: true, issues: [] },
    embedding: null,
  };

  beforeEach(async () => {
    server = await RecordedHttpServer.start();
    client = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'qwen2.5', timeoutMs: 2000 });
  });

  afterEach(async () => {
    await server.close();
  });

  describe('when the model reviews a draft', () => {
    it('numbers comments by severity and drops unknown claim ids', async () => {
      server.route(
        'POST',
        '/v1/chat/completions',
        chatAnswer({
          score: 6.04,
          verdict: 'MAJOR_REVISION',
          comments: [
            { severity: 'minor', section: 'Method', claimIds: [], text: 'Name the retriever.' },
            { severity: 'major', section: 'Results', claimIds: [c1.claimId, 'claim:ffffffffffffffff'], text: 'Only one source supports the headline number.' },
            { severity: 'major', section: ' ', claimIds: [], text: ' State the recall threshold as a limitation. ' },
          ],
        }),
      );
      const { review, call } = await new ChatReviewer('SKEPTIC', client).review({ draft: '# Results\nRAG helps.', claims: [c1], verifications: [verification] });

      expect(review).toEqual({
        role: 'SKEPTIC',
        score: 6,
        verdict: 'MAJOR_REVISION',
        comments: [
          { severity: 'major', section: 'Results', claimIds: [c1.claimId], text: 'Only one source supports the headline number.', commentId: 'SKEPTIC-M1' },
          { severity: 'major', section: 'General', claimIds: [], text: 'State the recall threshold as a limitation.', commentId: 'SKEPTIC-M2' },
          { severity: 'minor', section: 'Method', claimIds: [], text: 'Name the retriever.', commentId: 'SKEPTIC-m1' },
        ],
        signals: { modelScore: 6.04, majorComments: 2, minorComments: 1, unknownClaimRefs: 1 },
        method: 'chat:qwen2.5',
      });
      expect(call).toMatchObject({ promptId: 'review-skeptic.v1', promptHash: loadPrompt('review-skeptic.v1').sha256 });
      const user = JSON.parse(JSON.parse(server.requests[0].body).messages[1].content);
      expect(user.claims).toEqual([{ claimId: c1.claimId, text: c1.text, sourceId: PAPER.id, verified: true, confidence: 0.612 }]);
    });

    it('uses the prompt of its role', async () => {
      server.route('POST', '/v1/chat/completions', chatAnswer({ score: 9, verdict: 'ACCEPT', comments: [] }));
      await new ChatReviewer('VALIDATOR', client).review({ draft: 'x', claims: [], verifications: [] });
      await new ChatReviewer('SYNTHESIZER', client).review({ draft: 'x', claims: [], verifications: [] });
      const systems = server.requests.map((r) => JSON.parse(r.body).messages[0].content);
      expect(systems).toEqual([loadPrompt('review-validator.v1').text, loadPrompt('review-synthesizer.v1').text]);
    });
  });

  describe('when the score is out of range', () => {
    it('fails with PROVIDER_RESPONSE_INVALID', async () => {
      server.route('POST', '/v1/chat/completions', chatAnswer({ score: 12, verdict: 'ACCEPT', comments: [] }));
      await expect(new ChatReviewer('SKEPTIC', client).review({ draft: 'x', claims: [], verifications: [] })).rejects.toMatchObject({ code: 'PROVIDER_RESPONSE_INVALID' });
    });
  });
});

describe('loadPrompt', () => {
  describe('when the id names a shipped prompt', () => {
    it('returns its text and hash', () => {
      for (const id of ['extract-claims.v1', 'review-skeptic.v1', 'review-validator.v1', 'review-synthesizer.v1']) {
        const prompt = loadPrompt(id);
        expect(prompt.id).toBe(id);
        expect(prompt.text.length).toBeGreaterThan(200);
        expect(prompt.text).not.toContain('\r');
        expect(prompt.sha256).toBe(sha256(prompt.text));
      }
    });
  });

  describe('when the id is malformed or unknown', () => {
    it('throws INVALID_ARGUMENT', () => {
      expect(() => loadPrompt('../../package')).toThrow(ValidationError);
      expect(() => loadPrompt('no-such-prompt.v9')).toThrow(/no prompt file/);
    });
  });
});

describe('locateSentence', () => {
  describe('when the quote differs only in whitespace', () => {
    it('returns the source span', () => {
      expect(locateSentence('A b.\nC  d e. F.', 'C d e.')).toEqual({ sentence: 'C  d e.', start: 5, end: 12 });
      expect(locateSentence('A (b) [c]?', '(b) [c]?')).toEqual({ sentence: '(b) [c]?', start: 2, end: 10 });
      expect(locateSentence('abc', 'xyz')).toBeNull();
    });
  });
});

describe('buildEmbeddingCallRecord', () => {
  describe('when given an embedding result', () => {
    it('hashes texts, request and vectors canonically', () => {
      const record = buildEmbeddingCallRecord({
        provider: { name: 'openai-compatible', model: 'nvidia/nv-embedqa-e5-v5' },
        texts: ['a', 'b'],
        result: { model: 'nv-embedqa-e5-v5', dimension: 2, vectors: [[1, 0], [0, 1]], tokens: { input: 2, output: 0 }, durationMs: 12, baseUrl: 'http://127.0.0.1:1', inputType: 'passage' },
      });
      expect(record).toEqual({
        provider: 'openai-compatible',
        baseUrl: 'http://127.0.0.1:1',
        model: 'nv-embedqa-e5-v5',
        promptId: 'embeddings',
        promptHash: hashJson(['a', 'b']),
        requestHash: hashJson({ model: 'nvidia/nv-embedqa-e5-v5', input: ['a', 'b'], inputType: 'passage' }),
        responseHash: hashJson([[1, 0], [0, 1]]),
        tokens: { input: 2, output: 0 },
        durationMs: 12,
      });
    });
  });
});
