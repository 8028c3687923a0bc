/**
 * Witness cosignatures of checkpoints in the C2SP tlog-cosignature Ed25519
 * form (https://c2sp.org/tlog-cosignature, "cosignature/v1"). A cosignature is
 * an ordinary signed-note signature line
 *
 *     — <witness name> base64(key ID (4 bytes) || timestamp (8 bytes, big-endian) || Ed25519 signature (64 bytes))
 *
 * whose signature covers `cosignature/v1\ntime <timestamp>\n` followed by the
 * whole checkpoint body, and whose key ID is computed with the signature type
 * 0x04 (not 0x01), so a cosignature can never be taken for a log signature by
 * the same key. Notes and response bodies are attacker-controlled: every line
 * is parsed strictly, and a line by a configured witness that does not verify
 * is an error, never skipped. Nothing here reads a clock, a file or a network.
 */
import { VerificationError } from '../../common/errors';
import { ED25519_SIGNATURE_SIZE, ed25519FromSeed, ed25519GenerateSeed, ed25519Verifier, type Ed25519PrivateKey } from './crypto-primitives';
import {
  ED25519_KEY_SIZE,
  ED25519_SIGNATURE_TYPE,
  SIGNATURE_LINE_PREFIX,
  computeKeyHash,
  cutFields,
  decodeCanonicalBase64,
  isValidKeyName,
  parseNote,
  parseSignatureBlock,
  type NoteVerifier,
  type ParsedSignatureLine,
} from './signed-note';

/** Signature type byte of Ed25519 cosignature/v1 keys (c2sp.org/tlog-cosignature, "Format"). */
export const COSIGNATURE_V1_SIGNATURE_TYPE = 0x04;
/** First line of every cosigned message: domain separation from log signatures. */
export const COSIGNATURE_V1_HEADER = 'cosignature/v1';
/** Bytes of the big-endian timestamp that precedes the Ed25519 signature. */
export const COSIGNATURE_TIMESTAMP_SIZE = 8;
/** Bytes of a cosignature after the key ID: timestamp and Ed25519 signature. */
export const COSIGNATURE_V1_SIZE = COSIGNATURE_TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE;
// The spec caps timestamps at 2^63 - 1; we also need them exact as JavaScript numbers.
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

/**
 * The message an Ed25519 cosignature/v1 signs: the header line, `time <t>`
 * and the checkpoint body (which must end in a newline). `timestamp` is POSIX
 * seconds, a non-negative safe integer.
 */
export function cosignedMessage(checkpointBody: string, timestamp: number): Buffer {
  if (!isTimestamp(timestamp)) throw malformed(`a cosignature timestamp is a non-negative integer of seconds, got ${String(timestamp)}`);
  if (typeof checkpointBody !== 'string' || !checkpointBody.endsWith('\n')) throw malformed('a cosigned checkpoint body ends with a newline');
  return Buffer.from(`${COSIGNATURE_V1_HEADER}\ntime ${timestamp}\n${checkpointBody}`, 'utf8');
}

/**
 * Verifies Ed25519 cosignature/v1 signatures of one witness. It is a
 * {@link NoteVerifier}: given to `openNote`, it checks the witness's line of a
 * cosigned checkpoint like any other note signature.
 */
export class CosignatureVerifier implements NoteVerifier {
  /** Key ID over 0x04 || public key. */
  readonly keyHash: number;
  readonly publicKey: Buffer;
  private readonly check: (message: Uint8Array, signature: Uint8Array) => boolean;

