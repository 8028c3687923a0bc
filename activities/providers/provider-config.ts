/**
 * Network provider configuration from the environment. Nothing here opens
 * a connection: an endpoint is configured only when its base URL variable is
 * set, and everything else stays on the offline defaults (bundled corpus,
 * local embedder, heuristic extractor and reviewers).
 *
 * Variables (empty values count as unset):
 * - `SYNTHLEDGER_CHAT_BASE_URL`, `SYNTHLEDGER_CHAT_MODEL`, `SYNTHLEDGER_CHAT_API_KEY`
 *   — the chat endpoint for claim extraction and, by default, every reviewer;
 * - `SYNTHLEDGER_REVIEW_<ROLE>_BASE_URL`, `_MODEL`, `_API_KEY` with ROLE in
 *   SKEPTIC, VALIDATOR, SYNTHESIZER — per-role overrides;
 * - `SYNTHLEDGER_EMBED_BASE_URL`, `SYNTHLEDGER_EMBED_MODEL`, `SYNTHLEDGER_EMBED_DIM`,
 *   `SYNTHLEDGER_EMBED_API_KEY`, `SYNTHLEDGER_EMBED_INPUT_TYPE` (sent as
 *   `input_type`, which asymmetric models such as NVIDIA NIM nv-embedqa-e5-v5 require);
 * - `SYNTHLEDGER_PROVIDER_TIMEOUT_MS` — per-request deadline (default 120 000);
 * - `SYNTHLEDGER_ARXIV_BASE_URL` — arXiv API origin (default https://export.arxiv.org).
 */
import { TRIBUNAL_ROLES } from '../../schemas/tribunal-roles';
import type { ReviewRole } from '../model';
import { EnvironmentError } from '../../common/errors';
import { ARXIV_DEFAULT_BASE_URL } from '../sources/arxiv-source';

/** Default per-request deadline: local models on a CPU can take a minute for one review. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 120_000;

/** One OpenAI-compatible endpoint for one role. */
export interface EndpointConfig {
  /** Which role it serves: `chat`, `embed` or `review-<role>` (lower case). */
  role: string;
  /** Origin (and optional path prefix) without trailing slash and without `/v1`. */
  baseUrl: string;
  model: string;
  /** Bearer token, or null for endpoints without authentication (Ollama, local vLLM). */
  apiKey: string | null;
  timeoutMs: number;
}

/** An embedding endpoint with the vector dimension it must return. */
export interface EmbeddingEndpointConfig extends EndpointConfig {
  dimension: number;
  /** Value of the non-standard `input_type` field, or null to omit it. */
  inputType: string | null;
}

/** Every network provider setting; null means "use the offline default". */
export interface ProviderConfig {
  /** Chat endpoint for claim extraction. */
  chat: EndpointConfig | null;
  /** Chat endpoint per tribunal role (inherits from `chat` unless overridden). */
  reviewers: Record<ReviewRole, EndpointConfig | null>;
  embedding: EmbeddingEndpointConfig | null;
  arxiv: { baseUrl: string };
}

/** The variables this module reads; `process.env` satisfies it. */
export type ProviderEnvironment = Readonly<Record<string, string | undefined>>;

/** Reads provider configuration from `env`. Throws `CONFIG_INVALID` naming the offending variable. */
export function parseProviderConfig(env: ProviderEnvironment = process.env): ProviderConfig {
  const get = (name: string): string | null => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? null : value.trim();
  };
  const timeoutMs = readInteger(get, 'SYNTHLEDGER_PROVIDER_TIMEOUT_MS', 1, 3_600_000) ?? DEFAULT_PROVIDER_TIMEOUT_MS;

  const chat = readEndpoint(get, 'chat', 'SYNTHLEDGER_CHAT', timeoutMs);
  const reviewers = {} as Record<ReviewRole, EndpointConfig | null>;
  for (const role of TRIBUNAL_ROLES) reviewers[role] = readReviewer(get, role, chat, timeoutMs);

  const embedBase = readEndpoint(get, 'embed', 'SYNTHLEDGER_EMBED', timeoutMs);
  const dimension = readInteger(get, 'SYNTHLEDGER_EMBED_DIM', 1, 65_536);
  if (embedBase && dimension === null) throw missing('SYNTHLEDGER_EMBED_DIM', 'SYNTHLEDGER_EMBED_BASE_URL is set; give the vector dimension the model returns (e.g. 1024)');
  if (!embedBase && (dimension !== null || get('SYNTHLEDGER_EMBED_INPUT_TYPE') !== null)) {
    throw missing('SYNTHLEDGER_EMBED_BASE_URL', 'other SYNTHLEDGER_EMBED_* variables are set');
  }
  const embedding = embedBase ? { ...embedBase, dimension: dimension!, inputType: get('SYNTHLEDGER_EMBED_INPUT_TYPE') } : null;

  const arxivRaw = get('SYNTHLEDGER_ARXIV_BASE_URL');
  const arxiv = { baseUrl: arxivRaw === null ? ARXIV_DEFAULT_BASE_URL : readUrl('SYNTHLEDGER_ARXIV_BASE_URL', arxivRaw, false) };
  return { chat, reviewers, embedding, arxiv };
}

