#!/usr/bin/env node
/**
 * Standalone verifier of a published synthledger bundle (DESIGN 4.3).
 *
 *     node verify-bundle.mjs <bundle-dir> --trusted-key <verifier key> [--json]
 *     node verify-bundle.mjs <bundle-dir> --trust-file <trust.json> [--json]
 *     node verify-bundle.mjs <manifest.json> --receipt <receipt.json> --public-key <key file> [--json]
 *
 * Trust comes only from the reader: --trusted-key (repeatable), --trust-file
 * (trust-policy-v1), --public-key (a file holding a key obtained out of band)
 * or SYNTHLEDGER_TRUSTED_KEYS. The key a bundle ships (public-key.txt, the
 * receipt's publicKey) is never trusted: with no trust root the result is
 * UNTRUSTED, never OK.
 *
 * One file, Node.js built-ins only, so a reader can copy it out of a bundle,
 * read it in one sitting and run it without installing anything. It does NOT
 * import the synthledger library: every algorithm is reimplemented here from
 * the specifications, so a bug in the library cannot hide in both places.
 *
 *   - RFC 8785 (JSON Canonicalization Scheme):  https://www.rfc-editor.org/rfc/rfc8785
 *   - RFC 9162 section 2.1 (Merkle tree hash, inclusion proofs):
 *                                                https://www.rfc-editor.org/rfc/rfc9162#section-2.1
 *   - C2SP tlog-checkpoint (checkpoint body):    https://c2sp.org/tlog-checkpoint
 *   - C2SP signed-note (signatures, key format): https://c2sp.org/signed-note
 *   - RFC 8032 (Ed25519), via node:crypto
 *
 * docs/VERIFYING.md describes the algorithm step by step with a worked example.
 *
 * Every byte of the bundle is attacker-controlled: files are size-limited,
 * JSON is parsed by a strict parser (no duplicate member names, no lone
 * surrogates, bounded depth), artifact names cannot leave the bundle
 * directory, and text from the bundle is escaped before it is printed. No
 * input makes this program throw: every problem becomes a FAIL line.
 *
 * Exit status: 0 when every step passes with a trusted key, 1 when any step
 * fails, 2 on a usage error or a bad trust file, 6 when every step passes but
 * only with the key the bundle names itself (UNTRUSTED).
 */
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------
// Constants of the specifications and of the contracts.

/** Prefix of every content hash in the contracts (DESIGN 4): `sha256:` + 64 lowercase hex digits. */
export const HASH_PREFIX = 'sha256:';
const HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** Leaf hash input prefix: MTH({d(0)}) = SHA-256(0x00 || d(0)) (RFC 9162 section 2.1.1). */
export const LEAF_PREFIX = 0x00;
/** Interior node hash input prefix: SHA-256(0x01 || left || right) (RFC 9162 section 2.1.1). */
export const NODE_PREFIX = 0x01;
/** Bytes of a SHA-256 digest, hence of every tree hash. */
export const HASH_SIZE = 32;
/** Signature type byte of Ed25519 in note keys (c2sp.org/signed-note, "Signature types"). */
export const ED25519_SIGNATURE_TYPE = 0x01;
/** Every signature line starts with an em dash (U+2014) and a space (c2sp.org/signed-note, "Format"). */
export const SIGNATURE_LINE_PREFIX = '\u2014 ';
const ED25519_KEY_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
// Go's note.Open gives up after 100 signature lines; so do we.
const MAX_NOTE_SIGNATURES = 100;
// SubjectPublicKeyInfo DER prefix of a raw Ed25519 public key (RFC 8410 section 4),
// because node:crypto only imports keys in a container format.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Contract names this verifier understands (DESIGN 4.2, 4.3). */
export const MANIFEST_CONTRACT = 'paper-manifest-v1.1';
export const RECEIPT_CONTRACT = 'receipt-v1';
/** Contract of the reader's trust file. */
export const TRUST_POLICY_CONTRACT = 'trust-policy-v1';
/** Environment variable holding trusted verifier keys, separated by commas or whitespace. */
export const TRUSTED_KEYS_ENV = 'SYNTHLEDGER_TRUSTED_KEYS';
/** First line of a key rotation statement (see the library's ledger/core/key-rotation.ts). */
export const KEY_ROTATION_HEADER = 'synthledger key rotation v1';
/** Exit status when every check passed but only with the bundle's own key. */
export const EXIT_UNTRUSTED = 6;

/** Standard file names inside a bundle directory. */
export const BUNDLE_FILES = Object.freeze({ manifest: 'manifest.json', receipt: 'receipt.json', publicKey: 'public-key.txt' });

// Limits far above any real bundle, so hostile input cannot exhaust memory or stack.
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
const MAX_RECEIPT_BYTES = 1024 * 1024;
const MAX_PUBLIC_KEY_BYTES = 4096;
const MAX_TRUST_FILE_BYTES = 256 * 1024;
const MAX_JSON_DEPTH = 128;
const MAX_PROOF_HASHES = 64; // A tree of at most 2^64 leaves (receipt-v1 schema: maxItems 64).
const READ_CHUNK = 1024 * 1024;

// Go's unicode.IsSpace: key names contain none of these (nor '+').
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const CANONICAL_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ARTIFACT_NAME = /^[A-Za-z0-9._-]+$/;
// RFC 3339 date-time (section 5.6), as JSON Schema's "date-time" format.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The names of the verification steps, in the order they run. */
export const STEPS = Object.freeze(['readBundle', 'checkShapes', 'checkManifestHash', 'checkArtifacts', 'checkCheckpointSignature', 'checkInclusion']);

/**
 * A failed check. `code` uses the library's VerificationError codes
 * (HASH_MISMATCH, PROOF_MISMATCH, …) so both verifiers can be compared.
 */
export class CheckFailure extends Error {
  /** Builds a failure with a stable code and a message naming what did not match. */
  constructor(code, message) {
    super(message);
    this.name = 'CheckFailure';
    this.code = code;
  }
}

function fail(code, message) {
  return new CheckFailure(code, message);
}

// ---------------------------------------------------------------------------
// Printing attacker-controlled text.

/**
 * Quotes untrusted text for a message: JSON string syntax, truncated, with
 * C1 controls, DEL and bidirectional overrides escaped too, so a hostile
 * bundle cannot send terminal escape sequences or reorder what is shown.
 */
export function show(value, max = 120) {
  const s = typeof value === 'string' ? value : String(value);
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Like {@link show} without the quotes, for values already checked to be key names. */
function safe(value, max = 120) {
  return show(value, max).slice(1, -1);
}

function typeName(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

// ---------------------------------------------------------------------------
// Strict JSON (RFC 8259 grammar, I-JSON restrictions of RFC 7493).

/**
 * Parses JSON text strictly: RFC 8259 grammar only, no duplicate member names
 * (RFC 7493 section 2.3; parsers disagree on which duplicate wins, so a
 * manifest with duplicates could mean different things to different readers),
 * no lone surrogates (RFC 7493 section 2.1), finite numbers, depth at most 128.
 * Objects are created without a prototype so a `__proto__` member is just
 * data. Throws CheckFailure MALFORMED_INPUT naming the offset.
 */
export function parseJson(text, what = 'JSON') {
  if (typeof text !== 'string') throw fail('MALFORMED_INPUT', `${what} is not text`);
  let i = 0;
  const bad = (msg) => fail('MALFORMED_INPUT', `${what} is not valid JSON: ${msg} at offset ${i}`);
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const value = (depth) => {
    if (depth > MAX_JSON_DEPTH) throw bad(`nesting deeper than ${MAX_JSON_DEPTH}`);
    ws();
    const c = text[i];
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    throw bad(i >= text.length ? 'unexpected end of input' : `unexpected character ${show(c)}`);
  };
  const object = (depth) => {
    const out = Object.create(null);
    const names = new Set();
    i++; // '{'
    ws();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') throw bad('expected a member name');
      const name = string();
      if (names.has(name)) throw bad(`duplicate member name ${show(name, 60)}`);
      names.add(name);
      ws();
      if (text[i] !== ':') throw bad('expected ":"');
      i++;
      out[name] = value(depth + 1);
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      throw bad('expected "," or "}"');
    }
  };
  const array = (depth) => {
    const out = [];
    i++; // '['
    ws();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(depth + 1));
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return out;
      }
      throw bad('expected "," or "]"');
    }
  };
  const ESCAPES = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  const string = () => {
    const start = i;
    i++; // opening quote
    let out = '';
    let run = i;
    for (;;) {
      if (i >= text.length) throw bad('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) throw bad('unescaped control character in a string');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(run, i);
      const e = text[i + 1];
      if (e === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw bad('invalid \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
        out += ESCAPES[e];
        i += 2;
      } else {
        throw bad('invalid escape');
      }
      run = i;
    }
    out += text.slice(run, i);
    i++; // closing quote
    if (LONE_SURROGATE.test(out)) {
      i = start;
      throw bad('string contains a lone UTF-16 surrogate (not I-JSON)');
    }
    return out;
  };
  const number = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m) throw bad('invalid number');
    const n = Number(m[0]);
    if (!Number.isFinite(n)) throw bad(`number ${show(m[0], 40)} is outside the IEEE 754 double range`);
    i += m[0].length;
    return n;
  };
  const result = value(0);
  ws();
  if (i !== text.length) throw bad('unexpected data after the JSON value');
  return result;
}

