/** The Temporal client connection of a process, with a message that says how to start Temporal when nothing answers. */
import { Client, Connection } from '@temporalio/client';
import { connect as tcpConnect } from 'node:net';
import { EnvironmentError } from '../../common/errors';
import type { BlobStore } from '../../ledger';
import { ClaimCheckCodec } from './claim-check-codec';
import type { RuntimeConfig } from '../services/runtime-config';
import { tlsSettingNames, type TemporalSettings } from '../services/temporal-settings';

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

/**
 * Fails at once when the address refuses TCP connections. gRPC retries a refused
 * connection until its deadline, so without this a stopped server cost every
 * command the whole connect timeout before it could say so.
 */
export function refusedFast(address: string, timeoutMs = 2000): Promise<void> {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  if (!m) return Promise.resolve(); // not host:port (e.g. a unix socket URL): let gRPC judge it
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: m[1], port: Number(m[2]) });
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done());
    socket.once('connect', () => done());
    socket.once('error', (e: NodeJS.ErrnoException) => done(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'].includes(e.code ?? '') ? e : undefined));
  });
}

/** The SERVICE_UNAVAILABLE error for a Temporal frontend that did not answer at `address`. */
export function temporalUnreachable(address: string, cause: unknown, settings?: TemporalSettings): EnvironmentError {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  const tlsNames = settings && settings.tls ? tlsSettingNames(settings) : '';
  if (settings && settings.tls) {
    return new EnvironmentError('SERVICE_UNAVAILABLE',
      `Temporal is not reachable over TLS at ${address} (${reason}): check ${tlsNames || 'the TLS settings'}${settings.origin.address ? ` and ${settings.origin.address}` : ''}`,
      { cause, details: { address, setting: tlsNames || 'TEMPORAL_TLS' } });
  }
  return new EnvironmentError('SERVICE_UNAVAILABLE',
    `Temporal is not reachable at ${address} (${reason}): start it with \`synthledger dev\` (or set TEMPORAL_ADDRESS / --address to a running Temporal server)`,
    { cause, details: { address, setting: settings?.origin.address ?? 'TEMPORAL_ADDRESS' } });
}
