/**
 * Where Temporal is and how to reach it, resolved the way Temporal's own tools
 * do: command-line flags, then `TEMPORAL_*` environment variables, then the
 * environment-configuration profile (`TEMPORAL_PROFILE` in
 * `TEMPORAL_CONFIG_FILE`, default `~/.config/temporalio/temporal.toml`), read
 * by `@temporalio/envconfig`. The client and the worker connect with the same
 * settings, so one set of flags or variables serves every command.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadClientConfigProfile, type ClientConfigProfile } from '@temporalio/envconfig';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { EnvironmentError } from '../../common/errors';

/** Default Temporal frontend address (the dev server's default port). */
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
/** Default Temporal namespace. */
export const DEFAULT_NAMESPACE = 'default';

/** Connection flags a command accepts (commander's camel-cased option names). */
export interface TemporalFlags {
  address?: string;
  namespace?: string;
  apiKey?: string;
  tls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  tlsServerName?: string;
  profile?: string;
}

/** The resolved connection settings, with the name of the flag or variable behind each TLS file (for error messages). */
export interface TemporalSettings {
  address: string;
  /** True when the address came from a flag, a variable or a profile rather than the default. */
  addressSet: boolean;
  namespace: string;
  apiKey?: string;
  /** TLS options for `Connection.connect` / `NativeConnection.connect`; undefined means plain TCP. */
  tls?: TLSConfig | boolean;
  /** gRPC metadata from the profile (`grpc_meta`). */
  metadata?: Record<string, string>;
  /** Which setting supplied each TLS value or the API key, e.g. `{ ca: 'TEMPORAL_TLS_CA' }`. */
  origin: Partial<Record<'address' | 'apiKey' | 'cert' | 'key' | 'ca' | 'serverName', string>>;
  /** Deprecation notices to print once (e.g. SYNTHLEDGER_NAMESPACE). */
  warnings: string[];
}

/**
 * Each setting: our flag, the short variable names the Temporal CLI reads,
 * and the variable `@temporalio/envconfig` reads (a profile is overridden by
 * either variable, and both by the flag).
 */
