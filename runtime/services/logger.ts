/**
 * The one logger of the long-running processes (`worker`, `dev`, `serve`):
 * pino, as JSON lines (`--log-format json`, for collectors) or as readable
 * lines (`pretty`, pino-pretty), always on stderr. Temporal's runtime logs
 * (the worker, and the SDK core's native logs, forwarded) and the site's
 * request log go through it. An expected error (a SynthledgerError: a source
 * unavailable, a refused input, …) is logged as one line with its code;
 * only an unexpected one carries its stack.
 */
import { writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino, { type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import { EnvironmentError, isSynthledgerError, ValidationError } from '../../common/errors';
import { unwrapFailure } from '../../common/temporal-failure';
import { escapeUnsafeText } from '../../common/text-safety';

/** How log lines are written. */
export type LogFormat = 'pretty' | 'json';
/** The formats, as `--log-format` accepts them. */
export const LOG_FORMATS: readonly LogFormat[] = ['pretty', 'json'];
/** Environment variable giving the log format when `--log-format` is absent. */
export const LOG_FORMAT_ENV = 'SYNTHLEDGER_LOG_FORMAT';

/** The process logger (pino). */
export type ProcessLogger = PinoLogger;

/**
 * The log format: `--log-format`, else SYNTHLEDGER_LOG_FORMAT, else `pretty`
 * on a terminal and `json` otherwise (a service manager or container collects it).
 */
export function logFormatFrom(flag: string | undefined, env: NodeJS.ProcessEnv, stderrIsTty = Boolean(process.stderr.isTTY)): LogFormat {
  if (flag !== undefined) {
    if ((LOG_FORMATS as readonly string[]).includes(flag)) return flag as LogFormat;
    throw ValidationError.single('INVALID_ARGUMENT', '--log-format', 'enum', `--log-format must be ${LOG_FORMATS.join(' or ')}, got ${JSON.stringify(flag.slice(0, 40))}`);
  }
  const fromEnv = env[LOG_FORMAT_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if ((LOG_FORMATS as readonly string[]).includes(fromEnv)) return fromEnv as LogFormat;
    throw new EnvironmentError('CONFIG_INVALID', `${LOG_FORMAT_ENV} must be ${LOG_FORMATS.join(' or ')}, got ${JSON.stringify(fromEnv.slice(0, 40))}`);
  }
  return stderrIsTty ? 'pretty' : 'json';
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  format: LogFormat;
  /** pino level name (default `info`). */
  level?: string;
  /** Where lines go (default: stderr, written synchronously so nothing is lost at exit). */
  destination?: NodeJS.WritableStream;
}

/** Creates the process logger: JSON lines with `time` (ISO 8601), `level` (a name), `msg` and fields, or pretty lines. */
export function createLogger(o: LoggerOptions): ProcessLogger {
  const options: pino.LoggerOptions = {
    level: o.level ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (o.format === 'json') return pino(options, o.destination ?? pino.destination({ fd: 2, sync: true }));
  // Messages carry outside text (source errors, model output): pretty lines reach a terminal, so control and
  // bidi characters are escaped there (and no colours, whose escape sequences would be escaped too).
  const terminal = o.destination ?? new Writable({ write: (chunk: Buffer, _enc, done) => { writeSync(2, chunk); done(); } });
  const escaped = new Writable({ write: (chunk: Buffer, _enc, done) => { terminal.write(escapeUnsafeText(chunk.toString('utf8'), { keepLines: true })); done(); } });
  return pino(options, pretty({ destination: escaped, colorize: false, singleLine: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }));
}

/**
 * The fields that describe an error in a log line: `{ code, reason }` for an
 * expected one (a SynthledgerError, also when it crossed Temporal as an
 * ApplicationFailure) — one line, no stack — and `{ err }` (pino's error
 * serializer, with the stack) for anything else.
 */
export function errorFields(error: unknown): Record<string, unknown> {
  const e = unwrapFailure(error);
  if (isSynthledgerError(e)) return { code: e.code, reason: e.message, ...(e.issues.length ? { issues: e.issues.map((i) => `${i.path}: ${i.message}`) } : {}) };
  return { err: e instanceof Error ? e : new Error(String(e)) };
}

const TEMPORAL_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
type TemporalLevel = (typeof TEMPORAL_LEVELS)[number];

/** Temporal's log level from SYNTHLEDGER_LOG_LEVEL (TRACE…ERROR, default WARN). */
export function temporalLogLevel(env: NodeJS.ProcessEnv): TemporalLevel {
  const level = (env.SYNTHLEDGER_LOG_LEVEL ?? 'WARN').toUpperCase();
  return (TEMPORAL_LEVELS as readonly string[]).includes(level) ? level as TemporalLevel : 'WARN';
}

/** A Temporal `Logger` (Runtime, worker, forwarded core logs) that writes through `logger`, dropping messages below `level`. */
export function temporalLogger(logger: ProcessLogger, level: TemporalLevel) {
  const min = TEMPORAL_LEVELS.indexOf(level);
  const log = (l: TemporalLevel, message: string, meta: Record<string | symbol, unknown> = {}) => {
    if (TEMPORAL_LEVELS.indexOf(l) < min) return;
    const fields: Record<string, unknown> = { source: 'temporal' };
    for (const [k, v] of Object.entries(meta)) {
      if (k === 'error' || k === 'failure') Object.assign(fields, errorFields(v));
      else fields[k] = v;
    }
    logger[l === 'TRACE' ? 'trace' : l === 'DEBUG' ? 'debug' : l === 'INFO' ? 'info' : l === 'WARN' ? 'warn' : 'error'](fields, message);
  };
  return {
    log,
    trace: (m: string, meta?: Record<string | symbol, unknown>) => log('TRACE', m, meta),
    debug: (m: string, meta?: Record<string | symbol, unknown>) => log('DEBUG', m, meta),
    info: (m: string, meta?: Record<string | symbol, unknown>) => log('INFO', m, meta),
    warn: (m: string, meta?: Record<string | symbol, unknown>) => log('WARN', m, meta),
    error: (m: string, meta?: Record<string | symbol, unknown>) => log('ERROR', m, meta),
  };
}
