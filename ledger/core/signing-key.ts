/**
 * The log's Ed25519 checkpoint key, in the key formats of Go's
 * golang.org/x/mod/sumdb/note (so `note.NewSigner` / `note.NewVerifier`
 * accept our keys and we accept theirs):
 *
 *     signer key    PRIVATE+KEY+<name>+<key ID hex>+base64(0x01 || 32-byte seed)
 *     verifier key  <name>+<key ID hex>+base64(0x01 || 32-byte public key)
 *
 * and checkpoint signing and verification (c2sp.org/tlog-checkpoint inside
 * c2sp.org/signed-note). Error messages never include the secret key.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EnvironmentError, SynthledgerError, VerificationError } from '../../common/errors';
import { formatCheckpointBody, parseCheckpointBody, type Checkpoint } from './checkpoint';
import {
  ED25519_KEY_SIZE,
  ED25519_SIGNATURE_TYPE,
  Ed25519NoteVerifier,
  cutFields,
  decodeCanonicalBase64,
  isValidKeyName,
  openNote,
  parseVerifierKey,
  signNote,
  type NoteSigner,
  type NoteVerifier,
  type OpenedNote,
} from './signed-note';

export { parseVerifierKey } from './signed-note';

/** Environment variable holding the signer key string itself. */
export const SIGNING_KEY_ENV = 'SYNTHLEDGER_SIGNING_KEY';
/** Environment variable naming a file that holds the signer key string. */
export const SIGNING_KEY_FILE_ENV = 'SYNTHLEDGER_SIGNING_KEY_FILE';

// PKCS #8 DER prefix of a raw Ed25519 seed (RFC 8410 section 7).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 note signer; holds the private key as an opaque KeyObject that never prints. */
export class SigningKey implements NoteSigner {
  readonly keyHash: number;
  /** The matching verifier, to publish or to check our own signatures. */
  readonly verifier: Ed25519NoteVerifier;
  private readonly privateKey: KeyObject;

  /** Builds a signer from a key name and a 32-byte Ed25519 seed. */
  constructor(readonly name: string, seed: Uint8Array) {
    if (!isValidKeyName(name)) throw configInvalid('signing key has an invalid key name (non-empty, no spaces, no "+")');
    if (seed.length !== ED25519_KEY_SIZE) throw configInvalid(`an Ed25519 seed has ${ED25519_KEY_SIZE} bytes`);
    this.privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.privateKey).export({ type: 'spki', format: 'der' });
    this.verifier = new Ed25519NoteVerifier(name, spki.subarray(spki.length - ED25519_KEY_SIZE));
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
    return cryptoSign(null, message, this.privateKey);
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
  const { privateKey } = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const seed = pkcs8.subarray(pkcs8.length - ED25519_KEY_SIZE);
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

/** Where {@link loadSigningKey} looks for the key. */
export interface LoadSigningKeyOptions {
  /** Environment to read; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** A file holding the signer key; takes precedence over the environment. */
  file?: string;
}

/**
 * Loads the checkpoint signing key from `file`, else from SYNTHLEDGER_SIGNING_KEY
 * (the key itself) or SYNTHLEDGER_SIGNING_KEY_FILE (a path); setting both
 * variables is refused as ambiguous. Throws EnvironmentError CONFIG_INVALID
 * naming the variable or file.
 */
export function loadSigningKey(options: LoadSigningKeyOptions = {}): SigningKey {
  const env = options.env ?? process.env;
  if (options.file !== undefined) return parseSignerKey(readKeyFile(options.file), `signing key file ${options.file}`);
  const inline = env[SIGNING_KEY_ENV];
  const file = env[SIGNING_KEY_FILE_ENV];
  if (inline && file) throw configInvalid(`both ${SIGNING_KEY_ENV} and ${SIGNING_KEY_FILE_ENV} are set; set only one`);
  if (inline) return parseSignerKey(inline.trim(), SIGNING_KEY_ENV);
  if (file) return parseSignerKey(readKeyFile(file), `${SIGNING_KEY_FILE_ENV} (${file})`);
  throw configInvalid(`no checkpoint signing key: set ${SIGNING_KEY_ENV} to a PRIVATE+KEY+… string or ${SIGNING_KEY_FILE_ENV} to a file holding one`);
}

/** Signs a checkpoint (or an already formatted body, which is re-validated) as a signed note. */
export function signCheckpoint(checkpoint: Checkpoint | string, signer: NoteSigner): string {
  const body = typeof checkpoint === 'string' ? checkpoint : formatCheckpointBody(checkpoint);
  // Never sign a body we would refuse to parse.
  parseCheckpointBody(body);
  return signNote(body, signer);
}

/** What {@link verifyCheckpoint} returns: the checkpoint and the note's signatures. */
export interface VerifiedCheckpoint extends Required<Checkpoint> {
  note: OpenedNote;
}

/**
 * Verifies a signed checkpoint with the given verifier key and parses its
 * body. With `origin`, also requires that origin. Throws VerificationError
 * (SIGNATURE_INVALID, MALFORMED_INPUT or CHECKPOINT_INVALID).
 */
export function verifyCheckpoint(noteText: string, verifierKey: string | NoteVerifier, options: { origin?: string } = {}): VerifiedCheckpoint {
  const verifier = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  const note = openNote(noteText, [verifier]);
  const checkpoint = parseCheckpointBody(note.text);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    throw new VerificationError('CHECKPOINT_INVALID', `checkpoint origin ${JSON.stringify(checkpoint.origin.slice(0, 200))} is not the expected ${JSON.stringify(options.origin)}`);
  }
  return { ...checkpoint, note };
}

function readKeyFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw configInvalid(`cannot read signing key file ${path} (${code})`, cause);
  }
  // Editors add a final newline; the key itself has no whitespace.
  return text.trim();
}

function configInvalid(message: string, cause?: unknown): EnvironmentError {
  // A wrapped crypto error could quote key material; keep only its class.
  const safeCause = cause instanceof SynthledgerError ? cause : cause === undefined ? undefined : new Error((cause as Error).name ?? 'Error');
  return new EnvironmentError('CONFIG_INVALID', message, safeCause === undefined ? {} : { cause: safeCause });
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
