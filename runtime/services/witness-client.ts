/**
 * Asks witnesses to cosign a checkpoint (C2SP tlog-witness `add-checkpoint`)
 * over Node's `http`. The client keeps no state of its own: it offers the
 * size it last saw the witness at (0 at first), and on `409` with
 * `text/x.tlog.size` retries with a consistency proof from the size the
 * witness states. Everything a witness answers is attacker-controlled: the
 * cosignature must verify with the configured key over exactly this
 * checkpoint, and the witness's words reach our messages quoted and cut.
 *
 * Retry classes: a timeout, a refused connection or a 5xx is
 * WITNESS_UNAVAILABLE (retryable); a witness ahead of this checkpoint is
 * WITNESS_REFUSED with `retryable` (a newer checkpoint will do); a split view
 * (409 on the root, 422) is SPLIT_VIEW, a bad cosignature COSIGNATURE_INVALID,
 * garbage WITNESS_RESPONSE_INVALID, any other refusal WITNESS_REFUSED — none
 * of them retryable, since asking again gets the same answer.
 */
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { EnvironmentError, VerificationError, isSynthledgerError, type SynthledgerError } from '../../common/errors';
import { ADD_CHECKPOINT_PATH, TLOG_SIZE_CONTENT_TYPE, formatAddCheckpointRequest, parseTreeSizeBody } from '../../ledger/core/add-checkpoint-request';
import { verifyCosignatureResponse, type Cosignature } from '../../ledger/core/cosignature';
import { parseCheckpointBody } from '../../ledger/core/checkpoint';
import { parseNote } from '../../ledger/core/signed-note';
import type { WitnessEndpoint } from './witness-config';

/** Default time a witness gets to answer one request. */
export const DEFAULT_WITNESS_TIMEOUT_MS = 10_000;
/** Largest response read from a witness. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Cosignature timestamps may run this far ahead of our clock (clock skew). */
const MAX_CLOCK_SKEW_SECONDS = 600;
/** 409 round trips before giving up (each means another publisher moved the witness meanwhile). */
const MAX_CONFLICT_ROUNDS = 4;

/** What a witness gave for one checkpoint. */
export interface WitnessCosignature {
  /** The witness's submission prefix. */
  url: string;
  /** Its cosignature lines (each ending in a newline), verified over the checkpoint. */
  lines: string[];
  cosignatures: Cosignature[];
}

/** Options of {@link requestCosignature}. */
export interface CosignRequestOptions {
  /** Consistency proof between two sizes of the log (from the ledger). */
  consistencyProof: (oldSize: number, newSize: number) => Promise<Buffer[]>;
  /** Size the witness is believed to be at (0 when unknown). */
  oldSizeHint?: number;
  timeoutMs?: number;
  /** Current time in POSIX seconds, to refuse cosignatures from the future. */
  now?: () => number;
}

const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 4 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 4 }) };

/**
 * Gets `witness`'s verified cosignature of `checkpointNote` (a signed
 * checkpoint note of our log). Throws the coded errors listed in this
 * module's description; every one names the witness.
 */
