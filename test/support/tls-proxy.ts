/**
 * A TLS-terminating TCP proxy in front of the Temporal dev server, for the TLS
 * and mTLS tests: `temporal server start-dev` has no TLS options, so the test
 * puts a real node:tls server (ALPN h2, as gRPC requires) on loopback and
 * pipes the decrypted HTTP/2 bytes to the dev server's plain port.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';

/** PEM files of a test PKI: a CA, a server certificate for localhost/127.0.0.1, a client certificate, and an unrelated CA. */
export interface TestPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  otherCaCert: string;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** Generates the PKI in `dir` with the openssl command (EC P-256 keys, one day of validity). */
export function generatePki(dir: string): TestPki {
  mkdirSync(dir, { recursive: true });
  const ca = (name: string) => openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '1', '-subj', `/CN=${name}`);
  ca('ca');
  ca('other-ca');
  const leaf = (name: string) => {
    openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1',
      '-extfile', `${name}.ext`);
  };
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  leaf('server');
  leaf('client');
  const p = (f: string) => join(dir, f);
  return {
    caCert: p('ca.pem'), serverCert: p('server.pem'), serverKey: p('server.key'),
    clientCert: p('client.pem'), clientKey: p('client.key'), otherCaCert: p('other-ca.pem'),
  };
}

/** A running proxy; `close()` stops it and drops its connections. */
export interface TlsProxy {
  address: string;
  close(): Promise<void>;
}

/** Starts a TLS proxy on 127.0.0.1 to `upstream` (host:port); with `requireClientCert`, only clients with a certificate from the PKI's CA get through (mTLS). */
export async function startTlsProxy(pki: TestPki, upstream: string, options: { requireClientCert?: boolean } = {}): Promise<TlsProxy> {
  const [host, port] = [upstream.slice(0, upstream.lastIndexOf(':')), Number(upstream.slice(upstream.lastIndexOf(':') + 1))];
  const sockets = new Set<Socket>();
  const server: Server = createServer({
    cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey), ALPNProtocols: ['h2'],
    ...(options.requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: readFileSync(pki.caCert) } : {}),
  }, (tlsSocket) => {
    const up = connect({ host, port });
    sockets.add(tlsSocket).add(up);
    tlsSocket.pipe(up).pipe(tlsSocket);
    const drop = () => { tlsSocket.destroy(); up.destroy(); sockets.delete(tlsSocket); sockets.delete(up); };
    tlsSocket.on('error', drop).on('close', drop);
    up.on('error', drop).on('close', drop);
  });
  server.on('tlsClientError', () => undefined); // a refused handshake is what the wrong-CA tests expect
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
