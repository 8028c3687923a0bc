/**
 * The witness's signing key on disk: one `PRIVATE+KEY+…` line in a file of
 * mode 0600. A witness key is never generated implicitly: `witness keygen`
 * writes it once (refusing to overwrite), `witness serve` only reads it.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { EnvironmentError, isSynthledgerError, ValidationError } from '../../common/errors';
import { generateCosignerKey, parseCosignerKey, type Cosigner } from '../../ledger/core/cosignature';
import { MAX_KEY_FILE_BYTES, readBoundedFile } from './read-bounded-file';

/** Writes a new witness key for `name` to `file` (which must not exist); returns its verifier key. */
export function generateWitnessKeyFile(name: string, file: string): string {
  let pair: { signerKey: string; verifierKey: string };
  try {
    pair = generateCosignerKey(name);
  } catch (err) {
    throw new EnvironmentError('CONFIG_INVALID', `--name: ${(err as Error).message}`);
  }
  try {
    writeFileSync(file, `${pair.signerKey}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new EnvironmentError('CONFIG_INVALID', code === 'EEXIST' ? `${file} already exists; a witness key is never overwritten` : `cannot write ${file} (${code})`);
  }
  return pair.verifierKey;
}

/** Reads the witness key from `file`; throws CONFIG_INVALID naming the file, never echoing the key. */
export function loadWitnessKey(file: string): Cosigner {
  let text: string;
  try {
    // A regular file within its cap, or links ending at one (a mounted secret): a FIFO or device (/dev/zero) is
    // refused, not read without end.
    text = readBoundedFile(file, { field: '--key', maxBytes: MAX_KEY_FILE_BYTES, followLinks: true }).toString('utf8');
  } catch (err) {
    const why = err instanceof ValidationError ? (err.issues[0]?.message ?? err.message) : `${file} cannot be read`;
    throw new EnvironmentError('CONFIG_INVALID', `cannot read witness key file: ${why}; create one with \`synthledger witness keygen --name <name> --key ${file}\``);
  }
  try {
    return parseCosignerKey(text.trim(), `witness key file ${file}`);
  } catch (err) {
    throw new EnvironmentError('CONFIG_INVALID', isSynthledgerError(err) ? err.message : `witness key file ${file} is not a witness key`);
  }
}