  /** Requires a valid key name and a 32-byte Ed25519 public key; throws MALFORMED_INPUT otherwise. */
  constructor(readonly name: string, publicKey: Uint8Array) {
    if (!isValidKeyName(name)) throw malformed(`invalid witness key name ${JSON.stringify(String(name).slice(0, 80))}`);
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_KEY_SIZE) throw malformed(`an Ed25519 public key has ${ED25519_KEY_SIZE} bytes`);
    this.publicKey = Buffer.from(publicKey);
    this.keyHash = computeKeyHash(name, typedKey(this.publicKey));
    try {
      this.check = ed25519Verifier(this.publicKey);
    } catch (cause) {
      throw new VerificationError('MALFORMED_INPUT', `witness key ${name}: not an Ed25519 public key`, { cause });
    }
  }

  /** The verifier key string `<name>+<key ID hex>+base64(0x04 || key)` to configure clients with. */
  get keyString(): string {
    return `${this.name}+${hex32(this.keyHash)}+${typedKey(this.publicKey).toString('base64')}`;
  }

  /** True when `signature` (timestamp || Ed25519 signature) is this witness's cosignature of the note text `message`. */
  verify(message: Buffer, signature: Buffer): boolean {
    if (signature.length !== COSIGNATURE_V1_SIZE) return false;
    const timestamp = readTimestamp(signature);
    if (timestamp === null) return false;
    const signed = Buffer.concat([Buffer.from(`${COSIGNATURE_V1_HEADER}\ntime ${timestamp}\n`, 'utf8'), message]);
    return this.check(signed, signature.subarray(COSIGNATURE_TIMESTAMP_SIZE));
  }

  /** The key string, so a verifier prints as what configures it. */
  toString(): string {
    return this.keyString;
  }
}

/**
 * Parses a witness verifier key `<name>+<key ID hex>+base64(type || 32-byte key)`.
 * The type is 0x04 (cosignature/v1, what we print) or 0x01 (a plain Ed25519
 * note key, accepted as transparency-dev's witness tools do and converted);
 * the key ID must match that type. Throws VerificationError MALFORMED_INPUT.
 */
export function parseCosignatureVerifierKey(vkey: string): CosignatureVerifier {
  if (typeof vkey !== 'string') throw malformed('a witness verifier key is a string');
  const fields = cutFields(vkey, 3);
  if (!fields) throw malformed('a witness verifier key has the form <name>+<key id hex>+<base64 key>');
  const [name, id, key64] = fields as [string, string, string];
  if (!isValidKeyName(name)) throw malformed(`witness verifier key has an invalid key name ${JSON.stringify(String(name).slice(0, 80))}`);
  if (!/^[0-9a-fA-F]{8}$/.test(id)) throw malformed(`witness verifier key ${name}: key ID must be 8 hex digits`);
  const typed = decodeCanonicalBase64(key64);
  if (!typed || typed.length === 0) throw malformed(`witness verifier key ${name}: key is not canonical base64`);
  if (typed[0] !== COSIGNATURE_V1_SIGNATURE_TYPE && typed[0] !== ED25519_SIGNATURE_TYPE) {
    throw malformed(`witness verifier key ${name}: unsupported signature type 0x${typed[0]!.toString(16).padStart(2, '0')} (Ed25519 cosignature/v1 is 0x04)`);
  }
  if (typed.length !== 1 + ED25519_KEY_SIZE) throw malformed(`witness verifier key ${name}: an Ed25519 key has ${ED25519_KEY_SIZE} bytes, got ${typed.length - 1}`);
  if (computeKeyHash(name, typed) !== parseInt(id, 16)) throw malformed(`witness verifier key ${name}: key ID ${id} does not match the key`);
  return new CosignatureVerifier(name, typed.subarray(1));
}

/** A witness's signing key: produces cosignature/v1 lines. Holds the private key as an opaque object that never prints. */
export class Cosigner {
  /** The matching verifier (publish its `keyString`). */
  readonly verifier: CosignatureVerifier;
  private readonly privateKey: Ed25519PrivateKey;

