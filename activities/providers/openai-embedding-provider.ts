/**
 * Embeddings from an OpenAI-compatible endpoint (e.g. NVIDIA NIM
 * `nvidia/nv-embedqa-e5-v5`, dimension 1024, or Ollama `nomic-embed-text`,
 * 768). Unlike the local hashed embedder these vectors are semantic, but not
 * deterministic: the model runs elsewhere and may change under the same
 * name, so every call is recorded (see `call-record.ts`).
 */
import type { EmbeddingProvider, EmbeddingResult } from '../model';
import { EnvironmentError } from '../../common/errors';
import { OpenAiCompatibleClient } from './openai-compatible-client';
import type { EmbeddingEndpointConfig } from './provider-config';

/** Inputs per request: NIM rejects batches above a model-specific limit, and small batches keep a retry cheap. */
export const DEFAULT_EMBEDDING_BATCH_SIZE = 32;

/** Options of {@link OpenAiEmbeddingProvider}. */
export interface OpenAiEmbeddingProviderOptions {
  client: OpenAiCompatibleClient;
  /** The dimension the model must return; a different one is refused. */
  dimension: number;
  /** `input_type` for asymmetric models (`passage` when indexing sources), or null to omit. */
  inputType?: string | null;
  batchSize?: number;
}

/** An embedding result with what a call record needs besides the vectors. */
export interface RecordedEmbeddingResult extends EmbeddingResult {
  /** Sum of the request durations in milliseconds. */
  durationMs: number;
  baseUrl: string;
  /** The `input_type` sent, or null. */
  inputType: string | null;
}

/** Semantic, non-deterministic {@link EmbeddingProvider} over an OpenAI-compatible `/v1/embeddings`. */
export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  /** Provider name recorded in call records. */
  readonly name: string;
  readonly model: string;
  readonly dimension: number;
  readonly baseUrl: string;
  readonly deterministic = false;
  /** Vectors come from a trained model, so agreement is an independent check next to TF-IDF. */
  readonly semantic = true;
  private readonly client: OpenAiCompatibleClient;
  private readonly inputType: string | null;
  private readonly batchSize: number;

  /** Throws `CONFIG_INVALID` for a dimension or batch size that is not a positive integer. */
  constructor(options: OpenAiEmbeddingProviderOptions) {
    if (!Number.isInteger(options.dimension) || options.dimension < 1) {
      throw new EnvironmentError('CONFIG_INVALID', `embedding dimension must be a positive integer, got ${String(options.dimension)}`, { details: { variable: 'SYNTHLEDGER_EMBED_DIM' } });
    }
    const batchSize = options.batchSize ?? DEFAULT_EMBEDDING_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new EnvironmentError('CONFIG_INVALID', `embedding batch size must be a positive integer, got ${String(batchSize)}`);
    this.client = options.client;
    this.name = options.client.name;
    this.model = options.client.model;
    this.baseUrl = options.client.baseUrl;
    this.dimension = options.dimension;
    this.inputType = options.inputType ?? null;
    this.batchSize = batchSize;
  }

  /** Builds the provider (and its client) from parsed configuration. */
  static fromConfig(config: EmbeddingEndpointConfig, overrides: Partial<Pick<OpenAiEmbeddingProviderOptions, 'batchSize' | 'inputType'>> = {}): OpenAiEmbeddingProvider {
    const client = new OpenAiCompatibleClient({ baseUrl: config.baseUrl, model: config.model, apiKey: config.apiKey, timeoutMs: config.timeoutMs, role: config.role });
    return new OpenAiEmbeddingProvider({ client, dimension: config.dimension, inputType: overrides.inputType ?? config.inputType, batchSize: overrides.batchSize });
  }

  /** Embeds `texts` in batches; throws non-retryable `PROVIDER_RESPONSE_INVALID` when the model returns another dimension. */
  async embed(texts: string[]): Promise<RecordedEmbeddingResult> {
    const vectors: number[][] = [];
    const tokens = { input: 0, output: 0 };
    let durationMs = 0;
    let model = this.model;
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const answer = await this.client.embeddings(texts.slice(i, i + this.batchSize), { inputType: this.inputType });
      const wrong = answer.vectors.find((v) => v.length !== this.dimension);
      if (wrong) {
        throw new EnvironmentError(
          'PROVIDER_RESPONSE_INVALID',
          `embedding model ${answer.model} at ${this.baseUrl} returned vectors of dimension ${wrong.length}, but ${this.dimension} is configured (SYNTHLEDGER_EMBED_DIM)`,
          { retryable: false, details: { baseUrl: this.baseUrl, model: answer.model, expected: this.dimension, actual: wrong.length } },
        );
      }
      vectors.push(...answer.vectors);
      tokens.input += answer.tokens.input;
      tokens.output += answer.tokens.output;
      durationMs += answer.durationMs;
      model = answer.model;
    }
    return { model, dimension: this.dimension, vectors, tokens, durationMs, baseUrl: this.baseUrl, inputType: this.inputType };
  }
}