/** Decodes bytes as UTF-8 strictly (no replacement characters, no byte order mark); throws MALFORMED_INPUT. */
export function decodeUtf8(bytes, what) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw fail('MALFORMED_INPUT', `${what} is not valid UTF-8`);
  }
  if (text.charCodeAt(0) === 0xfeff) throw fail('MALFORMED_INPUT', `${what} starts with a byte order mark (RFC 8259 section 8.1 forbids it)`);
  return text;
}

// ---------------------------------------------------------------------------
// RFC 8785 canonical JSON and content hashes.

/**
 * Serializes a JSON value as RFC 8785 (JCS): no whitespace; object members
 * sorted by their names' UTF-16 code units (section 3.2.3), which is what
 * Array.prototype.sort does by default; numbers as ECMAScript
 * Number.prototype.toString (section 3.2.2.3), -0 as 0; strings with the
 * escapes of section 3.2.2.2, which are exactly JSON.stringify's for
 * well-formed strings. Throws MALFORMED_INPUT for anything outside I-JSON.
 */
export function canonicalize(value) {
  const out = [];
  const write = (v, path, depth) => {
    if (depth > MAX_JSON_DEPTH) throw fail('MALFORMED_INPUT', `${path}: nesting deeper than ${MAX_JSON_DEPTH}`);
    if (v === null) return void out.push('null');
    switch (typeof v) {
      case 'boolean':
        return void out.push(v ? 'true' : 'false');
      case 'number':
        if (!Number.isFinite(v)) throw fail('MALFORMED_INPUT', `${path}: ${String(v)} is not a JSON number`);
        return void out.push(Object.is(v, -0) ? '0' : String(v));
      case 'string':
        if (LONE_SURROGATE.test(v)) throw fail('MALFORMED_INPUT', `${path}: string contains a lone UTF-16 surrogate`);
        return void out.push(JSON.stringify(v));
      case 'object':
        break;
      default:
        throw fail('MALFORMED_INPUT', `${path}: a ${typeof v} is not a JSON value`);
    }
    if (Array.isArray(v)) {
      out.push('[');
      for (let k = 0; k < v.length; k++) {
        if (k > 0) out.push(',');
        write(v[k], `${path}[${k}]`, depth + 1);
      }
      return void out.push(']');
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== null && proto !== Object.prototype) throw fail('MALFORMED_INPUT', `${path}: not a plain JSON object`);
    const names = Object.keys(v).sort();
    out.push('{');
    names.forEach((name, k) => {
      if (LONE_SURROGATE.test(name)) throw fail('MALFORMED_INPUT', `${path}: member name contains a lone UTF-16 surrogate`);
      if (k > 0) out.push(',');
      out.push(JSON.stringify(name), ':');
      write(v[name], `${path}.${name}`, depth + 1);
    });
    out.push('}');
  };
  write(value, '$', 0);
  return out.join('');
}

/** SHA-256 of bytes (a string is hashed as its UTF-8 encoding), as a Buffer. */
export function sha256(data) {
  return createHash('sha256').update(data).digest();
}

/** The content hash `sha256:<64 lowercase hex>` of bytes or of a string's UTF-8 encoding (DESIGN 4). */
export function contentHash(data) {
  return HASH_PREFIX + sha256(data).toString('hex');
}

/** `sha256(JCS(value))`: the manifest hash, the entry hash (DESIGN 4.1, 4.2). */
export function hashJson(value) {
  return contentHash(canonicalize(value));
}

// ---------------------------------------------------------------------------
// RFC 9162 Merkle tree.

/** The RFC 9162 leaf hash SHA-256(0x00 || leaf) of a leaf's raw bytes (section 2.1.1). */
export function leafHash(leaf) {
  return sha256(Buffer.concat([Buffer.of(LEAF_PREFIX), leaf]));
}

/** The RFC 9162 interior node hash SHA-256(0x01 || left || right) (section 2.1.1). */
export function nodeHash(left, right) {
  return sha256(Buffer.concat([Buffer.of(NODE_PREFIX), left, right]));
}

/**
 * The root implied by an inclusion proof of `leafHashBytes` at `leafIndex` in
 * a tree of `treeSize` leaves, by the algorithm of RFC 9162 section 2.1.3.2
 * verbatim (a proof of the wrong length fails inside it). Sizes are safe
 * integers; the bit arithmetic uses BigInt because JavaScript's bit operators
 * truncate to 32 bits. Throws PROOF_MISMATCH or MALFORMED_INPUT.
 */
export function rootFromInclusionProof(leafHashBytes, leafIndex, treeSize, proof) {
  for (const [v, what] of [[leafIndex, 'leaf index'], [treeSize, 'tree size']]) {
    if (!Number.isSafeInteger(v) || v < 0) throw fail('MALFORMED_INPUT', `${what} must be a non-negative safe integer, got ${show(String(v), 40)}`);
  }
  if (!(leafHashBytes instanceof Uint8Array) || leafHashBytes.length !== HASH_SIZE) throw fail('MALFORMED_INPUT', 'leaf hash must be 32 bytes');
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_HASHES) throw fail('MALFORMED_INPUT', `inclusion proof must be a list of at most ${MAX_PROOF_HASHES} hashes`);
  proof.forEach((p, k) => {
    if (!(p instanceof Uint8Array) || p.length !== HASH_SIZE) throw fail('MALFORMED_INPUT', `inclusion proof hash ${k} must be 32 bytes`);
  });
  // Step 1: leaf_index must be below tree_size.
  if (leafIndex >= treeSize) throw fail('PROOF_MISMATCH', `leaf index ${leafIndex} is not below the tree size ${treeSize}`);
  // Step 2: fn = leaf_index, sn = tree_size - 1, r = leaf hash.
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize) - 1n;
  let r = Buffer.from(leafHashBytes);
  // Step 3: fold in each proof hash.
  for (const p of proof) {
    if (sn === 0n) throw fail('PROOF_MISMATCH', `inclusion proof has ${proof.length} hashes, more than the path from leaf ${leafIndex} to the root of a tree of ${treeSize}`);
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      // The node is the right edge with no sibling at these levels: climb past them.
      if ((fn & 1n) === 0n) {
        do {
          fn >>= 1n;
          sn >>= 1n;
        } while ((fn & 1n) === 0n && fn !== 0n);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // Step 4: the proof must have reached the root.
  if (sn !== 0n) throw fail('PROOF_MISMATCH', `inclusion proof has ${proof.length} hashes, fewer than the path from leaf ${leafIndex} to the root of a tree of ${treeSize}`);
  return r;
}

/** Checks an RFC 9162 inclusion proof against `root`; throws PROOF_MISMATCH naming both roots. */
export function verifyInclusion(leafHashBytes, leafIndex, treeSize, proof, root) {
  if (!(root instanceof Uint8Array) || root.length !== HASH_SIZE) throw fail('MALFORMED_INPUT', 'root must be 32 bytes');
  const r = rootFromInclusionProof(leafHashBytes, leafIndex, treeSize, proof);
  if (!r.equals(Buffer.from(root))) {
    throw fail('PROOF_MISMATCH', `inclusion proof of leaf ${leafIndex} in a tree of ${treeSize} leads to root ${r.toString('hex')}, not the checkpoint root ${Buffer.from(root).toString('hex')}`);
  }
}

// ---------------------------------------------------------------------------
// C2SP signed notes and tlog checkpoints.

/** Decodes standard padded base64 (RFC 4648 section 4) only in its one canonical spelling; null otherwise. */
export function decodeBase64(text) {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !CANONICAL_BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  // Node's decoder ignores stray bits; re-encoding rejects every other spelling.
  return bytes.toString('base64') === text ? bytes : null;
}

/** True for a valid note key name: non-empty, no Unicode space, no '+', no control character (c2sp.org/signed-note). */
export function isValidKeyName(name) {
  return typeof name === 'string' && name !== '' && !UNICODE_SPACE.test(name) && !name.includes('+') && !CONTROL.test(name) && !LONE_SURROGATE.test(name);
}

/**
 * The key hash (key ID): the first 4 bytes, big-endian, of
 * SHA-256(name || 0x0A || type byte || public key) (c2sp.org/signed-note, "Signatures").
 */
export function keyHash(name, typedKey) {
  return sha256(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), typedKey])).readUInt32BE(0);
}

