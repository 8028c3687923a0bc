/**
 * Parsing of command-line values into typed inputs. Problems are collected
 * as validation issues naming the option, so one run reports all of them.
 */
import { randomBytes } from 'node:crypto';
import { ValidationError, type ValidationIssue } from '../common/errors';
import { synthesisRequestIssues, type SynthesisInput, type SynthesisParams } from '../runtime';

/** Raw options of `synthledger run`. */
export interface RunOptions {
  id?: string;
  queries?: string;
  top?: string;
  threshold?: string;
  revisionThreshold?: string;
  maxRounds?: string;
  maxClaims?: string;
  source?: string;
  provider?: string;
  /** `evidence` (default) or `minimal`: what will be published (sets the public provenance level). */
  publication?: string;
  publisher?: string;
  reviewTimeout?: string;
  reviewDefault?: string;
}

const PARAM_OPTIONS: Array<[keyof RunOptions, keyof SynthesisParams, string]> = [
  ['queries', 'queries', '--queries'],
  ['top', 'topK', '--top'],
  ['threshold', 'threshold', '--threshold'],
  ['revisionThreshold', 'revisionThreshold', '--revision-threshold'],
  ['maxRounds', 'maxRounds', '--max-rounds'],
  ['maxClaims', 'maxClaimsPerSource', '--max-claims'],
];

/** Known source adapters (the worker decides which it has; these are the ones it can have). */
export const SOURCE_NAMES = ['corpus', 'arxiv'];

/** A fresh synthesis id: `syn-<yyyymmdd>-<8 hex>`. */
export function newSynthesisId(now = new Date()): string {
  return `syn-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
}

/** Builds a SynthesisInput from the question and options; throws INVALID_ARGUMENT naming every bad option. */
export function synthesisInputFrom(question: string, o: RunOptions): SynthesisInput {
  const issues: ValidationIssue[] = [];
  const params: Partial<SynthesisParams> = {};
  const optionOf: Record<string, string> = {
    '$.question': '<question>', '$.synthesisId': '--id', '$.params.source': '--source', '$.params.providers': '--provider', '$.params.publication': '--publication',
    '$.publisher': '--publisher', '$.timeouts.humanReviewMs': '--review-timeout', '$.humanReviewDefault': '--review-default',
  };
  for (const [key, field, flag] of PARAM_OPTIONS) {
    optionOf[`$.params.${field}`] = flag;
    const raw = o[key];
    if (raw === undefined) continue;
    const n = parseDecimal(raw);
    if (n === null) {
      issues.push({ code: 'number', path: flag, message: `must be a number, got ${JSON.stringify(raw)} (plain decimal digits such as 4 or 0.25)` });
      continue;
    }
    (params as Record<string, number>)[field] = n;
  }
  if (o.source !== undefined) params.source = o.source as SynthesisParams['source'];
  if (o.provider !== undefined) params.providers = o.provider as SynthesisParams['providers'];
  if (o.publication !== undefined) params.publication = o.publication as SynthesisParams['publication'];
  const synthesisId = o.id ?? newSynthesisId();
  const input: SynthesisInput = { synthesisId, question, params };
  if (o.publisher !== undefined) input.publisher = o.publisher;
  if (o.reviewTimeout !== undefined) {
    const ms = parseDuration(o.reviewTimeout);
    if (ms === null) issues.push({ code: 'duration', path: '--review-timeout', message: `--review-timeout must be a duration such as 90s, 30m, 12h or 7d, got ${JSON.stringify(o.reviewTimeout)}` });
    else input.timeouts = { humanReviewMs: ms };
  }
  if (o.reviewDefault !== undefined) {
    const v = o.reviewDefault.toUpperCase();
    if (v !== 'APPROVE' && v !== 'REJECT') issues.push({ code: 'enum', path: '--review-default', message: `--review-default must be approve or reject, got ${JSON.stringify(o.reviewDefault)}` });
    else input.humanReviewDefault = v;
  }
  // The same rules the recordRequest activity applies, so a bad option is refused before the workflow starts.
  for (const i of synthesisRequestIssues(input, SOURCE_NAMES)) issues.push({ ...i, path: optionOf[i.path] ?? i.path });
  if (issues.length) throw new ValidationError('INVALID_ARGUMENT', issues);
  return input;
}

/** Parses `500ms`, `90s`, `30m`, `12h`, `7d` (or a bare number of milliseconds); null when malformed. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms') as 'ms'];
  const ms = Math.round(Number(m[1]) * unit);
  return ms > 0 ? ms : null;
}

/**
 * Parses a plain decimal number (`4`, `-1`, `0.25`); null for anything else.
 * `Number()` alone would also read `0x4`, `1e1`, `0b1` and surrounding
 * blanks, so an operator's typo could silently mean a different value.
 */
export function parseDecimal(raw: string): number | null {
  if (!/^-?\d+(?:\.\d+)?$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

/** Parses a positive integer option (decimal digits only); throws INVALID_ARGUMENT naming `flag`. */
export function positiveInt(flag: string, raw: string | undefined, fallback: number): number {
  return integerAtLeast(1, flag, raw, fallback);
}

/** Parses an integer option of `min` or more (decimal digits only); throws INVALID_ARGUMENT naming `flag`. */
export function integerAtLeast<F>(min: number, flag: string, raw: string | undefined, fallback: F): number | F {
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw ValidationError.single('INVALID_ARGUMENT', flag, 'integer', `${flag} must be ${min === 1 ? 'a positive integer' : `an integer of ${min} or more`}, got ${JSON.stringify(raw)}`);
  }
  return n;
}
