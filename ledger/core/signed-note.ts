/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, in the
 * exact format of Go's golang.org/x/mod/sumdb/note, so checkpoints we sign
 * open with standard tools and theirs open here:
 *
 *     <text ending in newline>
 *     <blank line>
 *     — <key name> base64(key ID (4 bytes, big-endian) || signature)
 *
 * A note is attacker-controlled input: opening it checks the encoding, every
 * signature line, and the signatures of every known key, and fails unless at
 * least one trusted key signed it. Nothing here reads a database.
 */
import { VerificationError } from '../../common/errors';
import { sha256Bytes } from './hash';
import { ED25519_KEY_SIZE, ed25519Verifier } from './crypto-primitives';

export { ED25519_KEY_SIZE, ED25519_SIGNATURE_SIZE } from './crypto-primitives';

/** Signature type identifier byte of Ed25519 (c2sp.org/signed-note, "Signature types"). */
export const ED25519_SIGNATURE_TYPE = 0x01;
/** Most signature lines we parse; the spec asks for at least 16, Go's note package allows 100. */
export const MAX_NOTE_SIGNATURES = 100;
/** Start of every signature line: em dash (U+2014) and a space. */
export const SIGNATURE_LINE_PREFIX = '\u2014 ';

// Go's unicode.IsSpace: key names may contain none of these (nor '+').
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CANONICAL_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX_KEY_ID = /^[0-9a-fA-F]{8}$/;

/** Signs note texts with one key. */
export interface NoteSigner {
  /** Key name, as on the signature line. */
  readonly name: string;
  /** 32-bit key ID (key hash). */
  readonly keyHash: number;
  /** Signs the message bytes (the note text). */
  sign(message: Buffer): Buffer;
}

/** Verifies signatures of one known key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyHash: number;
  /** True when `signature` is this key's valid signature of `message`. */
  verify(message: Buffer, signature: Buffer): boolean;
}

/** One signature line of a note. */
export interface NoteSignature {
  name: string;
  keyHash: number;
  /** The base64 field of the line: key ID and signature. */
  base64: string;
}

/** A note whose signatures were checked. */
export interface OpenedNote {
  /** The signed text, including its final newline. */
  text: string;
  /** Signatures by known keys, all verified. */
  signatures: NoteSignature[];
  /** Signatures by keys we were not given (ignored, as the spec requires). */
  unverifiedSignatures: NoteSignature[];
}

/** True when `name` is a valid key name: non-empty, well-formed, without Unicode spaces, '+' or control characters. */
export function isValidKeyName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && !UNICODE_SPACE.test(name) && !name.includes('+')
    && !CONTROL.test(name) && !LONE_SURROGATE.test(name);
}

/**
 * The key ID: the first 4 bytes, big-endian, of SHA-256(name || 0x0A ||
 * signature type || public key) (c2sp.org/signed-note, "Signatures").
 * `typedKey` is the signature type byte followed by the public key.
 */
export function computeKeyHash(name: string, typedKey: Uint8Array): number {
  return sha256Bytes(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), typedKey])).readUInt32BE(0);
}

/** An Ed25519 verifier built from a raw public key. */
export class Ed25519NoteVerifier implements NoteVerifier {
  readonly keyHash: number;
  private readonly check: (message: Uint8Array, signature: Uint8Array) => boolean;

  /** Requires a valid key name and a 32-byte public key; throws MALFORMED_INPUT otherwise. */
  constructor(readonly name: string, readonly publicKey: Buffer) {
    if (!isValidKeyName(name)) throw malformed(`invalid key name ${JSON.stringify(String(name).slice(0, 80))}`);
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_KEY_SIZE) {
      throw malformed(`an Ed25519 public key has ${ED25519_KEY_SIZE} bytes`);
    }
    this.publicKey = Buffer.from(publicKey);
    this.keyHash = computeKeyHash(name, Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), publicKey]));
    try {
      this.check = ed25519Verifier(publicKey);
    } catch (cause) {
      throw new VerificationError('MALFORMED_INPUT', 'not an Ed25519 public key', { cause });
    }
  }

  /** The verifier key string `<name>+<key ID hex>+<base64(0x01 || key)>` (c2sp.org/signed-note, "Verifier keys"). */
  get keyString(): string {
    return formatVerifierKey(this.name, this.publicKey);
  }

  /** True when `signature` is a valid Ed25519 signature of `message` by this key. */
  verify(message: Buffer, signature: Buffer): boolean {
    return this.check(message, signature);
  }

  /** The key string, so a verifier prints as what configures it. */
  toString(): string {
    return this.keyString;
  }
}

/** Formats the verifier key string of an Ed25519 public key. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const typed = Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), publicKey]);
  return `${name}+${hex32(computeKeyHash(name, typed))}+${typed.toString('base64')}`;
}

/**
 * Parses a verifier key `<name>+<8 hex digits>+<base64(0x01 || 32-byte key)>`
 * as Go's note.NewVerifier does; throws VerificationError MALFORMED_INPUT
 * when it is malformed, of another algorithm, or its key ID does not match.
 */
