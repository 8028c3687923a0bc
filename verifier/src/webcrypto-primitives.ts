/**
 * The browser's stand-in for ledger/core/crypto-primitives.ts (swapped in by
 * scripts/build-verifier.ts): SHA-256 and Ed25519 verification by WebCrypto
 * (`crypto.subtle`). WebCrypto answers only asynchronously and the core is
 * synchronous, so:
 *
 * - Ed25519: an oracle with a memory. A signature it has no answer for yet
 *   is recorded and "does not verify" for now; {@link answerPending} asks
 *   WebCrypto every recorded question, and the caller (browser.ts) runs the
 *   verification again, until a run asks nothing new. That last run used
 *   real answers only; the earlier runs are thrown away. A bundle has a few
 *   signatures, so this takes two or three runs.
 * - SHA-256: computed at once by the synchronous implementation below (a
 *   memory like the one above would need one run per link of every hash
 *   chain: a stream's chain stops at its first unknown link), and every
 *   digest of the run is then confirmed by WebCrypto: {@link answerPending}
 *   throws when WebCrypto disagrees on any input, so no result stands on a
 *   digest WebCrypto did not compute too.
 *
 * Questions are keyed by their full input bytes, never by a digest of them.
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

/** SHA-256 of `data` (a string is UTF-8 encoded first), as 32 bytes; WebCrypto confirms it after the run. */
export function sha256Digest(data: string | Uint8Array): Buffer {
  const bytes = bytesOf(data);
  const key = keyOf(bytes);
  const known = digests.get(key);
  if (known) return Buffer.from(known);
  const digest = sha256Sync(bytes);
  digests.set(key, digest);
  pendingDigests.set(key, Uint8Array.from(bytes));
  return Buffer.from(digest);
}

// FIPS 180-4 SHA-256. The constants are the first 32 bits of the fractional parts of the
// cube roots (K) and square roots (H) of the first primes, computed here rather than copied.
const PRIMES = ((): number[] => {
  const out: number[] = [];
  for (let n = 2; out.length < 64; n++) if (out.every((p) => n % p !== 0)) out.push(n);
  return out;
})();
const frac32 = (x: number): number => Math.floor((x - Math.floor(x)) * 0x100000000) >>> 0;
const K = Uint32Array.from(PRIMES, (p) => frac32(Math.cbrt(p)));
const H0 = Uint32Array.from(PRIMES.slice(0, 8), (p) => frac32(Math.sqrt(p)));
const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** SHA-256 of `bytes`, synchronously. */
export function sha256Sync(bytes: Uint8Array): Uint8Array {
  const padded = new Uint8Array((((bytes.length + 9) + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = bytes.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(padded.length - 4, bits >>> 0);
  const h = Uint32Array.from(H0);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      w[i] = (w[i - 16]! + (rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) + w[i - 7]! + (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10))) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as number[];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh! + (rotr(e!, 6) ^ rotr(e!, 11) ^ rotr(e!, 25)) + ((e! & f!) ^ (~e! & g!)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a!, 2) ^ rotr(a!, 13) ^ rotr(a!, 22)) + ((a! & b!) ^ (a! & c!) ^ (b! & c!))) >>> 0;
      hh = g; g = f; f = e; e = (d! + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((v, i) => { h[i] = (h[i]! + v!) >>> 0; });
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  h.forEach((v, i) => ov.setUint32(i * 4, v));
  return out;
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

/** True when the last run asked a signature question WebCrypto has not answered yet (the run must be repeated). */
export function hasPending(): boolean {
  return pendingVerdicts.size > 0;
}

/** Asks WebCrypto every pending signature and remembers the answers, and has it confirm every digest computed; returns how many questions there were. Throws when a digest is not confirmed. */
export async function answerPending(): Promise<number> {
  const d = [...pendingDigests];
  const v = [...pendingVerdicts];
  pendingDigests.clear();
  pendingVerdicts.clear();
  await Promise.all([
    ...d.map(async ([key, bytes]) => {
      const confirmed = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      const mine = digests.get(key)!;
      if (confirmed.length !== mine.length || confirmed.some((x, i) => x !== mine[i])) throw new Error(`WebCrypto's SHA-256 of a ${bytes.length}-byte input differs from the one the verification used`);
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