export async function requestCosignature(witness: WitnessEndpoint, checkpointNote: string, options: CosignRequestOptions): Promise<WitnessCosignature> {
  const body = parseNote(checkpointNote).text;
  const { treeSize } = parseCheckpointBody(body);
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  let oldSize = Math.min(options.oldSizeHint ?? 0, treeSize);
  for (let round = 0; round < MAX_CONFLICT_ROUNDS; round++) {
    const proof = oldSize === 0 || oldSize === treeSize ? [] : await options.consistencyProof(oldSize, treeSize);
    const res = await post(witness, formatAddCheckpointRequest({ oldSize, proof, checkpoint: checkpointNote }), options.timeoutMs ?? DEFAULT_WITNESS_TIMEOUT_MS);
    if (res.status === 200) {
      try {
        const verified = verifyCosignatureResponse(body, res.text, witness.verifier, { notAfter: now() + MAX_CLOCK_SKEW_SECONDS });
        return { url: witness.url, ...verified };
      } catch (err) {
        if (isSynthledgerError(err) && err.code === 'MALFORMED_INPUT') throw failure(witness, 'WITNESS_RESPONSE_INVALID', `answered 200 without cosignature lines (${err.message}): ${quote(res.text)}`);
        if (isSynthledgerError(err) && err.code === 'COSIGNATURE_INVALID') throw failure(witness, 'COSIGNATURE_INVALID', err.message);
        throw err;
      }
    }
    if (res.status === 409 && mediaType(res.contentType) === TLOG_SIZE_CONTENT_TYPE) {
      let witnessSize: number;
      try {
        witnessSize = parseTreeSizeBody(res.text);
      } catch {
        throw failure(witness, 'WITNESS_RESPONSE_INVALID', `answered 409 with a size body that is not a size: ${quote(res.text)}`);
      }
      if (witnessSize > treeSize) {
        throw failure(witness, 'WITNESS_REFUSED', `has already cosigned size ${witnessSize} of this log, beyond this checkpoint's ${treeSize}; a newer checkpoint will do`, { retryable: true, details: { witnessSize } });
      }
      if (witnessSize === oldSize) throw failure(witness, 'WITNESS_RESPONSE_INVALID', `answered 409 with the old size ${oldSize} it was sent`);
      oldSize = witnessSize;
      continue;
    }
    if (res.status === 409 || res.status === 422) {
      throw failure(witness, 'SPLIT_VIEW', `refused the checkpoint of size ${treeSize} as inconsistent with what it cosigned before (HTTP ${res.status}): ${quote(res.text)}`);
    }
    if (res.status >= 500) throw failure(witness, 'WITNESS_UNAVAILABLE', `answered HTTP ${res.status}: ${quote(res.text)}`, { retryable: true });
    if (res.status >= 400) throw failure(witness, 'WITNESS_REFUSED', `refused the checkpoint (HTTP ${res.status}): ${quote(res.text)}`);
    throw failure(witness, 'WITNESS_RESPONSE_INVALID', `answered HTTP ${res.status}, which add-checkpoint never answers`);
  }
  throw failure(witness, 'WITNESS_UNAVAILABLE', `kept answering 409 Conflict after ${MAX_CONFLICT_ROUNDS} attempts (other publishers are moving it)`, { retryable: true });
}

interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

function post(witness: WitnessEndpoint, body: string, timeoutMs: number): Promise<RawResponse> {
  const url = new URL(`${witness.url}${ADD_CHECKPOINT_PATH}`);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = url.protocol === 'https:' ? agents.https : agents.http;
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    const fail = (err: SynthledgerError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    // One deadline for the whole exchange, not per socket event: a witness trickling bytes still times out.
    const timer = setTimeout(() => fail(failure(witness, 'WITNESS_UNAVAILABLE', `did not answer within ${timeoutMs} ms`, { retryable: true })), timeoutMs);
    const req = send(url, { method: 'POST', agent, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) } }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) fail(failure(witness, 'WITNESS_RESPONSE_INVALID', `answered more than ${MAX_RESPONSE_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', (err) => fail(failure(witness, 'WITNESS_UNAVAILABLE', `connection failed while reading the answer (${err.message})`, { retryable: true })));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
        } catch {
          reject(failure(witness, 'WITNESS_RESPONSE_INVALID', 'answered bytes that are not UTF-8'));
          return;
        }
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => fail(failure(witness, 'WITNESS_UNAVAILABLE', `cannot be reached (${err.code ?? err.message})`, { retryable: true })));
    req.end(body);
  });
}

function failure(witness: WitnessEndpoint, code: 'WITNESS_UNAVAILABLE' | 'WITNESS_REFUSED' | 'WITNESS_RESPONSE_INVALID' | 'SPLIT_VIEW' | 'COSIGNATURE_INVALID', message: string, extra: { retryable?: boolean; details?: Record<string, unknown> } = {}): SynthledgerError {
  const text = `witness ${witness.verifier.name} at ${witness.url} ${message}`;
  const details = { witness: witness.verifier.keyString, url: witness.url, ...extra.details };
  if (code === 'SPLIT_VIEW' || code === 'COSIGNATURE_INVALID') return new VerificationError(code, text, { details });
  return new EnvironmentError(code, text, { retryable: extra.retryable ?? false, details });
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

// The witness's words are attacker-controlled: quoted (escaping control characters) and cut.
function quote(text: string): string {
  return JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);
}