  /** Builds a cosigner from a key name and a 32-byte Ed25519 seed. */
  constructor(readonly name: string, seed: Uint8Array) {
    if (!isValidKeyName(name)) throw malformed('witness key name must be non-empty, without spaces, "+" or control characters');
    if (!(seed instanceof Uint8Array) || seed.length !== ED25519_KEY_SIZE) throw malformed(`an Ed25519 seed has ${ED25519_KEY_SIZE} bytes`);
    this.privateKey = ed25519FromSeed(seed);
    this.verifier = new CosignatureVerifier(name, this.privateKey.publicKey);
  }

  /** Key ID of the cosignature lines. */
  get keyHash(): number {
    return this.verifier.keyHash;
  }

  /**
   * The cosignature line (ending in a newline) over `checkpointBody` at
   * `timestamp` (POSIX seconds). The caller has already checked the body is a
   * checkpoint it may cosign.
   */
  cosign(checkpointBody: string, timestamp: number): string {
    const signature = this.privateKey.sign(cosignedMessage(checkpointBody, timestamp));
    const raw = Buffer.alloc(4 + COSIGNATURE_TIMESTAMP_SIZE);
    raw.writeUInt32BE(this.keyHash >>> 0, 0);
    raw.writeBigUInt64BE(BigInt(timestamp), 4);
    return `${SIGNATURE_LINE_PREFIX}${this.name} ${Buffer.concat([raw, signature]).toString('base64')}\n`;
  }

  /** Public half only, so logging a cosigner never leaks its key. */
  toString(): string {
    return `Cosigner(${this.verifier.keyString})`;
  }

  /** Public half only (see {@link Cosigner.toString}). */
  toJSON(): { name: string; verifierKey: string } {
    return { name: this.name, verifierKey: this.verifier.keyString };
  }
}

/**
 * Parses a witness signer key `PRIVATE+KEY+<name>+<key ID hex>+base64(type || 32-byte seed)`,
 * type 0x04 (what {@link generateCosignerKey} writes) or 0x01 (a plain
 * Ed25519 note signer key); the key ID must match. Throws MALFORMED_INPUT
 * without echoing the key; `source` names where it came from.
 */
export function parseCosignerKey(skey: string, source = 'witness signer key'): Cosigner {
  if (typeof skey !== 'string') throw malformed(`${source}: a signer key is a string`);
  const fields = cutFields(skey, 5);
  if (!fields || fields[0] !== 'PRIVATE' || fields[1] !== 'KEY') throw malformed(`${source}: not a signer key of the form PRIVATE+KEY+<name>+<key id hex>+<base64 key>`);
  const [, , name, id, key64] = fields as [string, string, string, string, string];
  if (!isValidKeyName(name)) throw malformed(`${source}: invalid key name`);
  if (!/^[0-9a-fA-F]{8}$/.test(id)) throw malformed(`${source}: key ID must be 8 hex digits`);
  const typed = decodeCanonicalBase64(key64);
  if (!typed || typed.length !== 1 + ED25519_KEY_SIZE) throw malformed(`${source}: key is not base64 of a type byte and a ${ED25519_KEY_SIZE}-byte Ed25519 seed`);
  if (typed[0] !== COSIGNATURE_V1_SIGNATURE_TYPE && typed[0] !== ED25519_SIGNATURE_TYPE) throw malformed(`${source}: unsupported signature type (0x04 or 0x01)`);
  const cosigner = new Cosigner(name, typed.subarray(1));
  // The ID is over the public key of the stated type, which only exists after derivation.
  const expected = computeKeyHash(name, Buffer.concat([Buffer.of(typed[0]!), cosigner.verifier.publicKey]));
  if (expected !== parseInt(id, 16)) throw malformed(`${source}: key ID ${id} does not match the key`);
  return cosigner;
}

