/**
 * Content hashes as used by every contract: SHA-256, written
 * `sha256:` + 64 lowercase hex digits.
 */
import { VerificationError } from '../../common/errors';
import { canonicalize } from './canonical-json';
import { sha256Digest, sha256Hex } from './crypto-primitives';

/** Prefix of every content hash. */
export const HASH_PREFIX = 'sha256:';
/** Matches a well-formed content hash. */
export const HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** A `sha256:<hex>` string. */
export type ContentHash = string;

/** SHA-256 of raw bytes (a UTF-8 string is encoded first), as `sha256:<hex>`. */
export function sha256(data: string | Uint8Array): ContentHash {
  return HASH_PREFIX + sha256Hex(data);
}

/** True when `hash` is `sha256(data)`: compared without building the `sha256:<hex>` string. */
export function sha256Matches(hash: string, data: string | Uint8Array): boolean {
  return hash.length === HASH_PREFIX.length + 64 && hash.startsWith(HASH_PREFIX) && hash.endsWith(sha256Hex(data));
}

/** SHA-256 of raw bytes as a Buffer. */
export function sha256Bytes(data: string | Uint8Array): Buffer {
  return sha256Digest(data);
}

/** `sha256(JCS(value))`: the hash of a JSON value's canonical form. */
export function hashJson(value: unknown): ContentHash {
  return sha256(canonicalize(value));
}

/** Converts `sha256:<hex>` to its 32 bytes. Throws on malformed input. */
export function hashToBytes(hash: ContentHash): Buffer {
  if (!HASH_PATTERN.test(hash)) throw new VerificationError('MALFORMED_INPUT', `not a sha256:<hex> hash: ${hash.slice(0, 80)}`);
  return Buffer.from(hash.slice(HASH_PREFIX.length), 'hex');
}

/** Converts 32 bytes to `sha256:<hex>`. */
export function bytesToHash(bytes: Uint8Array): ContentHash {
  if (bytes.length !== 32) throw new VerificationError('MALFORMED_INPUT', `a SHA-256 digest has 32 bytes, got ${bytes.length}`);
  return HASH_PREFIX + Buffer.from(bytes).toString('hex');
}
