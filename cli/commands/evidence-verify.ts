/**
 * The deep part of what `verify <bundle-dir>` prints: the correction notice
 * first, then the deep steps over evidence/ (verification/verify-bundle.ts
 * runs them), and reading a bundle directory into its files.
 */
import { bundleLocation, readBundleBytes } from '../../runtime';
import type { BundleVerification } from '../../verification';

/** Every regular file of the bundle in `dir` (no link followed, capped) by relative path with `/` separators. */
export function readBundleFiles(dir: string): Map<string, Uint8Array> {
  const b = readBundleBytes(bundleLocation(dir, true));
  const files = new Map(b.files);
  if (b.manifest) files.set('manifest.json', b.manifest);
  if (b.receipt) files.set('receipt.json', b.receipt);
  return files;
}

/** Terminal lines: the correction notice (first), and the deep steps. */
export function deepLines(v: Pick<BundleVerification, 'correction' | 'evidence'>): { head: string[]; steps: string[] } {
  const head = [`${v.correction.flagged ? '!!! ' : ''}CORRECTION STATUS: ${v.correction.headline}`];
  const steps = v.evidence
    ? v.evidence.steps.map((s) => `${s.ok ? 'PASS' : 'FAIL'}  ${s.step.padEnd(25)} ${s.code && !s.ok ? `${s.code}: ` : ''}${s.message}`)
    : ['note: no evidence/ in this bundle (exported with --minimal): only the manifest, receipt and artifacts were verified'];
  return { head, steps };
}
