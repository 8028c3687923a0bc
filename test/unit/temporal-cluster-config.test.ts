import { CLUSTER_MAX_PORT, clusterConfigYaml, clusterDynamicConfigYaml, clusterPorts, clusterPostgresFromUrl, schemaSetupCommands } from '../../runtime/services/temporal-cluster';
import { DYNAMIC_CONFIG, devServerDynamicConfigFlags } from '../../runtime/services/temporal-dynamic-config';
import { caught } from '../support/caught';
import type { SynthledgerError } from '../../common/errors';

describe('Temporal cluster config', () => {
  it('picks nine consecutive free loopback ports, all within the SMALLINT the PostgreSQL schema keeps membership ports in', async () => {
    const ports = Object.values(await clusterPorts());
    expect(ports).toHaveLength(9);
    expect(ports.every((p) => p >= 20_000 && p <= CLUSTER_MAX_PORT)).toBe(true);
    expect(ports.map((p) => p - ports[0]!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('runs with the dynamic config the dev server is started with, the transfer queue\'s poll rate raised included', () => {
    const yaml = clusterDynamicConfigYaml();
    const flags = devServerDynamicConfigFlags();
    expect(DYNAMIC_CONFIG.map((s) => s.key)).toContain('history.transferProcessorMaxPollRPS');
    for (const { key, value } of DYNAMIC_CONFIG) {
      expect(yaml).toContain(`${key}:\n  - value: ${String(value)}\n`);
      expect(flags).toContain(`${key}=${String(value)}`);
    }
    expect(yaml).toContain('system.namespaceCacheRefreshInterval:\n  - value: "2s"\n');
  });

  it('refuses a frontend port whose block would pass 32767', async () => {
    expect((await caught<SynthledgerError>(clusterPorts(CLUSTER_MAX_PORT - 7))).code).toBe('CONFIG_INVALID');
    expect((await clusterPorts(CLUSTER_MAX_PORT - 8)).workerMembership).toBe(CLUSTER_MAX_PORT);
  });

  it('writes every string as a quoted scalar, so a password or path with YAML syntax in it stays one value', async () => {
    const postgres = clusterPostgresFromUrl('postgres://tem%3Aporal:p%22a%3A%20%23ss@db.example:6543/ignored');
    expect(postgres).toEqual({ host: 'db.example', port: 6543, user: 'tem:poral', password: 'p"a: #ss' });
    const yaml = clusterConfigYaml({ postgres, databases: { default: 't', visibility: 'tv' }, ports: await clusterPorts(7233), dynamicConfigFile: '/tmp/a: b/dc.yaml' });
    expect(yaml).toContain('        password: "p\\"a: #ss"\n');
    expect(yaml).toContain('        user: "tem:poral"\n');
    expect(yaml).toContain('        connectAddr: "db.example:6543"\n');
    expect(yaml).toContain('  filepath: "/tmp/a: b/dc.yaml"\n');
    expect(yaml).toContain('      rpcAddress: "127.0.0.1:7233"\n');
    expect(yaml.match(/pluginName: "postgres12"/g)).toHaveLength(2);
  });

  it('writes the frontend\'s TLS, and for mTLS the system worker\'s client certificate; refuses mTLS without one', async () => {
    const base = { postgres: clusterPostgresFromUrl('postgres://postgres@127.0.0.1:5432'), databases: { default: 't', visibility: 'tv' }, ports: await clusterPorts(7233), dynamicConfigFile: '/d.yaml' };
    const tls = { certFile: '/p/server.pem', keyFile: '/p/server.key', caFile: '/p/ca.pem', requireClientAuth: true, serverName: 'localhost', clientCertFile: '/p/client.pem', clientKeyFile: '/p/client.key' };
    const yaml = clusterConfigYaml({ ...base, tls });
    expect(yaml).toContain([
      '  tls:', '    frontend:', '      server:', '        certFile: "/p/server.pem"', '        keyFile: "/p/server.key"', '        requireClientAuth: true',
      '        clientCaFiles:', '          - "/p/ca.pem"', '    systemWorker:', '      certFile: "/p/client.pem"', '      keyFile: "/p/client.key"',
      '      client:', '        serverName: "localhost"', '        rootCaFiles:', '          - "/p/ca.pem"', 'services:',
    ].join('\n'));
    expect(clusterConfigYaml(base)).not.toContain('tls:');
    expect(() => clusterConfigYaml({ ...base, tls: { ...tls, clientKeyFile: undefined } }))
      .toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', details: { setting: 'tls.clientCertFile' } }));
    expect(clusterConfigYaml({ ...base, tls: { ...tls, requireClientAuth: false, clientCertFile: undefined, clientKeyFile: undefined } })).toContain('        requireClientAuth: false\n');
  });

  it('sets up a store with the SQL tool from the schema embedded in the server', () => {
    const cmds = schemaSetupCommands({ host: '127.0.0.1', port: 5432, user: 'postgres' }, 'tv', 'visibility');
    expect(cmds.map((c) => c.slice(10))).toEqual([['create-database'], ['setup-schema', '-v', '0.0'], ['update-schema', '--schema-name', 'postgresql/v12/visibility']]);
    expect(cmds[0]!.slice(0, 10)).toEqual(['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', '5432', '-u', 'postgres', '--db', 'tv']);
  });
});
