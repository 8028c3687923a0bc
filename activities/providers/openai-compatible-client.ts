/**
 * One client for OpenAI-compatible HTTP endpoints (OpenAI, Ollama, vLLM,
 * NVIDIA NIM, llama.cpp server): chat completions with a strict JSON-schema
 * answer (`response_format: { type: 'json_schema', … }`) and embeddings.
 *
 * Failures are classified for Temporal's retry policy: timeouts, connection
 * failures, 408/429 and 5xx are retryable `PROVIDER_ERROR`s; other 4xx are
 * not; an answer we cannot use (not JSON, fields missing, answer violating
 * the schema, truncated, refused) is a non-retryable
 * `PROVIDER_RESPONSE_INVALID`, because asking again with the same request
 * at temperature 0 would most likely fail the same way.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { ChatProvider, ChatRequest, ChatResult } from '../model';
import { EnvironmentError, ValidationError, type ValidationIssue } from '../../common/errors';
import { canonicalize } from '../../ledger/core/canonical-json';
import { fetchText, HttpTransportError, type HttpTextResponse } from './fetch-text';
import { parseRetryAfter } from './retry-after';

/** Provider name recorded in call records. */
export const OPENAI_COMPATIBLE_PROVIDER = 'openai-compatible';

/** Options of {@link OpenAiCompatibleClient}. */
export interface OpenAiCompatibleClientOptions {
  /** Origin (and optional path prefix) without `/v1`; e.g. `http://127.0.0.1:11434` for Ollama. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …` when not null. */
  apiKey?: string | null;
  /** Deadline per request in milliseconds (default 120 000). */
  timeoutMs?: number;
  /** Role label used in error messages, e.g. `review-skeptic` (default `chat`). */
  role?: string;
  /** Sampling temperature for chat (default 0: the most repeatable answer). */
  temperature?: number;
  /** Upper bound on answer tokens (`max_tokens`); omitted when unset. */
  maxTokens?: number;
  /** Monotonic milliseconds for durations (default `performance.now`). */
  now?: () => number;
}

/** Options of one embeddings call. */
export interface EmbeddingsCallOptions {
  /** Non-standard `input_type` (`query` | `passage`) that asymmetric NIM models require. */
  inputType?: string | null;
}

/** The parsed answer of `POST /v1/embeddings`. */
export interface EmbeddingsResponse {
  model: string;
  /** One vector per input, in input order. */
  vectors: number[][];
  tokens: { input: number; output: number };
  durationMs: number;
}

/** The JSON body sent to `/v1/chat/completions` for `request`. Exported so tests and audits can rebuild it. */
export function chatCompletionBody(model: string, request: ChatRequest, sampling: { temperature: number; maxTokens?: number }): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: [
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ],
    temperature: sampling.temperature,
    response_format: { type: 'json_schema', json_schema: { name: request.schemaName, schema: request.schema, strict: true } },
  };
  if (sampling.maxTokens !== undefined) body.max_tokens = sampling.maxTokens;
  return body;
}

/** A chat + embeddings client for one endpoint and model; implements {@link ChatProvider}. */
export class OpenAiCompatibleClient implements ChatProvider {
  /** Provider name recorded in call records. */
  readonly name = OPENAI_COMPATIBLE_PROVIDER;
  readonly model: string;
  readonly baseUrl: string;
  readonly role: string;
  private readonly apiKey: string | null;
  private readonly timeoutMs: number;
  private readonly temperature: number;
  private readonly maxTokens: number | undefined;
  private readonly now: () => number;

