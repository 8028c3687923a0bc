import { parseProviderConfig, redactProviderConfig, DEFAULT_PROVIDER_TIMEOUT_MS } from '../../activities/providers/provider-config';
import { EnvironmentError } from '../../common/errors';

function configError(env: Record<string, string>): EnvironmentError {
  try {
    parseProviderConfig(env);
  } catch (err) {
    return err as EnvironmentError;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('parseProviderConfig', () => {
  describe('when nothing is set', () => {
    it('configures no network provider and the public arXiv API', () => {
      expect(parseProviderConfig({})).toEqual({
        chat: null,
        reviewers: { SKEPTIC: null, VALIDATOR: null, SYNTHESIZER: null },
        embedding: null,
        arxiv: { baseUrl: 'https://export.arxiv.org' },
      });
    });
  });

  describe('when a chat endpoint is set', () => {
    it('serves extraction and every reviewer, stripping a trailing /v1', () => {
      const config = parseProviderConfig({ SYNTHLEDGER_CHAT_BASE_URL: 'http://127.0.0.1:11434/v1/', SYNTHLEDGER_CHAT_MODEL: 'qwen2.5:7b' });
      const chat = { role: 'chat', baseUrl: 'http://127.0.0.1:11434', model: 'qwen2.5:7b', apiKey: null, timeoutMs: DEFAULT_PROVIDER_TIMEOUT_MS };
      expect(config.chat).toEqual(chat);
      expect(config.reviewers.SKEPTIC).toEqual({ ...chat, role: 'review-skeptic' });
      expect(config.reviewers.SYNTHESIZER).toEqual({ ...chat, role: 'review-synthesizer' });
    });
  });

  describe('when a reviewer is overridden', () => {
    it('inherits what is not overridden but never sends the chat key to another host', () => {
      const config = parseProviderConfig({
        SYNTHLEDGER_CHAT_BASE_URL: 'https://api.example.com',
        SYNTHLEDGER_CHAT_MODEL: 'big',
        SYNTHLEDGER_CHAT_API_KEY: 'secret',
        SYNTHLEDGER_REVIEW_SKEPTIC_MODEL: 'bigger',
        SYNTHLEDGER_REVIEW_VALIDATOR_BASE_URL: 'http://127.0.0.1:8000',
      });
      expect(config.reviewers.SKEPTIC).toMatchObject({ baseUrl: 'https://api.example.com', model: 'bigger', apiKey: 'secret' });
      expect(config.reviewers.VALIDATOR).toMatchObject({ baseUrl: 'http://127.0.0.1:8000', model: 'big', apiKey: null });
      expect(config.reviewers.SYNTHESIZER).toMatchObject({ model: 'big', apiKey: 'secret' });
      expect(JSON.stringify(redactProviderConfig(config))).not.toContain('secret');
    });
  });

  describe('when an embedding endpoint is set', () => {
    it('reads model, dimension and input type', () => {
      const config = parseProviderConfig({
        SYNTHLEDGER_EMBED_BASE_URL: 'https://integrate.api.nvidia.com/v1',
        SYNTHLEDGER_EMBED_MODEL: 'nvidia/nv-embedqa-e5-v5',
        SYNTHLEDGER_EMBED_DIM: '1024',
        SYNTHLEDGER_EMBED_API_KEY: 'nvapi-x',
        SYNTHLEDGER_EMBED_INPUT_TYPE: 'passage',
        SYNTHLEDGER_PROVIDER_TIMEOUT_MS: '30000',
        SYNTHLEDGER_ARXIV_BASE_URL: 'http://127.0.0.1:9000/',
      });
      expect(config.embedding).toEqual({
        role: 'embed',
        baseUrl: 'https://integrate.api.nvidia.com',
        model: 'nvidia/nv-embedqa-e5-v5',
        apiKey: 'nvapi-x',
        timeoutMs: 30000,
        dimension: 1024,
        inputType: 'passage',
      });
      expect(config.arxiv.baseUrl).toBe('http://127.0.0.1:9000');
    });
  });

  describe('when the configuration is incomplete or malformed', () => {
    it.each<[Record<string, string>, string]>([
      [{ SYNTHLEDGER_CHAT_BASE_URL: 'http://127.0.0.1:11434' }, 'SYNTHLEDGER_CHAT_MODEL'],
      [{ SYNTHLEDGER_CHAT_MODEL: 'qwen' }, 'SYNTHLEDGER_CHAT_BASE_URL'],
      [{ SYNTHLEDGER_CHAT_BASE_URL: 'localhost:11434', SYNTHLEDGER_CHAT_MODEL: 'qwen' }, 'SYNTHLEDGER_CHAT_BASE_URL'],
      [{ SYNTHLEDGER_REVIEW_SKEPTIC_MODEL: 'qwen' }, 'SYNTHLEDGER_REVIEW_SKEPTIC_BASE_URL'],
      [{ SYNTHLEDGER_REVIEW_VALIDATOR_BASE_URL: 'http://h' }, 'SYNTHLEDGER_REVIEW_VALIDATOR_MODEL'],
      [{ SYNTHLEDGER_EMBED_BASE_URL: 'http://h', SYNTHLEDGER_EMBED_MODEL: 'e5' }, 'SYNTHLEDGER_EMBED_DIM'],
      [{ SYNTHLEDGER_EMBED_BASE_URL: 'http://h', SYNTHLEDGER_EMBED_MODEL: 'e5', SYNTHLEDGER_EMBED_DIM: '1024.5' }, 'SYNTHLEDGER_EMBED_DIM'],
      [{ SYNTHLEDGER_EMBED_DIM: '1024' }, 'SYNTHLEDGER_EMBED_BASE_URL'],
      [{ SYNTHLEDGER_PROVIDER_TIMEOUT_MS: '0' }, 'SYNTHLEDGER_PROVIDER_TIMEOUT_MS'],
      [{ SYNTHLEDGER_ARXIV_BASE_URL: 'ftp://arxiv.org' }, 'SYNTHLEDGER_ARXIV_BASE_URL'],
    ])('refuses %j naming %s', (env, variable) => {
      const err = configError(env);
      expect(err).toMatchObject({ code: 'CONFIG_INVALID', retryable: false, details: { variable } });
      expect(err.message).toContain(variable);
    });
  });
});
