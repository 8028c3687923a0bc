/**
 * The log's Ed25519 checkpoint key, in the key formats of Go's
 * golang.org/x/mod/sumdb/note (so `note.NewSigner` / `note.NewVerifier`
 * accept our keys and we accept theirs):
 *
 *     signer key    PRIVATE+KEY+<name>+<key ID hex>+base64(0x01 || 32-byte seed)
 *     verifier key  <name>+<key ID hex>+base64(0x01 || 32-byte public key)
 *
 * Error messages never include the secret key. Checkpoint signing lives in
 * `checkpoint.ts`; where a key is loaded from, in `runtime/services/key-store.ts`.
 */
import { EnvironmentError, SynthledgerError } from '../../common/errors';
import { ed25519FromSeed, ed25519GenerateSeed, type Ed25519PrivateKey } from './crypto-primitives';
import {
  ED25519_KEY_SIZE,
  ED25519_SIGNATURE_TYPE,
  Ed25519NoteVerifier,
  cutFields,
  decodeCanonicalBase64,
  isValidKeyName,
  type NoteSigner,
} from './signed-note';

export { parseVerifierKey } from './signed-note';

/** An Ed25519 note signer; holds the private key as an opaque KeyObject that never prints. */
export class SigningKey implements NoteSigner {
  readonly keyHash: number;
  /** The matching verifier, to publish or to check our own signatures. */
  readonly verifier: Ed25519NoteVerifier;
  private readonly privateKey: Ed25519PrivateKey;

  /** Builds a signer from a key name and a 32-byte Ed25519 seed. */
  constructor(readonly name: string, seed: Uint8Array) {
    if (!isValidKeyName(name)) throw configInvalid('signing key has an invalid key name (non-empty, no spaces, no "+")');
    if (seed.length !== ED25519_KEY_SIZE) throw configInvalid(`an Ed25519 seed has ${ED25519_KEY_SIZE} bytes`);
    this.privateKey = ed25519FromSeed(seed);
    this.verifier = new Ed25519NoteVerifier(name, this.privateKey.publicKey);
    this.keyHash = this.verifier.keyHash;
  }

  /** The raw 32-byte public key. */
  get publicKey(): Buffer {
    return this.verifier.publicKey;
  }

  /** The verifier key string to publish (receipts carry it as `publicKey`). */
  get verifierKey(): string {
    return this.verifier.keyString;
  }

  /** Ed25519 signature (64 bytes) of `message`. */
  sign(message: Buffer): Buffer {
    return this.privateKey.sign(message);
  }

  /** Shows the public half only, so logging a key never leaks it. */
  toString(): string {
    return `SigningKey(${this.verifierKey})`;
  }

  /** Public half only (see {@link SigningKey.toString}). */
  toJSON(): { name: string; verifierKey: string } {
    return { name: this.name, verifierKey: this.verifierKey };
  }
}

/** Generates a new key pair for `name` as Go's note.GenerateKey does; keep `signerKey` secret. */
export function generateSigningKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) throw configInvalid('key name must be non-empty without spaces, "+" or control characters');
  const seed = ed25519GenerateSeed();
  const key = new SigningKey(name, seed);
  const typedSeed = Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), seed]);
  return { signerKey: `PRIVATE+KEY+${name}+${hex32(key.keyHash)}+${typedSeed.toString('base64')}`, verifierKey: key.verifierKey };
}

/**
 * Parses a signer key `PRIVATE+KEY+<name>+<key ID hex>+<base64(0x01 || seed)>`,
 * checking that the key ID matches the derived public key (as Go's
 * note.NewSigner does). Throws EnvironmentError CONFIG_INVALID without
 * echoing the key; `source` names where it came from in the message.
 */
export function parseSignerKey(skey: string, source = 'signer key'): SigningKey {
  if (typeof skey !== 'string') throw configInvalid(`${source}: a signer key is a string`);
  const fields = cutFields(skey, 5);
  if (!fields || fields[0] !== 'PRIVATE' || fields[1] !== 'KEY') {
    throw configInvalid(`${source}: not a signer key of the form PRIVATE+KEY+<name>+<key id hex>+<base64 key>`);
  }
  const [, , name, id, key64] = fields as [string, string, string, string, string];
  if (!isValidKeyName(name)) throw configInvalid(`${source}: invalid key name`);
  if (!/^[0-9a-fA-F]{8}$/.test(id)) throw configInvalid(`${source}: key ID must be 8 hex digits`);
  const typed = decodeCanonicalBase64(key64);
  if (!typed || typed.length === 0) throw configInvalid(`${source}: key is not canonical base64`);
  if (typed[0] !== ED25519_SIGNATURE_TYPE) throw configInvalid(`${source}: unsupported signature type (only Ed25519, 0x01)`);
  if (typed.length !== 1 + ED25519_KEY_SIZE) throw configInvalid(`${source}: an Ed25519 seed has ${ED25519_KEY_SIZE} bytes`);
  let key: SigningKey;
  try {
    key = new SigningKey(name, typed.subarray(1));
  } catch (cause) {
    throw configInvalid(`${source}: not a usable Ed25519 key`, cause);
  }
  // The ID is over the public key, which only exists after derivation.
  if (key.keyHash !== parseInt(id, 16)) {
    throw configInvalid(`${source}: key ID ${id} does not match the key (expected ${hex32(key.keyHash)})`);
  }
  return key;
}

/** A CONFIG_INVALID error that never carries key material (a wrapped crypto error keeps only its class). */
export function configInvalid(message: string, cause?: unknown): EnvironmentError {
  // A wrapped crypto error could quote key material; keep only its class.
  const safeCause = cause instanceof SynthledgerError ? cause : cause === undefined ? undefined : new Error((cause as Error).name ?? 'Error');
  return new EnvironmentError('CONFIG_INVALID', message, safeCause === undefined ? {} : { cause: safeCause });
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
