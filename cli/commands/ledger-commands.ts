/** `export`, `verify`, `ledger verify`, `checkpoint`, `keys`: the ledger and its proofs. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { ValidationError, VerificationError, type VerificationCode } from '../../common/errors';
import { createCheckpoint, latestCheckpoint, verifyLog, verifyReceipt, verifyStreamRows } from '../../ledger';
import { PAPER_MANIFEST_SUBJECT } from '../../schemas';
import { defaultKeyFile, loadEvidence, loadPublished, resolveSigningKey, SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV, writeBundle } from '../../runtime';
import type { CommandContext } from '../command-context';
import { positiveInt } from '../arguments';
import { EXIT } from '../exit-codes';
import { deepLines, deepVerifyBundle } from './evidence-verify';
import { defaultBundleDir } from './synthesis-commands';

/** `export <id> [--out dir] [--version n]`: writes the published bundle. */
export async function exportCommand(ctx: CommandContext, id: string, o: { out?: string; version?: string; minimal?: boolean }): Promise<number> {
  const version = o.version === undefined ? undefined : positiveInt('--version', o.version, 1);
  const dir = o.out ? resolve(o.out) : defaultBundleDir(id);
  const ledger = await ctx.ledger();
  const published = await loadPublished(ledger, id, version);
  // A manifest below public level L4 was published without its stream (--publication minimal): its default export is minimal too.
  const level = published.manifest.provenance.publicLevel;
  const minimal = o.minimal ?? level !== 'L4';
  if (o.minimal && level === 'L4') ctx.out.info(`note: manifest version ${published.manifest.manifestVersion} states public provenance L4 (full ledger stream with inclusion proofs); publish the full export too, or the level overstates what readers can check`);
  const files = writeBundle(published, dir, minimal ? undefined : await loadEvidence(ledger, published));
  ctx.out.result({ ok: true, synthesisId: id, manifestVersion: published.manifest.manifestVersion, manifestHash: published.manifestHash, bundleDir: dir, files },
    [`exported ${id} version ${published.manifest.manifestVersion} (${published.manifestHash}) to ${dir}${minimal ? ' (minimal)' : ''}`,
      ...files.filter((f) => !relative(dir, f).startsWith('evidence')).map((f) => `  ${basename(f)}`),
      ...(minimal ? [] : [`  evidence/ (${files.filter((f) => relative(dir, f).startsWith('evidence')).length} files, listed in evidence/index.json)`]),
      `verify with: node ${join(dir, 'verify-bundle.mjs')} ${dir}`]);
  return EXIT.OK;
}

/**
 * `verify <bundle-dir | manifest.json> [--receipt f] [--public-key f]`:
 * offline verification with the library verifier (no database, no Temporal).
 */
export async function verifyCommand(ctx: CommandContext, target: string, o: { receipt?: string; publicKey?: string; artifacts?: string }): Promise<number> {
  const isDir = existsSync(target) && statSync(target).isDirectory();
  const base = isDir ? target : dirname(target);
  const manifestPath = isDir ? join(target, 'manifest.json') : target;
  const receiptPath = o.receipt ?? join(base, 'receipt.json');
  const keyPath = o.publicKey ?? (isDir ? join(target, 'public-key.txt') : undefined);
  const artifactsDir = o.artifacts ?? base;
  const manifest = readJson(manifestPath, isDir ? '<bundle-dir>/manifest.json' : '<manifest.json>');
  const receipt = readJson(receiptPath, o.receipt ? '--receipt' : 'receipt.json');
  let trustedPublicKey: string | undefined;
  if (keyPath !== undefined) {
    if (!existsSync(keyPath)) throw ValidationError.single('INVALID_ARGUMENT', o.publicKey ? '--public-key' : 'public-key.txt', 'exists', `${keyPath} does not exist`);
    trustedPublicKey = readFileSync(keyPath, 'utf8').trim();
  }
  const artifacts = new Map<string, Uint8Array>();
  const listed = (manifest as { artifacts?: Array<{ name?: unknown }> }).artifacts;
  for (const a of Array.isArray(listed) ? listed : []) {
    // Names come from the (untrusted) manifest: only plain file names inside the artifacts directory.
    if (typeof a?.name !== 'string' || a.name !== basename(a.name) || a.name.startsWith('.')) continue;
    const p = join(artifactsDir, a.name);
    if (existsSync(p) && statSync(p).isFile()) artifacts.set(a.name, readFileSync(p));
  }
  const result = verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest, receipt, artifacts, trustedPublicKey });
  const deep = deepVerifyBundle(isDir ? target : null, manifest, receipt, trustedPublicKey);
  const shown = deepLines(deep);
  const ok = result.ok && (deep.evidence?.ok ?? true);
  const failed = [...result.steps, ...(deep.evidence?.steps ?? [])].filter((s) => !s.ok);
  const total = result.steps.length + (deep.evidence?.steps.length ?? 0);
  const lines = [...shown.head, ...result.steps.map((s) => `${s.ok ? 'PASS' : 'FAIL'}  ${s.step.padEnd(25)} ${s.code && !s.ok ? `${s.code}: ` : ''}${s.message}`), ...shown.steps];
  const verdict = deep.correction.flagged ? `VALID BUT ${deep.correction.status.replace('_', ' ')}` : 'OK';
  lines.push(ok ? `${verdict}: manifest ${result.manifestHash} verified (${total} steps)` : `FAILED: ${failed.length} of ${total} steps failed`);
  if (!trustedPublicKey) lines.push('note: no --public-key given, so the checkpoint was checked against the key the receipt names');
  ctx.out.result({ ok, manifestHash: result.manifestHash, correction: deep.correction, steps: result.steps, evidence: deep.evidence, trustedPublicKey: trustedPublicKey ?? null }, lines);
  if (!ok && !ctx.out.json) {
    const first = failed[0]!;
    throw new VerificationError((first.code ?? 'MALFORMED_INPUT') as VerificationCode, `${first.step}: ${first.message}`);
  }
  if (!ok) return EXIT.VERIFICATION_FAILED;
  return deep.correction.flagged ? EXIT.VALID_BUT_FLAGGED : EXIT.OK;
}

