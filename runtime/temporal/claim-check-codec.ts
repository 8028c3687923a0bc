/**
 * Claim-check payloads: every Temporal payload larger than a threshold is
 * stored in the ledger's content-addressed blob store and travels through
 * Temporal (and its history) as a small reference to it. Sources, claims,
 * verifications and drafts, which activities pass to each other, thus leave
 * the history at a few hundred bytes each whatever they weigh; the workflow
 * code and the activities are unchanged, since the codec runs at the worker's
 * and the client's boundary with the server (docs/adr/0008).
 *
 * A reference names the SHA-256 of the stored bytes (the original payload,
 * protobuf-encoded) and its size; decoding re-checks the hash, so a blob that
 * changed in the database is refused, never used.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { SynthledgerError, VerificationError } from '../../common/errors';
import { readWholeNumber } from '../services/env-numbers';
import { sha256 as sha256Hash, type BlobStore } from '../../ledger';

/** `encoding` metadata of a reference payload. */
export const CLAIM_CHECK_ENCODING = 'binary/synthledger-claim-check';
/** Media type of a stored payload in the blob store. */
export const CLAIM_CHECK_MEDIA_TYPE = 'application/vnd.temporal.payload+protobuf';
/** Payloads above this many bytes (data and metadata) are stored by reference unless configured otherwise. */
export const DEFAULT_CLAIM_CHECK_BYTES = 4096;
/** Environment variable that sets the threshold in bytes (`0` turns the codec off for new payloads). */
export const CLAIM_CHECK_ENV = 'SYNTHLEDGER_CLAIM_CHECK_BYTES';
/** How long a blob read or write keeps retrying a retryable ledger error (a restarting database) before the task fails. */
const RETRY_FOR_MS = 15_000;
/** Decoded payloads kept in memory (content-addressed, so never stale), in bytes. */
const CACHE_BYTES = 64 * 1024 * 1024;

/** What a reference payload's data holds (JSON). */
interface ClaimCheckReference {
  sha256: string;
  size: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Largest threshold: Temporal refuses a payload over 2 MiB, so a larger one would let such payloads through to be refused. */
export const MAX_CLAIM_CHECK_BYTES = 2 * 1024 * 1024;

/** The claim-check threshold set by {@link CLAIM_CHECK_ENV}, or the default; CONFIG_INVALID names the variable and the rule otherwise. */
export function claimCheckBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return readWholeNumber(env, CLAIM_CHECK_ENV, { min: 0, max: MAX_CLAIM_CHECK_BYTES }, 'bytes') ?? DEFAULT_CLAIM_CHECK_BYTES;
}

/** Size of a payload as Temporal counts it: its data and metadata bytes. */
function payloadSize(p: Payload): number {
  let n = p.data?.length ?? 0;
  for (const [k, v] of Object.entries(p.metadata ?? {})) n += k.length + (v?.length ?? 0);
  return n;
}

/** True when `p` is a claim-check reference. */
export function isClaimCheck(p: Payload): boolean {
  const enc = p.metadata?.encoding;
  return enc !== undefined && enc !== null && decoder.decode(enc) === CLAIM_CHECK_ENCODING;
}

/**
 * The payload codec. `blobs` is called only when a payload crosses the
 * threshold or a reference is met, so a process that never meets one never
 * opens the ledger.
 */
export class ClaimCheckCodec implements PayloadCodec {
  private readonly cache = new Map<string, Uint8Array>();
  private cachedBytes = 0;

  constructor(private readonly blobs: () => Promise<BlobStore> | BlobStore, private readonly thresholdBytes: number = DEFAULT_CLAIM_CHECK_BYTES) {}

