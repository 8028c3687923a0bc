/**
 * Key rotation statements: the log's current key signs, as a C2SP signed
 * note, that a new verifier key signs the log's checkpoints from a given
 * tree size on. The new key signs it too, proving it is held. A verifier
 * accepts a rotated-in key only when a key it already trusts signed such a
 * statement (docs/VERIFYING.md, "Key rotation"). Statements are
 * attacker-controlled when they arrive in a receipt; parsing is strict.
 */
import { VerificationError } from '../../common/errors';
import { openNote, parseVerifierKey, signNote, type Ed25519NoteVerifier, type NoteSigner } from './signed-note';

/** First line of every rotation statement; names the format and its version. */
export const KEY_ROTATION_HEADER = 'synthledger key rotation v1';

/** What a rotation statement says. */
export interface KeyRotation {
  origin: string;
  /** Verifier key that signed the statement and is replaced. */
  oldKey: string;
  /** Verifier key that signs checkpoints from `fromTreeSize` on. */
  newKey: string;
  /** The first tree size whose checkpoint the new key signs. */
  fromTreeSize: number;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** Formats the statement text (ends in a newline); throws MALFORMED_INPUT on a value it cannot represent. */
export function formatKeyRotation(r: KeyRotation): string {
  parseVerifierKey(r.oldKey);
  parseVerifierKey(r.newKey);
  if (!Number.isSafeInteger(r.fromTreeSize) || r.fromTreeSize < 0) throw malformed('fromTreeSize must be a non-negative integer');
  if (typeof r.origin !== 'string' || r.origin === '' || /[\u0000-\u001f\u007f]/.test(r.origin)) throw malformed('origin must be one line');
  return `${KEY_ROTATION_HEADER}\norigin ${r.origin}\nold ${r.oldKey}\nnew ${r.newKey}\nfrom ${r.fromTreeSize}\n`;
}

/** Signs a rotation statement with the old key (first) and the new key. */
export function signKeyRotation(r: KeyRotation, oldSigner: NoteSigner, newSigner: NoteSigner): string {
  return signNote(formatKeyRotation(r), [oldSigner, newSigner]);
}

/** Parses the text of a rotation statement strictly; throws MALFORMED_INPUT. */
export function parseKeyRotationText(text: string): KeyRotation {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : [];
  if (lines.length !== 5 || lines[0] !== KEY_ROTATION_HEADER) throw malformed(`a key rotation statement has 5 lines starting with ${JSON.stringify(KEY_ROTATION_HEADER)}`);
  const field = (i: number, name: string): string => {
    const line = lines[i]!;
    if (!line.startsWith(`${name} `)) throw malformed(`key rotation line ${i + 1} must start with "${name} "`);
    return line.slice(name.length + 1);
  };
  const origin = field(1, 'origin');
  const oldKey = field(2, 'old');
  const newKey = field(3, 'new');
  const from = field(4, 'from');
  if (!DECIMAL.test(from) || !Number.isSafeInteger(Number(from))) throw malformed('key rotation "from" is not a decimal tree size');
  const rotation = { origin, oldKey, newKey, fromTreeSize: Number(from) };
  // Re-formatting must give the same text: one spelling per statement.
  if (formatKeyRotation(rotation) !== text) throw malformed('key rotation statement is not in canonical form');
  return rotation;
}

/**
 * Opens a rotation statement with the verifiers the reader trusts for its
 * origin: the statement must carry a valid signature by its own `old` key,
 * that key must be one of `trusted`, and the `new` key's signature must be
 * valid. Returns the rotation and the trusted verifier that signed it.
 * Throws VerificationError (SIGNATURE_INVALID, MALFORMED_INPUT).
 */
export function openKeyRotation(note: string, trusted: readonly Ed25519NoteVerifier[]): { rotation: KeyRotation; signedBy: Ed25519NoteVerifier } {
  // First read the statement unverified to learn which keys it names; then verify with those keys only.
  const split = typeof note === 'string' ? note.lastIndexOf('\n\n') : -1;
  if (split < 0) throw malformed('key rotation statement is not a signed note');
  const rotation = parseKeyRotationText(note.slice(0, split + 1));
  const signedBy = trusted.find((k) => k.keyString === rotation.oldKey);
  if (!signedBy) throw new VerificationError('SIGNATURE_INVALID', `key rotation to ${show(rotation.newKey)} is signed by ${show(rotation.oldKey)}, which is not a trusted key`);
  openNote(note, [signedBy]);
  openNote(note, [parseVerifierKey(rotation.newKey)]);
  return { rotation, signedBy };
}

function show(text: string): string {
  return JSON.stringify(text.slice(0, 200));
}

function malformed(message: string): VerificationError {
  return new VerificationError('MALFORMED_INPUT', message);
}
