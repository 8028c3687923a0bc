/**
 * Entry point of the standalone verifier, verifier/verify-bundle.mjs, which
 * `npm run build` (scripts/build-verifier.ts) bundles from this file, the
 * ledger's pure core and verification/: one file, Node.js built-ins only,
 * no dependency to install. It reads the bundle (runtime/services/
 * bundle-reader.ts), runs the one verifier (verification/verify-bundle.ts)
 * and prints each step. Edit the sources, never the built file: CI fails
 * when the committed file differs from a fresh build.
 *
 *     node verify-bundle.mjs <bundle-dir> --trusted-key <verifier key> [--since <bundle|receipt|checkpoint>] [--json]
 *     node verify-bundle.mjs <bundle-dir> --trust-file <trust.json> [--json]
 *     node verify-bundle.mjs <manifest.json> [--receipt <receipt.json>] [--public-key <key file>] [--artifacts <dir>] [--json]
 *
 * Exit status: 0 every step passed with a trusted key, 1 a step failed,
 * 2 usage error or bad trust roots, 6 UNTRUSTED (only the bundle's own key),
 * 8 every step passed but the synthesis is RETRACTED, WITHDRAWN or UNDER_CONCERN.
 */
import { realpathSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SynthledgerError, ValidationError } from '../../common/errors';
import { parseStrictJson } from '../../common/strict-json';
import { escapeUnsafeJson, escapeUnsafeText } from '../../common/text-safety';
import { canonicalize } from '../../ledger/core/canonical-json';
import { parseCheckpointBody } from '../../ledger/core/checkpoint';
import { verifyInclusion } from '../../ledger/core/merkle-verify';
import { openNote as openNoteWith, parseVerifierKey, type NoteVerifier } from '../../ledger/core/signed-note';
import { describeKey, MAX_TRUST_FILE_BYTES, show, TRUSTED_KEYS_ENV, trustRootsFromTexts, type TrustPolicy } from '../../ledger/core/trust-policy';
import { bundleLocation, readBundleBytes, readSinceInput } from '../../runtime/services/bundle-reader';
import { MAX_PUBLIC_KEY_FILE_BYTES, readBoundedFile } from '../../runtime/services/read-bounded-file';
import { allSteps, describeSupersession, verifyBundle as verifyBundleBytes, type BundleVerification, type SinceInput } from '../../verification/verify-bundle';

export { canonicalize, parseCheckpointBody, parseVerifierKey, verifyInclusion, show };

/** Strict JSON (no duplicate member names), as every verifier reads it. */
export function parseJson(text: string): unknown {
  return parseStrictJson(text);
}

/** Opens a signed note with one verifier or several (see ledger/core/signed-note.ts). */
export function openNote(note: string, verifiers: NoteVerifier | string | ReadonlyArray<NoteVerifier | string>) {
  return openNoteWith(note, Array.isArray(verifiers) ? verifiers : [verifiers as NoteVerifier | string]);
}

/** Exit status when every check passed but only with the bundle's own key. */
export const EXIT_UNTRUSTED = 6;
/** Exit status when every check passed but the synthesis is retracted, withdrawn or under concern. */
export const EXIT_FLAGGED = 8;

/** Options of {@link verifyBundle}: where the parts are, and the reader's trust roots (never the bundle's). */
export interface StandaloneOptions {
  manifest?: string;
  receipt?: string;
  artifactsDir?: string;
  trustedKeys?: string[];
  trustFile?: string;
  publicKey?: string;
  since?: string;
  env?: Record<string, string | undefined>;
}

/** What `--json` prints and {@link verifyBundle} resolves to: every step, deep ones included, in one list. */
export interface StandaloneResult {
  ok: boolean;
  status: BundleVerification['status'];
  manifestHash: string | null;
  trustedKey: BundleVerification['trustedKey'];
  correction: BundleVerification['correction'];
  superseded: BundleVerification['superseded'];
  steps: ReturnType<typeof allSteps>;
}

/** Reads the reader's trust roots; throws TRUST_POLICY_INVALID, or INVALID_ARGUMENT/PAYLOAD_TOO_LARGE for a file it cannot read. */
export function loadTrust(o: StandaloneOptions): TrustPolicy {
  // The reader's own files: reached through links too (a dotfiles checkout), the file they end at checked as any.
  const text = (path: string, field: string, maxBytes: number) => Buffer.from(readBoundedFile(path, { field, maxBytes, followLinks: true })).toString('utf8');
  return trustRootsFromTexts({
    trustFile: o.trustFile === undefined ? undefined : { text: text(o.trustFile, '--trust-file', MAX_TRUST_FILE_BYTES), source: `--trust-file ${o.trustFile}` },
    trustedKeys: o.trustedKeys,
    publicKeyText: o.publicKey === undefined ? undefined : text(o.publicKey, '--public-key', MAX_PUBLIC_KEY_FILE_BYTES),
    envValue: o.env?.[TRUSTED_KEYS_ENV],
  });
}

