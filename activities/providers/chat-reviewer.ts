/**
 * A tribunal member played by a chat model (prompts `review-<role>.v1`), the
 * network alternative to the heuristic reviewers. The model's score and
 * verdict are taken as given; comment ids are assigned here in the house
 * format (`<ROLE>-M1`, `<ROLE>-m1`, …) so rebuttals can answer them, and
 * claim ids the model invented are dropped and counted.
 */
import type { Claim, ClaimVerification, Review, ReviewComment, ReviewRole } from '../model';
import { buildChatCallRecord, type LocatedChatProvider, type ProviderCallRecord } from './call-record';
import { loadPrompt, type LoadedPrompt, type PromptId } from '../prompts/load-prompt';

/** Verdicts a review may give. */
export const REVIEW_VERDICTS = ['ACCEPT', 'MINOR_REVISION', 'MAJOR_REVISION', 'REJECT'] as const;

/** Strict JSON schema of a review answer (OpenAI structured-output subset). */
export const REVIEW_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    score: { type: 'number', minimum: 0, maximum: 10 },
    verdict: { type: 'string', enum: [...REVIEW_VERDICTS] },
    comments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          severity: { type: 'string', enum: ['major', 'minor'] },
          section: { type: 'string' },
          claimIds: { type: 'array', items: { type: 'string' } },
          text: { type: 'string' },
        },
        required: ['severity', 'section', 'claimIds', 'text'],
        additionalProperties: false,
      },
    },
  },
  required: ['score', 'verdict', 'comments'],
  additionalProperties: false,
};

/** Schema name sent with the request. */
export const REVIEW_SCHEMA_NAME = 'tribunal_review';

const PROMPT_BY_ROLE: Record<ReviewRole, PromptId> = {
  SKEPTIC: 'review-skeptic.v1',
  VALIDATOR: 'review-validator.v1',
  SYNTHESIZER: 'review-synthesizer.v1',
};

/** What a reviewer reads: the draft and the claims with their verification outcome. */
export interface ReviewInput {
  draft: string;
  claims: readonly Claim[];
  verifications: readonly ClaimVerification[];
}

/** One review and the ledger record of the call that produced it. */
export interface ChatReview {
  review: Review;
  call: ProviderCallRecord;
}

/** Reviews a draft in one tribunal role through a chat model. */
export class ChatReviewer {
  private readonly prompt: LoadedPrompt;

  /** Uses the role's versioned prompt unless `options.prompt` is given. */
  constructor(
    readonly role: ReviewRole,
    private readonly chat: LocatedChatProvider,
    options: { prompt?: LoadedPrompt } = {},
  ) {
    this.prompt = options.prompt ?? loadPrompt(PROMPT_BY_ROLE[role]);
  }

  /** The model that reviews, as recorded in the manifest's providers. */
  get model(): string {
    return this.chat.model;
  }

  /** Reviews `input`; provider errors propagate with their retryable flag. */
  async review(input: ReviewInput, context: { attempt?: number } = {}): Promise<ChatReview> {
    const byClaim = new Map(input.verifications.map((v) => [v.claimId, v]));
    const claims = input.claims.map((c) => {
      const v = byClaim.get(c.claimId);
      return { claimId: c.claimId, text: c.text, sourceId: c.sourceId, verified: v?.verified ?? false, confidence: v ? Math.round(v.confidence * 1000) / 1000 : 0 };
    });
    const request = { system: this.prompt.text, user: JSON.stringify({ draft: input.draft, claims }), schema: REVIEW_SCHEMA, schemaName: REVIEW_SCHEMA_NAME };
    const result = await this.chat.complete(request);
    const call = buildChatCallRecord({ provider: this.chat, promptId: this.prompt.id, request, result, attempt: context.attempt });
    const answer = result.json as { score: number; verdict: Review['verdict']; comments: Array<Omit<ReviewComment, 'commentId'>> };

    const known = new Set(input.claims.map((c) => c.claimId));
    let unknownClaimRefs = 0;
    let major = 0;
    let minor = 0;
    // Majors first, then minors, each in the model's order, so numbering is stable for the rebuttal.
    const ordered = [...answer.comments.filter((c) => c.severity === 'major'), ...answer.comments.filter((c) => c.severity === 'minor')];
    const comments: ReviewComment[] = ordered.map((c) => {
      const claimIds = [...new Set(c.claimIds)].filter((id) => known.has(id));
      unknownClaimRefs += new Set(c.claimIds).size - claimIds.length;
      const commentId = `${this.role}-${c.severity === 'major' ? `M${++major}` : `m${++minor}`}`;
      return { severity: c.severity, section: c.section.trim() || 'General', claimIds, text: c.text.trim(), commentId };
    });
    return {
      review: {
        role: this.role,
        score: Math.round(answer.score * 10) / 10,
        verdict: answer.verdict,
        comments,
        signals: { modelScore: answer.score, majorComments: major, minorComments: minor, unknownClaimRefs },
        method: `chat:${this.chat.model}`,
      },
      call,
    };
  }
}