const SETTINGS = [
  { key: 'address', flag: '--address', vars: ['TEMPORAL_ADDRESS'], envconfig: 'TEMPORAL_ADDRESS' },
  { key: 'namespace', flag: '--namespace', vars: ['TEMPORAL_NAMESPACE'], envconfig: 'TEMPORAL_NAMESPACE' },
  { key: 'apiKey', flag: '--api-key', vars: ['TEMPORAL_API_KEY'], envconfig: 'TEMPORAL_API_KEY' },
  { key: 'tlsCert', flag: '--tls-cert', vars: ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_CLIENT_CERT_PATH'], envconfig: 'TEMPORAL_TLS_CLIENT_CERT_PATH', origin: 'cert' },
  { key: 'tlsKey', flag: '--tls-key', vars: ['TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CLIENT_KEY_PATH'], envconfig: 'TEMPORAL_TLS_CLIENT_KEY_PATH', origin: 'key' },
  { key: 'tlsCa', flag: '--tls-ca', vars: ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'], envconfig: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', origin: 'ca' },
  { key: 'tlsServerName', flag: '--tls-server-name', vars: ['TEMPORAL_TLS_SERVER_NAME'], envconfig: 'TEMPORAL_TLS_SERVER_NAME', origin: 'serverName' },
] as const;

/** Reads the settings from `flags` over `env` over the profile; CONFIG_INVALID naming the setting for a missing file, a half key pair or a bad profile. */
export function resolveTemporalSettings(env: NodeJS.ProcessEnv, flags: TemporalFlags = {}): TemporalSettings {
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const warnings: string[] = [];
  const origin: TemporalSettings['origin'] = {};
  // The variables envconfig reads, rebuilt from ours so that the short names, flags and aliases all land on one profile.
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') merged[k] = v.trim();
  const named: Partial<Record<(typeof SETTINGS)[number]['key'], string>> = {};
  for (const s of SETTINGS) {
    const flagValue = flags[s.key];
    const fromVar = s.vars.find((v) => get(v) !== undefined);
    const value = flagValue !== undefined && flagValue.trim() !== '' ? flagValue.trim() : fromVar ? get(fromVar) : undefined;
    if (value === undefined) continue;
    merged[s.envconfig] = value;
    named[s.key] = flagValue ? s.flag : fromVar!;
  }
  if (!named.namespace && get('SYNTHLEDGER_NAMESPACE')) {
    merged.TEMPORAL_NAMESPACE = get('SYNTHLEDGER_NAMESPACE')!;
    warnings.push('SYNTHLEDGER_NAMESPACE is deprecated: set TEMPORAL_NAMESPACE (or --namespace) instead');
  }
  if (flags.tls) merged.TEMPORAL_TLS = 'true';

  // envconfig treats a missing file as an empty one; a file named explicitly must exist.
  const configFile = get('TEMPORAL_CONFIG_FILE');
  if (configFile !== undefined && !existsSync(configFile)) {
    throw new EnvironmentError('CONFIG_INVALID', `TEMPORAL_CONFIG_FILE: ${configFile} does not exist`, { details: { setting: 'TEMPORAL_CONFIG_FILE', path: configFile } });
  }
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ profile: flags.profile, overrideEnvVars: merged });
  } catch (cause) {
    const where = flags.profile ? '--profile' : get('TEMPORAL_PROFILE') ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE';
    throw new EnvironmentError('CONFIG_INVALID', `Temporal environment configuration (${where}): ${(cause as Error).message}`, { cause, details: { setting: where } });
  }

  for (const s of SETTINGS) if ('origin' in s && named[s.key]) origin[s.origin] = named[s.key];
  if (named.apiKey) origin.apiKey = named.apiKey;
  else if (profile.apiKey) origin.apiKey = 'the environment-configuration profile';
  origin.address = named.address ?? (profile.address ? 'the environment-configuration profile' : undefined);

  const tlsProfile = profile.tls;
  if (tlsProfile?.clientCert && !tlsProfile.clientKey) throw halfPair(origin.cert ?? 'the profile\'s tls.client_cert', 'key', '--tls-key / TEMPORAL_TLS_KEY');
  if (tlsProfile?.clientKey && !tlsProfile.clientCert) throw halfPair(origin.key ?? 'the profile\'s tls.client_key', 'certificate', '--tls-cert / TEMPORAL_TLS_CERT');

  let tls: TLSConfig | boolean | undefined;
  if (tlsProfile?.disabled) tls = false;
  else if (tlsProfile) {
    tls = {
      serverNameOverride: tlsProfile.serverName,
      serverRootCACertificate: readSource(tlsProfile.serverCACert, origin.ca ?? 'tls.server_ca_cert'),
      clientCertPair: tlsProfile.clientCert && tlsProfile.clientKey
        ? { crt: readSource(tlsProfile.clientCert, origin.cert ?? 'tls.client_cert')!, key: readSource(tlsProfile.clientKey, origin.key ?? 'tls.client_key')! }
        : undefined,
    };
  } else if (profile.apiKey) {
    tls = true; // an API key travels only over TLS (what Temporal's tools do too)
  }

  return {
    address: profile.address ?? DEFAULT_TEMPORAL_ADDRESS,
    addressSet: profile.address !== undefined,
    namespace: profile.namespace ?? DEFAULT_NAMESPACE,
    apiKey: profile.apiKey,
    tls,
    metadata: profile.grpcMeta && Object.keys(profile.grpcMeta).length ? profile.grpcMeta : undefined,
    origin,
    warnings,
  };
}

/** The TLS settings named in a message, e.g. `TEMPORAL_TLS_CA=…, --tls-cert`; empty without TLS. */
export function tlsSettingNames(s: TemporalSettings): string {
  return [s.origin.ca, s.origin.cert, s.origin.key, s.origin.serverName].filter(Boolean).join(', ');
}

function readSource(source: { path: string } | { data: string | Uint8Array } | undefined, setting: string): Uint8Array | undefined {
  if (!source) return undefined;
  if ('data' in source) return typeof source.data === 'string' ? Buffer.from(source.data) : source.data;
  if (!existsSync(source.path)) {
    throw new EnvironmentError('CONFIG_INVALID', `${setting}: ${source.path} does not exist`, { details: { setting, path: source.path } });
  }
  return readFileSync(source.path);
}

function halfPair(setting: string, missing: string, other: string): EnvironmentError {
  return new EnvironmentError('CONFIG_INVALID', `${setting} gives a client ${missing === 'key' ? 'certificate' : 'key'} without its ${missing}: set ${other} too (mTLS needs both)`, { details: { setting } });
}
