/**
 * Exports a published synthesis as a bundle a third party verifies offline:
 * manifest.json, receipt.json, the artifacts (report.md), public-key.txt and
 * the standalone verifier verify-bundle.mjs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** The files of a bundle, by name: manifest, receipt, artifacts, public key and the standalone verifier. */
export function bundleFiles(published: PublishedBundle): Array<{ name: string; data: Buffer }> {
  return [
    { name: 'manifest.json', data: Buffer.from(published.manifestJson) },
    { name: 'receipt.json', data: Buffer.from(published.receiptJson) },
    ...[...published.artifacts].map(([name, data]) => ({ name, data })),
    { name: 'public-key.txt', data: Buffer.from(`${published.publicKey}\n`) },
    { name: 'verify-bundle.mjs', data: readFileSync(STANDALONE_VERIFIER) },
  ];
}

/** Writes the bundle of `published` into `dir`; returns the file paths written. */
export function writeBundle(published: PublishedBundle, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return bundleFiles(published).map(({ name, data }) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    return path;
  });
}