  /** Validates options; throws `CONFIG_INVALID` for a bad base URL or timeout. */
  constructor(options: OpenAiCompatibleClientOptions) {
    this.role = options.role ?? 'chat';
    this.baseUrl = normalizeBaseUrl(options.baseUrl, this.role);
    if (!options.model) throw new EnvironmentError('CONFIG_INVALID', `${this.role}: a model name is required`, { details: { role: this.role } });
    this.model = options.model;
    this.apiKey = options.apiKey ?? null;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    if (!Number.isInteger(this.timeoutMs) || this.timeoutMs <= 0) {
      throw new EnvironmentError('CONFIG_INVALID', `${this.role}: timeoutMs must be a positive integer, got ${String(options.timeoutMs)}`, { details: { role: this.role } });
    }
    this.temperature = options.temperature ?? 0;
    this.maxTokens = options.maxTokens;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Sends one chat completion and returns the answer parsed and validated
   * against `request.schema`. `raw` is the answer text exactly as received
   * (the message content), so its hash can be checked against `json`.
   */
  async complete(request: ChatRequest): Promise<ChatResult> {
    const validate = compileSchema(request.schema);
    const started = this.now();
    const res = await this.post('/v1/chat/completions', chatCompletionBody(this.model, request, { temperature: this.temperature, maxTokens: this.maxTokens }));
    const durationMs = Math.round(this.now() - started);
    const body = this.parseBody(res);
    const choice = Array.isArray(body.choices) ? (body.choices[0] as Record<string, unknown> | undefined) : undefined;
    const message = isObject(choice) && isObject(choice.message) ? choice.message : undefined;
    if (!message) throw this.invalid('the answer has no choices[0].message');
    if (typeof message.refusal === 'string' && message.refusal) throw this.invalid(`the model refused: ${message.refusal.slice(0, 300)}`);
    if (typeof message.content !== 'string') throw this.invalid('choices[0].message.content is not a string');
    const raw = message.content;
    if (choice!.finish_reason === 'length') throw this.invalid(`the answer was cut off at the token limit (${raw.length} characters received)`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw this.invalid(`the answer is not JSON (${(err as Error).message}); it starts ${JSON.stringify(raw.slice(0, 80))}`, { cause: err });
    }
    if (!validate(json)) {
      const issues = toIssues(validate.errors ?? []);
      throw this.invalid(`the answer does not match schema ${request.schemaName}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
    }
    return { model: typeof body.model === 'string' && body.model ? body.model : this.model, json, raw, tokens: this.readUsage(body.usage), durationMs };
  }

  /** Embeds `texts` in one request; checks there is one finite vector per input, all of one length. */
  async embeddings(texts: string[], options: EmbeddingsCallOptions = {}): Promise<EmbeddingsResponse> {
    const request: Record<string, unknown> = { model: this.model, input: texts, encoding_format: 'float' };
    if (options.inputType) request.input_type = options.inputType;
    const started = this.now();
    const res = await this.post('/v1/embeddings', request);
    const durationMs = Math.round(this.now() - started);
    const body = this.parseBody(res);
    if (!Array.isArray(body.data)) throw this.invalid('the answer has no data array');
    if (body.data.length !== texts.length) throw this.invalid(`the answer has ${body.data.length} embeddings for ${texts.length} inputs`);
    const vectors: number[][] = new Array(texts.length);
    body.data.forEach((item: unknown, position: number) => {
      const entry = isObject(item) ? item : {};
      // Servers may return data out of order; `index` says which input each vector belongs to.
      const index = typeof entry.index === 'number' ? entry.index : position;
      if (!Number.isInteger(index) || index < 0 || index >= texts.length || vectors[index] !== undefined) throw this.invalid(`data[${position}].index ${String(entry.index)} is out of range or repeated`);
      const embedding = entry.embedding;
      if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw this.invalid(`data[${position}].embedding is not a non-empty array of finite numbers (base64 encoding is not supported)`);
      }
      vectors[index] = embedding as number[];
    });
    const dims = new Set(vectors.map((v) => v.length));
    if (dims.size > 1) throw this.invalid(`the embeddings have different lengths: ${[...dims].join(', ')}`);
    return { model: typeof body.model === 'string' && body.model ? body.model : this.model, vectors, tokens: this.readUsage(body.usage), durationMs };
  }

  private async post(path: string, payload: Record<string, unknown>): Promise<HttpTextResponse> {
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.apiKey !== null) headers.authorization = `Bearer ${this.apiKey}`;
    let res: HttpTextResponse;
    try {
      res = await fetchText(url, { method: 'POST', headers, body: JSON.stringify(payload), timeoutMs: this.timeoutMs });
    } catch (err) {
      if (!(err instanceof HttpTransportError)) throw err;
      const message =
        err.kind === 'timeout'
          ? `${this.role} endpoint ${url} (model ${this.model}) did not answer within ${this.timeoutMs} ms`
          : `cannot reach ${this.role} endpoint ${url}: ${err.reason}`;
      throw new EnvironmentError('PROVIDER_ERROR', message, { cause: err, retryable: true, details: this.details({ url, kind: err.kind, reason: err.reason }) });
    }
    if (res.status >= 200 && res.status < 300) return res;
    const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    const serverMessage = readServerError(res.text);
    const wait = retryAfterSeconds === null ? '' : ` (Retry-After: ${retryAfterSeconds} s)`;
    throw new EnvironmentError('PROVIDER_ERROR', `${this.role} endpoint ${url} (model ${this.model}) answered HTTP ${res.status}${serverMessage ? `: ${serverMessage}` : ''}${wait}`, {
      retryable,
      details: this.details({ url, status: res.status, retryAfterSeconds }),
    });
  }

  private parseBody(res: HttpTextResponse): Record<string, unknown> {
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch (err) {
      throw this.invalid(`the response body is not JSON; it starts ${JSON.stringify(res.text.slice(0, 80))}`, { cause: err });
    }
    if (!isObject(body)) throw this.invalid('the response body is not a JSON object');
    return body;
  }

  private readUsage(usage: unknown): { input: number; output: number } {
    // Some servers omit usage (older llama.cpp builds); 0 then means "not reported", not "free".
    if (usage === undefined || usage === null) return { input: 0, output: 0 };
    if (!isObject(usage)) throw this.invalid('usage is not an object');
    const count = (field: string): number => {
      const value = usage[field];
      if (value === undefined || value === null) return 0;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw this.invalid(`usage.${field} is not a non-negative integer`);
      return value;
    };
    return { input: count('prompt_tokens'), output: count('completion_tokens') };
  }

  private invalid(problem: string, extra: { cause?: unknown; issues?: ValidationIssue[] } = {}): EnvironmentError {
    return new EnvironmentError('PROVIDER_RESPONSE_INVALID', `${this.role} endpoint ${this.baseUrl} (model ${this.model}): ${problem}`, {
      ...extra,
      retryable: false,
      details: this.details({}),
    });
  }

  private details(extra: Record<string, unknown>): Record<string, unknown> {
    return { role: this.role, baseUrl: this.baseUrl, model: this.model, ...extra };
  }
}

// Draft-07 validator shared by all clients; compiled schemas are cached by their canonical text.
const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();

function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  let key: string;
  try {
    key = canonicalize(schema);
  } catch (err) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.schema', 'json', `the answer schema is not a JSON value: ${(err as Error).message}`);
  }
  let validate = compiled.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch (err) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.schema', 'json-schema', `the answer schema does not compile: ${(err as Error).message}`);
    }
    compiled.set(key, validate);
  }
  return validate;
}

function toIssues(errors: ErrorObject[]): ValidationIssue[] {
  return errors.map((e) => ({
    code: e.keyword,
    path: '$' + e.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.'),
    message: e.message ?? 'is invalid',
  }));
}

function readServerError(text: string): string | null {
  try {
    const body = JSON.parse(text) as unknown;
    if (isObject(body)) {
      const error = body.error;
      if (typeof error === 'string') return error.slice(0, 300);
      if (isObject(error) && typeof error.message === 'string') return error.message.slice(0, 300);
      if (typeof body.message === 'string') return body.message.slice(0, 300);
    }
  } catch {
    // Not JSON: fall through to the text itself.
  }
  const trimmed = text.trim();
  return trimmed ? trimmed.slice(0, 200) : null;
}

function normalizeBaseUrl(raw: string, role: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EnvironmentError('CONFIG_INVALID', `${role}: base URL ${JSON.stringify(raw)} is not a URL`, { details: { role } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EnvironmentError('CONFIG_INVALID', `${role}: base URL ${JSON.stringify(raw)} must use http or https`, { details: { role } });
  }
  return url.toString().replace(/\/+$/, '').replace(/\/v1$/, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
