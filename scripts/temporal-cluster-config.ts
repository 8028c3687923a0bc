/**
 * Writes the config of a Temporal server on PostgreSQL (the one the cluster
 * test runs, runtime/services/temporal-cluster.ts) into a directory, for
 * `temporal-server --root <dir> --config . --env cluster --allow-no-auth start`.
 *
 *   npx tsx scripts/temporal-cluster-config.ts <dir> [--frontend-port 7233]
 *     [--postgres postgres://postgres@127.0.0.1:5432] [--db temporal] [--visibility-db temporal_visibility]
 *
 * The services listen on 127.0.0.1: the frontend on --frontend-port, the
 * others on the eight ports after it. With --tls-cert, --tls-key and --tls-ca
 * the frontend serves TLS; --require-client-auth makes it mutual TLS, and then
 * --client-cert/--client-key are what the server's own system worker presents
 * (--tls-server-name: a name in the server certificate, default localhost).
 * Prints the config file's path.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { CLUSTER_MAX_PORT, clusterPorts, clusterPostgresFromUrl, writeClusterConfig, type ClusterTlsOptions } from '../runtime/services/temporal-cluster';

const port = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > CLUSTER_MAX_PORT - 8) throw new InvalidArgumentError(`--frontend-port: an integer from 1 to ${CLUSTER_MAX_PORT - 8} (the next eight ports are used too, and membership ports are a SMALLINT in the PostgreSQL schema)`);
  return n;
};
const database = (flag: string) => (v: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(v)) throw new InvalidArgumentError(`${flag}: a PostgreSQL database name of lower-case letters, digits and _ (at most 63)`);
  return v;
};

const pemFile = (flag: string) => (v: string): string => {
  if (!existsSync(v)) throw new InvalidArgumentError(`${flag}: ${v} does not exist`);
  return resolve(v);
};

interface ConfigFlags {
  frontendPort: number; postgres: string; db: string; visibilityDb: string;
  tlsCert?: string; tlsKey?: string; tlsCa?: string; tlsServerName: string; requireClientAuth?: boolean; clientCert?: string; clientKey?: string;
}

/** The frontend TLS of the flags, or undefined without any; a usage error for an incomplete set. */
function tlsOf(o: ConfigFlags): ClusterTlsOptions | undefined {
  if (!o.tlsCert && !o.tlsKey && !o.tlsCa) return undefined;
  if (!o.tlsCert || !o.tlsKey || !o.tlsCa) throw new InvalidArgumentError('--tls-cert, --tls-key and --tls-ca: give all three for a TLS frontend');
  return {
    certFile: o.tlsCert, keyFile: o.tlsKey, caFile: o.tlsCa, requireClientAuth: o.requireClientAuth === true, serverName: o.tlsServerName,
    clientCertFile: o.clientCert, clientKeyFile: o.clientKey,
  };
}

const program = new Command('temporal-cluster-config')
  .argument('<dir>', 'directory to write cluster.yaml and dynamic-config.yaml into')
  .option('--frontend-port <port>', 'frontend gRPC port', port, 7233)
  .option('--postgres <url>', 'PostgreSQL server (host, port, user, password of a postgres:// URL)', 'postgres://postgres@127.0.0.1:5432')
  .option('--db <name>', 'database of the default store', database('--db'), 'temporal')
  .option('--visibility-db <name>', 'database of the visibility store', database('--visibility-db'), 'temporal_visibility')
  .option('--tls-cert <file>', 'frontend certificate (PEM)', pemFile('--tls-cert'))
  .option('--tls-key <file>', 'frontend private key (PEM)', pemFile('--tls-key'))
  .option('--tls-ca <file>', 'CA of the frontend certificate and of client certificates (PEM)', pemFile('--tls-ca'))
  .option('--tls-server-name <name>', 'a name in the frontend certificate, checked by the server\'s system worker', 'localhost')
  .option('--require-client-auth', 'mutual TLS: clients must present a certificate signed by --tls-ca')
  .option('--client-cert <file>', 'client certificate of the server\'s system worker (PEM; needed with --require-client-auth)', pemFile('--client-cert'))
  .option('--client-key <file>', 'its private key (PEM)', pemFile('--client-key'))
  .action(async (dir: string, o: ConfigFlags) => {
    const file = writeClusterConfig(resolve(dir), {
      postgres: clusterPostgresFromUrl(o.postgres),
      databases: { default: o.db, visibility: o.visibilityDb },
      ports: await clusterPorts(o.frontendPort),
      logLevel: 'info',
      tls: tlsOf(o),
    });
    process.stdout.write(`${file}\n`);
  });

program.parseAsync().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