/**
 * Verifies the bundle in `dir` (or the manifest `options.manifest`).
 * Resolves to the result; never rejects: unusable trust roots or `--since`
 * input fail a step.
 */
export async function verifyBundle(dir: string, options: StandaloneOptions = {}): Promise<StandaloneResult> {
  const at = options.manifest === undefined ? bundleLocation(dir, true, options) : bundleLocation(options.manifest, false, options);
  let trust: TrustPolicy | undefined;
  let trustProblem: string | null = null;
  try {
    trust = loadTrust(options);
  } catch (e) {
    trustProblem = e instanceof SynthledgerError ? `${e.code}: ${e.message}` : 'the trust roots cannot be read';
  }
  const bytes = readBundleBytes(at);
  if (trustProblem) bytes.readProblems = [...(bytes.readProblems ?? []), trustProblem];
  let since: SinceInput | undefined;
  if (options.since !== undefined) {
    try {
      since = readSinceInput(options.since);
    } catch (e) {
      since = { receiptOrCheckpoint: new Uint8Array(), source: `--since ${options.since} (${(e as Error).message})` };
    }
  }
  return flatten(verifyBundleBytes(bytes, { trust, since }));
}

function flatten(v: BundleVerification): StandaloneResult {
  return { ok: v.ok, status: v.status, manifestHash: v.manifestHash, trustedKey: v.trustedKey, correction: v.correction, superseded: v.superseded, steps: allSteps(v) };
}

/** The usage text of the command line. */
export const USAGE = `usage:
  node verify-bundle.mjs <bundle-dir> [--trusted-key <verifier key>]... [--trust-file <trust.json>] [--since <bundle|receipt|checkpoint>] [--json]
  node verify-bundle.mjs <manifest.json> [--receipt <receipt.json>] [--public-key <key file>] [--artifacts <dir>] [--json]

Verifies a published synthledger bundle offline: the manifest hash, the ledger
entry header, every artifact's sha256 and size, the RFC 9162 inclusion proof and
the Ed25519 signature of the C2SP checkpoint; with evidence/, the whole stream
(chain, inclusion, claims, sources, spans, re-verification, history, citations,
corrections). A bundle directory holds manifest.json, receipt.json and the
artifacts. With a manifest file, the receipt defaults to receipt.json beside
it, and artifacts are looked up in its directory.

--since names another version of the same log: an older one (the log must only
have grown since), or a later bundle or receipt (this version is then reported
SUPERSEDED, and by what).

The checkpoint counts only when signed by a key YOU trust, obtained from the
publisher out of band (their website, a release note, a signed email):
--trusted-key <name+id+key> (repeatable), --trust-file <trust-policy-v1 JSON>,
--public-key <file holding one key>, or ${TRUSTED_KEYS_ENV} (keys separated by
commas or spaces). The bundle's own public-key.txt and the receipt's publicKey
are never trusted: without a pinned key the result is UNTRUSTED.

Exit status: 0 every check passed with a trusted key, 1 a check failed,
2 usage error or bad trust file, ${EXIT_UNTRUSTED} untrusted (only the bundle's own key),
${EXIT_FLAGGED} valid but retracted, withdrawn or under concern.`;

/** Parsed command line: `{ help }`, `{ error }` or `{ target, options, json }`. */
export type ParsedArgs = { help: true } | { error: string } | { target: string; options: StandaloneOptions; json: boolean };

