/**
 * Trust roots of a verifier (DESIGN 4.6): the checkpoint verifier keys the
 * reader pins, per log origin, and the witnesses whose cosignatures count.
 * They come from a trust file (`trust-policy-v1`, schemas/trust-policy.schema.ts),
 * from `--trusted-key` or from SYNTHLEDGER_TRUSTED_KEYS; a key found in a
 * bundle or a receipt is never one. Pure: the caller reads files and the
 * environment and passes their text here.
 */
import { ValidationError, VerificationError, type ValidationIssue } from '../../common/errors';
import { parseStrictJson, StrictJsonError } from '../../common/strict-json';
import { contractIssues } from '../../schemas/contracts';
import { parseCheckpointBody, type VerifiedCheckpoint } from './checkpoint';
import { openKeyRotation } from './key-rotation';
import { parseCosignatureVerifierKey, verifyCosignatures, type CosignatureVerifier } from './cosignature';
import { openNote, parseVerifierKey, type Ed25519NoteVerifier } from './signed-note';

/** Environment variable holding trusted verifier keys, separated by commas or whitespace. */
export const TRUSTED_KEYS_ENV = 'SYNTHLEDGER_TRUSTED_KEYS';
/** Largest trust file the CLI reads; far above any real one. */
export const MAX_TRUST_FILE_BYTES = 256 * 1024;

/** A verifier key the reader trusts, and why. */
export interface TrustedKey {
  /** The verifier key string `<name>+<key id hex>+<base64 key>`. */
  key: string;
  name: string;
  /** 8 lowercase hex digits. */
  keyId: string;
  /** Where the trust comes from: `trust file`, `--trusted-key`, `SYNTHLEDGER_TRUSTED_KEYS`, or a rotation. */
  source: string;
  /** The key counts for checkpoints of this tree size and larger (0 for a pinned key). */
  fromTreeSize: number;
  verifier: Ed25519NoteVerifier;
}

/** A witness whose cosignatures (C2SP tlog-cosignature, cosignature/v1) count towards the quorum. */
export interface TrustedWitness {
  name: string;
  key: string;
  keyId: string;
  verifier: CosignatureVerifier;
}

/** Everything a verifier trusts. */
export interface TrustPolicy {
  /** Keys pinned for one log origin (trust file). */
  logs: ReadonlyMap<string, readonly TrustedKey[]>;
  /** Keys pinned for any origin (`--trusted-key`, the environment). */
  anyOrigin: readonly TrustedKey[];
  witnesses: readonly TrustedWitness[];
  /** How many of `witnesses` must cosign a checkpoint (0: no witness policy). */
  quorum: number;
}

/** A policy that trusts nothing: every verification ends UNTRUSTED. */
export const EMPTY_TRUST_POLICY: TrustPolicy = Object.freeze({ logs: new Map(), anyOrigin: [], witnesses: [], quorum: 0 });

/**
 * Parses trust file text (`trust-policy-v1` JSON, strict: a member name twice
 * in one object is refused, naming its path). Throws ValidationError
 * TRUST_POLICY_INVALID listing every issue with its field path: schema
 * violations, a key in the wrong format, two keys with the same name and key
 * ID, a duplicate origin, a witness whose name is not its key's name, a
 * quorum larger than the witness list.
 */
export function parseTrustPolicy(text: string, source = 'trust file'): TrustPolicy {
  let doc: unknown;
  try {
    doc = parseStrictJson(text);
  } catch (e) {
    const duplicate = e instanceof StrictJsonError ? e.duplicate : null;
    // Parsers disagree on which of two equal names wins: a trust file must say one thing (RFC 7493 2.3).
    if (duplicate) throw ValidationError.single('TRUST_POLICY_INVALID', duplicate.path, 'duplicate-member', `${source}: member ${show(duplicate.name)} appears twice (at character ${duplicate.at})`);
    throw ValidationError.single('TRUST_POLICY_INVALID', '$', 'json', `${source} is not JSON: ${(e as Error).message}`);
  }
  return trustPolicyFromDocument(doc, source);
}

