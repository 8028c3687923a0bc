/**
 * What a witness decides about one add-checkpoint request, in the order of
 * C2SP tlog-witness (https://c2sp.org/tlog-witness, "add-checkpoint"): the
 * log must be known (404), its signature valid (403), the old size no larger
 * than the new one (400) and equal to the size last cosigned (409, with that
 * size), the same root when the sizes are equal (409: a second root for a
 * size already cosigned), and the consistency proof must verify (422). Only
 * then may the witness cosign and record the checkpoint as its new state.
 * A refusal after a valid log signature is evidence of a split view and is
 * flagged so the witness can keep it. Pure: the caller holds the state and
 * serializes requests for one origin.
 */
import { isSynthledgerError } from '../../common/errors';
import type { AddCheckpointRequest } from './add-checkpoint-request';
import { parseCheckpointBody, type Checkpoint } from './checkpoint';
import { verifyConsistency } from './merkle-verify';
import { openNote, parseNote, type NoteVerifier } from './signed-note';

/** What a witness remembers about one log: the last checkpoint it cosigned. */
export interface WitnessState {
  origin: string;
  treeSize: number;
  /** Root hash of that checkpoint. */
  rootHash: Buffer;
  /** The checkpoint body it cosigned (note text without signatures). */
  body: string;
  /** When it cosigned, POSIX seconds. */
  cosignedAt: number;
}

/** Why a request was refused; each maps to the status the spec requires. */
export type WitnessRefusal =
  | 'MALFORMED_REQUEST'
  | 'UNKNOWN_LOG'
  | 'BAD_LOG_SIGNATURE'
  | 'OLD_SIZE_TOO_LARGE'
  | 'OLD_SIZE_MISMATCH'
  | 'SPLIT_VIEW_ROOT'
  | 'SPLIT_VIEW_PROOF';

/** HTTP status of each refusal (c2sp.org/tlog-witness). */
export const WITNESS_REFUSAL_STATUS: Readonly<Record<WitnessRefusal, 400 | 403 | 404 | 409 | 422>> = {
  MALFORMED_REQUEST: 400,
  UNKNOWN_LOG: 404,
  BAD_LOG_SIGNATURE: 403,
  OLD_SIZE_TOO_LARGE: 400,
  OLD_SIZE_MISMATCH: 409,
  SPLIT_VIEW_ROOT: 409,
  SPLIT_VIEW_PROOF: 422,
};

/** The decision on one request. */
export type AddCheckpointDecision =
  | { accepted: true; origin: string; checkpoint: Required<Checkpoint>; body: string }
  | {
    accepted: false;
    refusal: WitnessRefusal;
    status: 400 | 403 | 404 | 409 | 422;
    /** Plain text for the response; attacker-controlled values are quoted and cut. */
    message: string;
    /** The size last cosigned, for the 409 `text/x.tlog.size` body. */
    latestSize?: number;
    /** The origin, when the note named one. */
    origin?: string;
    /** True when the log's signature was valid: the request is evidence worth keeping. */
    evidence: boolean;
  };

/** The origin line of a checkpoint note, or null when the note cannot be split (the request is then malformed). */
export function checkpointOriginOf(note: string): string | null {
  try {
    const text = parseNote(note).text;
    return text.slice(0, text.indexOf('\n'));
  } catch {
    return null;
  }
}

/**
 * Decides a request against the witness's configuration (`logs`: origin →
 * the log's verifier keys) and its state for that origin (`prior`, null when
 * it never cosigned one). Precondition: requests for one origin are decided
 * one at a time, each against the state left by the one before.
 */
export function checkAddCheckpoint(request: AddCheckpointRequest, logs: ReadonlyMap<string, readonly NoteVerifier[]>, prior: WitnessState | null): AddCheckpointDecision {
  const origin = checkpointOriginOf(request.checkpoint);
  if (origin === null) return refuse('MALFORMED_REQUEST', 'the checkpoint is not a signed note', { evidence: false });
  const shown = quote(origin);
  const verifiers = logs.get(origin);
  if (!verifiers || verifiers.length === 0) return refuse('UNKNOWN_LOG', `this witness does not witness the log ${shown}`, { evidence: false });

  let body: string;
  try {
    body = openNote(request.checkpoint, verifiers).text;
  } catch (err) {
    const code = isSynthledgerError(err) ? err.code : '';
    if (code === 'MALFORMED_INPUT') return refuse('MALFORMED_REQUEST', `the checkpoint note is malformed: ${messageOf(err)}`, { origin, evidence: false });
    return refuse('BAD_LOG_SIGNATURE', `no valid signature by a key of the log ${shown}`, { origin, evidence: false });
  }
  let checkpoint: Required<Checkpoint>;
  try {
    checkpoint = parseCheckpointBody(body);
  } catch (err) {
    return refuse('MALFORMED_REQUEST', `the checkpoint body is invalid: ${messageOf(err)}`, { origin, evidence: false });
  }

  const { oldSize, proof } = request;
  if (oldSize > checkpoint.treeSize) {
    return refuse('OLD_SIZE_TOO_LARGE', `old size ${oldSize} is larger than the checkpoint size ${checkpoint.treeSize}`, { origin, evidence: false });
  }
  const latestSize = prior?.treeSize ?? 0;
  if (oldSize !== latestSize) {
    return refuse('OLD_SIZE_MISMATCH', `old size ${oldSize} is not the size last cosigned for ${shown}, ${latestSize}`, { origin, latestSize, evidence: false });
  }
  if (prior === null || oldSize === 0) {
    // Nothing to be consistent with yet: the spec requires an empty proof.
    if (proof.length !== 0) return refuse('MALFORMED_REQUEST', 'the consistency proof must be empty when the old size is 0', { origin, evidence: false });
    return { accepted: true, origin, checkpoint, body };
  }
  if (oldSize === checkpoint.treeSize) {
    if (!checkpoint.rootHash.equals(prior.rootHash)) {
      return refuse('SPLIT_VIEW_ROOT',
        `split view: the log ${shown} presents root ${checkpoint.rootHash.toString('base64')} for size ${oldSize}, but this witness cosigned root ${prior.rootHash.toString('base64')} for that size`,
        { origin, evidence: true });
    }
    if (proof.length !== 0) return refuse('SPLIT_VIEW_PROOF', 'the consistency proof between equal sizes must be empty', { origin, evidence: true });
    return { accepted: true, origin, checkpoint, body };
  }
  try {
    verifyConsistency(oldSize, checkpoint.treeSize, proof, prior.rootHash, checkpoint.rootHash);
  } catch (err) {
    return refuse('SPLIT_VIEW_PROOF',
      `split view: the checkpoint of ${shown} at size ${checkpoint.treeSize} is not proven consistent with the one this witness cosigned at size ${oldSize} (${messageOf(err)})`,
      { origin, evidence: true });
  }
  return { accepted: true, origin, checkpoint, body };
}

function refuse(refusal: WitnessRefusal, message: string, extra: { origin?: string; latestSize?: number; evidence: boolean }): AddCheckpointDecision {
  return { accepted: false, refusal, status: WITNESS_REFUSAL_STATUS[refusal], message, ...extra };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 300) : 'error';
}

// Origins come from the request: quote them (JSON escapes control characters) and cut them short.
function quote(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}