/** `ledger verify [--stream id] [--public-key key]`: re-hashes chains and the Merkle root against the latest checkpoint. */
export async function ledgerVerifyCommand(ctx: CommandContext, o: { stream?: string; publicKey?: string }): Promise<number> {
  const ledger = await ctx.ledger();
  if (o.stream) {
    const rows = await ledger.reader.streamRows(o.stream);
    if (rows.length === 0) throw ValidationError.single('INVALID_ARGUMENT', '--stream', 'exists', `stream ${JSON.stringify(o.stream)} has no entries`);
    const v = verifyStreamRows(o.stream, rows);
    const lines = [`stream ${o.stream}: ${v.entries.length} entries, head ${v.head ?? '-'}`];
    if (v.firstBroken) lines.push(`BROKEN at stream index ${v.firstBroken.streamIndex} (log index ${v.firstBroken.index}): ${v.firstBroken.reason}; ${v.firstBroken.field} expected ${v.firstBroken.expected}, computed ${v.firstBroken.computed}`);
    else lines.push('OK: every header, payload hash and chain link verifies');
    ctx.out.result({ ok: v.ok, stream: o.stream, entries: v.entries.length, head: v.head, firstBroken: v.firstBroken }, lines);
    if (!v.ok) return EXIT.VERIFICATION_FAILED;
    return EXIT.OK;
  }
  const cp = await latestCheckpoint(ledger.db);
  if (!cp) throw ValidationError.single('INVALID_ARGUMENT', 'checkpoint', 'exists', 'the log has no signed checkpoint yet: run `synthledger checkpoint`');
  const key = o.publicKey ?? ctx.signingKey().key.verifierKey;
  const v = await verifyLog((from, to) => ledger.reader.rowsInRange(from, to), cp, key);
  const lines = [`log ${cp.origin}: ${v.entriesChecked} of ${v.treeSize} entries checked against the checkpoint at size ${cp.treeSize}`,
    `checkpoint: ${v.checkpoint.ok ? 'OK' : 'FAIL'} ${v.checkpoint.message}`];
  if (v.firstBroken) lines.push(`BROKEN at log index ${v.firstBroken.index}: ${v.firstBroken.reason}; ${v.firstBroken.field} expected ${v.firstBroken.expected}, computed ${v.firstBroken.computed}`);
  lines.push(v.ok ? 'OK: the log verifies' : 'FAILED');
  ctx.out.result({ ok: v.ok, origin: cp.origin, treeSize: v.treeSize, entriesChecked: v.entriesChecked, checkpoint: v.checkpoint, firstBroken: v.firstBroken, publicKey: key }, lines);
  return v.ok ? EXIT.OK : EXIT.VERIFICATION_FAILED;
}

/** `checkpoint`: signs the log's current size and root. */
export async function checkpointCommand(ctx: CommandContext): Promise<number> {
  const ledger = await ctx.ledger();
  const { key } = ctx.signingKey();
  const cp = await createCheckpoint(ledger.db, key);
  ctx.out.result({ ok: true, origin: cp.origin, treeSize: cp.treeSize, rootHash: `sha256:${cp.rootHash.toString('hex')}`, note: cp.note, publicKey: key.verifierKey },
    [cp.note.trimEnd(), '', `public key: ${key.verifierKey}`]);
  return EXIT.OK;
}

/** `keys init|show`: the checkpoint signing key (only the public half is ever printed). */
export async function keysCommand(ctx: CommandContext, action: string): Promise<number> {
  if (action !== 'init' && action !== 'show') throw ValidationError.single('INVALID_ARGUMENT', '<action>', 'enum', `action must be init or show, got ${JSON.stringify(action)}`);
  const env = ctx.config.env;
  const configured = Boolean(env[SIGNING_KEY_ENV] || env[SIGNING_KEY_FILE_ENV]);
  const file = defaultKeyFile(ctx.config.logOrigin, env);
  if (action === 'show' && !configured && !existsSync(file)) {
    throw ValidationError.single('INVALID_ARGUMENT', 'signing key', 'exists', `no signing key yet (${file}): run \`synthledger keys init\` or set ${SIGNING_KEY_ENV}`);
  }
  const { key, source, created } = resolveSigningKey(ctx.config.logOrigin, { env, create: action === 'init' });
  ctx.out.result({ ok: true, name: key.name, publicKey: key.verifierKey, source, created },
    [`${created ? 'generated' : 'using'} signing key from ${source}`, `public key: ${key.verifierKey}`,
      ...(created ? ['keep the key file secret and back it up: checkpoints signed with it verify only with this public key'] : [])]);
  return EXIT.OK;
}

function readJson(path: string, field: string): unknown {
  if (!existsSync(path)) throw ValidationError.single('INVALID_ARGUMENT', field, 'exists', `${path} does not exist`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    // Unparseable input is a verification failure of what was published, not a usage error.
    throw new VerificationError('MALFORMED_INPUT', `${field}: ${path} is not JSON: ${(e as Error).message}`);
  }
}

