/**
 * The body of a C2SP tlog-witness `add-checkpoint` request
 * (https://c2sp.org/tlog-witness, "add-checkpoint"):
 *
 *     old <size>\n
 *     <base64 consistency proof hash>\n     (0 to 63 lines)
 *     \n
 *     <signed checkpoint note>
 *
 * and of the `409 Conflict` answer, the witness's latest size in decimal
 * (`text/x.tlog.size`). A witness parses requests from anyone, so parsing
 * accepts exactly one spelling of each request. No I/O.
 */
import { VerificationError } from '../../common/errors';
import { HASH_SIZE } from './merkle';
import { decodeCanonicalBase64 } from './signed-note';

/** Most consistency proof lines a request may carry (c2sp.org/tlog-witness). */
export const MAX_CONSISTENCY_PROOF_LINES = 63;
/** Content type of the 409 Conflict body that states the witness's tree size. */
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';
/** Path of the endpoint under the witness's submission prefix. */
export const ADD_CHECKPOINT_PATH = '/add-checkpoint';

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** One add-checkpoint request. */
export interface AddCheckpointRequest {
  /** Tree size of the checkpoint the witness last cosigned for this log (0 if none). */
  oldSize: number;
  /** RFC 6962 consistency proof from `oldSize` to the checkpoint's size (empty when `oldSize` is 0). */
  proof: Buffer[];
  /** The signed checkpoint note, with the log's signature (and possibly others). */
  checkpoint: string;
}

/** Formats a request body; throws MALFORMED_INPUT for a value the format cannot carry. */
export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  const { oldSize, proof, checkpoint } = request;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) throw malformed(`old size must be a non-negative integer, got ${String(oldSize)}`);
  if (!Array.isArray(proof) || proof.length > MAX_CONSISTENCY_PROOF_LINES) throw malformed(`a request carries at most ${MAX_CONSISTENCY_PROOF_LINES} proof hashes`);
  proof.forEach((h, i) => {
    if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) throw malformed(`proof hash ${i} is not ${HASH_SIZE} bytes`);
  });
  if (typeof checkpoint !== 'string' || !checkpoint.endsWith('\n')) throw malformed('the checkpoint is a signed note ending in a newline');
  return `old ${oldSize}\n${proof.map((h) => `${Buffer.from(h).toString('base64')}\n`).join('')}\n${checkpoint}`;
}

/**
 * Parses a request body strictly. Throws VerificationError MALFORMED_INPUT
 * naming the line at fault; the checkpoint note itself is checked later, by
 * whoever opens it.
 */
export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  if (typeof body !== 'string') throw malformed('request body must be text');
  const firstEnd = body.indexOf('\n');
  if (firstEnd < 0) throw malformed('request has no old size line');
  const oldLine = body.slice(0, firstEnd);
  if (!oldLine.startsWith('old ') || !DECIMAL.test(oldLine.slice(4))) {
    throw malformed(`line 1 must be "old <decimal size without leading zeros>", got ${JSON.stringify(oldLine.slice(0, 40))}`);
  }
  const oldSize = Number(oldLine.slice(4));
  if (!Number.isSafeInteger(oldSize)) throw malformed(`old size exceeds ${Number.MAX_SAFE_INTEGER}`);

  const proof: Buffer[] = [];
  let at = firstEnd + 1;
  for (;;) {
    const end = body.indexOf('\n', at);
    if (end < 0) throw malformed('request has no empty line before the checkpoint');
    const line = body.slice(at, end);
    at = end + 1;
    if (line === '') break;
    if (proof.length === MAX_CONSISTENCY_PROOF_LINES) throw malformed(`request has more than ${MAX_CONSISTENCY_PROOF_LINES} consistency proof lines`);
    const hash = decodeCanonicalBase64(line);
    if (!hash || hash.length !== HASH_SIZE) throw malformed(`line ${proof.length + 2} is not the base64 of a ${HASH_SIZE}-byte hash`);
    proof.push(hash);
  }
  const checkpoint = body.slice(at);
  if (checkpoint === '') throw malformed('request has no checkpoint after the empty line');
  return { oldSize, proof, checkpoint };
}

/** The `text/x.tlog.size` body: a tree size in decimal and a newline. */
export function formatTreeSizeBody(treeSize: number): string {
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw malformed(`tree size must be a non-negative integer, got ${String(treeSize)}`);
  return `${treeSize}\n`;
}

/** Parses a `text/x.tlog.size` body strictly; throws MALFORMED_INPUT. */
export function parseTreeSizeBody(body: string): number {
  if (typeof body !== 'string' || !body.endsWith('\n') || !DECIMAL.test(body.slice(0, -1))) {
    throw malformed(`a tree size body is a decimal number and a newline, got ${JSON.stringify(String(body).slice(0, 40))}`);
  }
  const size = Number(body.slice(0, -1));
  if (!Number.isSafeInteger(size)) throw malformed(`tree size exceeds ${Number.MAX_SAFE_INTEGER}`);
  return size;
}

function malformed(message: string): VerificationError {
  return new VerificationError('MALFORMED_INPUT', message);
}