export function parseVerifierKey(vkey: string): Ed25519NoteVerifier {
  if (typeof vkey !== 'string') throw malformed('a verifier key is a string');
  // The base64 key may itself contain '+': only the first two separate fields.
  const fields = cutFields(vkey, 3);
  if (!fields) throw malformed('a verifier key has the form <name>+<key id hex>+<base64 key>');
  const [name, id, key64] = fields as [string, string, string];
  if (!isValidKeyName(name)) throw malformed(`verifier key has an invalid key name ${JSON.stringify((name as string).slice(0, 80))}`);
  if (!HEX_KEY_ID.test(id)) throw malformed(`verifier key ${name}: key ID must be 8 hex digits`);
  const typed = decodeCanonicalBase64(key64);
  if (!typed || typed.length === 0) throw malformed(`verifier key ${name}: key is not canonical base64`);
  if (computeKeyHash(name, typed) !== parseInt(id, 16)) throw malformed(`verifier key ${name}: key ID ${id} does not match the key`);
  if (typed[0] !== ED25519_SIGNATURE_TYPE) throw malformed(`verifier key ${name}: unsupported signature type 0x${hex8(typed[0]!)} (only Ed25519, 0x01)`);
  if (typed.length !== 1 + ED25519_KEY_SIZE) throw malformed(`verifier key ${name}: an Ed25519 key has ${ED25519_KEY_SIZE} bytes, got ${typed.length - 1}`);
  return new Ed25519NoteVerifier(name, typed.subarray(1));
}

/**
 * Signs `text` (which must end in a newline and be valid note text) with each
 * signer, returning the signed note. Throws MALFORMED_INPUT for text or key
 * names that would not make a valid note.
 */
