/**
 * The deep part of `verify <bundle-dir>`: reads the bundle's files (the
 * evidence/ folder included) and runs the pure deep verification and the
 * correction notice (verification/). Kept apart from the receipt steps of
 * `verify` so each can change on its own.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { correctionNotice, verifySynthesisEvidence, type CorrectionNotice } from '../../verification';
import type { VerificationStep } from '../../ledger';

/** Limits on what a bundle may hold (the bundle is untrusted input). */
const MAX_FILES = 20_000;
const MAX_TOTAL_BYTES = 512 * 1024 * 1024;

/** What deep verification adds to `verify`. */
export interface DeepVerification {
  correction: CorrectionNotice;
  /** Null when the bundle carries no evidence/ (a --minimal bundle). */
  evidence: { ok: boolean; steps: VerificationStep[] } | null;
}

/** Reads every regular file under `dir` (no symlinks followed) by relative path with `/` separators. */
export function readBundleFiles(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let total = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        total += st.size;
        if (files.size >= MAX_FILES || total > MAX_TOTAL_BYTES) throw new Error(`bundle ${dir} holds more than ${MAX_FILES} files or ${MAX_TOTAL_BYTES} bytes`);
        files.set(relative(dir, p).split(sep).join('/'), readFileSync(p));
      }
    }
  };
  walk(dir);
  return files;
}

/** The correction notice, and the deep steps when `bundleDir` has evidence/. */
export function deepVerifyBundle(bundleDir: string | null, manifest: unknown, receipt: unknown, trustedPublicKey: string | undefined): DeepVerification {
  if (bundleDir === null || !existsSync(join(bundleDir, 'evidence', 'index.json'))) return { correction: correctionNotice(manifest), evidence: null };
  const v = verifySynthesisEvidence({ manifest, receipt, files: readBundleFiles(bundleDir), trustedPublicKey });
  return { correction: v.correction, evidence: { ok: v.ok, steps: v.steps } };
}

/** Terminal lines: the correction notice (first), and the deep steps. */
export function deepLines(d: DeepVerification): { head: string[]; steps: string[] } {
  const head = [`${d.correction.flagged ? '!!! ' : ''}CORRECTION STATUS: ${d.correction.headline}`];
  const steps = d.evidence
    ? d.evidence.steps.map((s) => `${s.ok ? 'PASS' : 'FAIL'}  ${s.step.padEnd(25)} ${s.code && !s.ok ? `${s.code}: ` : ''}${s.message}`)
    : ['note: no evidence/ in this bundle (exported with --minimal): only the manifest, receipt and artifacts were verified'];
  return { head, steps };
}
