/**
 * Connections the commands need: the ledger database (created and migrated
 * as its owner, then used as the INSERT/SELECT-only application role), the
 * Temporal client, and an in-process worker.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogLevel, type Worker } from '@temporalio/worker';
import { EnvironmentError, LedgerError } from '../common/errors';
import { appUrlFor, databaseUrl, ensureDatabase, Ledger, migrateLedger, openLedgerDb, type SigningKey } from '../ledger';
import { logSigningKey, type ResolvedSigningKey } from '../runtime/services/key-store';
import { answers, embeddedAdminUrl, findPostgres, localPostgresUrl, type PostgresServer } from '../runtime/services/postgres-server';
import { providersFromEnv } from '../runtime/services/providers';
import { createSynthesisWorker } from '../runtime/temporal/synthesis-worker';
import { DEFAULT_DATABASE_NAME, type CliConfig } from './config';


/** An open ledger and what it took to open it. */
export interface LedgerHandle {
  ledger: Ledger;
  ownerUrl: string;
  origin: PostgresServer['origin'] | 'embedded (already running)';
  close(): Promise<void>;
}

/**
 * Opens the ledger: DATABASE_URL as given, else database `synthledger` on a
 * found server (local, an already running embedded one, or a new embedded
 * one), created and migrated. Returns the ledger as the application role.
 */
export async function openLedger(config: CliConfig, log: (m: string) => void = () => {}): Promise<LedgerHandle> {
  let server: PostgresServer;
  let origin: LedgerHandle['origin'];
  let ownerUrl: string;
  if (config.databaseUrl) {
    server = await findPostgres(config.env, log);
    ownerUrl = config.databaseUrl;
    origin = server.origin;
  } else {
    // A second CLI process must reuse the embedded server the first one started, not start another.
    const embedded = embeddedAdminUrl(config.env);
    if (!(await answers(localPostgresUrl(config.env))) && (await answers(embedded))) {
      server = { adminUrl: embedded, origin: 'embedded', stop: async () => {} };
      origin = 'embedded (already running)';
    } else {
      server = await findPostgres(config.env, log);
      origin = server.origin;
    }
    try {
      await ensureDatabase(server.adminUrl, DEFAULT_DATABASE_NAME);
    } catch (cause) {
      await server.stop();
      throw new EnvironmentError('SERVICE_UNAVAILABLE', `cannot create database ${DEFAULT_DATABASE_NAME} on ${redact(server.adminUrl)}: ${(cause as Error).message}`, { cause });
    }
    ownerUrl = databaseUrl(server.adminUrl, DEFAULT_DATABASE_NAME);
  }
  const owner = openLedgerDb(ownerUrl, { max: 1 });
  try {
    await migrateLedger(owner, config.env);
  } catch (cause) {
    await server.stop();
    if (cause instanceof LedgerError) throw cause;
    throw new EnvironmentError('SERVICE_UNAVAILABLE', `cannot reach or migrate the ledger database ${redact(ownerUrl)}: ${(cause as Error).message}`, { cause });
  } finally {
    await owner.destroy();
  }
  const ledger = Ledger.open(appUrlFor(ownerUrl, config.env), { maxConnections: 5 });
  return {
    ledger, ownerUrl, origin,
    close: async () => {
      await ledger.close();
      await server.stop();
    },
  };
}

/** A Temporal client and its connection. */
export interface TemporalHandle {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

/** Connects to Temporal at `address`; SERVICE_UNAVAILABLE with how to start one when nothing answers. */
export async function connectTemporal(config: CliConfig, address = config.temporalAddress): Promise<TemporalHandle> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5000 });
    await connection.workflowService.getSystemInfo({});
  } catch (cause) {
    throw temporalUnreachable(address, cause);
  }
  const client = new Client({ connection, namespace: config.namespace });
  return { client, connection, close: () => connection.close() };
}

function temporalUnreachable(address: string, cause: unknown): EnvironmentError {
  return new EnvironmentError('SERVICE_UNAVAILABLE',
    `Temporal is not reachable at ${address}: start it with \`synthledger dev\` (or set TEMPORAL_ADDRESS to a running Temporal server)`,
    { cause, details: { address } });
}

/**
 * The checkpoint signing key of the ledger's log: configured, or the default
 * key file (generated only for a log without a key, and said so on `log`).
 * Refuses a key other than the one the log is bound to.
 */
export async function signingKey(config: CliConfig, ledger: Ledger, log: (m: string) => void = () => {}): Promise<ResolvedSigningKey> {
  const resolved = await logSigningKey(ledger, config.logOrigin, { env: config.env });
  if (resolved.created) log(`generated a checkpoint signing key for this new log in ${resolved.source} (mode 0600); its first checkpoint binds the log to it: back it up`);
  return resolved;
}

/** A worker running in this process, with what it holds open. */
export interface WorkerHandle {
  worker: Worker;
  connection: NativeConnection;
  close(): Promise<void>;
}

let runtimeInstalled = false;

/** Installs the Temporal runtime once, logging at SYNTHLEDGER_LOG_LEVEL (default WARN; TRACE|DEBUG|INFO|WARN|ERROR). */
export function installRuntime(env: NodeJS.ProcessEnv): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = (env.SYNTHLEDGER_LOG_LEVEL ?? 'WARN').toUpperCase();
  try {
    Runtime.install({ logger: new DefaultLogger((['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'].includes(level) ? level : 'WARN') as LogLevel) });
  } catch {
    // Already installed (e.g. by a test harness in this process): keep it.
  }
}

/** Creates a synthesis worker on `config.taskQueue` with providers from the environment. */
export async function createWorker(config: CliConfig, ledger: Ledger, client: Client, signer: SigningKey, address = config.temporalAddress): Promise<WorkerHandle> {
  installRuntime(config.env);
  let connection: NativeConnection;
  try {
    connection = await NativeConnection.connect({ address });
  } catch (cause) {
    throw temporalUnreachable(address, cause);
  }
  const providers = providersFromEnv(config.env);
  const worker = await createSynthesisWorker({
    connection, namespace: config.namespace, taskQueue: config.taskQueue, ledger, signer, client,
    sources: providers.sources, embedder: providers.embedder, chat: providers.chat,
  });
  return { worker, connection, close: () => connection.close() };
}

/** A URL with its password replaced by `***`, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid URL>';
  }
}