/** The configuration without secrets, for manifests, logs and `--json` output (API keys become `true`/`false`). */
export function redactProviderConfig(config: ProviderConfig): Record<string, unknown> {
  const endpoint = (e: EndpointConfig | null) => (e === null ? null : { ...e, apiKey: e.apiKey !== null });
  return {
    chat: endpoint(config.chat),
    reviewers: Object.fromEntries(TRIBUNAL_ROLES.map((r) => [r, endpoint(config.reviewers[r])])),
    embedding: endpoint(config.embedding),
    arxiv: config.arxiv,
  };
}

type Getter = (name: string) => string | null;

function readEndpoint(get: Getter, role: string, prefix: string, timeoutMs: number): EndpointConfig | null {
  const base = get(`${prefix}_BASE_URL`);
  const model = get(`${prefix}_MODEL`);
  const apiKey = get(`${prefix}_API_KEY`);
  if (base === null) {
    if (model !== null || apiKey !== null) throw missing(`${prefix}_BASE_URL`, `${prefix}_${model !== null ? 'MODEL' : 'API_KEY'} is set`);
    return null;
  }
  if (model === null) throw missing(`${prefix}_MODEL`, `${prefix}_BASE_URL is set`);
  return { role, baseUrl: readUrl(`${prefix}_BASE_URL`, base, true), model, apiKey, timeoutMs };
}

function readReviewer(get: Getter, role: ReviewRole, chat: EndpointConfig | null, timeoutMs: number): EndpointConfig | null {
  const prefix = `SYNTHLEDGER_REVIEW_${role}`;
  const base = get(`${prefix}_BASE_URL`);
  const model = get(`${prefix}_MODEL`);
  const apiKey = get(`${prefix}_API_KEY`);
  if (base === null && model === null && apiKey === null) return chat === null ? null : { ...chat, role: `review-${role.toLowerCase()}` };
  const baseUrl = base !== null ? readUrl(`${prefix}_BASE_URL`, base, true) : chat?.baseUrl;
  if (baseUrl === undefined) throw missing(`${prefix}_BASE_URL`, `other ${prefix}_* variables are set and SYNTHLEDGER_CHAT_BASE_URL is not`);
  const resolvedModel = model ?? chat?.model;
  if (resolvedModel === undefined) throw missing(`${prefix}_MODEL`, `${prefix}_BASE_URL is set and SYNTHLEDGER_CHAT_MODEL is not`);
  // The chat key is inherited only when the host is too: a key must never travel to an endpoint it was not issued for.
  const inheritedKey = base === null || baseUrl === chat?.baseUrl ? chat?.apiKey ?? null : null;
  return { role: `review-${role.toLowerCase()}`, baseUrl, model: resolvedModel, apiKey: apiKey ?? inheritedKey, timeoutMs };
}

function readUrl(variable: string, raw: string, stripV1: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(variable, `${JSON.stringify(raw)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(variable, `${JSON.stringify(raw)} must use http or https`);
  if (url.search || url.hash) throw invalid(variable, `${JSON.stringify(raw)} must not carry a query or fragment`);
  let out = url.toString().replace(/\/+$/, '');
  // Clients append /v1/...; accept the common habit of configuring ".../v1" too.
  if (stripV1) out = out.replace(/\/v1$/, '');
  return out;
}

function readInteger(get: Getter, variable: string, min: number, max: number): number | null {
  const raw = get(variable);
  if (raw === null) return null;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw invalid(variable, `${JSON.stringify(raw)} is not an integer in ${min}…${max}`);
  return Number(raw);
}

function missing(variable: string, because: string): EnvironmentError {
  return new EnvironmentError('CONFIG_INVALID', `${variable} is required because ${because}`, { details: { variable } });
}

function invalid(variable: string, problem: string): EnvironmentError {
  return new EnvironmentError('CONFIG_INVALID', `${variable}: ${problem}`, { details: { variable } });
}
