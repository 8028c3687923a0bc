/**
 * Validation of a synthesis request: every problem named by field and rule,
 * before anything is written. Pure (no I/O), so the `recordRequest` activity
 * and a client about to start a workflow (the CLI, through `runtime/`) apply
 * the same rules.
 */
import { ValidationError, type ValidationIssue } from '../common/errors';
import { unsafeTextIssue } from '../common/text-safety';
import { paperManifestSchema } from '../schemas/paper-manifest.schema';
import { MAX_TOP_K, MIN_TOP_K } from './stages/merge-sources';
import { MAX_QUESTION_CHARS } from './stages/plan-queries';
import type { SynthesisParams, SynthesisTimeouts } from './synthesis-types';

/** Longest publisher name: the manifest's own limit, so a request that starts always publishes. */
export const MAX_PUBLISHER_CHARS = paperManifestSchema.properties.publisher.maxLength;

/** A synthesis request as a client sends it (the `recordRequest` activity passes `publisher: null` when none was given). */
export interface SynthesisRequestFields {
  synthesisId: unknown;
  question: unknown;
  params?: Partial<SynthesisParams>;
  publisher?: unknown;
  timeouts?: Partial<SynthesisTimeouts>;
  humanReviewDefault?: unknown;
}

/** Synthesis ids: letters, digits and `._:-`, 1–100 characters (they become workflow ids and ledger streams). */
export const SYNTHESIS_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

const RANGES: Record<'queries' | 'topK' | 'threshold' | 'revisionThreshold' | 'maxRounds' | 'maxClaimsPerSource', [number, number, boolean]> = {
  queries: [1, 8, true],
  topK: [MIN_TOP_K, MAX_TOP_K, true],
  threshold: [0, 1, false],
  revisionThreshold: [0, 10, false],
  maxRounds: [0, 2, true],
  maxClaimsPerSource: [1, 20, true],
};

/** Throws INVALID_ARGUMENT listing every issue of the request. */
export function validateSynthesisRequest(input: SynthesisRequestFields, sources: string[]): void {
  const issues = synthesisRequestIssues(input, sources);
  if (issues.length > 0) throw new ValidationError('INVALID_ARGUMENT', issues);
}

/** The issues of a synthesis request (empty when valid): id, question, publisher, parameters, review default and timeouts. */
/** `sources` lists the source names the caller knows; when undefined (a client that cannot know the worker's), the source is left to the worker. */
export function synthesisRequestIssues(input: SynthesisRequestFields, sources?: string[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof input.synthesisId !== 'string' || !SYNTHESIS_ID_PATTERN.test(input.synthesisId)) {
    issues.push({ code: 'pattern', path: '$.synthesisId', message: 'synthesis id must be 1–100 characters of letters, digits and ._:- starting with a letter or digit' });
  }
  if (typeof input.question !== 'string' || input.question.trim() === '') {
    issues.push({ code: 'required', path: '$.question', message: 'question must be a non-empty, non-whitespace string' });
  } else if (input.question.length > MAX_QUESTION_CHARS) {
    issues.push({ code: 'maxLength', path: '$.question', message: `question is ${input.question.length} characters; the limit is ${MAX_QUESTION_CHARS}` });
  }
  const unsafeQuestion = unsafeTextIssue('$.question', input.question, 'multi-line');
  if (unsafeQuestion) issues.push({ ...unsafeQuestion, message: `question ${unsafeQuestion.message}` });
  issues.push(...publisherIssues(input.publisher));
  for (const [field, [min, max, integer]] of Object.entries(RANGES)) {
    const v = (input.params ?? {} as Record<string, unknown>)[field as keyof SynthesisParams];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      issues.push({ code: 'range', path: `$.params.${field}`, message: `${field} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${JSON.stringify(v)}` });
    }
  }
  const publication = input.params?.publication;
  if (publication !== undefined && publication !== 'evidence' && publication !== 'minimal') {
    issues.push({ code: 'enum', path: '$.params.publication', message: `publication must be "evidence" or "minimal", got ${JSON.stringify(publication)}` });
  }
  const providers = input.params?.providers;
  if (providers !== undefined && providers !== 'auto' && providers !== 'offline' && providers !== 'network') {
    issues.push({ code: 'enum', path: '$.params.providers', message: `providers must be "auto", "offline" or "network", got ${JSON.stringify(providers)}` });
  }
  const source = input.params?.source;
  if (source !== undefined && sources !== undefined && !sources.includes(source)) {
    issues.push({ code: 'known-source', path: '$.params.source', message: `unknown source ${JSON.stringify(source)}; available: ${sources.join(', ')}` });
  }
  if (input.humanReviewDefault !== undefined && input.humanReviewDefault !== 'APPROVE' && input.humanReviewDefault !== 'REJECT') {
    issues.push({ code: 'enum', path: '$.humanReviewDefault', message: `humanReviewDefault must be "APPROVE" or "REJECT", got ${JSON.stringify(input.humanReviewDefault)}` });
  }
  for (const [field, v] of Object.entries(input.timeouts ?? {})) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      issues.push({ code: 'range', path: `$.timeouts.${field}`, message: `${field} must be a positive whole number of milliseconds, got ${JSON.stringify(v)}` });
    }
  }
  return issues;
}

function publisherIssues(publisher: unknown): ValidationIssue[] {
  if (publisher === undefined || publisher === null) return [];
  if (typeof publisher !== 'string' || publisher.trim() === '') {
    return [{ code: 'required', path: '$.publisher', message: 'publisher must be a non-empty, non-whitespace string when given' }];
  }
  if (publisher.length > MAX_PUBLISHER_CHARS) {
    return [{ code: 'maxLength', path: '$.publisher', message: `publisher is ${publisher.length} characters; the limit is ${MAX_PUBLISHER_CHARS}` }];
  }
  const unsafe = unsafeTextIssue('$.publisher', publisher, 'single-line');
  return unsafe ? [{ ...unsafe, message: `publisher ${unsafe.message}` }] : [];
}
