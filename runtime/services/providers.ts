/**
 * Builds the providers a worker uses from the environment: the bundled
 * corpus and the local deterministic embedder by default; arXiv, an
 * OpenAI-compatible embedding endpoint and chat extractor/reviewers only when
 * configured (see activities/providers/provider-config.ts). Nothing calls a
 * network provider unless configured.
 */
import type { ChatProviders } from '../../activities/synthesis-activities';
import type { EmbeddingProvider, ReviewRole, Source } from '../../activities/model';
import { ChatClaimExtractor } from '../../activities/providers/chat-claim-extractor';
import { ChatReviewer } from '../../activities/providers/chat-reviewer';
import { ChatAnswerWriter, ChatEntailmentJudge } from '../../activities/providers/chat-answer-writer';
import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import { OpenAiEmbeddingProvider } from '../../activities/providers/openai-embedding-provider';
import { parseProviderConfig, type ProviderEnvironment } from '../../activities/providers/provider-config';
import { TRIBUNAL_ROLES } from '../../schemas/tribunal-roles';
import { ArxivSource } from '../../activities/sources/arxiv-source';
import { CorpusSource } from '../../activities/sources/corpus';
import { HashedNgramEmbedder } from '../../activities/stages/local-embedder';

/** Everything the activities need from the outside world. */
export interface Providers {
  sources: Record<string, Source>;
  embedder: EmbeddingProvider;
  chat: ChatProviders;
}

/** Reads provider configuration from `env`; throws CONFIG_INVALID naming the variable. */
export function providersFromEnv(env: ProviderEnvironment = process.env): Providers {
  const config = parseProviderConfig(env);
  // One ArxivSource per worker so its polite rate limit covers every search of the process.
  const sources: Record<string, Source> = { corpus: CorpusSource.fromFile(), arxiv: new ArxivSource({ baseUrl: config.arxiv.baseUrl }) };
  const embedder = config.embedding ? OpenAiEmbeddingProvider.fromConfig(config.embedding) : new HashedNgramEmbedder();
  const chat: ChatProviders = {};
  if (config.chat) {
    chat.extractor = new ChatClaimExtractor(new OpenAiCompatibleClient({ ...config.chat }));
    chat.answerWriter = new ChatAnswerWriter(new OpenAiCompatibleClient({ ...config.chat }));
    chat.entailmentJudge = new ChatEntailmentJudge(new OpenAiCompatibleClient({ ...config.chat }));
  }
  const reviewers: Partial<Record<ReviewRole, ChatReviewer>> = {};
  for (const role of TRIBUNAL_ROLES) {
    const endpoint = config.reviewers[role];
    if (endpoint) reviewers[role] = new ChatReviewer(role, new OpenAiCompatibleClient({ ...endpoint }));
  }
  if (Object.keys(reviewers).length > 0) chat.reviewers = reviewers;
  return { sources, embedder, chat };
}
