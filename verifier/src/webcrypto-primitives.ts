/**
 * The browser's stand-in for ledger/core/crypto-primitives.ts (swapped in by
 * scripts/build-verifier.ts): SHA-256 and Ed25519 verification by WebCrypto
 * (`crypto.subtle`). WebCrypto only answers asynchronously and the core is
 * synchronous, so this module is an oracle with a memory: a question it has
 * not been answered yet is recorded and gets a placeholder (32 zero bytes,
 * "does not verify"); {@link answerPending} asks WebCrypto every recorded
 * question; the caller (browser.ts) then runs the verification again, until
 * a run asks nothing new. That last run used real answers only, so its
 * result is exact; the placeholder runs are thrown away. The questions are
 * keyed by their full input bytes, never by a digest of them.
 */
import { Buffer } from './browser-buffer';

/** Bytes of an Ed25519 public key and of a seed (RFC 8032). */
export const ED25519_KEY_SIZE = 32;
/** Bytes of an Ed25519 signature (RFC 8032). */
export const ED25519_SIGNATURE_SIZE = 64;

const digests = new Map<string, Uint8Array>();
const pendingDigests = new Map<string, Uint8Array<ArrayBuffer>>();
const verdicts = new Map<string, boolean>();
const pendingVerdicts = new Map<string, { publicKey: Uint8Array<ArrayBuffer>; message: Uint8Array<ArrayBuffer>; signature: Uint8Array<ArrayBuffer> }>();

/** The bytes as a string of one character per byte: an exact, collision-free key. */
function keyOf(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

/** SHA-256 of `data` (a string is UTF-8 encoded first), as 32 bytes; a placeholder until WebCrypto has answered. */
export function sha256Digest(data: string | Uint8Array): Buffer {
  const bytes = bytesOf(data);
  const key = keyOf(bytes);
  const known = digests.get(key);
  if (known) return Buffer.from(known);
  pendingDigests.set(key, Uint8Array.from(bytes));
  return Buffer.alloc(32);
}

/** SHA-256 of `data` as 64 lowercase hex digits. */
export function sha256Hex(data: string | Uint8Array): string {
  return sha256Digest(data).toString('hex');
}

/** An Ed25519 private key; the browser build verifies only, it never signs. */
export interface Ed25519PrivateKey {
  readonly publicKey: Buffer;
  sign(message: Uint8Array): Buffer;
}

/** Not available in the browser build (it verifies only). */
export function ed25519FromSeed(_seed: Uint8Array): Ed25519PrivateKey {
  throw new Error('the browser verifier does not sign');
}

/** Not available in the browser build (it verifies only). */
export function ed25519GenerateSeed(): Buffer {
  throw new Error('the browser verifier does not generate keys');
}

/** Verification with a 32-byte public key: false (never throws) for any wrong or malformed signature, or until WebCrypto has answered. */
export function ed25519Verifier(publicKey: Uint8Array): (message: Uint8Array, signature: Uint8Array) => boolean {
  if (publicKey.length !== ED25519_KEY_SIZE) throw new Error(`an Ed25519 public key has ${ED25519_KEY_SIZE} bytes`);
  const pub = Uint8Array.from(publicKey);
  return (message, signature) => {
    if (signature.length !== ED25519_SIGNATURE_SIZE) return false;
    const key = `${keyOf(pub)}\u0000${keyOf(signature)}\u0000${keyOf(message)}`;
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    pendingVerdicts.set(key, { publicKey: pub, message: Uint8Array.from(message), signature: Uint8Array.from(signature) });
    return false;
  };
}

/** True when the last run asked a question WebCrypto has not answered yet. */
export function hasPending(): boolean {
  return pendingDigests.size > 0 || pendingVerdicts.size > 0;
}

/** Asks WebCrypto every pending question and remembers the answers; returns how many there were. */
export async function answerPending(): Promise<number> {
  const d = [...pendingDigests];
  const v = [...pendingVerdicts];
  pendingDigests.clear();
  pendingVerdicts.clear();
  await Promise.all([
    ...d.map(async ([key, bytes]) => {
      digests.set(key, new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
    }),
    ...v.map(async ([key, q]) => {
      let ok = false;
      try {
        const k = await crypto.subtle.importKey('raw', q.publicKey, { name: 'Ed25519' }, false, ['verify']);
        ok = await crypto.subtle.verify({ name: 'Ed25519' }, k, q.signature, q.message);
      } catch {
        ok = false;
      }
      verdicts.set(key, ok);
    }),
  ]);
  return d.length + v.length;
}

/** Forgets every answer (between two verifications, so memory does not grow without end). */
export function forgetAnswers(): void {
  digests.clear();
  verdicts.clear();
  pendingDigests.clear();
  pendingVerdicts.clear();
}
