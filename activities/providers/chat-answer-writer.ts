/**
 * The model-written answer (prompt `compose-answer.v2`) and the model
 * entailment judge (prompt `entail.v1`), both on an OpenAI-compatible chat
 * endpoint. The writer sees numbered evidence sentences only; what it writes
 * is checked sentence by sentence (`activities/stages/check-model-answer.ts`)
 * before anything reaches the report. Every call is returned with its
 * ledger record (prompt, request and response hashes).
 */
import type { EntailmentVerdict } from '../stages/entailment';
import { buildChatCallRecord, type LocatedChatProvider, type ProviderCallRecord } from './call-record';
import { loadPrompt, type LoadedPrompt } from '../prompts/load-prompt';

/** Strict JSON schema of the writer's answer. */
export const MODEL_ANSWER_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    refused: { type: 'boolean' },
    reason: { type: 'string' },
    sentences: {
      type: 'array',
      items: {
        type: 'object',
        // Citations are the inline [n] markers of `text` (compose-answer.v2); `gap` marks a sentence naming what no evidence covers.
        properties: { text: { type: 'string' }, gap: { type: 'boolean' } },
        required: ['text', 'gap'],
        additionalProperties: false,
      },
    },
  },
  required: ['refused', 'reason', 'sentences'],
  additionalProperties: false,
};

/** Strict JSON schema of the judge's answer. */
export const ENTAILMENT_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: { verdict: { type: 'string', enum: ['SUPPORTS', 'REFUTES', 'NOT_ENOUGH_INFO'] }, reason: { type: 'string' } },
  required: ['verdict', 'reason'],
  additionalProperties: false,
};

/** One numbered evidence sentence the writer may cite. */
export interface AnswerEvidence {
  /** The citation number (the source's position in the reference list). */
  n: number;
  claimId: string;
  aspect: string;
  /** The source sentence quoted. */
  text: string;
}

/** What the model wrote, as received (after schema validation). One `text` may still hold several sentences. */
export interface ModelAnswer {
  refused: boolean;
  reason: string;
  sentences: Array<{ text: string; gap: boolean }>;
}

/** A reviewer's comment on the previous answer and what the revision did about it, given to the writer when it rewrites. */
export interface ReviewPoint {
  comment: string;
  response: string;
}

/** Writes an answer from numbered evidence through a chat model. */
export class ChatAnswerWriter {
  private readonly prompt: LoadedPrompt;

  constructor(private readonly chat: LocatedChatProvider, prompt?: LoadedPrompt) {
    this.prompt = prompt ?? loadPrompt('compose-answer.v2');
  }

  /** Method label of answers it writes: `chat-answer-v2:<model>`. */
  get method(): string {
    return `chat-answer-v2:${this.chat.model}`;
  }

  /**
   * One call; provider errors (unreachable, malformed or non-conforming JSON)
   * propagate with their codes. `reviewPoints` (a revision's points) are sent
   * only when there are some, so a first answer's request is unchanged.
   */
  async write(question: string, evidence: readonly AnswerEvidence[], context: { attempt?: number; reviewPoints?: readonly ReviewPoint[] } = {}): Promise<{ answer: ModelAnswer; call: ProviderCallRecord }> {
    const points = context.reviewPoints ?? [];
    const request = {
      system: this.prompt.text,
      user: JSON.stringify({
        question, evidence: evidence.map((e) => ({ n: e.n, aspect: e.aspect, text: e.text })),
        ...(points.length > 0 ? { reviewPoints: points.map((p) => ({ comment: p.comment, response: p.response })) } : {}),
      }),
      schema: MODEL_ANSWER_SCHEMA,
      schemaName: 'model_answer',
    };
    const result = await this.chat.complete(request);
    return { answer: result.json as ModelAnswer, call: buildChatCallRecord({ provider: this.chat, promptId: this.prompt.id, request, result, attempt: context.attempt }) };
  }
}

/** The judge's prompt version (activities/prompts/entail.v1.md). */
export const ENTAILMENT_PROMPT_ID = 'entail.v1';

/** Judges entailment of a statement by one evidence sentence through a chat model (the semantic method next to lexical-entailment-v1). */
export class ChatEntailmentJudge {
  private readonly prompt: LoadedPrompt;

  constructor(private readonly chat: LocatedChatProvider, prompt?: LoadedPrompt) {
    this.prompt = prompt ?? loadPrompt(ENTAILMENT_PROMPT_ID);
  }

  /** Method label: `chat-entailment-v1:<model>`. */
  get method(): string {
    return `chat-entailment-v1:${this.chat.model}`;
  }

  /** The prompt version it asks with (`entail.v1` unless another prompt was given). */
  get promptId(): string {
    return this.prompt.id;
  }

  /** One call per (statement, evidence) pair. */
  async judge(statement: string, evidence: string, context: { attempt?: number } = {}): Promise<{ verdict: EntailmentVerdict; reason: string; call: ProviderCallRecord }> {
    const request = { system: this.prompt.text, user: JSON.stringify({ statement, evidence }), schema: ENTAILMENT_SCHEMA, schemaName: 'entailment' };
    const result = await this.chat.complete(request);
    const out = result.json as { verdict: EntailmentVerdict; reason: string };
    return { verdict: out.verdict, reason: out.reason, call: buildChatCallRecord({ provider: this.chat, promptId: this.prompt.id, request, result, attempt: context.attempt }) };
  }
}
