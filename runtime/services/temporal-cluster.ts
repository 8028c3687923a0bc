/**
 * A Temporal server of its own (not the dev server) on PostgreSQL
 * persistence: the binaries built by scripts/temporal-server.sh, the two
 * databases (default store and visibility) set up with its SQL tool from the
 * schemas embedded in the server module, a server config written from
 * {@link clusterConfigYaml}, and a namespace registered through the operator
 * API. The cluster test (test/cluster/) and `scripts/temporal-cluster.ts` use
 * it; README "Running on a Temporal cluster" lists the same steps as commands.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { registerSearchAttributes } from '../temporal/search-attribute-setup';
import { EnvironmentError } from '../../common/errors';
import { packageFile } from '../../common/package-root';
import { stopChildProcess } from './temporal-server';
import { dynamicConfigYamlLines } from './temporal-dynamic-config';

/** The SQL plugin of the server's PostgreSQL persistence (PostgreSQL 12 and later). */
export const CLUSTER_SQL_PLUGIN = 'postgres12';
/** The embedded schema of each store, by the SQL tool's `--schema-name`. */
export const CLUSTER_SCHEMAS = { default: 'postgresql/v12/temporal', visibility: 'postgresql/v12/visibility' } as const;
/** The `--env` name of the config file the server loads (`<config dir>/<env>.yaml`). */
export const CLUSTER_CONFIG_ENV = 'cluster';
/** The dynamic config file next to it. */
export const CLUSTER_DYNAMIC_CONFIG_FILE = 'dynamic-config.yaml';

/** Paths of the server build. */
export interface TemporalServerBuild {
  /** `temporal-server`. */
  server: string;
  /** `temporal-sql-tool`. */
  sqlTool: string;
}

/** Returns the Temporal server build (scripts/temporal-server.sh: cached, or built once). Throws SERVICE_UNAVAILABLE with the script's explanation. */
export function findTemporalServerBuild(env: NodeJS.ProcessEnv = process.env): TemporalServerBuild {
  const res = spawnSync('bash', [packageFile('scripts', 'temporal-server.sh')], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const dir = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !dir) throw new EnvironmentError('SERVICE_UNAVAILABLE', res.stderr.trim().slice(-4000) || 'no Temporal server build');
  return { server: join(dir, 'temporal-server'), sqlTool: join(dir, 'temporal-sql-tool') };
}

/** Where the server's PostgreSQL is and who it connects as. */
export interface ClusterPostgres {
  host: string;
  port: number;
  user: string;
  password?: string;
}

/** Reads host, port, user and password from a `postgres://` URL (the database part is ignored). */
export function clusterPostgresFromUrl(url: string): ClusterPostgres {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username || 'postgres'), password: u.password ? decodeURIComponent(u.password) : undefined };
}

/** The ports of the four services (gRPC and membership each) and the frontend's HTTP API, all on 127.0.0.1. */
export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/**
 * The highest port a cluster service may use: the PostgreSQL schema keeps
 * membership ports in a SMALLINT (`cluster_membership.rpc_port`), and the
 * server dies at start with "out of range for type smallint" above it. So the
 * kernel's ephemeral ports (32768 and up on Linux) will not do.
 */
export const CLUSTER_MAX_PORT = 32_767;
const CLUSTER_PORT_NAMES: readonly (keyof ClusterPorts)[] = ['frontend', 'frontendHttp', 'frontendMembership', 'history', 'historyMembership', 'matching', 'matchingMembership', 'worker', 'workerMembership'];

/**
 * Ports for every service: `frontend` and the next eight ports after it
 * when given, else nine consecutive free loopback ports from a random start
 * between 20000 and {@link CLUSTER_MAX_PORT}.
 */
