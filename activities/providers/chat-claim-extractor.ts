/**
 * Claim extraction by a chat model (prompt `extract-claims.v1`), the network
 * alternative to the heuristic-v1 extractor. The model quotes the source
 * sentence of each claim; a claim whose sentence is not found in the source
 * text is rejected, not repaired, because a claim without a real span cannot
 * be verified and may be invented.
 */
import type { Claim, Paper } from '../model';
import { ValidationError } from '../../common/errors';
import { claimIdFor, DEFAULT_MAX_CLAIMS_PER_SOURCE, MAX_CLAIMS_PER_SOURCE_LIMIT, sourceText } from '../stages/extract-claims';
import { buildChatCallRecord, type LocatedChatProvider, type ProviderCallRecord } from './call-record';
import { loadPrompt, type LoadedPrompt } from '../prompts/load-prompt';

/** Strict JSON schema of the extractor's answer (OpenAI structured-output subset: all fields required, no extras). */
export const EXTRACTED_CLAIMS_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    claims: {
      type: 'array',
      items: {
        type: 'object',
        properties: { text: { type: 'string' }, sentence: { type: 'string' } },
        required: ['text', 'sentence'],
        additionalProperties: false,
      },
    },
  },
  required: ['claims'],
  additionalProperties: false,
};

/** Schema name sent with the request. */
export const EXTRACTED_CLAIMS_SCHEMA_NAME = 'extracted_claims';

/** A claim the model returned that was not kept, and why. */
export interface RejectedClaim {
  text: string;
  sentence: string;
  reason: 'empty' | 'sentence-not-in-source' | 'duplicate' | 'over-limit';
}

/** The outcome of extracting claims from one paper. */
export interface ChatExtraction {
  claims: Claim[];
  rejected: RejectedClaim[];
  /** The ledger record of the model call. */
  call: ProviderCallRecord;
}

/** Options of {@link ChatClaimExtractor}. */
export interface ChatClaimExtractorOptions {
  /** Claims kept per source, 1..20 (default 3, as the heuristic extractor). */
  maxClaimsPerSource?: number;
  /** Prompt to send (default `extract-claims.v1`). */
  prompt?: LoadedPrompt;
}

/** Extracts claims with spans from a paper's source text through a chat model. */
export class ChatClaimExtractor {
  private readonly prompt: LoadedPrompt;
  private readonly maxClaims: number;

  /** Throws INVALID_ARGUMENT for a claim bound outside 1..20. */
  constructor(
    private readonly chat: LocatedChatProvider,
    options: ChatClaimExtractorOptions = {},
  ) {
    this.prompt = options.prompt ?? loadPrompt('extract-claims.v1');
    this.maxClaims = options.maxClaimsPerSource ?? DEFAULT_MAX_CLAIMS_PER_SOURCE;
    if (!Number.isInteger(this.maxClaims) || this.maxClaims < 1 || this.maxClaims > MAX_CLAIMS_PER_SOURCE_LIMIT) {
      throw ValidationError.single('INVALID_ARGUMENT', '$.maxClaimsPerSource', 'range', `maxClaimsPerSource must be an integer in 1..${MAX_CLAIMS_PER_SOURCE_LIMIT}, got ${String(this.maxClaims)}`);
    }
  }

  /** Method label on every claim: `chat:<configured model>`. */
  get method(): string {
    return `chat:${this.chat.model}`;
  }

  /** Extracts claims from `paper`; provider errors propagate with their retryable flag. */
  async extract(paper: Paper, context: { attempt?: number } = {}): Promise<ChatExtraction> {
    const text = sourceText(paper);
    const request = {
      system: this.prompt.text,
      user: JSON.stringify({ sourceId: paper.id, maxClaims: this.maxClaims, text }),
      schema: EXTRACTED_CLAIMS_SCHEMA,
      schemaName: EXTRACTED_CLAIMS_SCHEMA_NAME,
    };
    const result = await this.chat.complete(request);
    const call = buildChatCallRecord({ provider: this.chat, promptId: this.prompt.id, request, result, attempt: context.attempt });
    const answer = result.json as { claims: Array<{ text: string; sentence: string }> };
    const claims: Claim[] = [];
    const rejected: RejectedClaim[] = [];
    const seen = new Set<string>();
    for (const item of answer.claims) {
      const claimText = item.text.replace(/\s+/g, ' ').trim();
      if (!claimText || !item.sentence.trim()) {
        rejected.push({ ...item, reason: 'empty' });
        continue;
      }
      const span = locateSentence(text, item.sentence);
      if (!span) {
        rejected.push({ ...item, reason: 'sentence-not-in-source' });
        continue;
      }
      const claimId = claimIdFor(paper.id, claimText);
      if (seen.has(claimId)) {
        rejected.push({ ...item, reason: 'duplicate' });
        continue;
      }
      if (claims.length >= this.maxClaims) {
        rejected.push({ ...item, reason: 'over-limit' });
        continue;
      }
      seen.add(claimId);
      claims.push({ claimId, text: claimText, sourceId: paper.id, span, method: this.method });
    }
    return { claims, rejected, call };
  }
}

/**
 * Finds `sentence` in `text`: verbatim first, then allowing any run of
 * whitespace where the quote has whitespace (models re-flow hard-wrapped
 * abstracts). The span is the source's own characters, never the quote.
 */
export function locateSentence(text: string, sentence: string): { sentence: string; start: number; end: number } | null {
  const quote = sentence.trim();
  if (!quote) return null;
  let start = text.indexOf(quote);
  let end = start + quote.length;
  if (start === -1) {
    const pattern = quote
      .split(/\s+/)
      .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    const match = new RegExp(pattern).exec(text);
    if (!match) return null;
    start = match.index;
    end = start + match[0].length;
  }
  return { sentence: text.slice(start, end), start, end };
}
