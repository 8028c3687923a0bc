/**
 * Exports a published synthesis as a bundle a third party verifies offline:
 * manifest.json, receipt.json, the artifacts (report.md), public-key.txt,
 * the standalone verifier verify-bundle.mjs, unless minimal the evidence/
 * folder (evidence-export.ts), and the RO-Crate metadata file describing all
 * of them (ro-crate-metadata.ts).
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ENTRY_KINDS } from '../../activities/catalogue/entry-kinds';
import { LedgerError, ValidationError } from '../../common/errors';
import { packageFile } from '../../common/package-root';
import type { Ledger } from '../../ledger';
import { PAPER_MANIFEST_CONTRACT } from '../../schemas/contract-names';
import type { PaperManifest } from '../../schemas/paper-manifest.schema';
import type { Receipt } from '../../schemas/receipt.schema';
import { RO_CRATE_METADATA_FILE, roCrateMetadataJson } from './ro-crate-metadata';

/** A published version read back from the ledger. */
export interface PublishedBundle {
  manifest: PaperManifest;
  manifestJson: string;
  manifestHash: string;
  receipt: Receipt;
  receiptJson: string;
  artifacts: Map<string, Buffer>;
  publicKey: string;
}

/** Path of the standalone verifier shipped in every bundle. */
export const STANDALONE_VERIFIER = packageFile('verifier', 'verify-bundle.mjs');

/** Reads the latest (or a given) published manifest version of a synthesis with its receipt and artifacts. */
export async function loadPublished(ledger: Ledger, synthesisId: string, version?: number): Promise<PublishedBundle> {
  const stream = await ledger.reader.stream(synthesisId);
  const manifests = stream.filter((e) => e.header.contract === PAPER_MANIFEST_CONTRACT);
  if (manifests.length === 0) throw new LedgerError('NOT_FOUND', `synthesis ${synthesisId} has no published manifest`);
  const entry = version === undefined ? manifests[manifests.length - 1]! : manifests.find((e) => (JSON.parse(e.payloadJson) as PaperManifest).manifestVersion === version);
  if (!entry) throw new LedgerError('NOT_FOUND', `synthesis ${synthesisId} has no manifest version ${version}`);
  const manifestHash = entry.header.payloadHash;
  const receiptRecord = stream.find((e) => e.header.kind === ENTRY_KINDS.receipt && (JSON.parse(e.payloadJson) as { manifestHash: string }).manifestHash === manifestHash);
  if (!receiptRecord) throw new LedgerError('NOT_FOUND', `no receipt recorded for manifest ${manifestHash}`);
  const receiptBlob = await ledger.blobs.get((JSON.parse(receiptRecord.payloadJson) as { receiptHash: string }).receiptHash);
  const manifest = JSON.parse(entry.payloadJson) as PaperManifest;
  const artifacts = new Map<string, Buffer>();
  for (const a of manifest.artifacts) artifacts.set(a.name, (await ledger.blobs.get(a.sha256)).bytes);
  const receiptJson = receiptBlob.bytes.toString('utf8');
  const receipt = JSON.parse(receiptJson) as Receipt;
  return { manifest, manifestJson: JSON.stringify(manifest, null, 2) + '\n', manifestHash, receipt, receiptJson, artifacts, publicKey: receipt.publicKey };
}

/**
 * The files of a bundle, by bundle-relative path: manifest, receipt,
 * artifacts, public key, the standalone verifier, the evidence files when
 * given (a full bundle), and last `ro-crate-metadata.json`, built from all
 * the others. The one place that says what a bundle holds.
 */
export function bundleFiles(published: PublishedBundle, evidence?: ReadonlyMap<string, Buffer>): Array<{ name: string; data: Buffer }> {
  const files = [
    { name: 'manifest.json', data: Buffer.from(published.manifestJson) },
    { name: 'receipt.json', data: Buffer.from(published.receiptJson) },
    ...[...published.artifacts].map(([name, data]) => ({ name, data })),
    { name: 'public-key.txt', data: Buffer.from(`${published.publicKey}\n`) },
    { name: 'verify-bundle.mjs', data: readFileSync(STANDALONE_VERIFIER) },
    ...[...(evidence ?? [])].map(([name, data]) => ({ name, data })),
  ];
  const crate = roCrateMetadataJson(new Map(files.map((f) => [f.name, f.data])));
  return [...files, { name: RO_CRATE_METADATA_FILE, data: Buffer.from(crate) }];
}

/** How {@link writeBundle} treats an existing target, and the evidence files to add (see loadEvidence). */
export interface WriteBundleOptions {
  /** Evidence files by bundle-relative path (`evidence/…`); absent for a minimal bundle. */
  evidence?: Map<string, Buffer>;
  /** Replace an existing file or non-empty directory at the target (default: refuse it). */
  force?: boolean;
  /** The option that named the target, for the error (default `--out`). */
  field?: string;
}

/**
 * Refuses (INVALID_ARGUMENT, rule `empty-target`) a bundle target that is an
 * existing file or a non-empty directory, unless `force`: an export never
 * mixes its files with others, and never replaces anything unasked. Commands
 * call it before starting work whose result they will export.
 */
export function checkBundleTarget(dir: string, { force = false, field = '--out' }: WriteBundleOptions = {}): void {
  if (force) return;
  const kind = existingKind(dir);
  if (kind === 'file') throw ValidationError.single('INVALID_ARGUMENT', field, 'empty-target', `${dir} exists and is not a directory; choose another path or pass --force to replace it`);
  if (kind === 'non-empty-directory') throw ValidationError.single('INVALID_ARGUMENT', field, 'empty-target', `${dir} is a non-empty directory; choose an empty or new one, or pass --force to replace it`);
}

/**
 * Writes the bundle of `published` as the directory `dir`; returns the file
 * paths written. Atomic: the files go to a temporary directory beside `dir`,
 * which is then renamed into place, so a reader sees the whole bundle or
 * none. Refuses an existing file or non-empty directory unless `force`
 * (see {@link checkBundleTarget}), in which case it is replaced.
 */
export function writeBundle(published: PublishedBundle, dir: string, options: WriteBundleOptions = {}): string[] {
  checkBundleTarget(dir, options);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const temp = join(parent, `.${basename(dir)}.tmp-${randomBytes(6).toString('hex')}`);
  mkdirSync(temp);
  try {
    const names = bundleFiles(published, options.evidence).map(({ name, data }) => {
      mkdirSync(dirname(join(temp, name)), { recursive: true });
      writeFileSync(join(temp, name), data);
      return name;
    });
    replaceWith(temp, dir);
    return names.map((n) => join(dir, n));
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Moves `temp` to `dir`, removing what was at `dir` (checked or forced by the caller). */
function replaceWith(temp: string, dir: string): void {
  const kind = existingKind(dir);
  if (kind === 'none') return renameSync(temp, dir);
  if (kind === 'empty-directory') {
    rmdirSync(dir);
    return renameSync(temp, dir);
  }
  // Forced: move the old one aside first, so a failure leaves either the old or the new bundle in place.
  const old = join(dirname(dir), `.${basename(dir)}.old-${randomBytes(6).toString('hex')}`);
  renameSync(dir, old);
  renameSync(temp, dir);
  rmSync(old, { recursive: true, force: true });
}

function existingKind(path: string): 'none' | 'file' | 'empty-directory' | 'non-empty-directory' {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw e;
  }
  if (!st.isDirectory()) return 'file';
  return readdirSync(path).length === 0 ? 'empty-directory' : 'non-empty-directory';
}