export async function clusterPorts(frontend?: number): Promise<ClusterPorts> {
  const n = CLUSTER_PORT_NAMES.length;
  const assign = (first: number) => Object.fromEntries(CLUSTER_PORT_NAMES.map((name, i) => [name, first + i])) as unknown as ClusterPorts;
  if (frontend !== undefined) {
    if (frontend + n - 1 > CLUSTER_MAX_PORT) throw new EnvironmentError('CONFIG_INVALID', `frontend port ${frontend}: the cluster uses it and the next ${n - 1} ports, all at most ${CLUSTER_MAX_PORT} (membership ports are a SMALLINT in the PostgreSQL schema)`);
    return assign(frontend);
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * (CLUSTER_MAX_PORT - 20_000 - n));
    let free = true;
    for (let i = 0; i < n && free; i++) free = await portIsFree(first + i);
    if (free) return assign(first);
  }
  throw new EnvironmentError('SERVICE_UNAVAILABLE', `no ${n} consecutive free ports on 127.0.0.1 between 20000 and ${CLUSTER_MAX_PORT}`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Everything {@link clusterConfigYaml} writes. */
export interface ClusterConfigOptions {
  postgres: ClusterPostgres;
  databases: { default: string; visibility: string };
  ports: ClusterPorts;
  /** Absolute path of the dynamic config file ({@link clusterDynamicConfigYaml}). */
  dynamicConfigFile: string;
  /** Default 4 (fixed for the life of the databases). */
  numHistoryShards?: number;
  /** Server log level. Default `warn`. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** TLS on the frontend (clients and workers); without it the frontend speaks plain TCP. */
  tls?: ClusterTlsOptions;
}

/**
 * The frontend's TLS (`global.tls.frontend.server`), PEM files. The server's
 * own system worker reaches its frontend through the same TLS
 * (`global.tls.systemWorker`): it trusts `caFile`, checks `serverName`, and
 * with `requireClientAuth` presents `clientCertFile`/`clientKeyFile`.
 * Internode traffic (history, matching) stays plain on 127.0.0.1.
 */
export interface ClusterTlsOptions {
  /** The frontend's certificate and key. */
  certFile: string;
  keyFile: string;
  /** The CA that signed the frontend's certificate and the client certificates. */
  caFile: string;
  /** mTLS: clients must present a certificate signed by `caFile`. */
  requireClientAuth: boolean;
  /** A name in the frontend certificate (e.g. `localhost`). */
  serverName: string;
  /** The system worker's client certificate and key; needed with `requireClientAuth`. */
  clientCertFile?: string;
  clientKeyFile?: string;
}

/** The `global.tls` section of {@link ClusterTlsOptions}; CONFIG_INVALID when mTLS lacks the system worker's certificate. */
function clusterTlsYaml(t: ClusterTlsOptions): string[] {
  if (t.requireClientAuth && (!t.clientCertFile || !t.clientKeyFile)) {
    throw new EnvironmentError('CONFIG_INVALID', 'tls.requireClientAuth: the server\'s system worker needs tls.clientCertFile and tls.clientKeyFile to reach its own frontend', { details: { setting: 'tls.clientCertFile' } });
  }
  return [
    '  tls:',
    '    frontend:',
    '      server:',
    `        certFile: ${y(t.certFile)}`,
    `        keyFile: ${y(t.keyFile)}`,
    `        requireClientAuth: ${t.requireClientAuth}`,
    '        clientCaFiles:',
    `          - ${y(t.caFile)}`,
    '    systemWorker:',
    ...(t.clientCertFile && t.clientKeyFile ? [`      certFile: ${y(t.clientCertFile)}`, `      keyFile: ${y(t.clientKeyFile)}`] : []),
    '      client:',
    `        serverName: ${y(t.serverName)}`,
    '        rootCaFiles:',
    `          - ${y(t.caFile)}`,
  ];
}

/** The client-side TLS options (for `Connection.connect`) matching {@link ClusterTlsOptions}. */
export function clusterClientTls(t: ClusterTlsOptions): TLSConfig {
  return {
    serverNameOverride: t.serverName,
    serverRootCACertificate: readFileSync(t.caFile),
    ...(t.clientCertFile && t.clientKeyFile ? { clientCertPair: { crt: readFileSync(t.clientCertFile), key: readFileSync(t.clientKeyFile) } } : {}),
  };
}

/** A YAML scalar: JSON strings and numbers are YAML too. */
const y = (v: string | number): string => JSON.stringify(v);

/** The server config: one cluster on loopback, both stores on PostgreSQL, archival off. */
export function clusterConfigYaml(o: ClusterConfigOptions): string {
  const store = (database: string, maxConns: number) => [
    '      sql:',
    `        pluginName: ${y(CLUSTER_SQL_PLUGIN)}`,
    `        databaseName: ${y(database)}`,
    `        connectAddr: ${y(`${o.postgres.host}:${o.postgres.port}`)}`,
    '        connectProtocol: "tcp"',
    `        user: ${y(o.postgres.user)}`,
    `        password: ${y(o.postgres.password ?? '')}`,
    `        maxConns: ${maxConns}`,
    `        maxIdleConns: ${maxConns}`,
    '        maxConnLifetime: "1h"',
  ];
  const service = (name: string, grpc: number, membership: number, http?: number) => [
    `  ${name}:`,
    '    rpc:',
    `      grpcPort: ${grpc}`,
    `      membershipPort: ${membership}`,
    '      bindOnLocalHost: true',
    ...(http !== undefined ? [`      httpPort: ${http}`] : []),
  ];
  const p = o.ports;
  return [
    'log:',
    '  stdout: true',
    `  level: ${y(o.logLevel ?? 'warn')}`,
    'persistence:',
    '  defaultStore: postgres-default',
    '  visibilityStore: postgres-visibility',
    `  numHistoryShards: ${o.numHistoryShards ?? 4}`,
    '  datastores:',
    '    postgres-default:',
    ...store(o.databases.default, 20),
    '    postgres-visibility:',
    ...store(o.databases.visibility, 4),
    'global:',
    '  membership:',
    '    maxJoinDuration: "30s"',
    '    broadcastAddress: "127.0.0.1"',
    ...(o.tls ? clusterTlsYaml(o.tls) : []),
    'services:',
    ...service('frontend', p.frontend, p.frontendMembership, p.frontendHttp),
    ...service('history', p.history, p.historyMembership),
    ...service('matching', p.matching, p.matchingMembership),
    ...service('worker', p.worker, p.workerMembership),
    'clusterMetadata:',
    '  enableGlobalNamespace: false',
    '  failoverVersionIncrement: 10',
    '  masterClusterName: "active"',
    '  currentClusterName: "active"',
    '  clusterInformation:',
    '    active:',
    '      enabled: true',
    '      initialFailoverVersion: 1',
    '      rpcName: "frontend"',
    `      rpcAddress: ${y(`127.0.0.1:${p.frontend}`)}`,
    `      httpAddress: ${y(`127.0.0.1:${p.frontendHttp}`)}`,
    'dcRedirectionPolicy:',
    '  policy: "noop"',
    'archival:',
    '  history:',
    '    state: "disabled"',
    '  visibility:',
    '    state: "disabled"',
    'namespaceDefaults:',
    '  archival:',
    '    history:',
    '      state: "disabled"',
    '    visibility:',
    '      state: "disabled"',
    'dynamicConfigClient:',
    `  filepath: ${y(o.dynamicConfigFile)}`,
    '  pollInterval: "10s"',
    '',
  ].join('\n');
}

/**
 * Dynamic config: what the dev server is started with
 * (runtime/services/temporal-dynamic-config.ts), plus a short namespace-cache
 * refresh so a namespace registered at start is usable within seconds.
 */
export function clusterDynamicConfigYaml(): string {
  return [
    ...dynamicConfigYamlLines([
      { key: 'system.namespaceCacheRefreshInterval', value: '2s' },
      { key: 'system.forceSearchAttributesCacheRefreshOnRead', value: true },
    ]),
    '',
  ].join('\n');
}

/** Writes `<dir>/cluster.yaml` and the dynamic config next to it; returns the config file's path. */
export function writeClusterConfig(dir: string, o: Omit<ClusterConfigOptions, 'dynamicConfigFile'>): string {
  mkdirSync(dir, { recursive: true });
  const dynamicConfigFile = join(dir, CLUSTER_DYNAMIC_CONFIG_FILE);
  writeFileSync(dynamicConfigFile, clusterDynamicConfigYaml());
  const file = join(dir, `${CLUSTER_CONFIG_ENV}.yaml`);
  writeFileSync(file, clusterConfigYaml({ ...o, dynamicConfigFile }));
  return file;
}

/** The SQL tool's connection flags for `database`. */
export function sqlToolConnectionArgs(pg: ClusterPostgres, database: string): string[] {
  return ['--plugin', CLUSTER_SQL_PLUGIN, '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, ...(pg.password ? ['--pw', pg.password] : []), '--db', database];
}

/** The SQL tool runs that create `database` and bring it to the latest embedded schema of `store`. */
export function schemaSetupCommands(pg: ClusterPostgres, database: string, store: keyof typeof CLUSTER_SCHEMAS): string[][] {
  const conn = sqlToolConnectionArgs(pg, database);
  return [
    [...conn, 'create-database'],
    [...conn, 'setup-schema', '-v', '0.0'],
    [...conn, 'update-schema', '--schema-name', CLUSTER_SCHEMAS[store]],
  ];
}

/** Creates `database` and sets up the schema of `store` with the SQL tool. Throws SERVICE_UNAVAILABLE with its output. */
export async function setupClusterDatabase(build: TemporalServerBuild, pg: ClusterPostgres, database: string, store: keyof typeof CLUSTER_SCHEMAS): Promise<void> {
  for (const args of schemaSetupCommands(pg, database, store)) await runSqlTool(build, args);
}

/** Drops `database` with the SQL tool (no error when it is gone already). */
export async function dropClusterDatabase(build: TemporalServerBuild, pg: ClusterPostgres, database: string): Promise<void> {
  await runSqlTool(build, [...sqlToolConnectionArgs(pg, database), 'drop-database', '--force']);
}

function runSqlTool(build: TemporalServerBuild, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(build.sqlTool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-8000); });
    child.stderr.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-8000); });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new EnvironmentError('SERVICE_UNAVAILABLE', `temporal-sql-tool ${args.join(' ')} exited with ${code}: ${out}`));
    });
  });
}