  /** Replaces each payload above the threshold by a reference to its stored bytes. */
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(payloads.map(async (p) => {
      if (this.thresholdBytes <= 0 || payloadSize(p) <= this.thresholdBytes) return p;
      const bytes = temporal.api.common.v1.Payload.encode(p).finish();
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      // Bytes this codec stored or read before are in the store (insert-only): no second round trip.
      let sha256 = sha256Hash(buffer);
      if (!this.cache.has(sha256)) {
        const store = await this.blobs();
        sha256 = await retryTransient(() => store.put(buffer, CLAIM_CHECK_MEDIA_TYPE));
        this.remember(sha256, bytes);
      }
      const ref: ClaimCheckReference = { sha256, size: bytes.length };
      return { metadata: { encoding: encoder.encode(CLAIM_CHECK_ENCODING) }, data: encoder.encode(JSON.stringify(ref)) };
    }));
  }

  /** Replaces each reference by the payload it names (hash re-checked by the blob store); other payloads pass unchanged. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.all(payloads.map(async (p) => {
      if (!isClaimCheck(p)) return p;
      const ref = parseReference(p);
      let bytes = this.cache.get(ref.sha256);
      if (!bytes) {
        const store = await this.blobs();
        const blob = await retryTransient(() => store.get(ref.sha256));
        if (blob.bytes.length !== ref.size) throw new VerificationError('HASH_MISMATCH', `claim-check blob ${ref.sha256} holds ${blob.bytes.length} bytes, its reference says ${ref.size}`);
        bytes = new Uint8Array(blob.bytes);
        this.remember(ref.sha256, bytes);
      }
      return temporal.api.common.v1.Payload.decode(bytes) as Payload;
    }));
  }

  private remember(sha256: string, bytes: Uint8Array): void {
    if (this.cache.has(sha256) || bytes.length > CACHE_BYTES / 4) return;
    this.cache.set(sha256, bytes);
    this.cachedBytes += bytes.length;
    for (const [k, v] of this.cache) {
      if (this.cachedBytes <= CACHE_BYTES) break;
      this.cache.delete(k);
      this.cachedBytes -= v.length;
    }
  }
}

/**
 * `op`, tried again with backoff (100 ms doubling to 2 s) while it fails with a
 * retryable error and {@link RETRY_FOR_MS} has not passed: a database restart
 * then costs a pause, not a failed workflow task. Other errors pass at once.
 */
async function retryTransient<T>(op: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await op();
    } catch (error) {
      if (!(error instanceof SynthledgerError) || !error.retryable || Date.now() + delay > deadline) throw error;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

function parseReference(p: Payload): ClaimCheckReference {
  let ref: Partial<ClaimCheckReference> | null = null;
  try {
    ref = JSON.parse(decoder.decode(p.data ?? new Uint8Array())) as Partial<ClaimCheckReference>;
  } catch {
    ref = null;
  }
  if (!ref || typeof ref.sha256 !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(ref.sha256) || typeof ref.size !== 'number') {
    throw new VerificationError('MALFORMED_INPUT', `a ${CLAIM_CHECK_ENCODING} payload must hold {"sha256":"sha256:<64 hex>","size":<bytes>}`, { details: { encoding: CLAIM_CHECK_ENCODING } });
  }
  return ref as ClaimCheckReference;
}

type History = temporal.api.history.v1.IHistory;

/** Calls `fn` on every `payloads` list under `node` (a history's events: inputs, results, details, failures' details). */
export function eachPayloadList(node: unknown, fn: (holder: { payloads: Payload[] }) => void): void {
  if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
  if (Array.isArray(node)) {
    for (const n of node) eachPayloadList(n, fn);
    return;
  }
  const o = node as Record<string, unknown>;
  if (Array.isArray(o.payloads)) fn(o as { payloads: Payload[] });
  for (const [k, v] of Object.entries(o)) if (k !== 'payloads') eachPayloadList(v, fn);
}

/**
 * `history` with every claim-check reference replaced by the payload it names
 * (a copy; the history itself when it holds none), for code that reads
 * payloads out of a history: the timeline, the audit, replay. Digests are
 * taken over the history as recorded, never over this.
 */
export async function resolveClaimChecks(history: History, blobs: () => Promise<BlobStore> | BlobStore): Promise<History> {
  let found = false;
  eachPayloadList(history.events, (h) => { found ||= h.payloads.some(isClaimCheck); });
  if (!found) return history;
  const codec = new ClaimCheckCodec(blobs);
  const copy = temporal.api.history.v1.History.decode(temporal.api.history.v1.History.encode(history as temporal.api.history.v1.History).finish());
  const pending: Array<Promise<void>> = [];
  eachPayloadList(copy.events, (h) => {
    if (h.payloads.some(isClaimCheck)) pending.push(codec.decode(h.payloads).then((decoded) => { h.payloads = decoded; }));
  });
  await Promise.all(pending);
  return copy;
}
