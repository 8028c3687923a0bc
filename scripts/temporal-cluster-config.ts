/**
 * Writes the config of a Temporal server on PostgreSQL (the one the cluster
 * test runs, runtime/services/temporal-cluster.ts) into a directory, for
 * `temporal-server --root <dir> --config . --env cluster --allow-no-auth start`.
 *
 *   npx tsx scripts/temporal-cluster-config.ts <dir> [--frontend-port 7233]
 *     [--postgres postgres://postgres@127.0.0.1:5432] [--db temporal] [--visibility-db temporal_visibility]
 *
 * The services listen on 127.0.0.1: the frontend on --frontend-port, the
 * others on the eight ports after it. Prints the config file's path.
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { CLUSTER_MAX_PORT, clusterPorts, clusterPostgresFromUrl, writeClusterConfig } from '../runtime/services/temporal-cluster';

const port = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > CLUSTER_MAX_PORT - 8) throw new InvalidArgumentError(`--frontend-port: an integer from 1 to ${CLUSTER_MAX_PORT - 8} (the next eight ports are used too, and membership ports are a SMALLINT in the PostgreSQL schema)`);
  return n;
};
const database = (flag: string) => (v: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(v)) throw new InvalidArgumentError(`${flag}: a PostgreSQL database name of lower-case letters, digits and _ (at most 63)`);
  return v;
};

const program = new Command('temporal-cluster-config')
  .argument('<dir>', 'directory to write cluster.yaml and dynamic-config.yaml into')
  .option('--frontend-port <port>', 'frontend gRPC port', port, 7233)
  .option('--postgres <url>', 'PostgreSQL server (host, port, user, password of a postgres:// URL)', 'postgres://postgres@127.0.0.1:5432')
  .option('--db <name>', 'database of the default store', database('--db'), 'temporal')
  .option('--visibility-db <name>', 'database of the visibility store', database('--visibility-db'), 'temporal_visibility')
  .action(async (dir: string, o: { frontendPort: number; postgres: string; db: string; visibilityDb: string }) => {
    const file = writeClusterConfig(resolve(dir), {
      postgres: clusterPostgresFromUrl(o.postgres),
      databases: { default: o.db, visibility: o.visibilityDb },
      ports: await clusterPorts(o.frontendPort),
      logLevel: 'info',
    });
    process.stdout.write(`${file}\n`);
  });

program.parseAsync().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