/** A running cluster server. */
export interface TemporalCluster {
  /** Frontend gRPC address, `127.0.0.1:<port>`. */
  address: string;
  process: ChildProcess;
  /** The server's output. */
  logFile: string;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** Options of {@link startTemporalCluster}. */
export interface StartClusterOptions {
  build: TemporalServerBuild;
  /** Directory of `cluster.yaml` (see {@link writeClusterConfig}); the log goes there too. */
  configDir: string;
  /** Frontend gRPC port (as in the config). */
  frontendPort: number;
  /** Default 180 s: the first start creates its shards and system namespace. */
  startTimeoutMs?: number;
  /** Client TLS when the frontend has TLS ({@link clusterClientTls}). */
  tls?: TLSConfig;
}

/** Starts `temporal-server start` on the config in `configDir` and waits until its frontend answers. */
export async function startTemporalCluster(o: StartClusterOptions): Promise<TemporalCluster> {
  const logFile = join(o.configDir, 'server.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(o.build.server, ['--root', o.configDir, '--config', '.', '--env', CLUSTER_CONFIG_ENV, '--allow-no-auth', 'start'], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const address = `127.0.0.1:${o.frontendPort}`;
  const deadline = Date.now() + (o.startTimeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) throw new EnvironmentError('SERVICE_UNAVAILABLE', `temporal-server exited with ${child.exitCode}: ${logTail(logFile)}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000, ...(o.tls ? { tls: o.tls } : {}) });
      try {
        await conn.workflowService.getSystemInfo({});
        // The frontend answers before the system namespace exists; listing namespaces needs it.
        await conn.workflowService.describeNamespace({ namespace: 'temporal-system' });
      } finally {
        await conn.close();
      }
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new EnvironmentError('SERVICE_UNAVAILABLE', `temporal-server at ${address} did not answer in time: ${logTail(logFile)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return { address, process: child, logFile, stop: () => stopChildProcess(child) };
}

/** The end of the server's log, for error messages. */
export function logTail(logFile: string, chars = 3000): string {
  try {
    return readFileSync(logFile, 'utf8').slice(-chars);
  } catch {
    return `(no log at ${logFile})`;
  }
}

/** Registers `namespace` (retention `retentionDays`, default 1) unless it exists, adds the synthesis search attributes (runtime/temporal/search-attribute-setup.ts), and waits until it is usable; `tls` as for {@link startTemporalCluster}. */
export async function registerClusterNamespace(address: string, namespace: string, options: { retentionDays?: number; timeoutMs?: number; tls?: TLSConfig } = {}): Promise<void> {
  const conn = await Connection.connect({ address, ...(options.tls ? { tls: options.tls } : {}) });
  try {
    try {
      await conn.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${options.retentionDays ?? 1} days`) });
    } catch (e) {
      if (!/already exists/i.test((e as Error).message)) throw e;
    }
    await registerSearchAttributes(conn, namespace);
    // Usable once a visibility query on it succeeds (the frontend's namespace cache has it).
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      try {
        await conn.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw new EnvironmentError('SERVICE_UNAVAILABLE', `namespace ${namespace} not usable in time: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await conn.close();
  }
}
