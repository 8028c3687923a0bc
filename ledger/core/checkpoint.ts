/**
 * The body of a C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint,
 * "Note text"): origin, decimal tree size and base64 root hash, one per line,
 * then optional extension lines. The body is what the signed note signs.
 *
 * Parsing treats the text as attacker-controlled and accepts exactly one
 * spelling of each checkpoint, so two different texts never mean the same tree.
 * Signing and verifying a checkpoint wraps the body in a C2SP signed note.
 */
import { ValidationError, VerificationError } from '../../common/errors';
import { HASH_SIZE } from './merkle';
import { decodeCanonicalBase64, openNote, parseVerifierKey, signNote, type NoteSigner, type NoteVerifier, type OpenedNote } from './signed-note';

/** A checkpoint: the log's identity, tree size and root at that size. */
export interface Checkpoint {
  /** Identifies the log (first line); by convention the signing key's name. */
  origin: string;
  treeSize: number;
  /** 32-byte RFC 9162 Merkle tree hash of the first `treeSize` entries. */
  rootHash: Buffer;
  /** Opaque extension lines (NOT RECOMMENDED by the spec); each non-empty. */
  extensions?: string[];
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
// Control characters are forbidden anywhere in a signed note (c2sp.org/signed-note, "Format").
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Formats the checkpoint body `origin\nsize\nbase64(root)\n[extensions\n…]`; throws INVALID_ARGUMENT on a value it cannot represent. */
export function formatCheckpointBody(checkpoint: Checkpoint): string {
  const { origin, treeSize, rootHash, extensions = [] } = checkpoint;
  if (typeof origin !== 'string' || origin === '' || CONTROL.test(origin)) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.origin', 'checkpoint-origin', 'origin must be a non-empty line without control characters');
  }
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.treeSize', 'non-negative-integer', `tree size must be a non-negative safe integer, got ${String(treeSize)}`);
  }
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== HASH_SIZE) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.rootHash', 'hash-length', `root hash must be ${HASH_SIZE} bytes`);
  }
  extensions.forEach((line, i) => {
    if (typeof line !== 'string' || line === '' || CONTROL.test(line)) {
      throw ValidationError.single('INVALID_ARGUMENT', `$.extensions[${i}]`, 'checkpoint-extension', 'extension lines must be non-empty and without control characters');
    }
  });
  const lines = [origin, String(treeSize), Buffer.from(rootHash).toString('base64'), ...extensions];
  return lines.map((l) => `${l}\n`).join('');
}

/** Parses a checkpoint body strictly; throws VerificationError CHECKPOINT_INVALID naming the offending line. */
export function parseCheckpointBody(text: string): Required<Checkpoint> {
  if (typeof text !== 'string') throw invalid('checkpoint body must be text');
  if (!text.endsWith('\n')) throw invalid('checkpoint body must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw invalid(`checkpoint body has ${lines.length} lines, needs origin, tree size and root hash`);
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];

  if (origin === '') throw invalid('line 1 (origin) is empty');
  if (CONTROL.test(text.replace(/\n/g, ''))) throw invalid('checkpoint body contains control characters');

  if (!DECIMAL.test(size)) throw invalid(`line 2 (tree size) is not a decimal number without leading zeros: ${JSON.stringify(size.slice(0, 40))}`);
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) throw invalid(`line 2 (tree size) ${size.slice(0, 40)} exceeds ${Number.MAX_SAFE_INTEGER}`);

  const rootHash = decodeCanonicalBase64(root);
  if (!rootHash) throw invalid('line 3 (root hash) is not canonical base64');
  if (rootHash.length !== HASH_SIZE) throw invalid(`line 3 (root hash) decodes to ${rootHash.length} bytes, want ${HASH_SIZE}`);

  extensions.forEach((line, i) => {
    if (line === '') throw invalid(`line ${4 + i} (extension) is empty`);
  });
  return { origin, treeSize, rootHash, extensions };
}

function invalid(message: string): VerificationError {
  return new VerificationError('CHECKPOINT_INVALID', message);
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
