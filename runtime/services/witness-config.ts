/**
 * Configuration around witnesses, read from flags, files and the environment:
 * the logs a witness witnesses (origin → the log's verifier keys), and the
 * witnesses a publisher asks (`SYNTHLEDGER_WITNESSES`). Every problem is a
 * coded error naming the field; keys are parsed, never trusted as text.
 */
import { EnvironmentError, ValidationError, type ValidationIssue } from '../../common/errors';
import { parseStrictJson, StrictJsonError } from '../../common/strict-json';
import { parseCosignatureVerifierKey, type CosignatureVerifier } from '../../ledger/core/cosignature';
import { parseVerifierKey, type NoteVerifier } from '../../ledger/core/signed-note';
import { MAX_WITNESS_CONFIG_FILE_BYTES, readBoundedFile } from './read-bounded-file';

/** Environment variable listing the witnesses publication asks: `URL=verifierKey`, comma-separated. */
export const WITNESSES_ENV = 'SYNTHLEDGER_WITNESSES';

/** A witness a publisher asks for cosignatures. */
export interface WitnessEndpoint {
  /** Submission prefix; requests go to `<url>/add-checkpoint`. */
  url: string;
  verifier: CosignatureVerifier;
}

/**
 * The logs a witness accepts: each `--log` verifier key witnesses the log whose
 * origin is the key's name; a config file (JSON `{"logs":[{"origin","keys":[…]}]}`)
 * can name other origins and several keys per log. Throws ValidationError
 * INVALID_ARGUMENT naming the flag or the field of the file.
 */
export function witnessedLogs(options: { logKeys?: readonly string[]; configFile?: string }): Map<string, NoteVerifier[]> {
  const issues: ValidationIssue[] = [];
  const logs = new Map<string, NoteVerifier[]>();
  const add = (origin: string, verifier: NoteVerifier, path: string) => {
    const keys = logs.get(origin) ?? [];
    if (keys.some((k) => k.name === verifier.name && k.keyHash === verifier.keyHash)) {
      issues.push({ code: 'duplicate-key', path, message: `key ${verifier.name} is listed twice for origin ${JSON.stringify(origin)}` });
      return;
    }
    logs.set(origin, [...keys, verifier]);
  };
  (options.logKeys ?? []).forEach((vkey, i) => {
    const verifier = parseKey(vkey, `--log[${i}]`, issues);
    if (verifier) add(verifier.name, verifier, `--log[${i}]`);
  });
  if (options.configFile !== undefined) {
    const file = options.configFile;
    // A regular file within its cap, or links ending at one (a FIFO or /dev/zero is refused, not read without end), strict JSON.
    const text = readBoundedFile(file, { field: '--log-config', maxBytes: MAX_WITNESS_CONFIG_FILE_BYTES, followLinks: true }).toString('utf8');
    let doc: unknown;
    try {
      doc = parseStrictJson(text);
    } catch (err) {
      const duplicate = err instanceof StrictJsonError ? err.duplicate : null;
      if (duplicate) throw ValidationError.single('INVALID_ARGUMENT', `${file}: ${duplicate.path}`, 'duplicate-member', `member ${JSON.stringify(duplicate.name)} appears twice (at character ${duplicate.at})`);
      throw ValidationError.single('INVALID_ARGUMENT', '--log-config', 'json-file', `cannot read ${file} as JSON (${(err as Error).message})`);
    }
    const list = (doc as { logs?: unknown } | null)?.logs;
    if (!Array.isArray(list)) {
      issues.push({ code: 'type', path: `${file}: $.logs`, message: 'must be an array of {"origin": "...", "keys": ["<verifier key>", ...]}' });
    } else {
      const seenOrigins = new Set<string>();
      list.forEach((entry: unknown, i) => {
        const at = `${file}: $.logs[${i}]`;
        const { origin, keys } = (entry ?? {}) as { origin?: unknown; keys?: unknown };
        if (typeof origin !== 'string' || origin === '' || /[\u0000-\u001f]/.test(origin)) {
          issues.push({ code: 'origin', path: `${at}.origin`, message: 'must be a non-empty line of text' });
          return;
        }
        if (seenOrigins.has(origin)) issues.push({ code: 'duplicate-origin', path: `${at}.origin`, message: `origin ${JSON.stringify(origin)} is listed twice` });
        seenOrigins.add(origin);
        if (!Array.isArray(keys) || keys.length === 0) {
          issues.push({ code: 'keys', path: `${at}.keys`, message: 'must be a non-empty array of verifier keys' });
          return;
        }
        keys.forEach((k: unknown, j) => {
          const verifier = parseKey(k, `${at}.keys[${j}]`, issues);
          if (verifier) add(origin, verifier, `${at}.keys[${j}]`);
        });
      });
    }
  }
  if (issues.length > 0) throw new ValidationError('INVALID_ARGUMENT', issues);
  if (logs.size === 0) throw ValidationError.single('INVALID_ARGUMENT', '--log', 'required', 'a witness needs at least one log: --log <verifier key> or --log-config <file>');
  return logs;
}

/**
 * Parses `SYNTHLEDGER_WITNESSES`: comma-separated `URL=verifierKey` entries
 * (the URL is the witness's submission prefix, http or https, without `=` or
 * `,`; the key is its cosignature verifier key). Empty or unset means no
 * witnesses. Throws EnvironmentError CONFIG_INVALID naming the entry.
 */
export function parseWitnessEndpoints(value: string | undefined): WitnessEndpoint[] {
  if (value === undefined || value.trim() === '') return [];
  const endpoints: WitnessEndpoint[] = [];
  value.split(',').map((s) => s.trim()).forEach((entry, i) => {
    const at = `${WITNESSES_ENV}[${i}]`;
    const eq = entry.indexOf('=');
    if (eq <= 0) throw configInvalid(`${at}: expected URL=verifierKey, got ${JSON.stringify(entry.slice(0, 80))}`);
    const url = entry.slice(0, eq);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw configInvalid(`${at}: ${JSON.stringify(url.slice(0, 80))} is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw configInvalid(`${at}: the URL must be http or https`);
    if (parsed.search || parsed.hash) throw configInvalid(`${at}: the URL is a submission prefix, without query or fragment`);
    let verifier: CosignatureVerifier;
    try {
      verifier = parseCosignatureVerifierKey(entry.slice(eq + 1));
    } catch (err) {
      throw configInvalid(`${at}: ${(err as Error).message}`);
    }
    if (endpoints.some((e) => e.verifier.name === verifier.name && e.verifier.keyHash === verifier.keyHash)) {
      throw configInvalid(`${at}: witness key ${verifier.name} is listed twice`);
    }
    endpoints.push({ url: url.replace(/\/+$/, ''), verifier });
  });
  return endpoints;
}

function parseKey(vkey: unknown, path: string, issues: ValidationIssue[]): NoteVerifier | null {
  try {
    return parseVerifierKey(vkey as string);
  } catch (err) {
    issues.push({ code: 'verifier-key', path, message: (err as Error).message });
    return null;
  }
}

function configInvalid(message: string): EnvironmentError {
  return new EnvironmentError('CONFIG_INVALID', message);
}