/** Builds a policy from a parsed trust file document; see {@link parseTrustPolicy}. */
export function trustPolicyFromDocument(doc: unknown, source = 'trust file'): TrustPolicy {
  const schemaIssues = contractIssues('trust-policy-v1', doc);
  if (schemaIssues.length > 0) throw new ValidationError('TRUST_POLICY_INVALID', schemaIssues);
  const d = doc as { logs: Array<{ origin: string; keys: string[] }>; witnesses?: Array<{ name: string; key: string }>; quorum?: number };
  const issues: ValidationIssue[] = [];
  const logs = new Map<string, TrustedKey[]>();
  const seenKeys = new Map<string, string>();
  d.logs.forEach((log, i) => {
    if (logs.has(log.origin)) {
      issues.push({ code: 'duplicate-origin', path: `$.logs[${i}].origin`, message: `origin ${show(log.origin)} is listed twice; list all its keys in one entry` });
      return;
    }
    const keys: TrustedKey[] = [];
    log.keys.forEach((k, j) => {
      const path = `$.logs[${i}].keys[${j}]`;
      const parsed = parseKeyAt(k, path, source, issues);
      if (!parsed) return;
      if (noteDuplicate(parsed, path, seenKeys, issues)) return;
      keys.push(parsed);
    });
    logs.set(log.origin, keys);
  });
  const witnesses: TrustedWitness[] = [];
  const seenWitnesses = new Map<string, string>();
  (d.witnesses ?? []).forEach((w, i) => {
    const path = `$.witnesses[${i}].key`;
    let verifier: CosignatureVerifier;
    try {
      verifier = parseCosignatureVerifierKey(w.key);
      // A note key (type 0x01) parses too; a trust file names witnesses by their cosignature/v1 key (type 0x04) only.
      if (verifier.keyString !== w.key) throw new Error('a witness key is a cosignature/v1 key (type 0x04), not a note signing key');
    } catch (e) {
      issues.push({ code: 'key-format', path, message: `not a witness verifier key <name>+<key id hex>+<base64(0x04 || Ed25519 key)>: ${(e as Error).message}` });
      return;
    }
    const parsed = { name: verifier.name, key: verifier.keyString, keyId: hex32(verifier.keyHash), verifier };
    if (parsed.name !== w.name) {
      issues.push({ code: 'witness-name', path: `$.witnesses[${i}].name`, message: `witness name ${show(w.name)} is not the name of its key (${show(parsed.name)})` });
      return;
    }
    if (noteDuplicate(parsed, path, seenWitnesses, issues)) return;
    witnesses.push(parsed);
  });
  const quorum = d.quorum ?? 0;
  if (quorum > (d.witnesses ?? []).length) {
    issues.push({ code: 'quorum', path: '$.quorum', message: `quorum ${quorum} is more than the ${(d.witnesses ?? []).length} listed witnesses` });
  }
  if (issues.length > 0) throw new ValidationError('TRUST_POLICY_INVALID', issues);
  return { logs, anyOrigin: [], witnesses, quorum };
}

/**
 * Parses verifier keys given one by one (`--trusted-key`) or as one list
 * (SYNTHLEDGER_TRUSTED_KEYS, split at commas and whitespace). `source` names
 * the option or variable in issues. Throws TRUST_POLICY_INVALID.
 */
export function parseTrustedKeys(keys: readonly string[], source: string): TrustedKey[] {
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, string>();
  const out: TrustedKey[] = [];
  keys.forEach((k, i) => {
    const path = keys.length === 1 ? source : `${source}[${i}]`;
    const parsed = parseKeyAt(k.trim(), path, source, issues);
    if (parsed && !noteDuplicate(parsed, path, seen, issues)) out.push(parsed);
  });
  if (issues.length > 0) throw new ValidationError('TRUST_POLICY_INVALID', issues);
  return out;
}

/** Splits the value of SYNTHLEDGER_TRUSTED_KEYS into keys (commas or whitespace; base64 contains neither). */
export function splitTrustedKeyList(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((k) => k !== '');
}

/**
 * Combines a trust file's policy with keys pinned for any origin. Two
 * different keys sharing a name and key ID are refused (a signature line
 * could not say which one signed); the same key given twice counts once.
 */
export function combineTrust(file: TrustPolicy | null, anyOrigin: readonly TrustedKey[]): TrustPolicy {
  const base = file ?? EMPTY_TRUST_POLICY;
  const issues: ValidationIssue[] = [];
  const byId = new Map<string, TrustedKey>();
  for (const k of [...[...base.logs.values()].flat(), ...base.anyOrigin]) byId.set(idOf(k), k);
  const extra: TrustedKey[] = [...base.anyOrigin];
  for (const k of anyOrigin) {
    const prior = byId.get(idOf(k));
    if (prior && prior.key !== k.key) {
      issues.push({ code: 'duplicate-key', path: k.source, message: `${show(k.name)}+${k.keyId} (${k.source}) has the name and key ID of a different key from ${prior.source}` });
      continue;
    }
    if (!extra.some((e) => e.key === k.key)) extra.push(k);
    byId.set(idOf(k), k);
  }
  if (issues.length > 0) throw new ValidationError('TRUST_POLICY_INVALID', issues);
  return { ...base, anyOrigin: extra };
}

/** The reader's trust roots as text, before parsing: what `--trust-file`, `--trusted-key`, `--public-key` and the environment give. */
export interface TrustRootTexts {
  /** Text of a trust-policy-v1 file, and how to name it in issues. */
  trustFile?: { text: string; source: string };
  trustedKeys?: readonly string[];
  /** Text of a file holding one verifier key the reader obtained. */
  publicKeyText?: string;
  /** Value of SYNTHLEDGER_TRUSTED_KEYS. */
  envValue?: string;
}