function hex32(n) {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/**
 * Parses a verifier key `<name>+<key hash, 8 hex>+<base64(0x01 || 32-byte Ed25519 key)>`
 * (c2sp.org/signed-note, "Verifier keys"; Go's note.NewVerifier). The base64
 * part may contain '+', so only the first two '+' separate fields. Throws
 * MALFORMED_INPUT when the format, algorithm, length or key hash is wrong.
 */
export function parseVerifierKey(text) {
  if (typeof text !== 'string') throw fail('MALFORMED_INPUT', 'the public key is not text');
  const a = text.indexOf('+');
  const b = a < 0 ? -1 : text.indexOf('+', a + 1);
  if (b < 0) throw fail('MALFORMED_INPUT', `public key ${show(text, 80)} is not of the form <name>+<key hash hex>+<base64 key>`);
  const name = text.slice(0, a);
  const id = text.slice(a + 1, b);
  const key64 = text.slice(b + 1);
  if (!isValidKeyName(name)) throw fail('MALFORMED_INPUT', `public key has an invalid key name ${show(name, 80)}`);
  if (!/^[0-9a-fA-F]{8}$/.test(id)) throw fail('MALFORMED_INPUT', `public key ${show(name, 80)}: key hash ${show(id, 20)} is not 8 hex digits`);
  const typed = decodeBase64(key64);
  if (!typed || typed.length === 0) throw fail('MALFORMED_INPUT', `public key ${show(name, 80)}: key is not canonical base64`);
  const computed = keyHash(name, typed);
  if (computed !== parseInt(id, 16)) {
    throw fail('MALFORMED_INPUT', `public key ${show(name, 80)}: key hash ${id} does not match the key (SHA-256(name || "\\n" || key) starts with ${hex32(computed)})`);
  }
  if (typed[0] !== ED25519_SIGNATURE_TYPE) throw fail('MALFORMED_INPUT', `public key ${show(name, 80)}: signature type 0x${typed[0].toString(16).padStart(2, '0')} is not Ed25519 (0x01)`);
  if (typed.length !== 1 + ED25519_KEY_SIZE) throw fail('MALFORMED_INPUT', `public key ${show(name, 80)}: an Ed25519 key has 32 bytes, got ${typed.length - 1}`);
  const raw = typed.subarray(1);
  let key;
  try {
    key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    throw fail('MALFORMED_INPUT', `public key ${show(name, 80)}: not an Ed25519 public key`);
  }
  return {
    name,
    keyHash: parseInt(id, 16),
    publicKey: Buffer.from(raw),
    verify(message, signature) {
      if (signature.length !== ED25519_SIGNATURE_SIZE) return false;
      try {
        return cryptoVerify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

/**
 * Opens a C2SP signed note with one trusted verifier, as Go's note.Open does:
 * the note is UTF-8 without control characters other than newline; the text
 * ends at the last blank line ("\n\n"); each following line is
 * `— <name> <base64(4-byte key hash || signature)>` ending in a newline;
 * lines of unknown keys are ignored; the trusted key's signature must verify
 * over the text bytes (including its final newline). Returns
 * `{ text, signedBy }`; throws SIGNATURE_INVALID or MALFORMED_INPUT.
 */
export function openNote(note, verifiers) {
  const known = Array.isArray(verifiers) ? verifiers : [verifiers];
  if (typeof note !== 'string') throw fail('MALFORMED_INPUT', 'the checkpoint note is not text');
  if (LONE_SURROGATE.test(note)) throw fail('MALFORMED_INPUT', 'the checkpoint note is not valid UTF-8');
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw fail('MALFORMED_INPUT', 'the checkpoint note contains a control character other than newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw fail('MALFORMED_INPUT', 'the checkpoint note has no blank line before its signature lines');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) throw fail('MALFORMED_INPUT', 'the checkpoint note must end with signature lines, each ending in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw fail('MALFORMED_INPUT', `the checkpoint note has ${lines.length} signature lines, more than ${MAX_NOTE_SIGNATURES}`);
  const message = Buffer.from(text, 'utf8');
  const others = [];
  const verified = new Set();
  let signer = null;
  lines.forEach((line, k) => {
    const n = k + 1;
    if (!line.startsWith(SIGNATURE_LINE_PREFIX)) throw fail('MALFORMED_INPUT', `checkpoint signature line ${n} does not start with an em dash (U+2014) and a space`);
    const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space < 0) throw fail('MALFORMED_INPUT', `checkpoint signature line ${n} has no space between key name and signature`);
    const name = rest.slice(0, space);
    const raw = decodeBase64(rest.slice(space + 1));
    if (!isValidKeyName(name)) throw fail('MALFORMED_INPUT', `checkpoint signature line ${n} has an invalid key name ${show(name, 80)}`);
    if (!raw || raw.length < 5) throw fail('MALFORMED_INPUT', `checkpoint signature line ${n} is not base64 of a key hash and a signature`);
    const id = raw.readUInt32BE(0);
    const verifier = known.find((v) => v.name === name && v.keyHash === id);
    if (!verifier) {
      others.push(`${show(name, 80)}+${hex32(id)}`);
      return;
    }
    if (verified.has(verifier)) return; // Repeated signatures by one key are ignored, as in Go.
    if (!verifier.verify(message, raw.subarray(4))) {
      throw fail('SIGNATURE_INVALID', `the Ed25519 signature on checkpoint signature line ${n} by ${safe(name)}+${hex32(id)} does not verify over the checkpoint text with the public key`);
    }
    verified.add(verifier);
    signer ??= verifier;
  });
  if (!signer) {
    const wanted = known.map((v) => `${show(v.name, 80)}+${hex32(v.keyHash)}`).join(', ');
    throw fail('SIGNATURE_INVALID', `the checkpoint has no signature by the public key ${wanted || '(none)'} (signed by: ${others.join(', ') || 'nobody'})`);
  }
  return { text, signedBy: `${safe(signer.name)}+${hex32(signer.keyHash)}`, name: signer.name, keyHash: signer.keyHash };
}

/**
 * Parses a C2SP tlog-checkpoint body strictly: origin line, tree size in
 * decimal without leading zeros, standard base64 of the 32-byte root hash,
 * then optional non-empty extension lines, each line ending in a newline.
 * Returns `{ origin, treeSize, rootHash }`; throws CHECKPOINT_INVALID.
 */
export function parseCheckpointBody(text) {
  const bad = (msg) => fail('CHECKPOINT_INVALID', msg);
  if (typeof text !== 'string' || !text.endsWith('\n')) throw bad('checkpoint body must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw bad(`checkpoint body has ${lines.length} line(s); it needs origin, tree size and root hash`);
  const [origin, size, root, ...extensions] = lines;
  if (origin === '') throw bad('checkpoint line 1 (origin) is empty');
  if (CONTROL.test(text.replace(/\n/g, ''))) throw bad('checkpoint body contains control characters');
  if (!/^(0|[1-9][0-9]*)$/.test(size)) throw bad(`checkpoint line 2 (tree size) ${show(size, 40)} is not a decimal number without leading zeros`);
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) throw bad(`checkpoint line 2 (tree size) ${show(size, 40)} exceeds ${Number.MAX_SAFE_INTEGER}`);
  const rootHash = decodeBase64(root);
  if (!rootHash) throw bad(`checkpoint line 3 (root hash) ${show(root, 60)} is not canonical base64`);
  if (rootHash.length !== HASH_SIZE) throw bad(`checkpoint line 3 (root hash) decodes to ${rootHash.length} bytes, want ${HASH_SIZE}`);
  extensions.forEach((line, k) => {
    if (line === '') throw bad(`checkpoint line ${4 + k} (extension) is empty`);
  });
  return { origin, treeSize, rootHash };
}


// ---------------------------------------------------------------------------
// Witness cosignatures (C2SP tlog-cosignature, https://c2sp.org/tlog-cosignature).

/** Signature type byte of Ed25519 cosignature/v1 witness keys. */
export const COSIGNATURE_V1_SIGNATURE_TYPE = 0x04;
/** First line of the message a cosignature/v1 signs. */
export const COSIGNATURE_V1_HEADER = 'cosignature/v1';

/**
 * Parses a witness verifier key `<name>+<key hash hex>+<base64(0x04 || 32-byte Ed25519 key)>`;
 * the key hash is over the 0x04-typed key. Throws MALFORMED_INPUT.
 */
export function parseWitnessKey(text) {
  if (typeof text !== 'string') throw fail('MALFORMED_INPUT', 'a witness key is text');
  const a = text.indexOf('+');
  const b = a < 0 ? -1 : text.indexOf('+', a + 1);
  if (b < 0) throw fail('MALFORMED_INPUT', `witness key ${show(text, 80)} is not of the form <name>+<key hash hex>+<base64 key>`);
  const name = text.slice(0, a);
  const id = text.slice(a + 1, b);
  const typed = decodeBase64(text.slice(b + 1));
  if (!isValidKeyName(name)) throw fail('MALFORMED_INPUT', `witness key has an invalid key name ${show(name, 80)}`);
  if (!/^[0-9a-fA-F]{8}$/.test(id)) throw fail('MALFORMED_INPUT', `witness key ${show(name, 80)}: key hash is not 8 hex digits`);
  if (!typed || typed.length !== 1 + ED25519_KEY_SIZE || typed[0] !== COSIGNATURE_V1_SIGNATURE_TYPE) {
    throw fail('MALFORMED_INPUT', `witness key ${show(name, 80)}: not base64 of 0x04 and a 32-byte Ed25519 key (cosignature/v1)`);
  }
  if (keyHash(name, typed) !== parseInt(id, 16)) throw fail('MALFORMED_INPUT', `witness key ${show(name, 80)}: key hash ${id} does not match the key`);
  let key;
  try {
    key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, typed.subarray(1)]), format: 'der', type: 'spki' });
  } catch {
    throw fail('MALFORMED_INPUT', `witness key ${show(name, 80)}: not an Ed25519 public key`);
  }
  return {
    name, keyHash: parseInt(id, 16), publicKey: Buffer.from(typed.subarray(1)),
    verify(message, signature) {
      try {
        return signature.length === ED25519_SIGNATURE_SIZE && cryptoVerify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

/**
 * The witnesses among `witnesses` that validly cosigned the signed note:
 * a line `— <name> base64(key hash (4) || timestamp (8, big-endian) || Ed25519 signature (64))`
 * signing `cosignature/v1\ntime <timestamp>\n` followed by the note text.
 * Lines of other keys are ignored; a line by a listed witness that does not
 * verify is COSIGNATURE_INVALID. Returns `[{ name, keyHash, timestamp }]`.
 */
export function verifyCosignatures(note, witnesses) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw fail('MALFORMED_INPUT', 'the checkpoint note has no blank line before its signature lines');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2).replace(/\n$/, '').split('\n');
  const found = new Map();
  lines.forEach((line, k) => {
    if (!line.startsWith(SIGNATURE_LINE_PREFIX)) return;
    const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    const raw = decodeBase64(rest.slice(space + 1));
    if (space < 0 || !raw || raw.length < 4) return;
    const w = witnesses.find((v) => v.name === name && v.keyHash === raw.readUInt32BE(0));
    if (!w || found.has(w)) return;
    if (raw.length !== 4 + 8 + ED25519_SIGNATURE_SIZE) throw fail('COSIGNATURE_INVALID', `signature line ${k + 1} by witness ${safe(name)} is not a cosignature/v1 (${raw.length} bytes)`);
    const timestamp = raw.readBigUInt64BE(4);
    if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) throw fail('COSIGNATURE_INVALID', `signature line ${k + 1} by witness ${safe(name)} has an out-of-range timestamp`);
    const message = Buffer.from(`${COSIGNATURE_V1_HEADER}\ntime ${timestamp}\n${text}`, 'utf8');
    if (!w.verify(message, raw.subarray(12))) throw fail('COSIGNATURE_INVALID', `the cosignature on signature line ${k + 1} by witness ${safe(name)}+${hex32(w.keyHash)} does not verify over the checkpoint`);
    found.set(w, { name: w.name, keyHash: w.keyHash, timestamp: Number(timestamp) });
  });
  return [...found.values()];
}

// ---------------------------------------------------------------------------
// Trust roots: what the reader pins, never what the bundle ships.

function trustInvalid(problems) {
  return fail('TRUST_POLICY_INVALID', problems.join('; '));
}

function trustedKeyAt(text, path, source, problems) {
  try {
    const v = parseVerifierKey(typeof text === 'string' ? text.trim() : text);
    return { key: text.trim(), name: v.name, keyId: hex32(v.keyHash), source, fromTreeSize: 0, verifier: v };
  } catch (e) {
    problems.push(`${path}: not a verifier key <name>+<key id hex>+<base64 Ed25519 key>: ${e instanceof CheckFailure ? e.message : 'unreadable'}`);
    return null;
  }
}

function noteDuplicate(k, path, seen, problems) {
  const id = `${k.name}+${k.keyId}`;
  if (seen.has(id)) {
    problems.push(`${path}: key ${show(k.name, 80)}+${k.keyId} has the same name and key ID as ${seen.get(id)}`);
    return true;
  }
  seen.set(id, path);
  return false;
}

/**
 * Parses a trust file (trust-policy-v1, strict JSON):
 * `{ "contract": "trust-policy-v1", "logs": [{ "origin", "keys": [verifier key…] }],
 *    "witnesses": [{ "name", "key" }], "quorum": K }`. Throws CheckFailure
 * TRUST_POLICY_INVALID naming every bad field: unknown or missing members, a
 * key in the wrong format, two keys with the same name and key ID, a
 * duplicate origin, a witness named unlike its key, a quorum above the witnesses.
 */
export function parseTrustPolicy(text, what = 'trust file') {
  let doc;
  try {
    doc = parseJson(text, what);
  } catch (e) {
    throw trustInvalid([`$: ${e instanceof CheckFailure ? e.message : 'not JSON'}`]);
  }
  const problems = [];
  const allowed = ['contract', 'logs', 'witnesses', 'quorum'];
  if (!isObject(doc)) throw trustInvalid([`$: must be an object, got ${typeName(doc)}`]);
  for (const f of Object.keys(doc)) if (!allowed.includes(f)) problems.push(`$.${safe(f, 40)}: is not allowed in ${TRUST_POLICY_CONTRACT}`);
  if (doc.contract !== TRUST_POLICY_CONTRACT) problems.push(`$.contract: must be ${show(TRUST_POLICY_CONTRACT)}`);
  const logs = new Map();
  const seenKeys = new Map();
  if (!Array.isArray(doc.logs)) problems.push(`$.logs: must be an array, got ${typeName(doc.logs)}`);
  else doc.logs.forEach((log, i) => {
    const lp = `$.logs[${i}]`;
    if (!isObject(log)) return void problems.push(`${lp}: must be an object`);
    for (const f of Object.keys(log)) if (f !== 'origin' && f !== 'keys') problems.push(`${lp}.${safe(f, 40)}: is not allowed`);
    if (typeof log.origin !== 'string' || log.origin === '' || log.origin.length > 500) return void problems.push(`${lp}.origin: must be a string of 1 to 500 characters`);
    if (logs.has(log.origin)) return void problems.push(`${lp}.origin: origin ${show(log.origin, 100)} is listed twice`);
    if (!Array.isArray(log.keys) || log.keys.length === 0 || log.keys.length > 16) return void problems.push(`${lp}.keys: must be an array of 1 to 16 verifier keys`);
    const keys = [];
    log.keys.forEach((k, j) => {
      const kp = `${lp}.keys[${j}]`;
      const parsed = trustedKeyAt(k, kp, 'trust file', problems);
      if (parsed && !noteDuplicate(parsed, kp, seenKeys, problems)) keys.push(parsed);
    });
    logs.set(log.origin, keys);
  });
  const witnesses = [];
  const seenWitnesses = new Map();
  if (doc.witnesses !== undefined && !Array.isArray(doc.witnesses)) problems.push(`$.witnesses: must be an array, got ${typeName(doc.witnesses)}`);
  else (doc.witnesses ?? []).forEach((w, i) => {
    const wp = `$.witnesses[${i}]`;
    if (!isObject(w)) return void problems.push(`${wp}: must be an object`);
    for (const f of Object.keys(w)) if (f !== 'name' && f !== 'key') problems.push(`${wp}.${safe(f, 40)}: is not allowed`);
    let parsed;
    try {
      const v = parseWitnessKey(w.key);
      parsed = { name: v.name, keyId: hex32(v.keyHash), key: w.key, verifier: v };
    } catch (e) {
      return void problems.push(`${wp}.key: not a witness verifier key <name>+<key id hex>+<base64(0x04 || Ed25519 key)>: ${e instanceof CheckFailure ? e.message : 'unreadable'}`);
    }
    if (parsed.name !== w.name) return void problems.push(`${wp}.name: witness name ${show(String(w.name), 80)} is not the name of its key (${show(parsed.name, 80)})`);
    if (!noteDuplicate(parsed, `${wp}.key`, seenWitnesses, problems)) witnesses.push(parsed);
  });
  const quorum = doc.quorum ?? 0;
  if (!Number.isSafeInteger(quorum) || quorum < 0) problems.push('$.quorum: must be a non-negative integer');
  else if (quorum > (Array.isArray(doc.witnesses) ? doc.witnesses.length : 0)) problems.push(`$.quorum: quorum ${quorum} is more than the listed witnesses`);
  if (problems.length > 0) throw trustInvalid(problems);
  return { logs, anyOrigin: [], witnesses, quorum };
}

/**
 * Builds the reader's trust: a trust file's text, `--trusted-key` values,
 * the text of a `--public-key` file and the SYNTHLEDGER_TRUSTED_KEYS value.
 * Throws CheckFailure TRUST_POLICY_INVALID naming the option or field.
 */
export function buildTrust({ trustFileText, trustedKeys = [], publicKeyText, envKeys } = {}) {
  const trust = trustFileText === undefined ? { logs: new Map(), anyOrigin: [], witnesses: [], quorum: 0 } : parseTrustPolicy(trustFileText);
  const problems = [];
  const seen = new Map();
  for (const k of [...trust.logs.values()].flat()) seen.set(`${k.name}+${k.keyId}`, 'the trust file');
  const add = (text, path, source) => {
    const k = trustedKeyAt(text, path, source, problems);
    if (!k) return;
    const id = `${k.name}+${k.keyId}`;
    const prior = [...trust.logs.values()].flat().concat(trust.anyOrigin).find((p) => `${p.name}+${p.keyId}` === id);
    if (prior) {
      if (prior.verifier.publicKey.equals(k.verifier.publicKey)) return;
      return void problems.push(`${path}: key ${show(k.name, 80)}+${k.keyId} has the name and key ID of a different key from ${seen.get(id)}`);
    }
    seen.set(id, path);
    trust.anyOrigin.push(k);
  };
  trustedKeys.forEach((k, i) => add(k, trustedKeys.length === 1 ? '--trusted-key' : `--trusted-key[${i}]`, '--trusted-key'));
  if (publicKeyText !== undefined) add(publicKeyText, '--public-key', '--public-key');
  const fromEnv = (envKeys ?? '').split(/[\s,]+/).filter((k) => k !== '');
  fromEnv.forEach((k, i) => add(k, fromEnv.length === 1 ? TRUSTED_KEYS_ENV : `${TRUSTED_KEYS_ENV}[${i}]`, TRUSTED_KEYS_ENV));
  if (problems.length > 0) throw trustInvalid(problems);
  return trust;
}

/** `"<name>" (key id <hex>, from <source>)`, the name escaped. */
export function describeKey(k) {
  return `${show(k.name, 80)} (key id ${k.keyId}, from ${k.source})`;
}

/**
 * Opens a key rotation statement (a signed note: header line, `origin`,
 * `old`, `new`, `from` lines) whose `old` key is one of `trusted` and signed
 * it, and whose `new` key signed it too. Returns `{ rotation, parent }`;
 * throws CheckFailure.
 */
export function openKeyRotation(note, trusted) {
  if (typeof note !== 'string') throw fail('MALFORMED_INPUT', 'a key rotation statement is text');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw fail('MALFORMED_INPUT', 'a key rotation statement is a signed note');
  const text = note.slice(0, split + 1);
  const lines = text.slice(0, -1).split('\n');
  const m = lines.length === 5 && lines[0] === KEY_ROTATION_HEADER
    && /^origin (.+)$/.exec(lines[1]) && /^old (.+)$/.exec(lines[2]) && /^new (.+)$/.exec(lines[3]) && /^from (0|[1-9][0-9]*)$/.exec(lines[4]);
  if (!m) throw fail('MALFORMED_INPUT', 'not a key rotation statement');
  const rotation = { origin: lines[1].slice(7), oldKey: lines[2].slice(4), newKey: lines[3].slice(4), fromTreeSize: Number(lines[4].slice(5)) };
  if (!Number.isSafeInteger(rotation.fromTreeSize)) throw fail('MALFORMED_INPUT', 'key rotation tree size too large');
  const parent = trusted.find((t) => t.key === rotation.oldKey);
  if (!parent) throw fail('SIGNATURE_INVALID', `key rotation signed by ${show(rotation.oldKey, 100)}, which is not trusted`);
  openNote(note, parent.verifier);
  openNote(note, parseVerifierKey(rotation.newKey));
  return { rotation, parent };
}

/**
 * The keys trusted for `origin`: pinned ones, then each key a trusted key
 * rotated to through `rotations` (statements no trusted key signed are
 * ignored), counting from the tree size the rotation names.
 */
export function trustedKeysFor(trust, origin, rotations = []) {
  const trusted = [...(trust.logs.get(origin) ?? []), ...trust.anyOrigin];
  const pending = Array.isArray(rotations) ? [...rotations] : [];
  let progress = trusted.length > 0;
  while (progress && pending.length > 0) {
    progress = false;
    for (let k = 0; k < pending.length; k++) {
      let opened;
      try {
        opened = openKeyRotation(pending[k], trusted);
      } catch {
        continue;
      }
      pending.splice(k--, 1);
      const { rotation, parent } = opened;
      if (rotation.origin !== origin || trusted.some((t) => t.key === rotation.newKey)) continue;
      const v = parseVerifierKey(rotation.newKey);
      trusted.push({ key: rotation.newKey, name: v.name, keyId: hex32(v.keyHash), verifier: v,
        source: `rotation signed by ${describeKey(parent)}`, fromTreeSize: Math.max(rotation.fromTreeSize, parent.fromTreeSize) });
      progress = true;
    }
  }
  return trusted;
}

// ---------------------------------------------------------------------------
// Shape checks: the fields the verification relies on.

function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shapeChecker(issues) {
  const add = (path, message) => issues.push(`${path}: ${message}`);
  return {
    add,
    object(v, path, fields, { exact = false, optional = [] } = {}) {
      if (!isObject(v)) return void add(path, `must be an object, got ${typeName(v)}`);
      for (const f of fields) if (!Object.prototype.hasOwnProperty.call(v, f)) add(`${path}.${f}`, 'is required');
      if (exact) for (const f of Object.keys(v)) if (!fields.includes(f) && !optional.includes(f)) add(`${path}.${show(f, 40)}`, 'is not allowed by the contract');
    },
    string(v, path, { min = 1, max = 100000, nullable = false } = {}) {
      if (v === undefined || (nullable && v === null)) return;
      if (typeof v !== 'string') return void add(path, `must be a string${nullable ? ' or null' : ''}, got ${typeName(v)}`);
      if (v.length < min || v.length > max) add(path, `must have ${min} to ${max} characters, has ${v.length}`);
    },
    integer(v, path, min) {
      if (v === undefined) return;
      if (!Number.isSafeInteger(v) || v < min) add(path, `must be an integer ≥ ${min}, got ${show(typeof v === 'number' ? String(v) : typeName(v), 40)}`);
    },
    hash(v, path, { nullable = false } = {}) {
      if (v === undefined || (nullable && v === null)) return;
      if (typeof v !== 'string' || !HASH_PATTERN.test(v)) add(path, `must be sha256:<64 lowercase hex>${nullable ? ' or null' : ''}, got ${typeof v === 'string' ? show(v, 80) : typeName(v)}`);
    },
  };
}

const RECEIPT_FIELDS = ['contract', 'manifestHash', 'entryHeader', 'leafIndex', 'treeSize', 'inclusionProof', 'checkpoint', 'publicKey'];
// Optional receipt-v1 fields (docs/adr/0005).
const RECEIPT_OPTIONAL_FIELDS = ['consistencyProofs', 'keyRotations'];
const HEADER_FIELDS = ['v', 'index', 'stream', 'streamIndex', 'kind', 'contract', 'payloadHash', 'prevEntryHash', 'recordedAt', 'actor'];
const ACTOR_FIELDS = ['workflowId', 'runId', 'activityType', 'activityId'];

/** The problems with a receipt's shape against receipt-v1 (DESIGN 4.3), as `path: message` strings; empty when sound. */
export function receiptShapeIssues(receipt) {
  const issues = [];
  const c = shapeChecker(issues);
  const p = '$receipt';
  c.object(receipt, p, RECEIPT_FIELDS, { exact: true, optional: RECEIPT_OPTIONAL_FIELDS });
  if (!isObject(receipt)) return issues;
  if (receipt.contract !== undefined && receipt.contract !== RECEIPT_CONTRACT) c.add(`${p}.contract`, `must be ${show(RECEIPT_CONTRACT)}, got ${show(String(receipt.contract), 60)}`);
  c.hash(receipt.manifestHash, `${p}.manifestHash`);
  c.integer(receipt.leafIndex, `${p}.leafIndex`, 0);
  c.integer(receipt.treeSize, `${p}.treeSize`, 1);
  if (receipt.inclusionProof !== undefined) {
    if (!Array.isArray(receipt.inclusionProof)) c.add(`${p}.inclusionProof`, `must be an array, got ${typeName(receipt.inclusionProof)}`);
    else if (receipt.inclusionProof.length > MAX_PROOF_HASHES) c.add(`${p}.inclusionProof`, `must have at most ${MAX_PROOF_HASHES} hashes`);
    else receipt.inclusionProof.forEach((h, k) => c.hash(h, `${p}.inclusionProof[${k}]`));
  }
  c.string(receipt.checkpoint, `${p}.checkpoint`, { max: 10000 });
  c.string(receipt.publicKey, `${p}.publicKey`, { max: 1000 });
  if (receipt.keyRotations !== undefined) {
    if (!Array.isArray(receipt.keyRotations) || receipt.keyRotations.length > 16) c.add(`${p}.keyRotations`, 'must be an array of at most 16 statements');
    else receipt.keyRotations.forEach((r, k) => c.string(r, `${p}.keyRotations[${k}]`, { max: 10000 }));
  }
  if (receipt.consistencyProofs !== undefined) {
    if (!Array.isArray(receipt.consistencyProofs) || receipt.consistencyProofs.length > 100) c.add(`${p}.consistencyProofs`, 'must be an array of at most 100 proofs');
    else receipt.consistencyProofs.forEach((cp, k) => {
      const cpp = `${p}.consistencyProofs[${k}]`;
      c.object(cp, cpp, ['fromTreeSize', 'fromRootHash', 'proof'], { exact: true });
      if (!isObject(cp)) return;
      c.integer(cp.fromTreeSize, `${cpp}.fromTreeSize`, 1);
      c.hash(cp.fromRootHash, `${cpp}.fromRootHash`);
      if (!Array.isArray(cp.proof) || cp.proof.length > 128) c.add(`${cpp}.proof`, 'must be an array of at most 128 hashes');
      else cp.proof.forEach((h, j) => c.hash(h, `${cpp}.proof[${j}]`));
    });
  }
  const h = receipt.entryHeader;
  const hp = `${p}.entryHeader`;
  c.object(h, hp, HEADER_FIELDS, { exact: true });
  if (isObject(h)) {
    if (h.v !== undefined && h.v !== 1) c.add(`${hp}.v`, `must be 1, got ${show(String(h.v), 20)}`);
    c.integer(h.index, `${hp}.index`, 0);
    c.string(h.stream, `${hp}.stream`, { max: 200 });
    c.integer(h.streamIndex, `${hp}.streamIndex`, 0);
    c.string(h.kind, `${hp}.kind`, { max: 100 });
    c.string(h.contract, `${hp}.contract`, { min: 0, max: 100, nullable: true });
    c.hash(h.payloadHash, `${hp}.payloadHash`);
    c.hash(h.prevEntryHash, `${hp}.prevEntryHash`, { nullable: true });
    if (h.recordedAt !== undefined && (typeof h.recordedAt !== 'string' || !RFC3339.test(h.recordedAt))) c.add(`${hp}.recordedAt`, 'must be an RFC 3339 date-time');
    c.object(h.actor, `${hp}.actor`, ACTOR_FIELDS, { exact: true });
    if (isObject(h.actor)) for (const f of ACTOR_FIELDS) c.string(h.actor[f], `${hp}.actor.${f}`, { min: 0, max: 256, nullable: true });
  }
  return issues;
}

/**
 * The problems with the manifest fields this verifier relies on (contract,
 * synthesisId, artifacts, ledger.logOrigin). The full paper-manifest-v1.1
 * schema is the library's job; the hash binds every other field anyway.
 */
export function manifestShapeIssues(manifest) {
  const issues = [];
  const c = shapeChecker(issues);
  const p = '$manifest';
  c.object(manifest, p, ['contract', 'synthesisId', 'artifacts', 'ledger']);
  if (!isObject(manifest)) return issues;
  if (manifest.contract !== undefined && manifest.contract !== MANIFEST_CONTRACT) c.add(`${p}.contract`, `must be ${show(MANIFEST_CONTRACT)}, got ${show(String(manifest.contract), 60)}`);
  c.string(manifest.synthesisId, `${p}.synthesisId`, { max: 200 });
  if (manifest.artifacts !== undefined) {
    if (!Array.isArray(manifest.artifacts) || manifest.artifacts.length === 0) c.add(`${p}.artifacts`, 'must be a non-empty array');
    else {
      manifest.artifacts.forEach((a, k) => {
        const ap = `${p}.artifacts[${k}]`;
        c.object(a, ap, ['name', 'mediaType', 'bytes', 'sha256']);
        if (!isObject(a)) return;
        if (a.name !== undefined && !isSafeArtifactName(a.name)) c.add(`${ap}.name`, `must be a plain file name of [A-Za-z0-9._-] (not "." or ".."), got ${typeof a.name === 'string' ? show(a.name, 60) : typeName(a.name)}`);
        c.string(a.mediaType, `${ap}.mediaType`, { max: 100 });
        c.integer(a.bytes, `${ap}.bytes`, 0);
        c.hash(a.sha256, `${ap}.sha256`);
      });
    }
  }
  c.object(manifest.ledger, `${p}.ledger`, ['logOrigin']);
  if (isObject(manifest.ledger)) c.string(manifest.ledger.logOrigin, `${p}.ledger.logOrigin`, { max: 300 });
  return issues;
}

function isSafeArtifactName(name) {
  // The name comes from the bundle: it must not climb out of the bundle directory.
  return typeof name === 'string' && name.length <= 200 && ARTIFACT_NAME.test(name) && name !== '.' && name !== '..';
}

// ---------------------------------------------------------------------------
// File reading.

/**
 * Reads a whole file of at most `limit` bytes. `regularOnly` refuses
 * symbolic links and anything but a regular file, for paths named by the
 * bundle itself. Throws CheckFailure with a message naming the file.
 */
export function readLimited(path, limit, what, { regularOnly = false } = {}) {
  const chunks = [];
  const { bytes } = hashFile(path, what, { regularOnly, limit, onChunk: (c) => chunks.push(Buffer.from(c)) });
  return Buffer.concat(chunks, bytes);
}

/** Streams a file through SHA-256 (so artifacts of any size are fine); see {@link readLimited} for the options. */
function hashFile(path, what, { regularOnly = false, limit = Infinity, onChunk } = {}) {
  if (regularOnly) {
    let st;
    try {
      st = lstatSync(path);
    } catch (e) {
      throw fail('ARTIFACT_MISMATCH', `${what} ${e && e.code === 'ENOENT' ? 'is missing' : `cannot be read (${e && e.code ? e.code : 'error'})`}`);
    }
    if (st.isSymbolicLink()) throw fail('ARTIFACT_MISMATCH', `${what} is a symbolic link; only regular files in the bundle are read`);
  }
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fail(regularOnly ? 'ARTIFACT_MISMATCH' : 'MALFORMED_INPUT', `${what} ${e && e.code === 'ENOENT' ? 'is missing' : `cannot be read (${e && e.code ? e.code : 'error'})`}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw fail(regularOnly ? 'ARTIFACT_MISMATCH' : 'MALFORMED_INPUT', `${what} is not a regular file`);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, READ_CHUNK, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw fail('MALFORMED_INPUT', `${what} is larger than ${limit} bytes`);
      const chunk = buf.subarray(0, n);
      hash.update(chunk);
      if (onChunk) onChunk(chunk);
    }
    return { sha256: HASH_PREFIX + hash.digest('hex'), bytes: total };
  } catch (e) {
    if (e instanceof CheckFailure) throw e;
    throw fail('MALFORMED_INPUT', `${what} cannot be read (${e && e.code ? e.code : 'error'})`);
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------
// The steps.

/** Step checkShapes: the receipt is a receipt-v1 and the manifest has the fields verification needs. */
export function checkShapes(manifest, receipt) {
  if (manifest === undefined || receipt === undefined) {
    throw fail('MALFORMED_INPUT', `cannot check: ${[manifest === undefined && 'manifest', receipt === undefined && 'receipt'].filter(Boolean).join(' and ')} unavailable (see readBundle)`);
  }
  const issues = [...receiptShapeIssues(receipt), ...manifestShapeIssues(manifest)];
  if (issues.length > 0) throw fail('MALFORMED_INPUT', issues.slice(0, 8).join('; ') + (issues.length > 8 ? `; and ${issues.length - 8} more` : ''));
  return `receipt is a well-formed ${RECEIPT_CONTRACT}; manifest is a ${MANIFEST_CONTRACT} with ${manifest.artifacts.length} artifact(s)`;
}

/**
 * Step checkManifestHash: manifestHash = sha256(JCS(manifest)) equals the
 * receipt's manifestHash and its entry header's payloadHash; the header's
 * index is the leafIndex, its contract is paper-manifest-v1.1 and its stream
 * is the manifest's synthesisId. Every mismatch is listed.
 */
export function checkManifestHash(manifest, receipt, shapesOk) {
  if (manifest === undefined) throw fail('MALFORMED_INPUT', 'cannot check: manifest unavailable (see readBundle)');
  const manifestHash = hashJson(manifest);
  if (!shapesOk) throw fail('MALFORMED_INPUT', `manifest hashes to ${manifestHash}; cannot compare: receipt or manifest malformed (see checkShapes)`);
  const h = receipt.entryHeader;
  const problems = [];
  if (manifestHash !== receipt.manifestHash) problems.push(`manifest hashes to ${manifestHash} but the receipt names ${receipt.manifestHash}`);
  if (h.payloadHash !== manifestHash) problems.push(`ledger entry payloadHash ${h.payloadHash} is not the manifest hash ${manifestHash}`);
  if (h.index !== receipt.leafIndex) problems.push(`ledger entry index ${h.index} is not the receipt leafIndex ${receipt.leafIndex}`);
  if (h.contract !== MANIFEST_CONTRACT) problems.push(`ledger entry contract ${show(String(h.contract), 60)} is not ${show(MANIFEST_CONTRACT)}`);
  if (h.stream !== manifest.synthesisId) problems.push(`ledger entry stream ${show(h.stream, 80)} is not the manifest's synthesisId ${show(manifest.synthesisId, 80)}`);
  if (problems.length > 0) {
    const code = problems.every((m) => m.startsWith('ledger entry index')) ? 'PROOF_MISMATCH' : 'HASH_MISMATCH';
    throw fail(code, problems.join('; '));
  }
  return { manifestHash, message: `manifest hashes to ${manifestHash}, as the receipt and its ledger entry ${h.index} (stream ${show(h.stream, 80)}) say` };
}

/**
 * Step checkArtifacts: every artifact the manifest lists is a regular file in
 * `artifactsDir` whose SHA-256 and byte count equal the manifest's. Every
 * artifact is checked and every mismatch listed.
 */
export function checkArtifacts(manifest, artifactsDir) {
  if (!isObject(manifest)) throw fail('ARTIFACT_MISMATCH', 'cannot check: manifest unavailable (see readBundle)');
  const listed = manifest.artifacts;
  if (!Array.isArray(listed) || listed.length === 0) throw fail('ARTIFACT_MISMATCH', 'the manifest lists no artifacts');
  const problems = [];
  const passed = [];
  listed.forEach((a, k) => {
    if (!isObject(a) || !isSafeArtifactName(a.name)) return void problems.push(`artifact ${k} has no safe file name`);
    const path = join(artifactsDir, a.name);
    if (dirname(resolve(path)) !== resolve(artifactsDir)) return void problems.push(`artifact ${show(a.name)} is not a file directly inside the bundle`);
    let got;
    try {
      got = hashFile(path, `artifact ${show(a.name)}`, { regularOnly: true });
    } catch (e) {
      return void problems.push(e instanceof CheckFailure ? e.message : `artifact ${show(a.name)} cannot be read`);
    }
    const wrong = [];
    if (got.sha256 !== a.sha256) wrong.push(`hashes to ${got.sha256}, the manifest says ${HASH_PATTERN.test(String(a.sha256)) ? a.sha256 : typeof a.sha256 === 'string' ? show(a.sha256, 80) : typeName(a.sha256)}`);
    if (got.bytes !== a.bytes) wrong.push(`has ${got.bytes} bytes, the manifest says ${Number.isSafeInteger(a.bytes) ? a.bytes : show(String(a.bytes), 40)}`);
    if (wrong.length > 0) problems.push(`artifact ${show(a.name)} ${wrong.join(' and ')}`);
    else passed.push(`${a.name} (${got.bytes} bytes)`);
  });
  if (problems.length > 0) throw fail('ARTIFACT_MISMATCH', problems.join('; '));
  return `${listed.length} artifact(s) match their sha256 and byte count: ${passed.join(', ')}`;
}

/**
 * Step checkCheckpointSignature: the checkpoint is a signed note carrying a
 * valid signature by a key the reader trusts for the manifest's
 * ledger.logOrigin (pinned, or rotated to through a statement a trusted key
 * signed, counting from its tree size); its body is a tlog-checkpoint of that
 * origin whose tree size is the receipt's treeSize. With no trust root for
 * the origin, the signature is checked with the receipt's own publicKey and
 * the outcome is `untrusted`. Returns `{ root, message, untrusted, trustedKey }`.
 */
export function checkCheckpointSignature(manifest, receipt, trust, shapesOk) {
  if (!shapesOk) throw fail('MALFORMED_INPUT', 'cannot check: receipt or manifest malformed (see checkShapes)');
  if (!trust) throw fail('TRUST_POLICY_INVALID', 'cannot check: the trust roots are unusable (see readBundle)');
  const origin = manifest.ledger.logOrigin;
  const pinned = [...(trust.logs.get(origin) ?? []), ...trust.anyOrigin];
  let opened;
  let trustedKey = null;
  if (pinned.length === 0) {
    opened = openNote(receipt.checkpoint, parseVerifierKey(receipt.publicKey));
  } else {
    const all = trustedKeysFor(trust, origin, receipt.keyRotations);
    const split = receipt.checkpoint.lastIndexOf('\n\n');
    const size = split < 0 ? 0 : parseCheckpointBody(receipt.checkpoint.slice(0, split + 1)).treeSize;
    const usable = all.filter((k) => k.fromTreeSize <= size);
    try {
      opened = openNote(receipt.checkpoint, usable.map((k) => k.verifier));
    } catch (e) {
      if (!(e instanceof CheckFailure) || !e.message.startsWith('the checkpoint has no signature')) throw e;
      const early = all.filter((k) => k.fromTreeSize > size).map((k) => `${describeKey(k)} counts only from tree size ${k.fromTreeSize}`);
      throw fail('SIGNATURE_INVALID', `${e.message}; trusted: ${usable.map(describeKey).join(', ') || 'none for this tree size'}${early.length ? `; ${early.join('; ')}` : ''}`);
    }
    trustedKey = usable.find((k) => k.name === opened.name && k.verifier.keyHash === opened.keyHash);
  }
  const cp = parseCheckpointBody(opened.text);
  if (cp.origin !== origin) {
    throw fail('CHECKPOINT_INVALID', `checkpoint origin ${show(cp.origin, 100)} is not the manifest's ledger.logOrigin ${show(origin, 100)}`);
  }
  if (cp.treeSize !== receipt.treeSize) throw fail('CHECKPOINT_INVALID', `checkpoint tree size ${cp.treeSize} is not the receipt treeSize ${receipt.treeSize}`);
  const what = `checkpoint of ${show(cp.origin, 100)} at tree size ${cp.treeSize} (root ${cp.rootHash.toString('hex')})`;
  if (!trustedKey) {
    return { root: cp.rootHash, untrusted: true, trustedKey: null,
      message: `${what}: signature valid for key ${opened.signedBy}, which came from the bundle itself; pin the publisher's key (--trusted-key, --trust-file or ${TRUSTED_KEYS_ENV})` };
  }
  let witnessed = '';
  if (trust.quorum > 0) {
    const cosigned = verifyCosignatures(receipt.checkpoint, trust.witnesses.map((w) => w.verifier));
    const names = cosigned.map((c) => `${show(c.name, 80)} (key id ${hex32(c.keyHash)})`);
    if (cosigned.length < trust.quorum) {
      throw fail('WITNESS_QUORUM_NOT_MET', `the checkpoint is cosigned by ${cosigned.length} of the ${trust.witnesses.length} trusted witnesses${names.length ? ` (${names.join(', ')})` : ''}; the trust policy requires ${trust.quorum}`);
    }
    witnessed = `, cosigned by ${cosigned.length} of ${trust.witnesses.length} trusted witnesses (quorum ${trust.quorum}): ${names.join(', ')}`;
  }
  return {
    root: cp.rootHash, untrusted: false,
    trustedKey: { name: trustedKey.name, keyId: trustedKey.keyId, key: trustedKey.key, source: trustedKey.source },
    message: `${what} carries a valid Ed25519 signature by trusted key ${describeKey(trustedKey)}${witnessed}`,
  };
}

/**
 * Step checkInclusion: the leaf JCS(entryHeader), hashed as an RFC 9162
 * leaf, with the receipt's inclusion proof at leafIndex in a tree of
 * treeSize leaves, leads to the signed checkpoint root.
 */
export function checkInclusion(receipt, root) {
  if (!root) throw fail('CHECKPOINT_INVALID', 'no verified checkpoint root to check against (see checkCheckpointSignature)');
  const leaf = Buffer.from(canonicalize(receipt.entryHeader), 'utf8');
  const proof = receipt.inclusionProof.map((h) => Buffer.from(h.slice(HASH_PREFIX.length), 'hex'));
  verifyInclusion(leafHash(leaf), receipt.leafIndex, receipt.treeSize, proof, root);
  return `ledger entry ${receipt.leafIndex} (entry hash ${contentHash(leaf)}) is leaf ${receipt.leafIndex} of the checkpointed tree of ${receipt.treeSize} leaves (${proof.length} proof hashes)`;
}

// ---------------------------------------------------------------------------
// Orchestration.

/**
 * Verifies a bundle: `dir` holds manifest.json, receipt.json and the
 * artifacts; `options.manifest`, `options.receipt` and
 * `options.artifactsDir` override where each is read from. Trust comes from
 * `options.trustedKeys` (verifier keys), `options.trustFile` and
 * `options.publicKey` (paths chosen by the reader) and
 * `options.env.SYNTHLEDGER_TRUSTED_KEYS`; never from the bundle. Runs every
 * step in order (a step whose inputs are unusable fails; later steps still
 * run where they can) and resolves to `{ ok, status, manifestHash,
 * trustedKey, steps: [{ step, ok, message, code? }] }`, where status is OK,
 * FAILED, or UNTRUSTED (every check passed, but only with the bundle's own
 * key). Never rejects.
 */
export async function verifyBundle(dir, options = {}) {
  const steps = [];
  let manifestHash = null;
  let status = 'FAILED';
  const run = (step, fn) => {
    try {
      const out = fn();
      steps.push({ step, ok: true, message: out });
      return true;
    } catch (e) {
      const code = e instanceof CheckFailure ? e.code : 'MALFORMED_INPUT';
      const message = e instanceof CheckFailure ? e.message : `unexpected error: ${show(e && e.message ? e.message : String(e), 200)}`;
      steps.push({ step, ok: false, message, code });
      return false;
    }
  };
  try {
    const base = typeof dir === 'string' ? dir : '.';
    const paths = {
      manifest: options.manifest ?? join(base, BUNDLE_FILES.manifest),
      receipt: options.receipt ?? join(base, BUNDLE_FILES.receipt),
      artifactsDir: options.artifactsDir ?? (options.manifest ? dirname(options.manifest) : base),
    };
    let manifest;
    let receipt;
    let trust;
    let trustedKey = null;
    run('readBundle', () => {
      const problems = [];
      const read = [];
      const load = (path, limit, what, parse) => {
        try {
          const bytes = readLimited(path, limit, what);
          const value = parse(decodeUtf8(bytes, what));
          read.push(`${basename(path)} (${bytes.length} bytes)`);
          return value;
        } catch (e) {
          problems.push(e instanceof CheckFailure ? e.message : `${what} cannot be read`);
          return undefined;
        }
      };
      manifest = load(paths.manifest, MAX_MANIFEST_BYTES, `manifest ${basename(paths.manifest)}`, (t) => parseJson(t, `manifest ${basename(paths.manifest)}`));
      receipt = load(paths.receipt, MAX_RECEIPT_BYTES, `receipt ${basename(paths.receipt)}`, (t) => parseJson(t, `receipt ${basename(paths.receipt)}`));
      const trustFileText = options.trustFile === undefined ? undefined
        : load(options.trustFile, MAX_TRUST_FILE_BYTES, `trust file ${basename(options.trustFile)}`, (t) => t);
      const publicKeyText = options.publicKey === undefined ? undefined
        : load(options.publicKey, MAX_PUBLIC_KEY_BYTES, `public key ${basename(options.publicKey)}`, (t) => {
          if (t.trim().includes('\n')) throw fail('MALFORMED_INPUT', `public key ${basename(options.publicKey)} must hold exactly one line`);
          return t;
        });
      let trustCode = null;
      if (!problems.some((m) => m.startsWith('trust file') || m.startsWith('public key'))) {
        try {
          trust = buildTrust({ trustFileText, trustedKeys: options.trustedKeys ?? [], publicKeyText, envKeys: options.env?.[TRUSTED_KEYS_ENV] });
        } catch (e) {
          trustCode = e instanceof CheckFailure ? e.code : 'TRUST_POLICY_INVALID';
          problems.push(e instanceof CheckFailure ? e.message : 'the trust roots cannot be read');
        }
      }
      if (problems.length > 0) throw fail(trustCode ?? 'MALFORMED_INPUT', problems.join('; '));
      return `read ${read.join(', ')}`;
    });
    const shapesOk = run('checkShapes', () => checkShapes(manifest, receipt));
    run('checkManifestHash', () => {
      const out = checkManifestHash(manifest, receipt, shapesOk);
      manifestHash = out.manifestHash;
      return out.message;
    });
    if (manifestHash === null && manifest !== undefined) {
      try {
        manifestHash = hashJson(manifest);
      } catch {
        manifestHash = null;
      }
    }
    run('checkArtifacts', () => checkArtifacts(manifest, paths.artifactsDir));
    let root = null;
    run('checkCheckpointSignature', () => {
      const out = checkCheckpointSignature(manifest, receipt, trust, shapesOk);
      root = out.root;
      if (out.untrusted) throw fail('UNTRUSTED_KEY', out.message);
      trustedKey = out.trustedKey;
      return out.message;
    });
    run('checkInclusion', () => checkInclusion(receipt, root));
    const failed = steps.filter((s) => !s.ok);
    status = failed.length === 0 ? 'OK' : failed.every((s) => s.code === 'UNTRUSTED_KEY') ? 'UNTRUSTED' : 'FAILED';
    if (status !== 'OK') trustedKey = null;
    return { ok: status === 'OK', status, manifestHash, trustedKey, steps };
  } catch (e) {
    // Unreachable by design (every step catches); kept so a bug is a FAIL, never a crash.
    steps.push({ step: 'internal', ok: false, message: `internal error: ${show(e && e.message ? e.message : String(e), 200)}`, code: 'MALFORMED_INPUT' });
  }
  return { ok: false, status: 'FAILED', manifestHash, trustedKey: null, steps };
}

// ---------------------------------------------------------------------------
// Command line.

/** The usage text of the command line. */
export const USAGE = `usage:
  node verify-bundle.mjs <bundle-dir> [--trusted-key <verifier key>]... [--trust-file <trust.json>] [--json]
  node verify-bundle.mjs <manifest.json> [--receipt <receipt.json>] [--public-key <key file>] [--artifacts <dir>] [--json]

Verifies a published synthledger bundle offline: the manifest hash, the ledger
entry header, every artifact's sha256 and size, the RFC 9162 inclusion proof and
the Ed25519 signature of the C2SP checkpoint. A bundle directory holds
manifest.json, receipt.json and the artifacts. With a manifest file, the
receipt defaults to receipt.json beside it, and artifacts are looked up in its
directory.

The checkpoint counts only when signed by a key YOU trust, obtained from the
publisher out of band (their website, a release note, a signed email):
--trusted-key <name+id+key> (repeatable), --trust-file <trust-policy-v1 JSON>,
--public-key <file holding one key>, or ${TRUSTED_KEYS_ENV} (keys separated by
commas or spaces). The bundle's own public-key.txt and the receipt's publicKey
are never trusted: without a pinned key the result is UNTRUSTED.

Exit status: 0 every check passed with a trusted key, 1 a check failed,
2 usage error or bad trust file, ${EXIT_UNTRUSTED} untrusted (only the bundle's own key).`;

/** Parses command-line arguments; returns `{ help }`, `{ error }` or `{ target, options, json }`. */
export function parseArgs(argv) {
  const options = {};
  let json = false;
  const positional = [];
  const valued = { '--receipt': 'receipt', '--public-key': 'publicKey', '--artifacts': 'artifactsDir', '--trust-file': 'trustFile' };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--help' || a === '-h') return { help: true };
    if (a === '--json') json = true;
    else if (a === '--trusted-key') {
      const v = argv[++k];
      if (v === undefined || v === '') return { error: `${a} needs a verifier key` };
      (options.trustedKeys ??= []).push(v);
    }
    else if (Object.prototype.hasOwnProperty.call(valued, a)) {
      const v = argv[++k];
      if (v === undefined || v === '') return { error: `${a} needs a file name` };
      if (options[valued[a]] !== undefined) return { error: `${a} given twice` };
      options[valued[a]] = v;
    } else if (a.startsWith('-') && a !== '-') return { error: `unknown option ${show(a, 40)}` };
    else positional.push(a);
  }
  if (positional.length !== 1) return { error: positional.length === 0 ? 'give a bundle directory or a manifest file' : 'give exactly one bundle directory or manifest file' };
  return { target: positional[0], options, json };
}

function formatReport(target, result) {
  const width = Math.max(...STEPS.map((s) => s.length));
  const lines = [`Verifying ${target}`];
  for (const s of result.steps) lines.push(`${s.ok ? 'PASS' : s.code === 'UNTRUSTED_KEY' ? 'UNTR' : 'FAIL'}  ${s.step.padEnd(width)}  ${s.message}`);
  const failed = result.steps.filter((s) => !s.ok);
  lines.push(result.status === 'OK'
    ? `OK: all ${result.steps.length} steps passed; manifest ${result.manifestHash} is attested by the log checkpoint signed by trusted key ${describeKey(result.trustedKey)}.`
    : result.status === 'UNTRUSTED'
      ? `UNTRUSTED: every check passed, but the checkpoint is signed only by the key the bundle names itself, so it proves nothing. Pin the publisher's key (--trusted-key, --trust-file or ${TRUSTED_KEYS_ENV}).`
      : `FAILED: ${failed.length} of ${result.steps.length} steps failed (${failed.map((s) => s.step).join(', ')}). Do not trust this bundle.`);
  return `${lines.join('\n')}\n`;
}

/** Runs the command line with `argv` (without node and script); resolves to the exit status and never rejects. */
export async function main(argv, out = process.stdout, err = process.stderr, env = process.env) {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    if (args.error) {
      err.write(`verify-bundle: ${args.error}\n${USAGE}\n`);
      return 2;
    }
    let st;
    try {
      st = statSync(args.target);
    } catch {
      err.write(`verify-bundle: ${show(args.target, 200)} does not exist\n${USAGE}\n`);
      return 2;
    }
    const options = { ...args.options, env: { [TRUSTED_KEYS_ENV]: env[TRUSTED_KEYS_ENV] } };
    // A bad trust file or key is the reader's input error (exit 2), not a failed bundle.
    try {
      buildTrust({
        trustFileText: options.trustFile === undefined ? undefined : decodeUtf8(readLimited(options.trustFile, MAX_TRUST_FILE_BYTES, 'trust file'), 'trust file'),
        trustedKeys: options.trustedKeys ?? [],
        publicKeyText: options.publicKey === undefined ? undefined : decodeUtf8(readLimited(options.publicKey, MAX_PUBLIC_KEY_BYTES, 'public key'), 'public key'),
        envKeys: options.env[TRUSTED_KEYS_ENV],
      });
    } catch (e) {
      err.write(`verify-bundle: ${e instanceof CheckFailure ? `${e.code}: ${e.message}` : 'the trust roots cannot be read'}\n`);
      return 2;
    }
    let result;
    if (st.isDirectory()) result = await verifyBundle(args.target, options);
    else result = await verifyBundle(dirname(args.target), { ...options, manifest: args.target });
    out.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(args.target, result));
    return result.status === 'OK' ? 0 : result.status === 'UNTRUSTED' ? EXIT_UNTRUSTED : 1;
  } catch (e) {
    err.write(`verify-bundle: internal error: ${show(e && e.message ? e.message : String(e), 200)}\n`);
    return 1;
  }
}

function isMainModule() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  }, () => {
    process.exitCode = 1;
  });
}
