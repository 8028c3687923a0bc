/**
 * Where the checkpoint signing key comes from: SYNTHLEDGER_SIGNING_KEY or
 * SYNTHLEDGER_SIGNING_KEY_FILE when set; otherwise the default key file in
 * the user's cache directory (mode 0600). A key is generated there only for
 * a log that has no key yet (so the embedded defaults work with nothing
 * configured); a log that has one is never signed with a new key.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { ValidationError } from '../../common/errors';
import { dirname, join } from 'node:path';
import { cacheDir } from './cache-dir';
import { MAX_KEY_FILE_BYTES, readBoundedFile } from './read-bounded-file';
import { configInvalid, generateSigningKey, parseSignerKey, type SigningKey } from '../../ledger/core/signing-key';
import type { Ledger } from '../../ledger/store/ledger';
import { currentLogKey, keyMismatch } from '../../ledger/store/log-keys';

import { SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV } from './signing-key-env';

export { SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV };

/** Path of the default key file for a log origin. */
export function defaultKeyFile(origin: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'keys', `${origin.replace(/[^A-Za-z0-9._-]/g, '_')}.signer-key`);
}

/** Loads the configured key, or the default key file, creating it only when `create` is true. */
export function resolveSigningKey(origin: string, options: { env?: NodeJS.ProcessEnv; create?: boolean } = {}): { key: SigningKey; source: string; created: boolean } {
  const env = options.env ?? process.env;
  if (env[SIGNING_KEY_ENV] || env[SIGNING_KEY_FILE_ENV]) {
    return { key: loadSigningKey({ env }), source: env[SIGNING_KEY_ENV] ? SIGNING_KEY_ENV : `${SIGNING_KEY_FILE_ENV}=${env[SIGNING_KEY_FILE_ENV]}`, created: false };
  }
  const file = defaultKeyFile(origin, env);
  let created = false;
  if (!existsSync(file)) {
    if (options.create !== true) return { key: loadSigningKey({ env }), source: file, created };
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { signerKey } = generateSigningKey(keyNameFor(origin));
    writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    created = true;
  }
  return { key: parseSignerKey(readKeyFile(file), `signing key file ${file}`), source: file, created };
}

/** A signing key and where it came from. */
export interface ResolvedSigningKey {
  key: SigningKey;
  source: string;
  created: boolean;
}

/**
 * The key that signs this ledger's checkpoints: the configured key or the
 * default key file, which must be the key the log is bound to (SIGNING_KEY_MISMATCH
 * otherwise, before anything is signed). Generates the default key file only
 * when the log has no key yet and `generate` allows it; with a bound key and
 * no key here, CONFIG_INVALID says which key the log needs.
 */
export async function logSigningKey(ledger: Ledger, configOrigin: string, options: { env?: NodeJS.ProcessEnv; generate?: boolean } = {}): Promise<ResolvedSigningKey> {
  const env = options.env ?? process.env;
  const { origin } = await ledger.reader.logState();
  const bound = await currentLogKey(ledger.db, origin);
  let resolved: ResolvedSigningKey;
  try {
    resolved = resolveSigningKey(configOrigin, { env, create: bound === null && options.generate !== false });
  } catch (e) {
    // A configured key that cannot be read says why; only a missing one is answered with the key the log needs.
    if (bound === null || env[SIGNING_KEY_ENV] || env[SIGNING_KEY_FILE_ENV]) throw e;
    throw configInvalid(`log ${JSON.stringify(origin)} is signed by key ${bound.verifierKey} and no signing key is configured here: set ${SIGNING_KEY_ENV} or ${SIGNING_KEY_FILE_ENV} to that key (a new key is never generated for a log that has one)`, e);
  }
  if (bound !== null && bound.verifierKey !== resolved.key.verifierKey) throw keyMismatch(origin, bound.verifierKey, resolved.key.verifierKey);
  return resolved;
}

/** The note key name for an origin (C2SP: by convention the origin itself). */
export function keyNameFor(origin: string): string {
  return origin.replace(/[\s+]/g, '_');
}

/** Where {@link loadSigningKey} looks for the key. */
export interface LoadSigningKeyOptions {
  /** Environment to read; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** A file holding the signer key; takes precedence over the environment. */
  file?: string;
}

/**
 * Loads the checkpoint signing key from `file`, else from SYNTHLEDGER_SIGNING_KEY
 * (the key itself) or SYNTHLEDGER_SIGNING_KEY_FILE (a path); setting both
 * variables is refused as ambiguous. Throws EnvironmentError CONFIG_INVALID
 * naming the variable or file.
 */
export function loadSigningKey(options: LoadSigningKeyOptions = {}): SigningKey {
  const env = options.env ?? process.env;
  if (options.file !== undefined) return parseSignerKey(readKeyFile(options.file), `signing key file ${options.file}`);
  const inline = env[SIGNING_KEY_ENV];
  const file = env[SIGNING_KEY_FILE_ENV];
  if (inline && file) throw configInvalid(`both ${SIGNING_KEY_ENV} and ${SIGNING_KEY_FILE_ENV} are set; set only one`);
  if (inline) return parseSignerKey(inline.trim(), SIGNING_KEY_ENV);
  if (file) return parseSignerKey(readKeyFile(file), `${SIGNING_KEY_FILE_ENV} (${file})`);
  throw configInvalid(`no checkpoint signing key: set ${SIGNING_KEY_ENV} to a PRIVATE+KEY+… string or ${SIGNING_KEY_FILE_ENV} to a file holding one`);
}

/**
 * Reads a signing key file through readBoundedFile: a regular file of at most
 * {@link MAX_KEY_FILE_BYTES}, or links ending at one (a mounted secret), never
 * a FIFO or device (so `/dev/zero` is refused, not read without end);
 * CONFIG_INVALID says why.
 */
function readKeyFile(path: string): string {
  let text: string;
  try {
    text = readBoundedFile(path, { field: SIGNING_KEY_FILE_ENV, maxBytes: MAX_KEY_FILE_BYTES, followLinks: true }).toString('utf8');
  } catch (cause) {
    const why = cause instanceof ValidationError ? (cause.issues[0]?.message ?? cause.message) : `${path} cannot be read`;
    throw configInvalid(`cannot read signing key file: ${why}`, cause);
  }
  // Editors add a final newline; the key itself has no whitespace.
  return text.trim();
}

