/**
 * Exports a published synthesis as a bundle a third party verifies offline:
 * manifest.json, receipt.json, the artifacts (report.md), public-key.txt,
 * the standalone verifier verify-bundle.mjs and, unless minimal, the
 * evidence/ folder (evidence-export.ts).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ENTRY_KINDS } from '../../activities/catalogue/entry-kinds';
import { LedgerError } from '../../common/errors';
import { packageFile } from '../../common/package-root';
import type { Ledger } from '../../ledger';
import { PAPER_MANIFEST_CONTRACT } from '../../schemas/contract-names';
import type { PaperManifest } from '../../schemas/paper-manifest.schema';
import type { Receipt } from '../../schemas/receipt.schema';

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

/** Writes the bundle of `published` into `dir`, with the evidence files when given (see loadEvidence); returns the file paths written. */
export function writeBundle(published: PublishedBundle, dir: string, evidence?: Map<string, Buffer>): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, data: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    files.push(path);
  };
  write('manifest.json', published.manifestJson);
  write('receipt.json', published.receiptJson);
  for (const [name, bytes] of published.artifacts) write(name, bytes);
  write('public-key.txt', `${published.publicKey}\n`);
  for (const [name, bytes] of evidence ?? []) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    write(name, bytes);
  }
  const verifier = join(dir, 'verify-bundle.mjs');
  copyFileSync(STANDALONE_VERIFIER, verifier);
  files.push(verifier);
  return files;
}
