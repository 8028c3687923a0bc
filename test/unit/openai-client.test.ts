import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import { OpenAiEmbeddingProvider } from '../../activities/providers/openai-embedding-provider';
import type { ChatRequest } from '../../activities/model';
import { EnvironmentError, ValidationError } from '../../common/errors';
import { RecordedHttpServer, type ScriptedResponse } from '../support/recorded-http-server';
import { caught } from '../support/caught';

const SCHEMA = {
  type: 'object',
  properties: { answer: { type: 'string' }, score: { type: 'number', minimum: 0, maximum: 10 } },
  required: ['answer', 'score'],
  additionalProperties: false,
};
const REQUEST: ChatRequest = { system: 'You answer in JSON.', user: 'Rate this.', schema: SCHEMA, schemaName: 'rating' };

/** An OpenAI chat-completions body whose message content is `content`. */
function completion(content: string, extra: Record<string, unknown> = {}): ScriptedResponse {
  return {
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1732000000,
      model: 'llama3.1:8b-instruct-q4',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 },
      ...extra,
    },
  };
}

/** An OpenAI embeddings body with one vector per entry of `vectors`. */
function embeddings(vectors: number[][], order: number[] = vectors.map((_, i) => i)): ScriptedResponse {
  return {
    body: {
      object: 'list',
      model: 'nv-embedqa-e5-v5',
      data: order.map((i) => ({ object: 'embedding', index: i, embedding: vectors[i] })),
      usage: { prompt_tokens: 12, total_tokens: 12 },
    },
  };
}