/**
 * Parses and combines the reader's trust roots (every verifier does it this
 * way: the CLI, the standalone file and the browser page). Throws
 * TRUST_POLICY_INVALID naming the field.
 */
export function trustRootsFromTexts(t: TrustRootTexts): TrustPolicy {
  const file = t.trustFile === undefined ? null : parseTrustPolicy(t.trustFile.text, t.trustFile.source);
  const keys: TrustedKey[] = [];
  if (t.trustedKeys && t.trustedKeys.length > 0) keys.push(...parseTrustedKeys(t.trustedKeys, '--trusted-key'));
  if (t.publicKeyText !== undefined) keys.push(...parseTrustedKeys([t.publicKeyText], '--public-key'));
  const fromEnv = splitTrustedKeyList(t.envValue);
  if (fromEnv.length > 0) keys.push(...parseTrustedKeys(fromEnv, TRUSTED_KEYS_ENV));
  return combineTrust(file, keys);
}

/** True when the policy pins at least one key that counts for `origin`. */
export function hasTrustRoot(policy: TrustPolicy, origin: string): boolean {
  return policy.anyOrigin.length > 0 || (policy.logs.get(origin)?.length ?? 0) > 0;
}

/**
 * The keys trusted for `origin`: the pinned ones, then every key a trusted
 * key rotated to through `rotations` (signed rotation statements, in any
 * order; a statement no trusted key signed is ignored), each counting from
 * the tree size its rotation names.
 */
export function trustedKeysFor(policy: TrustPolicy, origin: string, rotations: readonly string[] = []): TrustedKey[] {
  const trusted: TrustedKey[] = [...(policy.logs.get(origin) ?? []), ...policy.anyOrigin];
  const pending = [...rotations];
  let progress = trusted.length > 0;
  while (progress && pending.length > 0) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      let opened: ReturnType<typeof openKeyRotation>;
      try {
        opened = openKeyRotation(pending[i]!, trusted.map((t) => t.verifier));
      } catch {
        continue;
      }
      pending.splice(i--, 1);
      const { rotation, signedBy } = opened;
      if (rotation.origin !== origin || trusted.some((t) => t.key === rotation.newKey)) continue;
      const parent = trusted.find((t) => t.verifier === signedBy)!;
      const verifier = parseVerifierKey(rotation.newKey);
      trusted.push({
        key: rotation.newKey, name: verifier.name, keyId: hex32(verifier.keyHash), verifier,
        source: `rotation signed by ${describeKey(parent)}`, fromTreeSize: Math.max(rotation.fromTreeSize, parent.fromTreeSize),
      });
      progress = true;
    }
  }
  return trusted;
}

/** Outcome of {@link verifyTrustedCheckpoint}. */
export interface CheckpointTrust {
  /** TRUSTED: signed by a pinned (or validly rotated-to) key. UNTRUSTED: only by a key the input itself named. */
  status: 'TRUSTED' | 'UNTRUSTED';
  checkpoint: VerifiedCheckpoint;
  /** The trusted key that signed, or null when UNTRUSTED. */
  trustedKey: TrustedKey | null;
  /** One sentence naming the key that was used and why it counts (or does not). */
  message: string;
}

/**
 * Verifies a signed checkpoint against the reader's trust roots only.
 * With no trust root for the checkpoint's origin, checks the signature with
 * `presentedKey` (the key the receipt names) and returns UNTRUSTED, never
 * TRUSTED. Throws VerificationError: SIGNATURE_INVALID when no trusted key
 * signed (or the presented key's signature is bad), CHECKPOINT_INVALID for
 * a wrong origin or a rotated key used before its tree size, MALFORMED_INPUT.
 */
