/** The Temporal client connection of a process, with a message that says how to start Temporal when nothing answers. */
import { Client, Connection } from '@temporalio/client';
import { EnvironmentError } from '../../common/errors';
import type { RuntimeConfig } from '../services/runtime-config';

/** A Temporal client and its connection. */
export interface TemporalHandle {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

/** Connects to Temporal at `address`; SERVICE_UNAVAILABLE with how to start one when nothing answers. */
export async function connectTemporal(config: RuntimeConfig, address = config.temporalAddress): Promise<TemporalHandle> {
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

/** The SERVICE_UNAVAILABLE error for a Temporal frontend that did not answer at `address`. */
export function temporalUnreachable(address: string, cause: unknown): EnvironmentError {
  return new EnvironmentError('SERVICE_UNAVAILABLE',
    `Temporal is not reachable at ${address}: start it with \`synthledger dev\` (or set TEMPORAL_ADDRESS to a running Temporal server)`,
    { cause, details: { address } });
}
