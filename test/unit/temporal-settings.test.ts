/**
 * How the Temporal connection settings resolve (runtime/services/temporal-settings.ts):
 * a flag over a variable over the environment-configuration profile
 * (TEMPORAL_PROFILE in TEMPORAL_CONFIG_FILE, read by @temporalio/envconfig),
 * an API key turning TLS on, and bad values refused with CONFIG_INVALID naming
 * the setting. The profile is a real TOML file in a temporary directory.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTemporalSettings } from '../../runtime/services/temporal-settings';
import { thrownBy } from '../support/caught';
import type { SynthledgerError } from '../../common/errors';

describe('Temporal connection settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'synthledger-envconfig-'));
  const pem = (name: string) => {
    const f = join(dir, name);
    writeFileSync(f, `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`);
    return f;
  };
  const ca = pem('ca.pem');
  const cert = pem('client.pem');
  const key = pem('client.key');
  const configFile = join(dir, 'temporal.toml');
  writeFileSync(configFile, [
    '[profile.default]',
    'address = "default.example:7233"',
    'namespace = "ns-default"',
    '',
    '[profile.cloud]',
    'address = "cloud.example:7233"',
    'namespace = "ns-cloud"',
    'api_key = "key-from-profile"',
    '',
    '[profile.mtls]',
    'address = "mtls.example:7233"',
    '[profile.mtls.tls]',
    `server_ca_cert_path = ${JSON.stringify(ca)}`,
    `client_cert_path = ${JSON.stringify(cert)}`,
    `client_key_path = ${JSON.stringify(key)}`,
    'server_name = "temporal.internal"',
    '',
    '[profile.halfpair.tls]',
    `client_cert_path = ${JSON.stringify(cert)}`,
    '',
    '[profile.plain]',
    'api_key = "key-without-tls"',
    '[profile.plain.tls]',
    'disabled = true',
    '',
  ].join('\n'));
  /** An environment with only the profile file: no HOME, so no default file is read either. */
  const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ TEMPORAL_CONFIG_FILE: configFile, ...vars });
  const configInvalid = (fn: () => unknown) => {
    const err = thrownBy<SynthledgerError>(fn);
    expect(err.code).toBe('CONFIG_INVALID');
    return err;
  };

  it('defaults to the dev server and plain TCP with no profile and no variables', () => {
    const s = resolveTemporalSettings({});
    expect(s).toMatchObject({ address: '127.0.0.1:7233', addressSet: false, namespace: 'default', apiKey: undefined, tls: undefined });
  });

  it('reads the default profile of TEMPORAL_CONFIG_FILE', () => {
    expect(resolveTemporalSettings(env())).toMatchObject({ address: 'default.example:7233', addressSet: true, namespace: 'ns-default', tls: undefined });
  });

  it('takes a flag over a variable over the profile, setting by setting', () => {
    const fromVar = resolveTemporalSettings(env({ TEMPORAL_ADDRESS: 'var.example:7233' }));
    expect(fromVar).toMatchObject({ address: 'var.example:7233', namespace: 'ns-default' });
    expect(fromVar.origin.address).toBe('TEMPORAL_ADDRESS');
    const fromFlag = resolveTemporalSettings(env({ TEMPORAL_ADDRESS: 'var.example:7233', TEMPORAL_NAMESPACE: 'ns-var' }), { address: 'flag.example:7233' });
    expect(fromFlag).toMatchObject({ address: 'flag.example:7233', namespace: 'ns-var' });
    expect(fromFlag.origin.address).toBe('--address');
    expect(resolveTemporalSettings(env({ TEMPORAL_NAMESPACE: 'ns-var' }), { namespace: 'ns-flag' }).namespace).toBe('ns-flag');
  });

  it('selects a profile by TEMPORAL_PROFILE, and --profile over it', () => {
    expect(resolveTemporalSettings(env({ TEMPORAL_PROFILE: 'cloud' }))).toMatchObject({ address: 'cloud.example:7233', namespace: 'ns-cloud' });
    expect(resolveTemporalSettings(env({ TEMPORAL_PROFILE: 'cloud' }), { profile: 'mtls' }).address).toBe('mtls.example:7233');
  });

  it('turns TLS on with an API key, from the profile, TEMPORAL_API_KEY or --api-key (the flag winning)', () => {
    const profile = resolveTemporalSettings(env({ TEMPORAL_PROFILE: 'cloud' }));
    expect(profile).toMatchObject({ apiKey: 'key-from-profile', tls: true });
    expect(profile.origin.apiKey).toBe('the environment-configuration profile');
    const fromVar = resolveTemporalSettings(env({ TEMPORAL_PROFILE: 'cloud', TEMPORAL_API_KEY: 'key-from-var' }));
    expect(fromVar).toMatchObject({ apiKey: 'key-from-var', tls: true });
    expect(fromVar.origin.apiKey).toBe('TEMPORAL_API_KEY');
    const fromFlag = resolveTemporalSettings({ TEMPORAL_API_KEY: 'key-from-var' }, { apiKey: 'key-from-flag' });
    expect(fromFlag).toMatchObject({ apiKey: 'key-from-flag', tls: true });
    expect(fromFlag.origin.apiKey).toBe('--api-key');
  });

  it('keeps TLS off with an API key when the profile disables it explicitly', () => {
    expect(resolveTemporalSettings(env({ TEMPORAL_PROFILE: 'plain' }))).toMatchObject({ apiKey: 'key-without-tls', tls: false });
  });

  it('reads the profile\'s mTLS files, and a variable replaces one of them', () => {
    const s = resolveTemporalSettings(env({ TEMPORAL_PROFILE: 'mtls' }));
    expect(s.tls).toMatchObject({ serverNameOverride: 'temporal.internal' });
    const tls = s.tls as { serverRootCACertificate: Buffer; clientCertPair: { crt: Buffer; key: Buffer } };
    expect(tls.serverRootCACertificate.toString()).toContain('ca.pem');
    expect(tls.clientCertPair.crt.toString()).toContain('client.pem');
    expect(tls.clientCertPair.key.toString()).toContain('client.key');
    const otherCa = pem('other-ca.pem');
    const overridden = resolveTemporalSettings(env({ TEMPORAL_PROFILE: 'mtls', TEMPORAL_TLS_CA: otherCa, TEMPORAL_TLS_SERVER_NAME: 'other.internal' }));
    expect((overridden.tls as { serverRootCACertificate: Buffer }).serverRootCACertificate.toString()).toContain('other-ca.pem');
    expect(overridden.tls).toMatchObject({ serverNameOverride: 'other.internal' });
    expect(overridden.origin).toMatchObject({ ca: 'TEMPORAL_TLS_CA', serverName: 'TEMPORAL_TLS_SERVER_NAME' });
  });

  it('refuses a profile that does not exist, naming TEMPORAL_PROFILE or --profile', () => {
    expect(configInvalid(() => resolveTemporalSettings(env({ TEMPORAL_PROFILE: 'nope' }))).details).toEqual({ setting: 'TEMPORAL_PROFILE' });
    const err = configInvalid(() => resolveTemporalSettings(env(), { profile: 'nope' }));
    expect(err.details).toEqual({ setting: '--profile' });
    expect(err.message).toContain('nope');
  });

  it('refuses a TEMPORAL_CONFIG_FILE that does not exist or is not TOML', () => {
    const missing = join(dir, 'missing.toml');
    expect(configInvalid(() => resolveTemporalSettings({ TEMPORAL_CONFIG_FILE: missing })).details).toEqual({ setting: 'TEMPORAL_CONFIG_FILE', path: missing });
    const broken = join(dir, 'broken.toml');
    writeFileSync(broken, '[profile.default\naddress = ');
    expect(configInvalid(() => resolveTemporalSettings({ TEMPORAL_CONFIG_FILE: broken })).details).toEqual({ setting: 'TEMPORAL_CONFIG_FILE' });
  });

  it('refuses a client certificate without its key, from a profile or a variable, naming where it came from', () => {
    expect(configInvalid(() => resolveTemporalSettings(env({ TEMPORAL_PROFILE: 'halfpair' }))).details).toEqual({ setting: 'the profile\'s tls.client_cert' });
    expect(configInvalid(() => resolveTemporalSettings({ TEMPORAL_TLS_KEY: key })).details).toEqual({ setting: 'TEMPORAL_TLS_KEY' });
    expect(configInvalid(() => resolveTemporalSettings({ TEMPORAL_TLS_CERT: cert }, { tlsKey: undefined })).details).toEqual({ setting: 'TEMPORAL_TLS_CERT' });
  });

  it('refuses a TLS file that does not exist, naming the flag', () => {
    const err = configInvalid(() => resolveTemporalSettings({ TEMPORAL_TLS_CA: ca }, { tlsCa: join(dir, 'nowhere.pem') }));
    expect(err.details).toEqual({ setting: '--tls-ca', path: join(dir, 'nowhere.pem') });
  });

  it('reads the deprecated SYNTHLEDGER_NAMESPACE with a warning, and TEMPORAL_NAMESPACE over it', () => {
    const old = resolveTemporalSettings({ SYNTHLEDGER_NAMESPACE: 'legacy' });
    expect(old.namespace).toBe('legacy');
    expect(old.warnings).toEqual([expect.stringContaining('SYNTHLEDGER_NAMESPACE is deprecated')]);
    expect(resolveTemporalSettings({ SYNTHLEDGER_NAMESPACE: 'legacy', TEMPORAL_NAMESPACE: 'new' })).toMatchObject({ namespace: 'new', warnings: [] });
  });
});
