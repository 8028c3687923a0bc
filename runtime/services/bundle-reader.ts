/**
 * Reads a bundle from disk into the bytes the one verifier takes
 * (verification/verify-bundle.ts), for `synthledger verify` and the
 * standalone verify-bundle.mjs alike. The bundle is hostile: every file is
 * read through readBoundedFile (regular files only, never through a link,
 * capped before reading), the walk follows no link, and the whole is capped.
 * What cannot be read becomes a readBundle problem or a missing file, never
 * an exception.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ValidationError } from '../../common/errors';
import type { BundleBytes, SinceInput } from '../../verification/verify-bundle';
import { MAX_ARTIFACT_FILE_BYTES, MAX_MANIFEST_FILE_BYTES, MAX_RECEIPT_FILE_BYTES, readBoundedFile } from './read-bounded-file';

/** Limits on what a bundle may hold. */
export const MAX_BUNDLE_FILES = 20_000;
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

/** Where the parts of a bundle are: a bundle directory, or a manifest file with its receipt and artifacts elsewhere. */
export interface BundleLocation {
  /** The bundle directory, or null when only a manifest file was named. */
  dir: string | null;
  manifest: string;
  receipt: string;
  /** Directory holding the artifacts (and evidence/). */
  artifactsDir: string;
}

/** The location of `target` (a directory or a manifest file) with the reader's overrides. */
export function bundleLocation(target: string, isDir: boolean, o: { receipt?: string; artifactsDir?: string } = {}): BundleLocation {
  const base = isDir ? target : dirname(target);
  return { dir: isDir ? target : null, manifest: isDir ? join(target, 'manifest.json') : target, receipt: o.receipt ?? join(base, 'receipt.json'), artifactsDir: o.artifactsDir ?? base };
}

/** Reads manifest, receipt, and every regular file under the artifacts directory (not following links), within the caps. */
export function readBundleBytes(at: BundleLocation): BundleBytes {
  const readProblems: string[] = [];
  const read = (path: string, maxBytes: number): Uint8Array | undefined => {
    try {
      return readBoundedFile(path, { field: basename(path), maxBytes });
    } catch (e) {
      readProblems.push(e instanceof ValidationError ? (e.issues[0]?.message ?? e.message) : `${basename(path)} cannot be read`);
      return undefined;
    }
  };
  const manifest = read(at.manifest, MAX_MANIFEST_FILE_BYTES);
  const receipt = read(at.receipt, MAX_RECEIPT_FILE_BYTES);
  const files = new Map<string, Uint8Array>();
  let total = 0;
  const walk = (dir: string, prefix: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const rel = prefix + name;
      let st;
      try {
        st = lstatSync(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(path, `${rel}/`);
      else if (st.isFile() && rel !== 'manifest.json' && rel !== 'receipt.json') {
        total += st.size;
        if (files.size >= MAX_BUNDLE_FILES || total > MAX_BUNDLE_BYTES) {
          readProblems.push(`the bundle holds more than ${MAX_BUNDLE_FILES} files or ${MAX_BUNDLE_BYTES} bytes`);
          return;
        }
        try {
          files.set(rel, readBoundedFile(path, { field: rel, maxBytes: MAX_ARTIFACT_FILE_BYTES }));
        } catch {
          // Left out: the step that needs it reports it missing.
        }
      }
      // Links, FIFOs, devices and sockets are never read: the step that needs the file reports it missing.
    }
  };
  walk(at.artifactsDir, '');
  return { manifest, receipt, files, readProblems, names: { manifest: basename(at.manifest), receipt: basename(at.receipt) } };
}

/** `--since`: a bundle directory (its receipt and manifest), a receipt file or a checkpoint file. */
export function readSinceInput(path: string): SinceInput {
  let isDir = false;
  try {
    isDir = lstatSync(path).isDirectory();
  } catch {
    // readBoundedFile below names the problem.
  }
  const receiptPath = isDir ? join(path, 'receipt.json') : path;
  const receiptOrCheckpoint = readBoundedFile(receiptPath, { field: '--since', maxBytes: MAX_RECEIPT_FILE_BYTES });
  let manifest: Uint8Array | undefined;
  if (isDir) {
    try {
      manifest = readBoundedFile(join(path, 'manifest.json'), { field: '--since', maxBytes: MAX_MANIFEST_FILE_BYTES });
    } catch {
      manifest = undefined;
    }
  }
  return { receiptOrCheckpoint, manifest, source: path };
}
