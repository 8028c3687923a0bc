/**
 * The hostile-bundle matrix (test/vectors/hostile-bundles/cases.json) against
 * all three verifiers: the library reading path (readBoundedFile and strict
 * JSON, then verifyReceipt), `synthledger verify` and the standalone
 * verify-bundle.mjs, each run as a real process. Each case must be refused
 * quickly: no link followed, no FIFO waited on, nothing read without bound.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStrictJson } from '../../common/strict-json';
import { EMPTY_TRUST_POLICY, parseTrustedKeys } from '../../ledger/core/trust-policy';
import { verifyReceipt } from '../../ledger/core/verify-receipt';
import { MAX_ARTIFACT_FILE_BYTES, MAX_MANIFEST_FILE_BYTES, MAX_RECEIPT_FILE_BYTES, readBoundedFile } from '../../runtime/services/read-bounded-file';
import { PAPER_MANIFEST_SUBJECT } from '../../schemas/paper-manifest-subject';
import { writeSampleBundle } from '../support/sample-bundle';

const ROOT = join(__dirname, '..', '..');

interface Case {
  name: string;
  desc: string;
  wantErr: string;
  apply: { symlinkOutside?: string; symlinkTo?: [string, string]; fifo?: string; directory?: string; padBytes?: [string, number]; duplicateKey?: [string, string, string] };
}
const { cases } = JSON.parse(readFileSync(join(__dirname, '..', 'vectors', 'hostile-bundles', 'cases.json'), 'utf8')) as { cases: Case[] };

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'hostile-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The sample bundles' verifier key, pinned by every verifier as a reader would (`--trusted-key`). */
let trustedKey: string;

/** A fresh, valid sample bundle with `c` applied. */
async function hostileBundle(c: Case): Promise<string> {
  const dir = join(root, c.name);
  trustedKey = (await writeSampleBundle(dir)).verifierKey;
  const a = c.apply;
  if (a.symlinkOutside) {
    const outside = join(root, `${c.name}-outside-${a.symlinkOutside}`);
    copyFileSync(join(dir, a.symlinkOutside), outside);
    unlinkSync(join(dir, a.symlinkOutside));
    symlinkSync(outside, join(dir, a.symlinkOutside));
  }
  if (a.symlinkTo) {
    unlinkSync(join(dir, a.symlinkTo[0]));
    symlinkSync(a.symlinkTo[1], join(dir, a.symlinkTo[0]));
  }
  if (a.fifo) {
    unlinkSync(join(dir, a.fifo));
    execFileSync('mkfifo', [join(dir, a.fifo)]);
  }
  if (a.directory) {
    unlinkSync(join(dir, a.directory));
    mkdirSync(join(dir, a.directory));
  }
  if (a.padBytes) appendFileSync(join(dir, a.padBytes[0]), Buffer.alloc(a.padBytes[1], 0x20));
  if (a.duplicateKey) {
    const [file, key, forged] = a.duplicateKey;
    const text = readFileSync(join(dir, file), 'utf8');
    writeFileSync(join(dir, file), text.replace(/^\{/, `{\n  ${JSON.stringify(key)}: ${JSON.stringify(forged)},`));
  }
  return dir;
}

/** The library path: bounded reads and strict JSON as `synthledger verify` does them, then verifyReceipt. */
function libraryVerdict(dir: string, key: string): { ok: boolean; reason: string } {
  try {
    const manifest = parseStrictJson(readBoundedFile(join(dir, 'manifest.json'), { field: 'manifest.json', maxBytes: MAX_MANIFEST_FILE_BYTES }).toString('utf8')) as { artifacts: Array<{ name: string }> };
    const receipt = parseStrictJson(readBoundedFile(join(dir, 'receipt.json'), { field: 'receipt.json', maxBytes: MAX_RECEIPT_FILE_BYTES }).toString('utf8'));
    const trust = { ...EMPTY_TRUST_POLICY, anyOrigin: parseTrustedKeys([key], '--trusted-key') };
    const artifacts = new Map<string, Uint8Array>();
    for (const a of manifest.artifacts) {
      try {
        artifacts.set(a.name, readBoundedFile(join(dir, a.name), { field: a.name, maxBytes: MAX_ARTIFACT_FILE_BYTES }));
      } catch {
        // Refused: left out, so the artifact step fails.
      }
    }
    const result = verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest, receipt, artifacts, trust });
    return { ok: result.ok, reason: result.steps.filter((s) => !s.ok).map((s) => s.code).join(',') };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

describe('hostile bundles', () => {
  it('the untouched sample bundle passes all three verifiers (so each refusal below is the case, not the setup)', async () => {
    const dir = join(root, 'intact');
    const key = (await writeSampleBundle(dir)).verifierKey;
    expect(libraryVerdict(dir, key)).toMatchObject({ ok: true });
    expect(spawnSync(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), 'verify', dir, '--trusted-key', key], { encoding: 'utf8', timeout: 30_000 }).status).toBe(0);
    expect(spawnSync(process.execPath, [join(dir, 'verify-bundle.mjs'), dir, '--trusted-key', key], { encoding: 'utf8', timeout: 30_000 }).status).toBe(0);
  });

  describe.each(cases)('$name: $desc', (c) => {
    let dir: string;
    beforeAll(async () => {
      dir = await hostileBundle(c);
    });

    it('the library reading path refuses it', () => {
      expect(libraryVerdict(dir, trustedKey).ok).toBe(false);
    });

    it(`synthledger verify fails it with exit status 1 (${c.wantErr})`, () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), 'verify', dir, '--json', '--trusted-key', trustedKey], { encoding: 'utf8', timeout: 30_000 });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(c.wantErr);
    });

    it('the standalone verifier fails it with exit status 1, without hanging', () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'verifier', 'verify-bundle.mjs'), dir, '--json', '--trusted-key', trustedKey], { encoding: 'utf8', timeout: 30_000 });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
    });
  });
});
