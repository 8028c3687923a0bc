/**
 * The only cryptographic primitives the pure core uses: SHA-256 and Ed25519
 * (RFC 8032). Everything else in `ledger/core` is plain computation, so a
 * build for another runtime (a browser bundle on WebCrypto or a pure-JS
 * implementation) replaces this one module and nothing else. The lint rules
 * allow `node:crypto` in this file alone.
 */
import * as nodeCrypto from 'node:crypto';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** Bytes of an Ed25519 public key and of a seed (RFC 8032). */
export const ED25519_KEY_SIZE = 32;
/** Bytes of an Ed25519 signature (RFC 8032). */
export const ED25519_SIGNATURE_SIZE = 64;

// DER prefixes that wrap raw Ed25519 keys: PKCS #8 for a seed (RFC 8410 section 7),
// SubjectPublicKeyInfo for a public key (RFC 8410 section 4).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

// One-shot hashing (`crypto.hash`, Node 20.12 and later) skips creating a Hash object per call, which
// costs about as much as hashing a short text; older Node versions fall back to createHash. Read as a
// property: a named import would fail to link where the function is missing.
const oneShot = (nodeCrypto as { hash?: typeof nodeCrypto.hash }).hash;

/** SHA-256 of `data` (a string is UTF-8 encoded first), as 32 bytes. */
export const sha256Digest: (data: string | Uint8Array) => Buffer = oneShot
  ? (data) => oneShot('sha256', data, 'buffer')
  : (data) => createHash('sha256').update(data).digest();

/** SHA-256 of `data` as 64 lowercase hex digits. */
export const sha256Hex: (data: string | Uint8Array) => string = oneShot
  ? (data) => oneShot('sha256', data, 'hex')
  : (data) => createHash('sha256').update(data).digest('hex');

/** An Ed25519 private key held as an opaque object; its bytes never leave it. */
export interface Ed25519PrivateKey {
  readonly publicKey: Buffer;
  sign(message: Uint8Array): Buffer;
}

/** Builds a private key from a 32-byte seed (precondition: `seed.length === 32`). */
export function ed25519FromSeed(seed: Uint8Array): Ed25519PrivateKey {
  const key: KeyObject = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const publicKey = Buffer.from(spki.subarray(spki.length - ED25519_KEY_SIZE));
  return { publicKey, sign: (message) => sign(null, message, key) };
}

/** A fresh random 32-byte Ed25519 seed. */
export function ed25519GenerateSeed(): Buffer {
  const pkcs8 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' });
  return Buffer.from(pkcs8.subarray(pkcs8.length - ED25519_KEY_SIZE));
}

/**
 * Prepares verification for a 32-byte public key; throws when the bytes are
 * not an Ed25519 point. The returned function is false (never throws) for any
 * wrong or malformed signature.
 */
export function ed25519Verifier(publicKey: Uint8Array): (message: Uint8Array, signature: Uint8Array) => boolean {
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  return (message, signature) => {
    if (signature.length !== ED25519_SIGNATURE_SIZE) return false;
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  };
}