/** Generates a witness key pair for `name`; keep `signerKey` secret, publish `verifierKey` (type 0x04). */
export function generateCosignerKey(name: string): { signerKey: string; verifierKey: string } {
  const seed = ed25519GenerateSeed();
  const cosigner = new Cosigner(name, seed);
  const typedSeed = Buffer.concat([Buffer.of(COSIGNATURE_V1_SIGNATURE_TYPE), seed]);
  return { signerKey: `PRIVATE+KEY+${name}+${hex32(cosigner.keyHash)}+${typedSeed.toString('base64')}`, verifierKey: cosigner.verifier.keyString };
}

/** One valid cosignature found on a note. */
export interface Cosignature {
  /** The witness key name. */
  name: string;
  /** The witness key ID (over 0x04 || key). */
  keyHash: number;
  /** When the witness cosigned, in POSIX seconds. */
  timestamp: number;
  /** The witness verifier key string that checked it. */
  verifierKey: string;
}

/** Options of {@link verifyCosignatures}. */
export interface VerifyCosignaturesOptions {
  /**
   * Latest acceptable timestamp (POSIX seconds); a later one is refused as a
   * cosignature "from the future" (the spec allows verifiers to). Unchecked when absent.
   */
  notAfter?: number;
}

/**
 * Verifies the cosignatures that the given witnesses made on a signed note
 * (usually a checkpoint) and returns one entry per witness that validly
 * cosigned it, in the order of `witnesses`. Lines by other keys (the log's
 * own signature, unknown witnesses) are ignored, as the signed-note spec
 * requires; this function does not check the log's signature (use
 * `verifyCheckpoint`), nor how many witnesses are enough (the caller's
 * policy). Throws VerificationError MALFORMED_INPUT for a malformed note or
 * witness key, and COSIGNATURE_INVALID when a line by a given witness does not
 * verify, is not a cosignature/v1, or is dated after `notAfter`.
 */
export function verifyCosignatures(noteText: string | Uint8Array, witnesses: ReadonlyArray<CosignatureVerifier | string>, options: VerifyCosignaturesOptions = {}): Cosignature[] {
  const parsed = parseNote(noteText);
  return checkLines(Buffer.from(parsed.text, 'utf8'), parsed.signatures, distinctWitnesses(witnesses), options);
}

/**
 * The witnesses as verifiers, each key once: a key listed twice counts once
 * (so it cannot count twice towards a quorum), and two different keys with
 * the same name and key ID are refused (MALFORMED_INPUT), since a line could
 * not say which of them made it.
 */
export function distinctWitnesses(witnesses: ReadonlyArray<CosignatureVerifier | string>): CosignatureVerifier[] {
  if (!Array.isArray(witnesses)) throw malformed('witnesses must be an array of verifier keys');
  const byId = new Map<string, CosignatureVerifier>();
  for (const w of witnesses) {
    const verifier = typeof w === 'string' ? parseCosignatureVerifierKey(w) : w;
    const id = `${verifier.name} ${verifier.keyHash}`;
    const prior = byId.get(id);
    if (prior === undefined) byId.set(id, verifier);
    else if (!prior.publicKey.equals(verifier.publicKey)) throw malformed(`two different witness keys are named ${verifier.name}+${hex32(verifier.keyHash)}`);
  }
  return [...byId.values()];
}

/**
 * Verifies a witness's add-checkpoint response body (cosignature lines, see
 * c2sp.org/tlog-witness) against the checkpoint body it was asked to cosign.
 * Returns the valid cosignature lines by `witness` (each ending in a newline)
 * and their metadata. Throws MALFORMED_INPUT for a body that is not signature
 * lines and COSIGNATURE_INVALID when the witness's line does not verify over
 * this checkpoint, or when the body has no line by this witness.
 */
