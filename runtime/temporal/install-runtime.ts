/** The process-wide Temporal runtime (its logger), installed once. */
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { temporalLogger, temporalLogLevel, type ProcessLogger } from '../services/logger';

let runtimeInstalled = false;

/**
 * Installs the Temporal runtime once, logging at SYNTHLEDGER_LOG_LEVEL
 * (default WARN; TRACE|DEBUG|INFO|WARN|ERROR). With `logger`, everything
 * Temporal logs, the SDK core's native logs included (forwarded), goes
 * through it; without, through Temporal's default console logger.
 */
export function installRuntime(env: NodeJS.ProcessEnv, logger?: ProcessLogger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = temporalLogLevel(env);
  try {
    Runtime.install(logger
      ? { logger: temporalLogger(logger, level), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: level }), forward: {} } } }
      : { logger: new DefaultLogger(level) });
  } catch {
    // Already installed (e.g. by a test harness in this process): keep it.
  }
}
