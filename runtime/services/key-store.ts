/**
 * Where the checkpoint signing key comes from: SYNTHLEDGER_SIGNING_KEY or
 * SYNTHLEDGER_SIGNING_KEY_FILE when set; otherwise a key generated once into
 * the user's cache directory (mode 0600), so the embedded defaults work with
 * nothing configured.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir } from './cache-dir';
import { generateSigningKey, loadSigningKey, parseSignerKey, SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV, type SigningKey } from '../../ledger/core/signing-key';

/** Path of the default key file for a log origin. */
export function defaultKeyFile(origin: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'keys', `${origin.replace(/[^A-Za-z0-9._-]/g, '_')}.signer-key`);
}

/** Loads the configured key, or the default key file, creating it when `create` is true. */
export function resolveSigningKey(origin: string, options: { env?: NodeJS.ProcessEnv; create?: boolean } = {}): { key: SigningKey; source: string; created: boolean } {
  const env = options.env ?? process.env;
  if (env[SIGNING_KEY_ENV] || env[SIGNING_KEY_FILE_ENV]) {
    return { key: loadSigningKey({ env }), source: env[SIGNING_KEY_ENV] ? SIGNING_KEY_ENV : `${SIGNING_KEY_FILE_ENV}=${env[SIGNING_KEY_FILE_ENV]}`, created: false };
  }
  const file = defaultKeyFile(origin, env);
  let created = false;
  if (!existsSync(file)) {
    if (options.create === false) return { key: loadSigningKey({ env }), source: file, created };
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { signerKey } = generateSigningKey(keyNameFor(origin));
    writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    created = true;
  }
  return { key: parseSignerKey(readFileSync(file, 'utf8').trim(), `signing key file ${file}`), source: file, created };
}

/** The note key name for an origin (C2SP: by convention the origin itself). */
export function keyNameFor(origin: string): string {
  return origin.replace(/[\s+]/g, '_');
}
