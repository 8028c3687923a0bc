/**
 * The operator's key and trust files as Kubernetes mounts a secret: the path
 * configured is a link into a hidden, timestamped directory. They are read
 * through the links; what the links end at is still held to the file rules.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCosignerKey } from '../../ledger/core/cosignature';
import { generateSigningKey } from '../../ledger/core/signing-key';
import { loadSigningKey, SIGNING_KEY_FILE_ENV } from '../../runtime/services/key-store';
import { readCapped } from '../../runtime/services/trust-roots';
import { loadWitnessKey } from '../../runtime/services/witness-key-store';
import { secretVolume } from '../support/secret-volume';

let dir: string;
const signer = generateSigningKey('log.example');
const witness = generateCosignerKey('witness.example');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'key-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('key and trust files mounted as a Kubernetes secret', () => {
  it('loads the checkpoint signing key through the links', () => {
    const volume = secretVolume(join(dir, 'signing'), { 'signer-key': `${signer.signerKey}\n` });
    expect(loadSigningKey({ env: { [SIGNING_KEY_FILE_ENV]: join(volume, 'signer-key') } }).verifierKey).toBe(signer.verifierKey);
  });

  it('loads the witness key through the links', () => {
    const volume = secretVolume(join(dir, 'witness'), { 'witness.key': `${witness.signerKey}\n` });
    expect(loadWitnessKey(join(volume, 'witness.key')).verifier.keyString).toBe(witness.verifierKey);
  });

  it('reads a trust file through the links', () => {
    const volume = secretVolume(join(dir, 'trust'), { trust: `${signer.verifierKey}\n` });
    expect(readCapped(join(volume, 'trust'), '--trust-file')).toBe(`${signer.verifierKey}\n`);
  });

  it('refuses a key link that ends at a device, as CONFIG_INVALID naming the file', () => {
    const link = join(dir, 'zero.key');
    symlinkSync('/dev/zero', link);
    expect(() => loadSigningKey({ env: { [SIGNING_KEY_FILE_ENV]: link } })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('a device') }));
    expect(() => loadWitnessKey(link)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining(link) }));
  });
});