export function verifyCosignatureResponse(checkpointBody: string, responseBody: string, witness: CosignatureVerifier | string, options: VerifyCosignaturesOptions = {}): { lines: string[]; cosignatures: Cosignature[] } {
  const verifier = typeof witness === 'string' ? parseCosignatureVerifierKey(witness) : witness;
  const lines = parseSignatureBlock(responseBody);
  const cosignatures = checkLines(Buffer.from(checkpointBody, 'utf8'), lines, [verifier], options);
  if (cosignatures.length === 0) {
    throw new VerificationError('COSIGNATURE_INVALID', `the response carries no cosignature by witness ${verifier.name}+${hex32(verifier.keyHash)}`);
  }
  const mine = lines.filter((l) => l.name === verifier.name && l.keyHash === verifier.keyHash);
  return { lines: mine.map((l) => `${SIGNATURE_LINE_PREFIX}${l.name} ${l.base64}\n`), cosignatures };
}

/**
 * Appends cosignature lines to a signed note, skipping lines it already
 * carries. The result is a valid note only if `lines` are valid signature
 * lines (check them with {@link verifyCosignatureResponse} first).
 */
export function addCosignatures(signedNote: string, lines: readonly string[]): string {
  const parsed = parseNote(signedNote);
  const present = new Set(parsed.signatures.map((s) => `${s.name} ${s.base64}`));
  let out = signedNote;
  for (const line of lines) {
    const [sig] = parseSignatureBlock(line.endsWith('\n') ? line : `${line}\n`);
    if (!sig || present.has(`${sig.name} ${sig.base64}`)) continue;
    present.add(`${sig.name} ${sig.base64}`);
    out += `${SIGNATURE_LINE_PREFIX}${sig.name} ${sig.base64}\n`;
  }
  // Re-parse: never hand back a note with more lines than a verifier accepts.
  parseNote(out);
  return out;
}

function checkLines(message: Buffer, lines: readonly ParsedSignatureLine[], verifiers: readonly CosignatureVerifier[], options: VerifyCosignaturesOptions): Cosignature[] {
  const found = new Map<CosignatureVerifier, Cosignature>();
  for (const line of lines) {
    for (const verifier of verifiers) {
      if (line.name !== verifier.name || line.keyHash !== verifier.keyHash) continue;
      const who = `${verifier.name}+${hex32(verifier.keyHash)}`;
      if (line.signature.length !== COSIGNATURE_V1_SIZE) {
        throw invalid(`cosignature line ${line.lineNumber} by witness ${who} has ${line.signature.length} signature bytes, a cosignature/v1 has ${COSIGNATURE_V1_SIZE}`);
      }
      const timestamp = readTimestamp(line.signature);
      if (timestamp === null) throw invalid(`cosignature line ${line.lineNumber} by witness ${who} has a timestamp beyond ${MAX_TIMESTAMP}`);
      if (!verifier.verify(message, line.signature)) {
        throw invalid(`cosignature line ${line.lineNumber} by witness ${who} does not verify over this checkpoint`);
      }
      if (options.notAfter !== undefined && timestamp > options.notAfter) {
        throw invalid(`cosignature line ${line.lineNumber} by witness ${who} is dated ${timestamp}, after ${options.notAfter}`);
      }
      if (!found.has(verifier)) found.set(verifier, { name: verifier.name, keyHash: verifier.keyHash, timestamp, verifierKey: verifier.keyString });
    }
  }
  return verifiers.flatMap((v) => found.get(v) ?? []);
}

function readTimestamp(signature: Buffer): number | null {
  const t = signature.readBigUInt64BE(0);
  return t > BigInt(MAX_TIMESTAMP) ? null : Number(t);
}

function isTimestamp(t: unknown): t is number {
  return typeof t === 'number' && Number.isSafeInteger(t) && t >= 0;
}

function typedKey(publicKey: Buffer): Buffer {
  return Buffer.concat([Buffer.of(COSIGNATURE_V1_SIGNATURE_TYPE), publicKey]);
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function malformed(message: string): VerificationError {
  return new VerificationError('MALFORMED_INPUT', message);
}

function invalid(message: string): VerificationError {
  return new VerificationError('COSIGNATURE_INVALID', message);
}
