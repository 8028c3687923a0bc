/**
 * The hostile-bundle matrix (test/vectors/hostile-bundles/cases.json) against
 * all three verifiers: the library path `synthledger verify` runs in process
 * (loadTrustRoots, bundleLocation, readBundleBytes, verifyBundle),
 * `synthledger verify` and the standalone verify-bundle.mjs, both run as real
 * processes. Each must fail the case's step with its code (wantErr), quickly:
 * no link followed, no FIFO waited on, nothing read without bound. A trust
 * file is the reader's input, not the bundle's: its hostile case (a duplicate
 * member) is a separate test below, refused with exit 2.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../common/errors';
import { bundleLocation, loadTrustRoots, readBundleBytes } from '../../runtime';
import { allSteps, verifyBundle } from '../../verification';
import { SAMPLE_LOG_ORIGIN, writeSampleBundle } from '../support/sample-bundle';

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

/** The library path, as `synthledger verify <dir> --trusted-key k` runs it (cli/commands/ledger-commands.ts, verifyCommand). */
function libraryVerdict(dir: string, key: string): { ok: boolean; failed: string[] } {
  const trust = loadTrustRoots({ trustedKeys: [key], env: {} });
  const result = verifyBundle(readBundleBytes(bundleLocation(dir, true)), { trust });
  return { ok: result.ok, failed: failedCodes(allSteps(result)) };
}

/** The codes of the failed steps of a verification (library result or `--json` output). */
function failedCodes(steps: ReadonlyArray<{ ok: boolean; code?: string | null }>): string[] {
  return steps.filter((s) => !s.ok).map((s) => s.code ?? '');
}

/** Every step of `--json` output: the standalone's flat list, or the CLI's steps and deep steps. */
function jsonSteps(stdout: string): Array<{ ok: boolean; code?: string | null }> {
  const r = JSON.parse(stdout) as { steps: Array<{ ok: boolean; code?: string | null }>; evidence?: { steps: Array<{ ok: boolean; code?: string | null }> } | null };
  return [...r.steps, ...(r.evidence?.steps ?? [])];
}

describe('hostile bundles', () => {
  it('the untouched sample bundle passes all three verifiers (so each refusal below is the case, not the setup)', async () => {
    const dir = join(root, 'intact');
    const key = (await writeSampleBundle(dir)).verifierKey;
    expect(libraryVerdict(dir, key)).toEqual({ ok: true, failed: [] });
    expect(spawnSync(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), 'verify', dir, '--trusted-key', key], { encoding: 'utf8', timeout: 30_000 }).status).toBe(0);
    expect(spawnSync(process.execPath, [join(dir, 'verify-bundle.mjs'), dir, '--trusted-key', key], { encoding: 'utf8', timeout: 30_000 }).status).toBe(0);
  });

  describe.each(cases)('$name: $desc', (c) => {
    let dir: string;
    beforeAll(async () => {
      dir = await hostileBundle(c);
    });

    it(`the library path fails it with ${c.wantErr}`, () => {
      const v = libraryVerdict(dir, trustedKey);
      expect(v.ok).toBe(false);
      expect(v.failed).toContain(c.wantErr);
    });

    it(`synthledger verify fails it with exit status 1 (${c.wantErr})`, () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), 'verify', dir, '--json', '--trusted-key', trustedKey], { encoding: 'utf8', timeout: 30_000 });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(1);
      expect(failedCodes(jsonSteps(r.stdout))).toContain(c.wantErr);
    });

    it(`the standalone verifier fails it with exit status 1 (${c.wantErr}), without hanging`, () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'verifier', 'verify-bundle.mjs'), dir, '--json', '--trusted-key', trustedKey], { encoding: 'utf8', timeout: 30_000 });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
      expect(failedCodes(jsonSteps(r.stdout))).toContain(c.wantErr);
    });
  });

  describe('a trust file that names a member twice ("quorum": 2, then "quorum": 0)', () => {
    let dir: string;
    let trustFile: string;
    beforeAll(async () => {
      dir = join(root, 'trust-duplicate');
      const key = (await writeSampleBundle(dir)).verifierKey;
      trustFile = join(root, 'trust-duplicate.json');
      // Read with "the last one wins" this would pin the key and ask no witness at all.
      writeFileSync(trustFile, `{"contract": "trust-policy-v1", "logs": [{"origin": ${JSON.stringify(SAMPLE_LOG_ORIGIN)}, "keys": [${JSON.stringify(key)}]}], "witnesses": [], "quorum": 2, "quorum": 0}`);
    });

    it('the library path refuses it with TRUST_POLICY_INVALID naming $.quorum', () => {
      let error: unknown;
      try {
        loadTrustRoots({ trustFile, env: {} });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'TRUST_POLICY_INVALID', issues: [expect.objectContaining({ path: '$.quorum', code: 'duplicate-member' })] });
    });

    it.each([
      ['synthledger verify', [join(ROOT, 'bin', 'synthledger.js'), 'verify']],
      ['the standalone verifier', [join(ROOT, 'verifier', 'verify-bundle.mjs')]],
    ])('%s refuses it with exit status 2, TRUST_POLICY_INVALID naming $.quorum', (_name, command) => {
      const r = spawnSync(process.execPath, [...command, dir, '--trust-file', trustFile], { encoding: 'utf8', timeout: 30_000 });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('TRUST_POLICY_INVALID');
      expect(r.stderr).toMatch(/\$\.quorum: .*"quorum" appears twice/);
    });
  });
});
