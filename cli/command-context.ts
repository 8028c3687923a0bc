/** What every command action receives: configuration, output, and lazily opened services closed at the end. */
import type { Ledger } from '../ledger';
import {
  connectTemporal, createLogger, installRuntime, logFormatFrom, logSigningKey, migrateLedgerDatabase, openLedger, readRuntimeConfig,
  type LedgerHandle, type MigrationReport, type ProcessLogger, type ResolvedSigningKey, type RuntimeConfig, type TemporalFlags, type TemporalHandle,
} from '../runtime';
import { Output } from './output';

/** Per-invocation state; `close()` releases whatever was opened, last opened first. */
export class CommandContext {
  readonly config: RuntimeConfig;
  readonly out: Output;
  private ledgerHandle: Promise<LedgerHandle> | null = null;
  private temporalHandle: Promise<TemporalHandle> | null = null;
  private readonly closers: Array<() => Promise<void>> = [];

  /** `options` are the command's parsed flags: `--json` and the Temporal connection flags. */
  constructor(options: { json?: boolean } & TemporalFlags, env: NodeJS.ProcessEnv = process.env) {
    this.out = new Output(Boolean(options.json));
    this.config = readRuntimeConfig(env, options);
    for (const w of this.config.temporal.warnings) this.out.info(`warning: ${w}`);
  }

  /** The ledger (application role), opened on first use. */
  async ledger(): Promise<Ledger> {
    return (await this.ledgerInfo()).ledger;
  }

  /** The ledger handle (with owner URL and origin), opened on first use. */
  ledgerInfo(): Promise<LedgerHandle> {
    if (!this.ledgerHandle) {
      this.ledgerHandle = openLedger(this.config, (m) => this.out.info(m));
      this.ledgerHandle.then((h) => this.onClose(() => h.close()), () => {});
    }
    return this.ledgerHandle;
  }

  /**
   * Migrates the ledger database as its owner (`migrate`, and `demo` and `dev`,
   * which set up everything in one go); every other command only opens it as
   * the application role through {@link ledger}.
   */
  async migrate(): Promise<MigrationReport> {
    const report = await migrateLedgerDatabase(this.config, (m) => this.out.info(m));
    // Registered before the ledger is opened, so it closes last: it may own the embedded server.
    this.onClose(report.close);
    return report;
  }

  /** The Temporal client, connected on first use. */
  temporal(): Promise<TemporalHandle> {
    if (!this.temporalHandle) {
      this.temporalHandle = connectTemporal(this.config, undefined, async () => (await this.ledger()).blobs);
      this.temporalHandle.then((h) => this.onClose(() => h.close()), () => {});
    }
    return this.temporalHandle;
  }

  /**
   * The Temporal client, connected when first called: a `TemporalSource` for the
   * operations that read the ledger's archive when Temporal cannot be reached
   * (`history`, `replay`, `audit`), so they connect only when they ask.
   */
  readonly temporalClient = async (): Promise<TemporalHandle['client']> => (await this.temporal()).client;

  /**
   * The log's checkpoint signing key: configured, or the default key file,
   * generated only for a log without a key (said on `log`). Refuses a key
   * other than the one the database binds to the log.
   */
  async signingKey(log: (m: string) => void = (m) => this.out.info(m)): Promise<ResolvedSigningKey> {
    const resolved = await logSigningKey(await this.ledger(), this.config.logOrigin, { env: this.config.env });
    if (resolved.created) log(`generated a checkpoint signing key for this new log in ${resolved.source} (mode 0600); its first checkpoint binds the log to it: back it up`);
    return resolved;
  }

  /**
   * Makes this a long-running process that logs through one pino logger
   * (`--log-format pretty|json`, else SYNTHLEDGER_LOG_FORMAT, else pretty on
   * a terminal and json otherwise): its diagnostics, its final error and, with
   * `temporal`, everything the Temporal runtime and worker log.
   */
  processLogger(logFormat: string | undefined, { temporal = false } = {}): ProcessLogger {
    const logger = createLogger({ format: logFormatFrom(logFormat, this.config.env) });
    this.out.useLogger(logger);
    if (temporal) installRuntime(this.config.env, logger);
    return logger;
  }

  /** Registers cleanup to run at the end of the command. */
  onClose(fn: () => Promise<void>): void {
    this.closers.push(fn);
  }

  /** Runs the cleanups in reverse order, ignoring their failures. */
  async close(): Promise<void> {
    while (this.closers.length) await this.closers.pop()!().catch(() => undefined);
  }
}
