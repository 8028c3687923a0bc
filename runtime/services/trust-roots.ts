/**
 * Reads the reader's trust roots for the verifiers: `--trust-file` (read here
 * with a size cap, parsed by the pure core), `--trusted-key` (repeatable) and
 * SYNTHLEDGER_TRUSTED_KEYS. Nothing here ever looks inside a bundle.
 */
import type { Ledger } from '../../ledger/store/ledger';
import {
  EMPTY_TRUST_POLICY, MAX_TRUST_FILE_BYTES, parseTrustedKeys, trustRootsFromTexts, TRUSTED_KEYS_ENV, type TrustPolicy,
} from '../../ledger/core/trust-policy';
import { readBoundedFile } from './read-bounded-file';

/** Where the trust roots of one verification come from. */
export interface TrustRootOptions {
  /** `--trust-file`: path of a trust-policy-v1 JSON file. */
  trustFile?: string;
  /** `--trusted-key`: verifier keys, each pinned for any origin. */
  trustedKeys?: readonly string[];
  /** `--public-key`: path of a file holding one verifier key the reader obtained out of band. */
  publicKeyFile?: string;
  env?: NodeJS.ProcessEnv;
}

/** Builds the trust policy; throws TRUST_POLICY_INVALID (exit 2) naming the option, file field or variable. */
export function loadTrustRoots(o: TrustRootOptions): TrustPolicy {
  const env = o.env ?? process.env;
  return trustRootsFromTexts({
    trustFile: o.trustFile === undefined ? undefined : { text: readCapped(o.trustFile, '--trust-file'), source: `--trust-file ${o.trustFile}` },
    trustedKeys: o.trustedKeys,
    publicKeyText: o.publicKeyFile === undefined ? undefined : readCapped(o.publicKeyFile, '--public-key'),
    envValue: env[TRUSTED_KEYS_ENV],
  });
}

/**
 * The trust an operator with database access has: the log's first key as the
 * database binds it (later keys are reached through the rotation statements
 * receipts carry, as a reader reaches them). Empty for a log without a key.
 */
export async function ledgerTrustRoots(ledger: Ledger): Promise<TrustPolicy> {
  // Loaded here, not at the top: the offline `verify` reads this module and never the database driver.
  const { logKeys } = await import('../../ledger/store/log-keys');
  const { origin } = await ledger.reader.logState();
  const first = (await logKeys(ledger.db, origin))[0];
  if (!first) return EMPTY_TRUST_POLICY;
  const [key] = parseTrustedKeys([first.verifierKey], 'the ledger database');
  return { ...EMPTY_TRUST_POLICY, logs: new Map([[origin, [key!]]]) };
}

/**
 * Reads a small text file the reader names (a trust file, a key file),
 * through readBoundedFile: a regular file, or links ending at one (a FIFO or
 * device is refused, never waited on or read without end), capped at
 * `limit` bytes.
 */
export function readCapped(path: string, option: string, limit = MAX_TRUST_FILE_BYTES): string {
  return readBoundedFile(path, { field: option, maxBytes: limit, followLinks: true }).toString('utf8');
}
