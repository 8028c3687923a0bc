/**
 * What a caller asks the ledger to append, and its validation. Everything
 * here runs before a transaction starts: bad input is refused with a coded
 * error naming the field, and nothing is written.
 */
import { ValidationError, type ValidationIssue } from '../../common/errors';
import { assertContract, isContractName } from '../../schemas/contracts';
import type { EntryActor } from '../../schemas/entry-header.schema';
import { canonicalize } from './canonical-json';
import { sha256 } from './hash';

/** Largest accepted payload: 1 MiB of canonical JSON (UTF-8). Larger artifacts go to the blob store by hash. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Longest stream id, in UTF-16 code units. */
export const MAX_STREAM_ID_LENGTH = 200;
/** Longest idempotency key. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 512;

// Control characters would make ids ambiguous in logs and terminals; anything else (SQL metacharacters, emoji) is fine.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const KIND_PATTERN = /^[a-z][a-z0-9.-]{0,99}$/;
const ACTOR_MEMBERS = ['workflowId', 'runId', 'activityType', 'activityId'] as const;

/** One entry to append. */
export interface AppendRequest {
  /** Stream (chain) id: the synthesis id. */
  stream: string;
  /** Entry kind, e.g. `source.provenance`, `claim.record`. */
  kind: string;
  /** Contract the payload follows (validated), or null for internal records. */
  contract: string | null;
  payload: unknown;
  /** Same key + same content returns the existing entry; same key + other content is IDEMPOTENCY_CONFLICT. */
  idempotencyKey: string;
  actor?: Partial<EntryActor>;
  /** RFC 3339 time to record; defaults to now. */
  recordedAt?: string;
}

/** A validated request with its canonical payload. */
export interface PreparedAppend {
  stream: string;
  kind: string;
  contract: string | null;
  payloadJson: string;
  payloadHash: string;
  idempotencyKey: string;
  actor: EntryActor;
  recordedAt: string;
}

/** Validates and canonicalizes a request. Throws ValidationError naming `$.<field>` (prefix with `pathPrefix` in batches). */
export function prepareAppend(req: AppendRequest, pathPrefix = '$'): PreparedAppend {
  const issues: ValidationIssue[] = [];
  const at = (f: string) => `${pathPrefix}.${f}`;
  checkId(req.stream, at('stream'), MAX_STREAM_ID_LENGTH, 'stream id', issues);
  if (typeof req.kind !== 'string' || !KIND_PATTERN.test(req.kind)) {
    issues.push({ code: 'pattern', path: at('kind'), message: 'kind must match ^[a-z][a-z0-9.-]{0,99}$' });
  }
  checkId(req.idempotencyKey, at('idempotencyKey'), MAX_IDEMPOTENCY_KEY_LENGTH, 'idempotency key', issues);
  if (req.contract !== null && (typeof req.contract !== 'string' || !isContractName(req.contract))) {
    throw ValidationError.single('UNKNOWN_CONTRACT', at('contract'), 'known-contract', `unknown contract or version ${JSON.stringify(req.contract)}`);
  }
  const recordedAt = req.recordedAt ?? new Date().toISOString();
  if (typeof recordedAt !== 'string' || Number.isNaN(Date.parse(recordedAt)) || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(recordedAt)) {
    issues.push({ code: 'format', path: at('recordedAt'), message: 'recordedAt must be an RFC 3339 date-time' });
  }
  // The header schema (and the verifiers, which refuse any other header) allow a string or null per actor member.
  for (const member of ACTOR_MEMBERS) {
    const value = req.actor?.[member];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      issues.push({ code: 'type', path: at(`actor.${member}`), message: `actor.${member} must be a string or null` });
    }
  }
  if (issues.length > 0) {
    const code = issues.some((i) => i.code.startsWith('stream')) ? 'INVALID_STREAM_ID' : 'INVALID_ARGUMENT';
    throw new ValidationError(code, issues);
  }
  const payloadJson = canonicalize(req.payload, at('payload'));
  const bytes = Buffer.byteLength(payloadJson, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw ValidationError.single('PAYLOAD_TOO_LARGE', at('payload'), 'maxBytes', `payload is ${bytes} bytes of canonical JSON; the limit is ${MAX_PAYLOAD_BYTES}`);
  }
  if (req.contract !== null) assertContract(req.contract, req.payload, at('payload'));
  const actor: EntryActor = {
    workflowId: req.actor?.workflowId ?? null,
    runId: req.actor?.runId ?? null,
    activityType: req.actor?.activityType ?? null,
    activityId: req.actor?.activityId ?? null,
  };
  canonicalize(actor, at('actor'));
  return {
    stream: req.stream, kind: req.kind, contract: req.contract, payloadJson, payloadHash: sha256(payloadJson),
    idempotencyKey: req.idempotencyKey, actor, recordedAt,
  };
}

function checkId(value: unknown, path: string, max: number, what: string, issues: ValidationIssue[]): void {
  const rule = what === 'stream id' ? 'stream-' : '';
  if (typeof value !== 'string') {
    issues.push({ code: `${rule}type`, path, message: `${what} must be a string` });
  } else if (value.trim().length === 0) {
    issues.push({ code: `${rule}empty`, path, message: `${what} must not be empty or whitespace` });
  } else if (value.length > max) {
    issues.push({ code: `${rule}maxLength`, path, message: `${what} is ${value.length} characters; the limit is ${max}` });
  } else if (CONTROL_CHARS.test(value)) {
    issues.push({ code: `${rule}control-character`, path, message: `${what} must not contain control characters` });
  } else {
    try {
      canonicalize(value, path);
    } catch (e) {
      issues.push(...(e as ValidationError).issues.map((i) => ({ ...i, code: `${rule}${i.code}` })));
    }
  }
}
