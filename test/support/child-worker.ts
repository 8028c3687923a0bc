/** Starts test/support/crash-worker.ts in its own process (for tests and the chaos script that kill or starve it). */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** A worker child process and everything it printed so far. */
export interface ChildWorker {
  child: ChildProcess;
  output(): string;
}

/** Options of {@link startChildWorker}. */
export interface ChildWorkerOptions {
  taskQueue: string;
  temporalAddress: string;
  /** Temporal namespace (TEMPORAL_NAMESPACE). Default `default`. */
  temporalNamespace?: string;
  /** The application role's URL. */
  databaseUrl: string;
  signerKey: string;
  /** `<activityType>:<ms>`: that activity sleeps first. */
  slow?: string;
  /** A prebuilt workflow bundle file (see createSynthesisWorker's workflowBundlePath). */
  workflowBundlePath?: string;
  /** How long to wait for `ready`. Default 90 s. */
  readyTimeoutMs?: number;
  /** More environment variables for the worker (e.g. TEMPORAL_TLS_CA/CERT/KEY/SERVER_NAME). */
  env?: Record<string, string>;
}

/** Spawns the worker and resolves once it polls its task queue. */
export async function startChildWorker(options: ChildWorkerOptions): Promise<ChildWorker> {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that a SIGKILL of the CLI would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'support', 'crash-worker.ts'), options.taskQueue], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TEMPORAL_ADDRESS: options.temporalAddress, TEMPORAL_NAMESPACE: options.temporalNamespace ?? 'default', DATABASE_URL: options.databaseUrl, SYNTHLEDGER_SIGNING_KEY: options.signerKey, SYNTHLEDGER_SLOW_ACTIVITY: options.slow ?? '', SYNTHLEDGER_WORKFLOW_BUNDLE: options.workflowBundlePath ?? '', ...options.env },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  while (!out.includes('ready')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker child exited with ${child.exitCode ?? child.signalCode}: ${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`worker child not ready: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out };
}
