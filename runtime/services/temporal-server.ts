/**
 * Finds the Temporal CLI (see scripts/temporal-cli.sh) and runs its dev
 * server. One dev server per process tree: tests start one in global setup.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { EnvironmentError } from '../../common/errors';
import { packageFile } from '../../common/package-root';
import { devServerSearchAttributeFlags } from '../temporal/search-attribute-setup';
import { devServerDynamicConfigFlags } from './temporal-dynamic-config';

/** A running Temporal dev server. */
export interface TemporalDevServer {
  /** gRPC address, `127.0.0.1:<port>`. */
  address: string;
  /** Web UI URL, or null when started headless. */
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Options for {@link startTemporalDevServer}. */
export interface DevServerOptions {
  port?: number;
  /** Start the Web UI on this port; omit for headless. */
  uiPort?: number;
  /** SQLite file to persist state; omit for in-memory. */
  dbFile?: string;
  namespace?: string;
  /** How long to wait for the server to answer. Default 120 s (first start can be slow on a loaded machine). */
  startTimeoutMs?: number;
  log?: (m: string) => void;
}

/** Returns the path of a Temporal CLI binary, building it once if needed. Throws SERVICE_UNAVAILABLE with the script's explanation. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string {
  const script = packageFile('scripts', 'temporal-cli.sh');
  const res = spawnSync('bash', [script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const path = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status === 0 && path) return path;
  throw new EnvironmentError('SERVICE_UNAVAILABLE', res.stderr.trim() || 'no Temporal CLI found');
}

/** Returns a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `temporal server start-dev` and waits until it accepts connections. */
export async function startTemporalDevServer(options: DevServerOptions = {}): Promise<TemporalDevServer> {
  const cli = findTemporalCli();
  const port = options.port ?? (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error',
    '--namespace', options.namespace ?? 'default',
    ...devServerDynamicConfigFlags(),
    // The synthesis search attributes (SynthesisStatus, …), which workflows set as they move.
    ...devServerSearchAttributeFlags()];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1');
  else args.push('--headless');
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new EnvironmentError('SERVICE_UNAVAILABLE', `Temporal dev server exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      await conn.workflowService.getSystemInfo({});
      await conn.close();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new EnvironmentError('SERVICE_UNAVAILABLE', `Temporal dev server at ${address} did not answer in time: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  options.log?.(`Temporal dev server on ${address}${options.uiPort ? `, Web UI http://127.0.0.1:${options.uiPort}` : ''}`);
  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : null,
    process: child,
    stop: () => stopChildProcess(child),
  };
}

/** Stops a server process: SIGTERM, then SIGKILL after 10 s; resolves once it exited. */
export async function stopChildProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}
