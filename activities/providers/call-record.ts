/**
 * The ledger record of one non-deterministic provider call. It carries
 * hashes, not texts: the model id, a hash of the exact prompt, of the whole
 * request and of the response, token counts and the duration, so an
 * auditor can tie a result to what was asked without the ledger storing
 * source texts twice, and a replay never calls the model again.
 *
 * Hash definitions (all `sha256:<hex>`):
 * - chat `promptHash` = SHA-256 of the system prompt text sent, which is the
 *   versioned prompt file verbatim, so it equals that file's `sha256`;
 * - chat `requestHash` = SHA-256 of JCS(`{ model, system, user, schemaName, schema }`)
 *   with the configured model: transport details (temperature, headers) excluded;
 * - chat `responseHash` = SHA-256 of the answer text exactly as received;
 * - embeddings: `promptHash` = SHA-256 of JCS(texts), `requestHash` = SHA-256 of
 *   JCS(`{ model, input, inputType }`), `responseHash` = SHA-256 of JCS(vectors).
 */
import type { ChatProvider, ChatRequest, ChatResult } from '../model';
import { hashJson, sha256, type ContentHash } from '../../ledger/core/hash';
import type { RecordedEmbeddingResult } from './openai-embedding-provider';

/** What the ledger stores for each call to a model. */
export interface ProviderCallRecord {
  provider: string;
  baseUrl: string;
  /** The model as the endpoint reported it (may be more specific than the configured name). */
  model: string;
  /** e.g. `extract-claims.v1`, `review-skeptic.v1`, `embeddings`. */
  promptId: string;
  promptHash: ContentHash;
  requestHash: ContentHash;
  responseHash: ContentHash;
  tokens: { input: number; output: number };
  durationMs: number;
  /** Activity attempt that made the call, when known; informational only. */
  attempt?: number;
}

/** A chat provider that can say where it sends requests (needed for the record). */
export interface LocatedChatProvider extends ChatProvider {
  readonly baseUrl: string;
}

/** The transport-neutral request hash of a chat call (see the module comment). */
export function chatRequestHash(model: string, request: ChatRequest): ContentHash {
  return hashJson({ model, system: request.system, user: request.user, schemaName: request.schemaName, schema: request.schema });
}

/** Builds the record of one chat call. Precondition: `request.system` is the text of prompt `promptId`. */
export function buildChatCallRecord(input: {
  provider: LocatedChatProvider;
  promptId: string;
  request: ChatRequest;
  result: ChatResult;
  attempt?: number;
}): ProviderCallRecord {
  const { provider, promptId, request, result, attempt } = input;
  return withAttempt(
    {
      provider: provider.name,
      baseUrl: provider.baseUrl,
      model: result.model,
      promptId,
      promptHash: sha256(request.system),
      requestHash: chatRequestHash(provider.model, request),
      responseHash: sha256(result.raw),
      tokens: { ...result.tokens },
      durationMs: result.durationMs,
    },
    attempt,
  );
}

/** Builds the record of one embedding call (possibly several batches) of `texts`. */
export function buildEmbeddingCallRecord(input: {
  provider: { name: string; model: string };
  texts: readonly string[];
  result: RecordedEmbeddingResult;
  attempt?: number;
}): ProviderCallRecord {
  const { provider, texts, result, attempt } = input;
  return withAttempt(
    {
      provider: provider.name,
      baseUrl: result.baseUrl,
      model: result.model,
      promptId: 'embeddings',
      promptHash: hashJson([...texts]),
      requestHash: hashJson({ model: provider.model, input: [...texts], inputType: result.inputType }),
      responseHash: hashJson(result.vectors),
      tokens: { ...result.tokens },
      durationMs: result.durationMs,
    },
    attempt,
  );
}

function withAttempt(record: ProviderCallRecord, attempt: number | undefined): ProviderCallRecord {
  // Omit rather than store undefined: the record is hashed with JCS, which refuses undefined.
  return attempt === undefined ? record : { ...record, attempt };
}
