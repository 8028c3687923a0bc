/** A synthesis worker in this process, configured from the environment (task queue, namespace, providers). */
import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Ledger, SigningKey } from '../../ledger';
import { workerSettingsFromEnv } from '../services/worker-settings';
import { providersFromEnv } from '../services/providers';
import { witnessesFromEnv } from '../services/witness-cosigning';
import type { RuntimeConfig } from '../services/runtime-config';
import { installRuntime } from './install-runtime';
import { createSynthesisWorker } from './synthesis-worker';
import { connectionSecurity, refusedFast, temporalUnreachable } from './temporal-connection';

/** A worker running in this process, with what it holds open. */
export interface WorkerHandle {
  worker: Worker;
  connection: NativeConnection;
  close(): Promise<void>;
}

/**
 * Creates a synthesis worker on `config.taskQueue` with providers, checkpoint timing and stage placement from the environment
 * (a bad setting is CONFIG_INVALID before anything connects), connected with the same settings as the client
 * (API key, TLS, mTLS); a different `address` (a dev server this process started) is plain TCP.
 */
export async function createWorker(config: RuntimeConfig, ledger: Ledger, client: Client, signer: SigningKey, address = config.temporalAddress): Promise<WorkerHandle> {
  const { checkpoints, inProcessStages } = workerSettingsFromEnv(config.env);
  installRuntime(config.env);
  const settings = address === config.temporal.address ? config.temporal : undefined;
  let connection: NativeConnection;
  try {
    await refusedFast(address);
    connection = await NativeConnection.connect({ address, ...connectionSecurity(settings) });
  } catch (cause) {
    throw temporalUnreachable(address, cause, settings);
  }
  const providers = providersFromEnv(config.env);
  const worker = await createSynthesisWorker({
    connection, namespace: config.namespace, taskQueue: config.taskQueue, ledger, signer, client, witnesses: witnessesFromEnv(config.env),
    sources: providers.sources, embedder: providers.embedder, chat: providers.chat,
    checkpointIntervalMs: checkpoints.intervalMs, checkpointWaitMs: checkpoints.waitMs, inProcessStages,
  });
  return { worker, connection, close: () => connection.close() };
}