/** Parses command-line arguments. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: StandaloneOptions = {};
  let json = false;
  const positional: string[] = [];
  const valued: Record<string, 'receipt' | 'publicKey' | 'artifactsDir' | 'trustFile' | 'since'> = {
    '--receipt': 'receipt', '--public-key': 'publicKey', '--artifacts': 'artifactsDir', '--trust-file': 'trustFile', '--since': 'since',
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--help' || a === '-h') return { help: true };
    if (a === '--json') json = true;
    else if (a === '--trusted-key') {
      const v = argv[++k];
      if (v === undefined || v === '') return { error: `${a} needs a verifier key` };
      (options.trustedKeys ??= []).push(v);
    } else if (Object.prototype.hasOwnProperty.call(valued, a)) {
      const v = argv[++k];
      if (v === undefined || v === '') return { error: `${a} needs a file name` };
      if (options[valued[a]!] !== undefined) return { error: `${a} given twice` };
      options[valued[a]!] = v;
    } else if (a.startsWith('-') && a !== '-') return { error: `unknown option ${show(a, 40)}` };
    else positional.push(a);
  }
  if (positional.length !== 1) return { error: positional.length === 0 ? 'give a bundle directory or a manifest file' : 'give exactly one bundle directory or manifest file' };
  return { target: positional[0]!, options, json };
}

/** The human-readable report: the correction status first (its first line), what is verified, each step, then the verdict. */
export function formatReport(target: string, r: StandaloneResult): string {
  const width = Math.max(...r.steps.map((s) => s.step.length));
  const lines = [`${r.correction.flagged ? '!!! ' : ''}CORRECTION STATUS: ${r.correction.headline}`, `Verifying ${show(target, 200).slice(1, -1)}`];
  for (const s of r.steps) lines.push(`${s.ok ? 'PASS' : s.code === 'UNTRUSTED_KEY' ? 'UNTR' : 'FAIL'}  ${s.step.padEnd(width)}  ${!s.ok && s.code ? `${s.code}: ` : ''}${s.message}`);
  const failed = r.steps.filter((s) => !s.ok);
  if (r.superseded) lines.push(`SUPERSEDED: this version is superseded by ${describeSupersession(r.superseded)}.`);
  const verdict = r.correction.flagged ? `VALID BUT ${r.correction.status.replace('_', ' ')}` : 'OK';
  lines.push(r.status === 'OK'
    ? `${verdict}: all ${r.steps.length} steps passed; manifest ${r.manifestHash} is attested by the log checkpoint signed by trusted key ${describeKey(r.trustedKey!)}.`
    : r.status === 'UNTRUSTED'
      ? `UNTRUSTED: every check passed, but the checkpoint is signed only by the key the bundle names itself, so it proves nothing. Pin the publisher's key (--trusted-key, --trust-file or ${TRUSTED_KEYS_ENV}).`
      : `FAILED: ${failed.length} of ${r.steps.length} steps failed (${failed.map((s) => s.step).join(', ')}). Do not trust this bundle.`);
  // Text from the bundle never reaches the terminal as control: every line is escaped as `synthledger` escapes its output.
  return `${lines.map((l) => escapeUnsafeText(l)).join('\n')}\n`;
}

/** The exit status of a result. */
export function exitStatus(r: StandaloneResult): number {
  if (r.status === 'OK') return r.correction.flagged ? EXIT_FLAGGED : 0;
  return r.status === 'UNTRUSTED' ? EXIT_UNTRUSTED : 1;
}

interface Writable {
  write(text: string): unknown;
}

/** Runs the command line with `argv` (without node and script); resolves to the exit status and never rejects. */
export async function main(argv: readonly string[], out: Writable = process.stdout, err: Writable = process.stderr, env: Record<string, string | undefined> = process.env): Promise<number> {
  try {
    const args = parseArgs(argv);
    if ('help' in args) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    if ('error' in args) {
      err.write(`verify-bundle: ${args.error}\n${USAGE}\n`);
      return 2;
    }
    let isDir: boolean;
    try {
      isDir = statSync(args.target).isDirectory();
    } catch {
      err.write(`verify-bundle: ${show(args.target, 200)} does not exist\n${USAGE}\n`);
      return 2;
    }
    const options: StandaloneOptions = { ...args.options, env: { [TRUSTED_KEYS_ENV]: env[TRUSTED_KEYS_ENV] } };
    // A bad trust file or key is the reader's input error (exit 2), not a failed bundle.
    try {
      loadTrust(options);
    } catch (e) {
      const issues = e instanceof ValidationError ? e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : '';
      err.write(`verify-bundle: ${e instanceof SynthledgerError ? `${e.code}: ${issues || e.message}` : 'the trust roots cannot be read'}\n`);
      return 2;
    }
    const result = isDir ? await verifyBundle(args.target, options) : await verifyBundle('.', { ...options, manifest: args.target });
    out.write(args.json ? `${escapeUnsafeJson(JSON.stringify(result, null, 2))}\n` : formatReport(args.target, result));
    return exitStatus(result);
  } catch (e) {
    err.write(`verify-bundle: internal error: ${show(e instanceof Error ? e.message : String(e), 200)}\n`);
    return 1;
  }
}

function isMainModule(): boolean {
  try {
    // @ts-expect-error TS1343: this file is built into an ES module (verify-bundle.mjs), where import.meta exists.
    const url: string = import.meta.url;
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  }, () => {
    process.exitCode = 1;
  });
}
