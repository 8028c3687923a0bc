/**
 * Whether a Temporal address answers at all, checked with a plain TCP connect
 * before the Temporal client (and its protobuf definitions, most of a
 * command's start-up) is loaded, and the error that says how to fix it.
 */
import { connect as tcpConnect } from 'node:net';
import { EnvironmentError } from '../../common/errors';
import { tlsSettingNames, type TemporalSettings } from '../services/temporal-settings';

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