describe('OpenAiCompatibleClient', () => {
  let server: RecordedHttpServer;
  let client: OpenAiCompatibleClient;

  beforeEach(async () => {
    server = await RecordedHttpServer.start();
    client = new OpenAiCompatibleClient({ baseUrl: `${server.baseUrl}/v1/`, model: 'llama3.1', apiKey: 'sk-test', timeoutMs: 2000, role: 'review-skeptic' });
  });

  afterEach(async () => {
    await server.close();
  });

  describe('when the chat answer is valid', () => {
    it('returns the parsed JSON, the raw text, token counts and duration', async () => {
      server.route('POST', '/v1/chat/completions', completion('{"answer":"fine","score":7.5}'));
      const result = await client.complete(REQUEST);
      expect(result).toEqual({
        model: 'llama3.1:8b-instruct-q4',
        json: { answer: 'fine', score: 7.5 },
        raw: '{"answer":"fine","score":7.5}',
        tokens: { input: 42, output: 7 },
        durationMs: expect.any(Number),
      });
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('sends a strict json_schema response format, temperature 0 and the bearer key', async () => {
      server.route('POST', '/v1/chat/completions', completion('{"answer":"fine","score":1}'));
      await client.complete(REQUEST);
      const [sent] = server.requests;
      expect(sent.headers.authorization).toBe('Bearer sk-test');
      expect(JSON.parse(sent.body)).toEqual({
        model: 'llama3.1',
        messages: [
          { role: 'system', content: 'You answer in JSON.' },
          { role: 'user', content: 'Rate this.' },
        ],
        temperature: 0,
        response_format: { type: 'json_schema', json_schema: { name: 'rating', schema: SCHEMA, strict: true } },
      });
    });
  });

  describe('when the endpoint has no usage block', () => {
    it('reports zero tokens', async () => {
      server.route('POST', '/v1/chat/completions', completion('{"answer":"x","score":0}', { usage: undefined }));
      await expect(client.complete(REQUEST)).resolves.toMatchObject({ tokens: { input: 0, output: 0 } });
    });
  });

  describe('when embeddings are requested', () => {
    it('returns one vector per input in input order with token counts', async () => {
      server.route('POST', '/v1/embeddings', embeddings([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [2, 0, 1]));
      const result = await client.embeddings(['a', 'b', 'c'], { inputType: 'passage' });
      expect(result).toMatchObject({ model: 'nv-embedqa-e5-v5', vectors: [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], tokens: { input: 12, output: 0 } });
      expect(JSON.parse(server.requests[0].body)).toEqual({ model: 'llama3.1', input: ['a', 'b', 'c'], encoding_format: 'float', input_type: 'passage' });
    });
  });

  describe('when the endpoint is rate limited or failing', () => {
    it.each([
      [429, { 'retry-after': '17' }, 17],
      [500, {}, null],
      [503, {}, null],
    ])('treats HTTP %i as a retryable PROVIDER_ERROR', async (status, headers, retryAfterSeconds) => {
      server.route('POST', '/v1/chat/completions', { status, headers, body: { error: { message: 'slow down', type: 'rate_limit' } } });
      const err = await caught<EnvironmentError>(client.complete(REQUEST));
      expect(err).toBeInstanceOf(EnvironmentError);
      expect(err).toMatchObject({ code: 'PROVIDER_ERROR', retryable: true, details: { status, retryAfterSeconds, role: 'review-skeptic' } });
      expect(err.message).toContain(`HTTP ${status}: slow down`);
    });
  });

  describe('when the endpoint refuses the request', () => {
    it('treats HTTP 400 as a non-retryable PROVIDER_ERROR with the server message', async () => {
      server.route('POST', '/v1/chat/completions', { status: 400, body: { error: { message: "model 'llama3.1' does not support response_format" } } });
      const err = await caught<EnvironmentError>(client.complete(REQUEST));
      expect(err).toMatchObject({ code: 'PROVIDER_ERROR', retryable: false, details: { status: 400 } });
      expect(err.message).toContain('does not support response_format');
    });
  });

  describe('when the endpoint does not answer in time', () => {
    it('aborts and throws a retryable PROVIDER_ERROR', async () => {
      server.route('POST', '/v1/chat/completions', { ...completion('{}'), delayMs: 5000 });
      const slow = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'm', timeoutMs: 100 });
      const started = Date.now();
      const err = await caught<EnvironmentError>(slow.complete(REQUEST));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(err).toMatchObject({ code: 'PROVIDER_ERROR', retryable: true, details: { kind: 'timeout' } });
      expect(err.message).toMatch(/did not answer within 100 ms/);
    });
  });

  describe('when nothing listens at the base URL', () => {
    it('throws a retryable PROVIDER_ERROR naming the endpoint', async () => {
      const gone = await RecordedHttpServer.start();
      await gone.close();
      const offline = new OpenAiCompatibleClient({ baseUrl: gone.baseUrl, model: 'm' });
      const err = await caught<EnvironmentError>(offline.complete(REQUEST));
      expect(err).toMatchObject({ code: 'PROVIDER_ERROR', retryable: true, details: { kind: 'network' } });
      expect(err.message).toMatch(/cannot reach chat endpoint .*ECONNREFUSED/);
    });
  });

  describe('when the answer cannot be used', () => {
    it.each<[string, ScriptedResponse, RegExp]>([
      ['a body that is not JSON', { body: '<html>Bad gateway</html>' }, /response body is not JSON/],
      ['a body without choices', { body: { id: 'x', object: 'chat.completion' } }, /no choices\[0\]\.message/],
      ['content that is not a string', { body: { choices: [{ message: { content: null }, finish_reason: 'stop' }] } }, /content is not a string/],
      ['an answer that is not JSON', completion('Sure! Here is the rating: 7'), /answer is not JSON/],
      ['a truncated answer', completion('{"answer":"fi', { choices: [{ message: { content: '{"answer":"fi' }, finish_reason: 'length' }] }), /cut off at the token limit/],
      ['a refusal', completion('', { choices: [{ message: { content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop' }] }), /refused: I cannot help/],
      ['malformed usage', completion('{"answer":"x","score":1}', { usage: { prompt_tokens: 'many' } }), /usage\.prompt_tokens/],
    ])('refuses %s as non-retryable PROVIDER_RESPONSE_INVALID', async (_label, response, message) => {
      server.route('POST', '/v1/chat/completions', response);
      const err = await caught<EnvironmentError>(client.complete(REQUEST));
      expect(err).toMatchObject({ code: 'PROVIDER_RESPONSE_INVALID', retryable: false });
      expect(err.message).toMatch(message);
    });

    it('refuses an answer violating the schema, listing each issue', async () => {
      server.route('POST', '/v1/chat/completions', completion('{"answer":3,"score":11,"extra":true}'));
      const err = await caught<EnvironmentError>(client.complete(REQUEST));
      expect(err).toMatchObject({ code: 'PROVIDER_RESPONSE_INVALID', retryable: false });
      expect(err.message).toMatch(/does not match schema rating/);
      expect(err.issues.map((i) => [i.code, i.path])).toEqual(
        expect.arrayContaining([
          ['additionalProperties', '$'],
          ['type', '$.answer'],
          ['maximum', '$.score'],
        ]),
      );
    });

    it('refuses embeddings of the wrong count or with non-numbers', async () => {
      server.route('POST', '/v1/embeddings', embeddings([[1, 2]]), { body: { data: [{ index: 0, embedding: [1, 'x'] }] } });
      await expect(client.embeddings(['a', 'b'])).rejects.toThrow(/1 embeddings for 2 inputs/);
      await expect(client.embeddings(['a'])).rejects.toThrow(/not a non-empty array of finite numbers/);
    });
  });

  describe('when the request schema itself is invalid', () => {
    it('throws a ValidationError without calling the endpoint', async () => {
      await expect(client.complete({ ...REQUEST, schema: { type: 'no-such-type' } })).rejects.toBeInstanceOf(ValidationError);
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('when configured with a bad base URL', () => {
    it('throws CONFIG_INVALID', () => {
      expect(() => new OpenAiCompatibleClient({ baseUrl: 'localhost:11434', model: 'm' })).toThrow(/is not a URL|must use http/);
    });
  });
});

describe('OpenAiEmbeddingProvider', () => {
  let server: RecordedHttpServer;

  beforeEach(async () => {
    server = await RecordedHttpServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  const provider = (dimension: number, batchSize = 32) =>
    new OpenAiEmbeddingProvider({ client: new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'nvidia/nv-embedqa-e5-v5', role: 'embed' }), dimension, inputType: 'passage', batchSize });

  describe('when the model returns the configured dimension', () => {
    it('embeds in batches and sums tokens', async () => {
      server.route('POST', '/v1/embeddings', embeddings([[1, 0, 0], [0, 1, 0]]), embeddings([[0, 0, 1]]));
      const result = await provider(3, 2).embed(['a', 'b', 'c']);
      expect(result).toMatchObject({ model: 'nv-embedqa-e5-v5', dimension: 3, vectors: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], tokens: { input: 24, output: 0 }, inputType: 'passage' });
      expect(server.requests.map((r) => JSON.parse(r.body).input)).toEqual([['a', 'b'], ['c']]);
    });

    it('is marked semantic and non-deterministic', () => {
      expect(provider(3)).toMatchObject({ deterministic: false, semantic: true, name: 'openai-compatible', model: 'nvidia/nv-embedqa-e5-v5' });
    });
  });

  describe('when the model returns another dimension', () => {
    it('throws a non-retryable PROVIDER_RESPONSE_INVALID naming both dimensions', async () => {
      server.route('POST', '/v1/embeddings', embeddings([[1, 0, 0, 0]]));
      const err = await caught<EnvironmentError>(provider(1024).embed(['a']));
      expect(err).toMatchObject({ code: 'PROVIDER_RESPONSE_INVALID', retryable: false, details: { expected: 1024, actual: 4 } });
      expect(err.message).toMatch(/dimension 4, but 1024 is configured \(SYNTHLEDGER_EMBED_DIM\)/);
    });
  });
});
