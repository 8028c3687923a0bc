/** The process-wide Temporal runtime (native logger), installed once. */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

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
