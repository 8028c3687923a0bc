/** The Temporal client connection of a process, with a message that says how to start Temporal when nothing answers. */
import { Client, Connection } from '@temporalio/client';
import type { BlobStore } from '../../ledger';
import { ClaimCheckCodec } from './claim-check-codec';
import type { RuntimeConfig } from '../services/runtime-config';
import type { TemporalSettings } from '../services/temporal-settings';
import { refusedFast, temporalUnreachable } from './reachability';

export { refusedFast, temporalUnreachable };

/** A Temporal client and its connection. */
export interface TemporalHandle {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

/** How long the gRPC connection may take to become ready. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Connects to Temporal with the process's settings (address, namespace, API key, TLS);
 * SERVICE_UNAVAILABLE with how to start one when nothing answers, naming the TLS settings when TLS is on.
 * A different `address` (a dev server this process started) is reached without the TLS settings.
 * With `blobs` (the ledger's blob store, opened on first need) the client reads payloads the worker stored
 * by claim-check reference, and stores its own large ones the same way.
 */
export async function connectTemporal(config: RuntimeConfig, address = config.temporalAddress, blobs?: () => Promise<BlobStore>): Promise<TemporalHandle> {
  const settings = address === config.temporal.address ? config.temporal : undefined;
  let connection: Connection;
  try {
    await refusedFast(address);
    connection = await Connection.connect({ address, connectTimeout: CONNECT_TIMEOUT_MS, ...connectionSecurity(settings) });
    await connection.workflowService.getSystemInfo({});
  } catch (cause) {
    throw temporalUnreachable(address, cause, settings);
  }
  const client = new Client({ connection, namespace: config.namespace, ...(blobs ? { dataConverter: { payloadCodecs: [new ClaimCheckCodec(blobs)] } } : {}) });
  return { client, connection, close: () => connection.close() };
}

/** The TLS, API key and metadata options shared by the client's and the worker's connection. */
export function connectionSecurity(settings: TemporalSettings | undefined): { tls?: TemporalSettings['tls']; apiKey?: string; metadata?: Record<string, string> } {
  if (!settings) return {};
  return {
    ...(settings.tls !== undefined ? { tls: settings.tls } : {}),
    ...(settings.apiKey !== undefined ? { apiKey: settings.apiKey } : {}),
    ...(settings.metadata ? { metadata: settings.metadata } : {}),
  };
}


