/**
 * How commands talk: results on stdout (human text, or one JSON document
 * with `--json`), progress and diagnostics on stderr, errors as
 * `CODE: message` plus one line per issue, and the exit status from the code.
 */
import { isSynthledgerError, type ValidationIssue } from '../common/errors';
import { escapeUnsafeJson, escapeUnsafeText } from '../common/text-safety';
import type { ProcessLogger } from '../runtime';
import { EXIT, exitStatusFor } from './exit-codes';

/** An error as the CLI reports it. */
export interface CliErrorReport {
  code: string;
  message: string;
  issues: ValidationIssue[];
  details?: Record<string, unknown>;
  exitStatus: number;
}

/** Classifies anything thrown into a report with an exit status. */
export function reportError(err: unknown): CliErrorReport {
  // Our own error needs no unwrapping; anything else may be a Temporal failure carrying one. temporal-failure is
  // loaded only then (it loads @temporalio/common, which a Temporal failure has loaded already).
  const e = isSynthledgerError(err) ? err : (require('../common/temporal-failure') as typeof import('../common/temporal-failure')).unwrapFailure(err); // eslint-disable-line @typescript-eslint/no-require-imports
  if (isSynthledgerError(e)) {
    const details = Object.keys(e.details ?? {}).length ? e.details : undefined;
    return { code: e.code, message: e.message, issues: e.issues, details, exitStatus: exitStatusFor(e.code) };
  }
  const code = (e as { code?: unknown })?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
    return { code: 'SERVICE_UNAVAILABLE', message: (e as Error).message, issues: [], exitStatus: EXIT.UNAVAILABLE };
  }
  return { code: 'INTERNAL', message: e instanceof Error ? (e.stack ?? e.message) : String(e), issues: [], exitStatus: EXIT.INTERNAL };
}

/**
 * Output of one command invocation. Everything printed passes through the
 * text-safety escapes: text from a synthesis, a bundle or an error message
 * is data, so a control character or bidi override shows as `\u001b`
 * instead of steering the terminal.
 */
export class Output {
  private logger: ProcessLogger | null = null;

  constructor(readonly json: boolean) {}

  /**
   * Long-running commands (`worker`, `dev`, `serve`): diagnostics and the final
   * error go through the process logger (one JSON line or pretty line each) instead of plain stderr lines.
   */
  useLogger(logger: ProcessLogger): void {
    this.logger = logger;
  }

  /** Prints the result: `data` as JSON with --json, else the human `text` lines. */
  result(data: unknown, text: string | string[]): void {
    if (this.json) process.stdout.write(escapeUnsafeJson(JSON.stringify(data, null, 2)) + '\n');
    else process.stdout.write(shown(Array.isArray(text) ? text.join('\n') : text) + '\n');
  }

  /** A diagnostic or progress line on stderr (kept off stdout so --json output stays one document). */
  info(message: string): void {
    if (this.logger) this.logger.info(message);
    else process.stderr.write(shown(message) + '\n');
  }

  /** Prints an error (as JSON on stdout with --json, else on stderr) and returns its exit status. */
  error(err: unknown): number {
    const r = reportError(err);
    if (this.logger && !this.json) {
      // An expected error is one line with its code; only an INTERNAL one carries the stack (in its message).
      this.logger.error({ code: r.code, ...(r.issues.length ? { issues: r.issues.map((i) => `${i.path}: ${i.message}`) } : {}) }, r.message);
    } else if (this.json) {
      process.stdout.write(escapeUnsafeJson(JSON.stringify({ ok: false, error: { code: r.code, message: r.message, issues: r.issues, details: r.details } }, null, 2)) + '\n');
    } else {
      if (r.issues.length > 1) {
        process.stderr.write(`${r.code}: ${r.issues.length} problems\n`);
        for (const i of r.issues) process.stderr.write(`  ${shown(i.path)}: ${shown(i.message)}\n`);
      } else {
        process.stderr.write(`${r.code}: ${shown(r.message)}\n`);
      }
    }
    return r.exitStatus;
  }
}

/** Terminal text: lines and tabs kept, every other control or bidi character escaped. */
function shown(text: string): string {
  return escapeUnsafeText(text, { keepLines: true });
}