export function verifyTrustedCheckpoint(noteText: string, options: { policy: TrustPolicy; origin?: string; presentedKey?: string; keyRotations?: readonly string[] }): CheckpointTrust {
  const body = peekBody(noteText);
  const origin = options.origin ?? body.origin;
  if (body.origin !== origin) {
    throw new VerificationError('CHECKPOINT_INVALID', `checkpoint origin ${show(body.origin)} is not the expected ${show(origin)}`);
  }
  if (!hasTrustRoot(options.policy, origin)) {
    if (options.presentedKey === undefined) {
      throw new VerificationError('UNTRUSTED_KEY', `no trusted key for log ${show(origin)}: pin the publisher's key (--trusted-key, --trust-file or ${TRUSTED_KEYS_ENV})`);
    }
    const presented = parseVerifierKey(options.presentedKey);
    const note = openNote(noteText, [presented]);
    const checkpoint = { ...parseCheckpointBody(note.text), note };
    return {
      status: 'UNTRUSTED', checkpoint, trustedKey: null,
      message: `signature valid for key ${show(presented.name)} (key id ${hex32(presented.keyHash)}), which came from the bundle itself; pin the publisher's key`,
    };
  }
  const trusted = trustedKeysFor(options.policy, origin, options.keyRotations);
  const usable = trusted.filter((k) => k.fromTreeSize <= body.treeSize);
  let note;
  try {
    note = openNote(noteText, usable.map((k) => k.verifier));
  } catch (e) {
    if (e instanceof VerificationError && e.message.startsWith('note has no signature by a trusted key')) {
      const early = trusted.filter((k) => k.fromTreeSize > body.treeSize);
      const why = early.length > 0 ? `; ${early.map((k) => `${describeKey(k)} counts only from tree size ${k.fromTreeSize}`).join('; ')}` : '';
      throw new VerificationError('SIGNATURE_INVALID', `${e.message}; trusted: ${usable.map(describeKey).join(', ') || 'none for this tree size'}${why}`);
    }
    throw e;
  }
  const checkpoint = { ...parseCheckpointBody(note.text), note };
  const sig = note.signatures[0]!;
  const key = usable.find((k) => k.name === sig.name && k.verifier.keyHash === sig.keyHash)!;
  const witnessed = checkWitnessQuorum(noteText, options.policy);
  return { status: 'TRUSTED', checkpoint, trustedKey: key, message: `signed by trusted key ${describeKey(key)}${witnessed}` };
}

/**
 * Applies the witness policy: at least `quorum` of the trusted witnesses
 * cosigned the checkpoint note (C2SP tlog-cosignature). Returns a phrase for
 * the result line ('' without a policy). Throws WITNESS_QUORUM_NOT_MET, or
 * COSIGNATURE_INVALID for a trusted witness's line that does not verify.
 */
export function checkWitnessQuorum(noteText: string, policy: TrustPolicy): string {
  if (policy.quorum <= 0) return '';
  const cosigned = verifyCosignatures(noteText, policy.witnesses.map((w) => w.verifier));
  const names = cosigned.map((c) => `${show(c.name)} (key id ${hex32(c.keyHash)})`);
  if (cosigned.length < policy.quorum) {
    throw new VerificationError('WITNESS_QUORUM_NOT_MET',
      `the checkpoint is cosigned by ${cosigned.length} of the ${policy.witnesses.length} trusted witnesses${names.length ? ` (${names.join(', ')})` : ''}; the trust policy requires ${policy.quorum}`);
  }
  return `, cosigned by ${cosigned.length} of ${policy.witnesses.length} trusted witnesses (quorum ${policy.quorum}): ${names.join(', ')}`;
}

/** `"<name>" (key id <hex>, from <source>)` for messages; the name is escaped. */
export function describeKey(k: Pick<TrustedKey, 'name' | 'keyId' | 'source'>): string {
  return `${show(k.name)} (key id ${k.keyId}, from ${k.source})`;
}

function peekBody(noteText: string): { origin: string; treeSize: number } {
  if (typeof noteText !== 'string') throw new VerificationError('MALFORMED_INPUT', 'checkpoint is not text');
  const split = noteText.lastIndexOf('\n\n');
  if (split < 0) throw new VerificationError('MALFORMED_INPUT', 'note has no blank line before its signatures');
  const body = parseCheckpointBody(noteText.slice(0, split + 1));
  return { origin: body.origin, treeSize: body.treeSize };
}

function parseKeyAt(text: string, path: string, source: string, issues: ValidationIssue[]): TrustedKey | null {
  try {
    const verifier = parseVerifierKey(text);
    return { key: verifier.keyString, name: verifier.name, keyId: hex32(verifier.keyHash), verifier, source, fromTreeSize: 0 };
  } catch (e) {
    issues.push({ code: 'key-format', path, message: `not a verifier key <name>+<key id hex>+<base64 Ed25519 key>: ${(e as Error).message}` });
    return null;
  }
}

function noteDuplicate(k: { name: string; keyId: string }, path: string, seen: Map<string, string>, issues: ValidationIssue[]): boolean {
  const prior = seen.get(idOf(k));
  if (prior !== undefined) {
    issues.push({ code: 'duplicate-key', path, message: `key ${show(k.name)}+${k.keyId} has the same name and key ID as ${prior}` });
    return true;
  }
  seen.set(idOf(k), path);
  return false;
}

function idOf(k: { name: string; keyId: string }): string {
  return `${k.name}+${k.keyId}`;
}

/** Escapes attacker- or user-controlled text for a message: JSON string syntax, truncated, C1 and bidi controls escaped. */
export function show(text: string, max = 120): string {
  const s = String(text);
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s)
    .replace(/[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
