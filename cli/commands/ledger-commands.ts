/** `export`, `verify`, `ledger verify`, `ledger prove-consistency`, `checkpoint`, `keys`: the ledger, its proofs and its key. */
import { existsSync, lstatSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { LedgerError, ValidationError, VerificationError, type VerificationCode } from '../../common/errors';
import {
  bytesToHash, HASH_PATTERN, describeKey, TRUSTED_KEYS_ENV, verifyConsistency, verifyLog, verifyStreamRows, type VerificationStep,
} from '../../ledger/core';
import {
  checkBundleTarget, defaultKeyFile, loadEvidence, loadPublished, loadSigningKey, loadTrustRoots, logSigningKey,
  bundleLocation, readBundleBytes, readSinceInput, resolveSigningKey, rotateLogKey, SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV, writeBundle,
} from '../../runtime';
import type { CommandContext } from '../command-context';
import { integerAtLeast, positiveInt } from '../arguments';
import { EXIT } from '../exit-codes';
import { deepLines } from './evidence-verify';
import { allSteps, describeSupersession, verifyBundle } from '../../verification';
import { defaultBundleDir } from '../config';

/** The ledger store (database driver included), loaded by the commands that read the database, never by `verify`. */
const ledgerStore = () => import('../../ledger');

/** `export <id> [--out dir] [--version n] [--minimal] [--force]`: writes the published bundle (atomically; an existing file or non-empty directory only with --force). */
export async function exportCommand(ctx: CommandContext, id: string, o: { out?: string; version?: string; minimal?: boolean; force?: boolean }): Promise<number> {
  const version = o.version === undefined ? undefined : positiveInt('--version', o.version, 1);
  const dir = o.out ? resolve(o.out) : defaultBundleDir(id);
  const force = Boolean(o.force);
  checkBundleTarget(dir, { force });
  const ledger = await ctx.ledger();
  const published = await loadPublished(ledger, id, version);
  // A manifest below public level L4 was published without its stream (--publication minimal): its default export is minimal too.
  const level = published.manifest.provenance.publicLevel;
  const minimal = o.minimal ?? level !== 'L4';
  if (o.minimal && level === 'L4') ctx.out.info(`note: manifest version ${published.manifest.manifestVersion} states public provenance L4 (full ledger stream with inclusion proofs); publish the full export too, or the level overstates what readers can check`);
  const files = writeBundle(published, dir, { force, evidence: minimal ? undefined : await loadEvidence(ledger, published) });
  ctx.out.result({ ok: true, synthesisId: id, manifestVersion: published.manifest.manifestVersion, manifestHash: published.manifestHash, bundleDir: dir, files },
    [`exported ${id} version ${published.manifest.manifestVersion} (${published.manifestHash}) to ${dir}${minimal ? ' (minimal)' : ''}`,
      ...files.filter((f) => !relative(dir, f).startsWith('evidence')).map((f) => `  ${basename(f)}`),
      ...(minimal ? [] : [`  evidence/ (${files.filter((f) => relative(dir, f).startsWith('evidence')).length} files, listed in evidence/index.json)`]),
      `verify with: node ${join(dir, 'verify-bundle.mjs')} ${dir}`]);
  return EXIT.OK;
}

/** Options of `verify`. */
export interface VerifyOptions {
  receipt?: string;
  publicKey?: string;
  artifacts?: string;
  trustedKey?: string[];
  trustFile?: string;
  since?: string;
}

/**
 * `verify <bundle-dir | manifest.json> [--trusted-key k]… [--trust-file f] [--since old]`:
 * offline verification with the library verifier (no database, no Temporal),
 * against the reader's trust roots only; the bundle's public-key.txt and the
 * receipt's publicKey are shown, never trusted.
 */
export async function verifyCommand(ctx: CommandContext, target: string, o: VerifyOptions): Promise<number> {
  const trust = loadTrustRoots({ trustFile: o.trustFile, trustedKeys: o.trustedKey, publicKeyFile: o.publicKey, env: ctx.config.env });
  const isDir = existsSync(target) && statSync(target).isDirectory();
  const at = bundleLocation(target, isDir, { receipt: o.receipt, artifactsDir: o.artifacts });
  // A path that does not exist is the reader's mistake (exit 2); anything wrong with what exists is the bundle's (exit 1).
  for (const [path, field] of [[at.manifest, isDir ? '<bundle-dir>/manifest.json' : '<manifest.json>'], [at.receipt, o.receipt ? '--receipt' : 'receipt.json']] as const) {
    if (!existsOrLink(path)) throw ValidationError.single('INVALID_ARGUMENT', field, 'exists', `${path} does not exist`);
  }
  const since = o.since === undefined ? undefined : readSinceInput(o.since);
  // The one verifier (verification/verify-bundle.ts), as the standalone verify-bundle.mjs and the browser run it.
  const result = verifyBundle(readBundleBytes(at), { trust, since });
  const deep = deepLines(result);
  const line = (s: VerificationStep) => `${s.ok ? 'PASS' : s.code === 'UNTRUSTED_KEY' ? 'UNTRUSTED' : 'FAIL'}  ${s.step.padEnd(25)} ${s.code && !s.ok ? `${s.code}: ` : ''}${s.message}`;
  const steps = allSteps(result);
  const failed = steps.filter((s) => !s.ok);
  const lines = [...deep.head, ...result.steps.map(line), ...deep.steps];
  const k = result.trustedKey;
  const verdict = result.correction.flagged ? `VALID BUT ${result.correction.status.replace('_', ' ')}` : 'OK';
  if (result.superseded) lines.push(`SUPERSEDED: this version is superseded by ${describeSupersession(result.superseded)}`);
  if (result.status === 'OK') lines.push(`${verdict}: manifest ${result.manifestHash} verified (${steps.length} steps) with trusted key ${describeKey(k!)}`);
  else if (result.status === 'UNTRUSTED') lines.push(`UNTRUSTED: every check passed, but only with the key the bundle names itself; pin the publisher's key (--trusted-key, --trust-file or ${TRUSTED_KEYS_ENV}; see docs/VERIFYING.md)`);
  else lines.push(`FAILED: ${failed.length} of ${steps.length} steps failed`);
  ctx.out.result({ ok: result.ok, status: result.status, manifestHash: result.manifestHash, correction: result.correction, superseded: result.superseded, trustedKey: k, steps: result.steps, evidence: result.evidence }, lines);
  if (result.status !== 'OK' && !ctx.out.json) {
    const first = failed.find((s) => s.code !== 'UNTRUSTED_KEY') ?? failed[0]!;
    throw new VerificationError((first.code ?? 'MALFORMED_INPUT') as VerificationCode, `${first.step}: ${first.message}`);
  }
  if (result.status === 'OK') return result.correction.flagged ? EXIT.VALID_BUT_FLAGGED : EXIT.OK;
  return result.status === 'UNTRUSTED' ? EXIT.UNTRUSTED : EXIT.VERIFICATION_FAILED;
}

/** True when `path` names something (a file, a directory, a link, a FIFO). */
function existsOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** How often `ledger verify` reports progress on a long log. */
const PROGRESS_EVERY_MS = 2000;

/** `ledger verify [--stream id] [--public-key key] [--threads n]`: re-hashes chains and the Merkle root against the latest checkpoint. */
export async function ledgerVerifyCommand(ctx: CommandContext, o: { stream?: string; publicKey?: string; threads?: string }): Promise<number> {
  const threads = integerAtLeast(0, '--threads', o.threads, undefined);
  const ledger = await ctx.ledger();
  if (o.stream) {
    const rows = await ledger.reader.streamRows(o.stream);
    if (rows.length === 0) throw new LedgerError('NOT_FOUND', `stream ${JSON.stringify(o.stream)} has no entries`);
    const v = verifyStreamRows(o.stream, rows);
    const lines = [`stream ${o.stream}: ${v.entries.length} entries, head ${v.head ?? '-'}`];
    if (v.firstBroken) lines.push(`BROKEN at stream index ${v.firstBroken.streamIndex} (log index ${v.firstBroken.index}): ${v.firstBroken.reason}; ${v.firstBroken.field} expected ${v.firstBroken.expected}, computed ${v.firstBroken.computed}`);
    else lines.push('OK: every header, payload hash and chain link verifies');
    ctx.out.result({ ok: v.ok, stream: o.stream, entries: v.entries.length, head: v.head, firstBroken: v.firstBroken }, lines);
    if (!v.ok) return EXIT.VERIFICATION_FAILED;
    return EXIT.OK;
  }
  const { latestCheckpoint, logKeys } = await ledgerStore();
  const cp = await latestCheckpoint(ledger.db);
  if (!cp) throw ValidationError.single('INVALID_ARGUMENT', 'checkpoint', 'exists', 'the log has no signed checkpoint yet: run `synthledger checkpoint`');
  // The key the database bound for that checkpoint's size (not whatever key this host has).
  const bound = (await logKeys(ledger.db, cp.origin)).filter((k) => k.fromTreeSize <= cp.treeSize).pop();
  const key = o.publicKey ?? bound?.verifierKey ?? cp.verifierKey;
  if (!key) throw ValidationError.single('INVALID_ARGUMENT', '--public-key', 'required', 'the checkpoint names no key: give --public-key');
  // With the current state, entries after the checkpoint are checked too and a row stored past the log's size is named.
  let shown = performance.now();
  const onProgress = (checked: number, total: number) => {
    // A line every 2 s on stderr: a short log is done before the first.
    if (performance.now() - shown < PROGRESS_EVERY_MS) return;
    shown = performance.now();
    ctx.out.info(`ledger verify: ${checked.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} entries checked`);
  };
  const v = await verifyLog(ledger.reader, cp, key, { logState: await ledger.reader.logState(), threads, onProgress });
  const lines = [`log ${cp.origin}: ${v.entriesChecked} entries checked; the checkpoint signs the first ${cp.treeSize}`,
    `checkpoint: ${v.checkpoint.ok ? 'OK' : 'FAIL'} ${v.checkpoint.message} (key ${key}${o.publicKey ? ', from --public-key' : ', the key the database binds to this log'})`];
  if (v.beyondCheckpoint) lines.push(`after the checkpoint: ${v.beyondCheckpoint.entriesChecked} entries, ${v.beyondCheckpoint.rootOk ? 'OK' : 'FAIL'} ${v.beyondCheckpoint.message}`);
  if (v.firstBroken) lines.push(`BROKEN at log index ${v.firstBroken.index}: ${v.firstBroken.reason}; ${v.firstBroken.field} expected ${v.firstBroken.expected}, computed ${v.firstBroken.computed}`);
  lines.push(v.ok ? 'OK: the log verifies' : 'FAILED');
  ctx.out.result({ ok: v.ok, origin: cp.origin, treeSize: v.treeSize, entriesChecked: v.entriesChecked, checkpoint: v.checkpoint, beyondCheckpoint: v.beyondCheckpoint, firstBroken: v.firstBroken, publicKey: key }, lines);
  return v.ok ? EXIT.OK : EXIT.VERIFICATION_FAILED;
}

/** `ledger prove-consistency --from N [--to M]`: the RFC 9162 consistency proof between two tree sizes of the log. */
export async function proveConsistencyCommand(ctx: CommandContext, o: { from?: string; to?: string }): Promise<number> {
  const ledger = await ctx.ledger();
  if (o.from === undefined) throw ValidationError.single('INVALID_ARGUMENT', '--from', 'required', '--from is required');
  const from = positiveInt('--from', o.from, 1);
  const to = positiveInt('--to', o.to, (await ledger.reader.logState()).size);
  if (from > to) throw ValidationError.single('INVALID_ARGUMENT', '--from', 'range', `--from ${from} is larger than --to ${to}`);
  const [fromRoot, toRoot, proof] = await Promise.all([ledger.reader.rootAt(from), ledger.reader.rootAt(to), ledger.reader.consistencyProof(from, to)]);
  // Never print a proof we would not accept.
  verifyConsistency(from, to, proof, fromRoot, toRoot);
  const doc = { fromTreeSize: from, toTreeSize: to, fromRootHash: bytesToHash(fromRoot), toRootHash: bytesToHash(toRoot), proof: proof.map(bytesToHash) };
  ctx.out.result({ ok: true, ...doc }, [`consistency proof from tree size ${from} (root ${doc.fromRootHash}) to ${to} (root ${doc.toRootHash}), ${proof.length} hashes:`, ...doc.proof.map((h) => `  ${h}`)]);
  return EXIT.OK;
}

/** `checkpoint`: signs the log's current size and root with the log's key. */
export async function checkpointCommand(ctx: CommandContext): Promise<number> {
  const ledger = await ctx.ledger();
  const { key } = await ctx.signingKey((m) => ctx.out.info(m));
  const { createCheckpoint } = await ledgerStore();
  const cp = await createCheckpoint(ledger.db, key);
  ctx.out.result({ ok: true, origin: cp.origin, treeSize: cp.treeSize, rootHash: `sha256:${cp.rootHash.toString('hex')}`, note: cp.note, publicKey: key.verifierKey },
    [cp.note.trimEnd(), '', `public key: ${key.verifierKey}`]);
  return EXIT.OK;
}

/** `keys init|show|rotate`: the log's checkpoint signing key (only public halves are ever printed). */
export async function keysCommand(ctx: CommandContext, action: string, o: { newKey?: string } = {}): Promise<number> {
  if (action !== 'init' && action !== 'show' && action !== 'rotate') {
    throw ValidationError.single('INVALID_ARGUMENT', '<action>', 'enum', `action must be init, show or rotate, got ${JSON.stringify(action.slice(0, 40))}`);
  }
  const env = ctx.config.env;
  const ledger = await ctx.ledger();
  const { createCheckpoint, currentLogKey, logKeys } = await ledgerStore();
  const { origin } = await ledger.reader.logState();
  if (action === 'init') {
    const bound = await currentLogKey(ledger.db, origin);
    if (bound) {
      throw new LedgerError('LOG_KEY_EXISTS', `log ${JSON.stringify(origin)} already has key ${bound.verifierKey}; \`keys init\` runs only on a log without a key (to change it: \`synthledger keys rotate --new-key FILE\`)`);
    }
    const { key, source, created } = resolveSigningKey(ctx.config.logOrigin, { env, create: true });
    // The first checkpoint binds the log to the key (migration 0003).
    const cp = await createCheckpoint(ledger.db, key);
    ctx.out.result({ ok: true, origin, name: key.name, publicKey: key.verifierKey, source, created, treeSize: cp.treeSize, trustFile: trustFileFor(origin, [key.verifierKey]) },
      [`${created ? 'generated' : 'using'} signing key from ${source}`, `log ${origin} is now bound to it (checkpoint at tree size ${cp.treeSize})`, `public key: ${key.verifierKey}`,
        ...(created ? ['keep the key file secret and back it up: checkpoints signed with it verify only with this public key'] : []),
        'publish the public key out of band (see `synthledger keys show`)']);
    return EXIT.OK;
  }
  if (action === 'rotate') {
    if (o.newKey === undefined) throw ValidationError.single('INVALID_ARGUMENT', '--new-key', 'required', 'keys rotate needs --new-key FILE (a PRIVATE+KEY+… signer key)');
    const { key: oldKey } = await logSigningKey(ledger, ctx.config.logOrigin, { env, generate: false });
    const newKey = loadSigningKey({ file: o.newKey, env });
    const r = await rotateLogKey(ledger, oldKey, newKey);
    const keys = (await logKeys(ledger.db, origin)).map((k) => k.verifierKey);
    ctx.out.result({ ok: true, origin, oldKey: r.rotation.oldKey, newKey: r.rotation.newKey, fromTreeSize: r.rotation.fromTreeSize, statement: r.statement, entryIndex: r.entry.header.index, trustFile: trustFileFor(origin, keys) },
      [`log ${origin}: key ${r.rotation.newKey} signs checkpoints from tree size ${r.rotation.fromTreeSize} on`,
        `rotation statement (signed by the old and the new key), recorded as ledger entry ${r.entry.header.index}:`, '', r.statement.trimEnd(), '',
        `now configure every signer with the new key (${SIGNING_KEY_FILE_ENV}=${o.newKey}); the old key is refused from tree size ${r.rotation.fromTreeSize}`,
        'readers who pinned the old key accept the new one through the statement in new receipts; publish the new key too']);
    return EXIT.OK;
  }
  const keys = await logKeys(ledger.db, origin);
  let local: { verifierKey: string; source: string } | null = null;
  try {
    const r = resolveSigningKey(ctx.config.logOrigin, { env, create: false });
    local = { verifierKey: r.key.verifierKey, source: r.source };
  } catch {
    local = null;
  }
  if (keys.length === 0 && !local) {
    throw ValidationError.single('INVALID_ARGUMENT', 'signing key', 'exists', `no signing key yet (${defaultKeyFile(ctx.config.logOrigin, env)}): run \`synthledger keys init\` or set ${SIGNING_KEY_ENV}`);
  }
  const published = keys.length > 0 ? keys.map((k) => k.verifierKey) : [local!.verifierKey];
  const current = published[published.length - 1]!;
  const trustFile = trustFileFor(origin, published);
  const lines = [`log origin:    ${origin}`, `verifier key:  ${current}${keys.length === 0 ? ' (not bound yet: the first checkpoint binds it)' : ''}`];
  for (const k of keys.slice(0, -1)) lines.push(`earlier key:   ${k.verifierKey} (until tree size ${keys[keys.indexOf(k) + 1]!.fromTreeSize})`);
  if (local) lines.push(`this host:     ${local.source}${local.verifierKey === current ? '' : ` holds ${local.verifierKey}, which is NOT the log's key`}`);
  lines.push('', 'Give readers this key out of band (your website over HTTPS, a release note, a signed message), never inside a bundle.',
    'Ready trust file (save as trust.json; verify with `synthledger verify <bundle> --trust-file trust.json` or `node verify-bundle.mjs <bundle> --trust-file trust.json`):',
    '', JSON.stringify(trustFile, null, 2));
  ctx.out.result({ ok: true, origin, publicKey: current, keys, local, trustFile }, lines);
  return EXIT.OK;
}

/** A trust-policy-v1 document pinning `keys` for `origin`. */
function trustFileFor(origin: string, keys: string[]): { contract: 'trust-policy-v1'; logs: Array<{ origin: string; keys: string[] }> } {
  return { contract: 'trust-policy-v1', logs: [{ origin, keys }] };
}

/** `ledger show <index|entry-hash>`: one ledger entry, its header and its payload. */
export async function ledgerShowCommand(ctx: CommandContext, ref: string): Promise<number> {
  const ledger = await ctx.ledger();
  let entry;
  if (/^\d+$/.test(ref)) {
    entry = await ledger.reader.entryAt(Number(ref));
  } else if (HASH_PATTERN.test(ref)) {
    entry = await ledger.reader.entryByHash(ref);
    if (!entry) throw new LedgerError('NOT_FOUND', `no ledger entry with hash ${ref}`);
  } else {
    throw ValidationError.single('INVALID_ARGUMENT', '<index|entry-hash>', 'format', `${JSON.stringify(ref)} is neither a log index (0, 1, …) nor an entry hash (sha256:<64 hex>)`);
  }
  const payload = JSON.parse(entry.payloadJson) as unknown;
  const h = entry.header as unknown as Record<string, unknown>;
  const lines = [
    `entry          ${entry.entryHash}`,
    ...Object.entries(h).map(([k, v]) => `${k.padEnd(15)}${typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v)}`),
    'payload',
    ...JSON.stringify(payload, null, 2).split('\n').map((l) => `  ${l}`),
  ];
  ctx.out.result({ ok: true, entryHash: entry.entryHash, header: entry.header, payload, idempotencyKey: entry.idempotencyKey }, lines);
  return EXIT.OK;
}
