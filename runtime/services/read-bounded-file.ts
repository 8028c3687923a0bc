/**
 * Reading a file a user names (a correction, a bundle file) without trusting
 * it: only a regular file, never through a symbolic link, never a FIFO or a
 * device, and never more than a stated number of bytes. The operator's own
 * configuration files (keys, trust files) may be reached through links, as
 * Kubernetes mounts secrets; their target is held to the same rules.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { ValidationError } from '../../common/errors';

/** Largest correction file `synthledger correct --file` reads (a correction record is a few kilobytes). */
export const MAX_CORRECTION_FILE_BYTES = 1024 * 1024;
/** Largest manifest.json the library verifier reads (the ledger stores payloads of at most 1 MiB; the pretty-printed file is larger). */
export const MAX_MANIFEST_FILE_BYTES = 8 * 1024 * 1024;
/** Largest receipt.json the library verifier reads. */
export const MAX_RECEIPT_FILE_BYTES = 1024 * 1024;
/** Largest public-key.txt the library verifier reads (one verifier key line). */
export const MAX_PUBLIC_KEY_FILE_BYTES = 4096;
/** Largest artifact (report.md) the library verifier reads. */
export const MAX_ARTIFACT_FILE_BYTES = 64 * 1024 * 1024;
/**
 * Largest history file `synthledger replay` reads. Temporal ends a workflow
 * whose history passes 50 MiB (its default size limit); the JSON form of such
 * a history, with payloads in base64, is larger still.
 */
export const MAX_HISTORY_FILE_BYTES = 128 * 1024 * 1024;
/** Largest `witness serve --log-config` file (a list of log origins and their verifier keys). */
export const MAX_WITNESS_CONFIG_FILE_BYTES = 256 * 1024;
/** Largest key file read (the checkpoint signing key file, a witness key file): one key line of about 100 bytes. */
export const MAX_KEY_FILE_BYTES = 4096;

/** What to read and how the problem is named: `field` is the option or file the error names. */
export interface ReadBoundedFileOptions {
  field: string;
  maxBytes: number;
  /**
   * Follow symbolic links to the file they end at, which must then be a
   * regular file within `maxBytes`. Only for files the operator configures
   * (a key, a trust file, a witness's log list): a mounted Kubernetes secret
   * is a link into a hidden directory. Never for a bundle's files or other
   * input handed over by someone else. Default false: a link is refused.
   */
  followLinks?: boolean;
}

/**
 * Reads all of `path`, refusing with INVALID_ARGUMENT (rule `exists`,
 * `regular-file` or `readable`) anything but an existing regular file reached
 * without a symbolic link in its last component (with `followLinks`, the
 * file the links end at, checked the same way), and with PAYLOAD_TOO_LARGE
 * (rule `maxBytes`) a file larger than `maxBytes`, before reading it. The
 * file is opened with O_NOFOLLOW and O_NONBLOCK and checked again on the open
 * descriptor, so a swap between the check and the open cannot make it follow
 * a link or block on a FIFO; a file that grows while read is refused.
 */
export function readBoundedFile(given: string, { field, maxBytes, followLinks = false }: ReadBoundedFileOptions): Buffer {
  let path = given;
  // Named in a refusal when links led elsewhere than the path given.
  let target = '';
  const refuse = (rule: string, message: string) => ValidationError.single('INVALID_ARGUMENT', field, rule,
    `${given}${target === '' ? '' : ` (a link to ${target})`} ${message}`);
  const unreadable = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? refuse('exists', 'does not exist') : refuse('readable', `cannot be read (${code ?? 'error'})`);
  };
  if (followLinks) {
    try {
      path = realpathSync(given);
      if (path !== resolve(given)) target = path;
    } catch (e) {
      throw unreadable(e);
    }
  }
  let before: Stats;
  try {
    before = lstatSync(path);
  } catch (e) {
    throw unreadable(e);
  }
  if (before.isSymbolicLink()) throw refuse('regular-file', 'is a symbolic link; give the file itself');
  if (!before.isFile()) throw refuse('regular-file', `is ${kindOf(before)}, not a regular file`);
  if (before.size > maxBytes) throw tooLarge(field, given, before.size, maxBytes);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    throw refuse('readable', `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev) throw refuse('regular-file', 'changed while it was being opened');
    const buf = Buffer.alloc(Math.min(maxBytes, st.size) + 1);
    let total = 0;
    for (;;) {
      // The buffer holds one byte more than the size seen (or the cap): filling it means the file grew while read.
      if (total === buf.length) throw total > maxBytes ? tooLarge(field, given, total, maxBytes) : refuse('regular-file', 'changed while it was being read');
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
    }
    return buf.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(field: string, path: string, bytes: number, maxBytes: number): ValidationError {
  return ValidationError.single('PAYLOAD_TOO_LARGE', field, 'maxBytes', `${path} has ${bytes} bytes or more; the limit is ${maxBytes}`);
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}