export function signNote(text: string, signers: NoteSigner | readonly NoteSigner[]): string {
  const list = Array.isArray(signers) ? signers : [signers as NoteSigner];
  checkNoteText(text);
  if (!text.endsWith('\n')) throw malformed('note text must end with a newline');
  if (list.length === 0) throw malformed('a note needs at least one signer');
  if (list.length > MAX_NOTE_SIGNATURES) throw malformed(`a note carries at most ${MAX_NOTE_SIGNATURES} signatures`);
  const message = Buffer.from(text, 'utf8');
  const lines = list.map((signer) => {
    if (!isValidKeyName(signer.name)) throw malformed(`invalid signer key name ${JSON.stringify(String(signer.name).slice(0, 80))}`);
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyHash >>> 0);
    const signature = Buffer.concat([id, signer.sign(message)]);
    return `${SIGNATURE_LINE_PREFIX}${signer.name} ${signature.toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Opens a signed note: checks its syntax and verifies the signature of every
 * known key (`verifiers`, parsed or as verifier key strings). Throws
 * VerificationError MALFORMED_INPUT for a malformed note and
 * SIGNATURE_INVALID when a known key's signature fails or no known key signed.
 */
export function openNote(note: string | Uint8Array, verifiers: ReadonlyArray<NoteVerifier | string>): OpenedNote {
  const { text, signatures: lines } = parseNote(note);
  const known = verifierIndex(verifiers);
  const message = Buffer.from(text, 'utf8');
  const opened: OpenedNote = { text, signatures: [], unverifiedSignatures: [] };
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  for (const { name, keyHash, base64, signature, lineNumber } of lines) {
    const key = indexKey(name, keyHash);
    const verifier = known.get(key);
    if (verifier === undefined) {
      // Unknown keys are ignored (c2sp.org/signed-note, "Signatures"), but kept for the caller to see.
      const line = `${name} ${base64}`;
      if (!seenUnverified.has(line)) opened.unverifiedSignatures.push({ name, keyHash, base64 });
      seenUnverified.add(line);
      continue;
    }
    if (verifier === 'ambiguous') throw new VerificationError('SIGNATURE_INVALID', `several different verifier keys are named ${name}+${hex32(keyHash)}`);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!verifier.verify(message, signature)) {
      throw new VerificationError('SIGNATURE_INVALID', `invalid signature by key ${name}+${hex32(keyHash)} (signature line ${lineNumber})`);
    }
    opened.signatures.push({ name, keyHash, base64 });
  }
  if (opened.signatures.length === 0) {
    const by = opened.unverifiedSignatures.map((s) => `${s.name.slice(0, 80)}+${hex32(s.keyHash)}`).join(', ');
    throw new VerificationError('SIGNATURE_INVALID', `note has no signature by a trusted key (signed by: ${by})`);
  }
  return opened;
}

/** One signature line of a note, decoded but not yet verified. */
export interface ParsedSignatureLine extends NoteSignature {
  /** The signature bytes after the 4-byte key ID. */
  signature: Buffer;
  /** 1-based position among the note's signature lines. */
  lineNumber: number;
}

/** A note split into its signed text and its signature lines. */
export interface ParsedNote {
  /** The signed text, including its final newline. */
  text: string;
  signatures: ParsedSignatureLine[];
}

/**
 * Splits a note into its text and decoded signature lines, checking the
 * syntax only (no signature is verified, none is required). Throws
 * VerificationError MALFORMED_INPUT for a malformed note.
 */
export function parseNote(note: string | Uint8Array): ParsedNote {
  const msg = typeof note === 'string' ? note : decodeUtf8(note);
  checkNoteText(msg);
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw malformed('note has no blank line before its signatures');
  const text = msg.slice(0, split + 1);
  return { text, signatures: parseSignatureBlock(msg.slice(split + 2)) };
}

/**
 * Decodes a block of signature lines (each `— <name> <base64>` ending in a
 * newline), as found after a note's blank line or in a witness's response.
 * Throws VerificationError MALFORMED_INPUT for an empty or malformed block.
 */
export function parseSignatureBlock(block: string): ParsedSignatureLine[] {
  checkNoteText(block);
  if (block === '' || !block.endsWith('\n')) throw malformed('note must end with signature lines, each ending in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`note has ${lines.length} signature lines, more than ${MAX_NOTE_SIGNATURES}`);
  return lines.map((line, i) => ({ ...parseSignatureLine(line, i + 1), lineNumber: i + 1 }));
}

/** Decodes standard padded base64 (RFC 4648 section 4) only in its canonical spelling; null otherwise. */
export function decodeCanonicalBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !CANONICAL_BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  // Node's decoder is lenient (ignores stray bits and characters); re-encoding
  // rejects every other spelling of the same bytes.
  return bytes.toString('base64') === text ? bytes : null;
}

/**
 * Splits a key string into `count` fields at the first `count - 1` plus signs;
 * the last field keeps any further ones (base64 uses '+'). Null when there
 * are too few. @internal
 */
export function cutFields(text: string, count: number): string[] | null {
  const fields: string[] = [];
  let rest = text;
  for (let i = 0; i < count - 1; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return null;
    fields.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  fields.push(rest);
  return fields;
}

function parseSignatureLine(line: string, lineNo: number): { name: string; keyHash: number; base64: string; signature: Buffer } {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) throw malformed(`signature line ${lineNo} does not start with an em dash and a space`);
  const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw malformed(`signature line ${lineNo} has no space between key name and signature`);
  const name = rest.slice(0, space);
  const base64 = rest.slice(space + 1);
  if (!isValidKeyName(name)) throw malformed(`signature line ${lineNo} has an invalid key name`);
  const raw = decodeCanonicalBase64(base64);
  // Key ID plus at least one signature byte, as Go's note.Open requires.
  if (!raw || raw.length < 5) throw malformed(`signature line ${lineNo} does not carry base64 key ID and signature`);
  return { name, keyHash: raw.readUInt32BE(0), base64, signature: raw.subarray(4) };
}

function verifierIndex(verifiers: ReadonlyArray<NoteVerifier | string>): Map<string, NoteVerifier | 'ambiguous'> {
  if (!Array.isArray(verifiers)) throw malformed('verifiers must be an array');
  const index = new Map<string, NoteVerifier | 'ambiguous'>();
  const keyStrings = new Map<string, string>();
  for (const v of verifiers) {
    const verifier = typeof v === 'string' ? parseVerifierKey(v) : v;
    const key = indexKey(verifier.name, verifier.keyHash);
    const identity = verifier instanceof Ed25519NoteVerifier ? verifier.keyString : undefined;
    const prior = index.get(key);
    if (prior === undefined) {
      index.set(key, verifier);
      if (identity) keyStrings.set(key, identity);
    } else if (prior === verifier || (identity !== undefined && keyStrings.get(key) === identity)) {
      continue; // The same key listed twice.
    } else {
      // Two keys with the same name and ID: only an error if a signature needs one (as Go).
      index.set(key, 'ambiguous');
    }
  }
  return index;
}

function checkNoteText(text: string): void {
  if (typeof text !== 'string') throw malformed('a note is text');
  // c2sp.org/signed-note, "Format": valid UTF-8, no control characters but newline.
  if (LONE_SURROGATE.test(text)) throw malformed('note is not valid UTF-8');
  if (CONTROL_EXCEPT_NEWLINE.test(text)) throw malformed('note contains a control character other than newline');
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw malformed('note is not valid UTF-8');
  }
}

function indexKey(name: string, keyHash: number): string {
  return `${name} ${keyHash}`;
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function hex8(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function malformed(message: string): VerificationError {
  return new VerificationError('MALFORMED_INPUT', message);
}
