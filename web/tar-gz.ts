/**
 * A minimal POSIX ustar writer (regular files only) and gzip, for serving a
 * bundle as one download without a dependency. Layout per POSIX.1-2001
 * `pax`/ustar: a 512-byte header per file, the data padded to 512 bytes,
 * two zero blocks at the end.
 */
import { gzipSync } from 'node:zlib';

/** One file of an archive. */
export interface TarFile {
  /** Path inside the archive: at most 255 bytes of ASCII letters, digits and `._-/` (over 100, split into the ustar prefix). */
  name: string;
  data: Buffer;
  /** Permission bits, default 0o644. */
  mode?: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  // width - 1 octal digits and a NUL terminator.
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(file: TarFile, mtime: number): Buffer {
  if (!/^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,254}$/.test(file.name) || file.name.split('/').includes('..')) {
    throw new Error(`tar entry name ${JSON.stringify(file.name)} is not a plain relative path of at most 255 bytes`);
  }
  // ustar: a name over 100 bytes is split at a '/' into prefix (at most 155 bytes) and name (at most 100).
  let [prefix, name] = ['', file.name];
  if (name.length > 100) {
    const cut = file.name.indexOf('/', file.name.length - 101);
    if (cut < 0 || cut > 155) throw new Error(`tar entry name ${JSON.stringify(file.name)} cannot be split into a ustar prefix and name`);
    [prefix, name] = [file.name.slice(0, cut), file.name.slice(cut + 1)];
  }
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, 100, 'ascii');
  h.write(prefix, 345, 155, 'ascii');
  h.write(octal(file.mode ?? 0o644, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii'); // uid
  h.write(octal(0, 8), 116, 8, 'ascii'); // gid
  h.write(octal(file.data.length, 12), 124, 12, 'ascii');
  h.write(octal(mtime, 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii'); // checksum field counts as spaces while summing
  h.write('0', 156, 1, 'ascii'); // regular file
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

/** The uncompressed tar archive of `files`; `mtime` in seconds since the epoch (fixed, so the archive is reproducible). */
export function tar(files: TarFile[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(header(f, mtime), f.data);
    const pad = (BLOCK - (f.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0));
  return Buffer.concat(parts);
}

/** The gzip-compressed tar archive of `files`. */
export function tarGz(files: TarFile[], mtime = 0): Buffer {
  return gzipSync(tar(files, mtime));
}
