/**
 * The standalone verifier (verifier/verify-bundle.mjs, built from the
 * library's verifier by scripts/build-verifier.ts), the library's
 * verifyReceipt and `synthledger verify` must agree: with the publisher's key
 * pinned, all pass an intact bundle, and for every tampering both fail, at
 * the same steps; a bundle re-signed with a forged key of the same name is
 * UNTRUSTED without a pin and FAILS with the genuine key pinned. The standalone verifier runs the
 * way a reader runs it, as `node verify-bundle.mjs <dir>` in a real process,
 * and also imported (in a worker thread: ts-jest compiles to CommonJS and
 * Jest's module sandbox cannot load an ES module without
 * --experimental-vm-modules, while a worker has Node's own loader).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { verifyReceipt, type ReceiptVerification } from '../../ledger/core/verify-receipt';
import { PAPER_MANIFEST_SUBJECT } from '../../schemas/paper-manifest-subject';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { signCheckpoint } from '../../ledger/core/checkpoint';
import { generateCosignerKey } from '../../ledger/core/cosignature';
import { EMPTY_TRUST_POLICY, parseTrustedKeys, parseTrustPolicy, type TrustPolicy } from '../../ledger/core/trust-policy';
import { SAMPLE_LOG_ORIGIN, VERIFIER_SOURCE, writeSampleBundle, type SampleBundle } from '../support/sample-bundle';

const VECTORS = join(__dirname, '..', 'vectors');
/** The library's step names; the standalone verifier has these plus readBundle. */
const LIBRARY_STEPS = ['checkShapes', 'checkManifestHash', 'checkArtifacts', 'checkCheckpointSignature', 'checkInclusion'];

interface Step {
  step: string;
  ok: boolean;
  message: string;
  code?: string;
}

interface StandaloneResult {
  ok: boolean;
  status: 'OK' | 'FAILED' | 'UNTRUSTED';
  manifestHash: string | null;
  trustedKey: { name: string; keyId: string; source: string } | null;
  steps: Step[];
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: { name: string; code?: string; message: string } };

/**
 * Calls exports of verify-bundle.mjs inside a worker thread. The extra
 * helpers compose calls whose intermediate values (a verifier with a
 * function) cannot cross the thread boundary.
 */
class StandaloneModule {
  private readonly worker: Worker;
  private next = 0;
  private readonly pending = new Map<number, (o: Outcome) => void>();

  constructor(file: string) {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const loaded = import(workerData.url);
      const helpers = {
        jcs: (m, text) => m.canonicalize(m.parseJson(text)),
        openNoteWithKey: (m, note, key) => m.openNote(note, m.parseVerifierKey(key)),
        keyOf: (m, key) => { const k = m.parseVerifierKey(key); return { name: k.name, keyHash: k.keyHash }; },
      };
      parentPort.on('message', async ({ id, fn, args }) => {
        try {
          const m = await loaded;
          const value = helpers[fn] ? await helpers[fn](m, ...args) : await m[fn](...args);
          parentPort.postMessage({ id, outcome: { ok: true, value } });
        } catch (e) {
          parentPort.postMessage({ id, outcome: { ok: false, error: { name: String(e && e.name), code: e && e.code, message: String(e && e.message) } } });
        }
      });`;
    this.worker = new Worker(code, { eval: true, workerData: { url: pathToFileURL(file).href } });
    this.worker.on('message', ({ id, outcome }: { id: number; outcome: Outcome }) => {
      this.pending.get(id)?.(outcome);
      this.pending.delete(id);
    });
  }

  call(fn: string, ...args: unknown[]): Promise<Outcome> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, fn, args });
    });
  }

  async verifyBundle(dir: string, options: Record<string, unknown> = {}): Promise<StandaloneResult> {
    const outcome = await this.call('verifyBundle', dir, options);
    if (!outcome.ok) throw new Error(`verifyBundle rejected: ${outcome.error.message}`);
    return outcome.value as StandaloneResult;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Runs the bundle's own copy of the verifier as a reader would; `args` after the script name. */
function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['verify-bundle.mjs', ...args], { cwd, encoding: 'utf8', timeout: 30000, env: { PATH: process.env.PATH, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `synthledger verify` (the CLI, offline) on a bundle directory. */
function runSynthledger(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const bin = join(__dirname, '..', '..', 'bin', 'synthledger.js');
  const r = spawnSync(process.execPath, [bin, 'verify', dir, ...args], { encoding: 'utf8', timeout: 60000, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A policy pinning `key` for any origin, as `--trusted-key` does. */
function pinned(key: string): TrustPolicy {
  return { ...EMPTY_TRUST_POLICY, anyOrigin: parseTrustedKeys([key], '--trusted-key') };
}

/** Runs the library verifier on a bundle directory, reading it as the library's callers do; trusts only `trust`. */
function runLibrary(dir: string, trust: TrustPolicy = EMPTY_TRUST_POLICY): ReceiptVerification {
  const json = (name: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      return undefined;
    }
  };
  const manifest = json('manifest.json') as { artifacts?: Array<{ name?: unknown }> } | undefined;
  const artifacts = new Map<string, Uint8Array>();
  for (const a of Array.isArray(manifest?.artifacts) ? manifest.artifacts : []) {
    if (typeof a?.name !== 'string') continue;
    try {
      artifacts.set(a.name, readFileSync(join(dir, a.name)));
    } catch {
      // Absent: the library reports it as not provided.
    }
  }
  return verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest, receipt: json('receipt.json'), artifacts, trust });
}

function failedSteps(steps: Step[]): string[] {
  return steps.filter((s) => !s.ok).map((s) => s.step);
}

function editJson(file: string, edit: (doc: any) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form tampering
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}

function editText(file: string, edit: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`tampering left ${file} unchanged`);
  writeFileSync(file, after);
}

/** Changes the last hex digit of a sha256:<hex> string. */
function flipHex(hash: string): string {
  const last = hash[hash.length - 1]!;
  return hash.slice(0, -1) + (last === '0' ? '1' : '0');
}

/** One tampering: what it does to a copy of the good bundle, and where the standalone verifier must fail. */
interface Tampering {
  name: string;
  apply: (dir: string, bundle: SampleBundle) => void;
  /** Every step the standalone verifier must fail, and no other. */
  failedSteps: string[];
  /** The message of the first failed step. */
  message: RegExp;
}

const TAMPERINGS: Tampering[] = [
  {
    name: 'one byte of a manifest value (title), still valid JSON',
    apply: (dir) => editText(join(dir, 'manifest.json'), (t) => t.replace('"title": "Does retrieval', '"title": "Dues retrieval')),
    failedSteps: ['checkManifestHash'],
    message: /^manifest hashes to sha256:[0-9a-f]{64} but the receipt names sha256:[0-9a-f]{64}$/,
  },
  {
    name: 'one byte of report.md',
    apply: (dir) => {
      const file = join(dir, 'report.md');
      const bytes = readFileSync(file);
      bytes[200] ^= 0x01;
      writeFileSync(file, bytes);
    },
    failedSteps: ['checkArtifacts'],
    message: /^artifact "report\.md" hashes to sha256:[0-9a-f]{64}, the manifest says "sha256:[0-9a-f]{64}"$/,
  },
  {
    name: "the receipt's manifestHash",
    apply: (dir) => editJson(join(dir, 'receipt.json'), (r) => { r.manifestHash = flipHex(r.manifestHash); }),
    failedSteps: ['checkManifestHash'],
    message: /^manifest hashes to sha256:[0-9a-f]{64} but the receipt names sha256:[0-9a-f]{64}$/,
  },
  {
    name: 'one inclusion proof hash',
    apply: (dir) => editJson(join(dir, 'receipt.json'), (r) => { r.inclusionProof[1] = flipHex(r.inclusionProof[1]); }),
    failedSteps: ['checkInclusion'],
    message: /^inclusion proof of leaf 5 in a tree of 7 leads to root [0-9a-f]{64}, not the expected root [0-9a-f]{64}$/,
  },
  {
    name: 'the leafIndex',
    apply: (dir) => editJson(join(dir, 'receipt.json'), (r) => { r.leafIndex = 4; }),
    failedSteps: ['checkManifestHash', 'checkInclusion'],
    message: /^entry index 5 is not the receipt leafIndex 4$/,
  },
  {
    name: 'the treeSize',
    apply: (dir) => editJson(join(dir, 'receipt.json'), (r) => { r.treeSize = 8; }),
    failedSteps: ['checkCheckpointSignature', 'checkInclusion'],
    message: /^checkpoint tree size 7 is not the receipt treeSize 8$/,
  },
  {
    name: 'the root line of the checkpoint text',
    apply: (dir) => editJson(join(dir, 'receipt.json'), (r) => {
      const lines = (r.checkpoint as string).split('\n');
      lines[2] = Buffer.alloc(32, 0xab).toString('base64');
      r.checkpoint = lines.join('\n');
    }),
    failedSteps: ['checkCheckpointSignature', 'checkInclusion'],
    message: /^invalid signature by key synthledger\.example\/log\+[0-9a-f]{8} \(signature line 1\)$/,
  },
  {
    name: 'the checkpoint signature',
    apply: (dir) => editJson(join(dir, 'receipt.json'), (r) => {
      const note = r.checkpoint as string;
      // A character in the middle of the signature's base64, past the 4-byte key hash.
      const at = note.lastIndexOf(' ') + 30;
      r.checkpoint = note.slice(0, at) + (note[at] === 'A' ? 'B' : 'A') + note.slice(at + 1);
    }),
    failedSteps: ['checkCheckpointSignature', 'checkInclusion'],
    message: /^invalid signature by key synthledger\.example\/log\+[0-9a-f]{8} \(signature line 1\)$/,
  },
  {
    name: 'the checkpoint re-signed with a forged key of the same name (public-key.txt and receipt.publicKey follow it)',
    apply: (dir, bundle) => {
      const forged = generateSigningKey(SAMPLE_LOG_ORIGIN);
      editJson(join(dir, 'receipt.json'), (r) => {
        r.checkpoint = signCheckpoint(r.checkpoint.slice(0, r.checkpoint.lastIndexOf('\n\n') + 1), parseSignerKey(forged.signerKey));
        r.publicKey = forged.verifierKey;
      });
      writeFileSync(join(dir, 'public-key.txt'), `${forged.verifierKey}\n`);
      if (forged.verifierKey === bundle.verifierKey) throw new Error('the forged key is the genuine one');
    },
    failedSteps: ['checkCheckpointSignature', 'checkInclusion'],
    message: /^note has no signature by a trusted key \(signed by: synthledger\.example\/log\+[0-9a-f]{8}\); trusted: "synthledger\.example\/log" \(key id [0-9a-f]{8}, from --trusted-key\)$/,
  },
  {
    name: 'an artifact removed',
    apply: (dir) => unlinkSync(join(dir, 'report.md')),
    failedSteps: ['checkArtifacts'],
    message: /^artifact "report\.md" was not provided \(missing, or not a regular file of the bundle\)$/,
  },
  {
    name: "the entry header's stream",
    apply: (dir) => editJson(join(dir, 'receipt.json'), (r) => { r.entryHeader.stream = 'syn_someone_else'; }),
    failedSteps: ['checkManifestHash', 'checkInclusion'],
    message: /^ledger entry stream "syn_someone_else" is not the manifest's stream "syn_/,
  },
  {
    name: 'receipt.json truncated (not JSON)',
    apply: (dir) => editText(join(dir, 'receipt.json'), (t) => t.slice(0, 100)),
    failedSteps: ['readBundle', 'checkShapes', 'checkManifestHash', 'checkCheckpointSignature', 'checkInclusion'],
    message: /^receipt\.json is not strict JSON: Unterminated string in JSON at position 100/,
  },
];

describe('verify-bundle.mjs', () => {
  let base: string;
  let good: SampleBundle;
  let standalone: StandaloneModule;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'synthledger-verify-bundle-'));
    good = await writeSampleBundle(join(base, 'good'));
    standalone = new StandaloneModule(VERIFIER_SOURCE);
  });

  afterAll(async () => {
    await standalone?.close();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  describe('when the bundle is intact', () => {
    it('passes as a process (node verify-bundle.mjs <dir>) with exit status 0', () => {
      const r = runCli(good.dir, ['.', '--trusted-key', good.verifierKey]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const verdicts = r.stdout.split('\n').filter((l) => /^(PASS|FAIL) /.test(l)).map((l) => l.split(/\s+/).slice(0, 2).join(' '));
      expect(verdicts).toEqual(['readBundle', ...LIBRARY_STEPS].map((s) => `PASS ${s}`));
      expect(r.stdout).toContain(`OK: all 6 steps passed; manifest ${good.manifestHash}`);
      expect(r.stdout).toMatch(/trusted key "synthledger\.example\/log" \(key id [0-9a-f]{8}, from --trusted-key\)\.$/m);
    });

    it('passes as a process in the <manifest.json> --receipt --public-key form with --json, the key file kept outside the bundle', () => {
      const keyFile = join(base, 'publisher-key.txt');
      writeFileSync(keyFile, `${good.verifierKey}\n`);
      const r = runCli(good.dir, ['manifest.json', '--receipt', 'receipt.json', '--public-key', keyFile, '--json']);
      expect(r.status).toBe(0);
      const result = JSON.parse(r.stdout) as StandaloneResult;
      expect(result.ok).toBe(true);
      expect(result.manifestHash).toBe(good.manifestHash);
    });

    it('passes when imported, with the same steps as the process', async () => {
      const imported = await standalone.verifyBundle(good.dir, { trustedKeys: [good.verifierKey] });
      expect(imported.ok).toBe(true);
      expect(imported.steps.map((s) => s.step)).toEqual(['readBundle', ...LIBRARY_STEPS]);
      expect(imported).toEqual(JSON.parse(runCli(good.dir, [good.dir, '--json', '--trusted-key', good.verifierKey]).stdout));
    });

    it('passes the library verifyReceipt with the same manifest hash', () => {
      const lib = runLibrary(good.dir, pinned(good.verifierKey));
      expect(lib.steps.filter((s) => !s.ok)).toEqual([]);
      expect(lib.ok).toBe(true);
      expect(lib.manifestHash).toBe(good.manifestHash);
    });
  });

  describe('when the bundle is tampered with', () => {
    it('fails in both verifiers, at the same steps, with the expected standalone message, for every tampering', async () => {
      const failures: string[] = [];
      for (const [i, t] of TAMPERINGS.entries()) {
        const dir = join(base, `tampered-${i}`);
        cpSync(good.dir, dir, { recursive: true });
        t.apply(dir, good);
        const cli = runCli(dir, ['.', '--json', '--trusted-key', good.verifierKey]);
        let spawned: StandaloneResult | undefined;
        try {
          spawned = JSON.parse(cli.stdout) as StandaloneResult;
        } catch {
          failures.push(`${t.name}: the process printed no JSON (status ${cli.status}, stderr ${cli.stderr.slice(0, 200)})`);
        }
        const imported = await standalone.verifyBundle(dir, { trustedKeys: [good.verifierKey] });
        const lib = runLibrary(dir, pinned(good.verifierKey));
        const want = t.failedSteps;
        const wantLibrary = want.filter((s) => LIBRARY_STEPS.includes(s));

        if (cli.status !== 1) failures.push(`${t.name}: the process exited ${cli.status}, want 1`);
        if (spawned && JSON.stringify(spawned) !== JSON.stringify(imported)) failures.push(`${t.name}: the process and the imported function disagree`);
        if (imported.ok) failures.push(`${t.name}: the standalone verifier passed`);
        if (lib.ok) failures.push(`${t.name}: the library verifier passed`);
        const got = failedSteps(imported.steps);
        if (got.join() !== want.join()) failures.push(`${t.name}: standalone failed [${got.join(', ')}], want [${want.join(', ')}]`);
        const gotLibrary = failedSteps(lib.steps);
        if (gotLibrary.join() !== wantLibrary.join()) failures.push(`${t.name}: library failed [${gotLibrary.join(', ')}], want [${wantLibrary.join(', ')}]`);
        // Agreement step by step on the steps both verifiers have.
        for (const step of LIBRARY_STEPS) {
          const a = imported.steps.find((s) => s.step === step)?.ok;
          const b = lib.steps.find((s) => s.step === step)?.ok;
          if (a !== b) failures.push(`${t.name}: ${step} is ${a ? 'PASS' : 'FAIL'} standalone but ${b ? 'PASS' : 'FAIL'} in the library`);
        }
        const first = imported.steps.find((s) => !s.ok);
        if (first && !t.message.test(first.message)) failures.push(`${t.name}: ${first.step} says ${JSON.stringify(first.message)}, want ${t.message}`);
      }
      expect(failures).toEqual([]);
    });

    it('prints the failing step and exits 1 in the human-readable form', () => {
      const dir = join(base, 'tampered-human');
      cpSync(good.dir, dir, { recursive: true });
      editJson(join(dir, 'receipt.json'), (r) => { r.treeSize = 8; });
      const r = runCli(dir, ['.'], { SYNTHLEDGER_TRUSTED_KEYS: good.verifierKey });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^FAIL {2}checkCheckpointSignature +CHECKPOINT_INVALID: checkpoint tree size 7 is not the receipt treeSize 8$/m);
      expect(r.stdout).toMatch(/^FAILED: 2 of 6 steps failed \(checkCheckpointSignature, checkInclusion\)\. Do not trust this bundle\.$/m);
    });
  });

  describe('when trust must come from the reader, not the bundle', () => {
    /** All three verifiers on one bundle: their verdicts, and the exit statuses of the two processes. */
    async function allThree(dir: string, trust: { key?: string; trustFile?: string }) {
      const args = [...(trust.key ? ['--trusted-key', trust.key] : []), ...(trust.trustFile ? ['--trust-file', trust.trustFile] : [])];
      const policy = trust.trustFile ? parseTrustPolicy(readFileSync(trust.trustFile, 'utf8')) : trust.key ? pinned(trust.key) : EMPTY_TRUST_POLICY;
      const library = runLibrary(dir, policy);
      const standaloneResult = await standalone.verifyBundle(dir, { trustedKeys: trust.key ? [trust.key] : [], ...(trust.trustFile ? { trustFile: trust.trustFile } : {}) });
      const process = runCli(dir, ['.', ...args]);
      const cli = runSynthledger(dir, args);
      return { library, standalone: standaloneResult, process, cli };
    }

    function trustFile(name: string, doc: unknown): string {
      const file = join(base, name);
      writeFileSync(file, JSON.stringify(doc));
      return file;
    }

    it('reports a forged-key bundle (same name, new key) as UNTRUSTED without a pin, in all three verifiers, never OK', async () => {
      const forged = await writeSampleBundle(join(base, 'forged'));
      expect(forged.verifierKey.split('+')[0]).toBe(good.verifierKey.split('+')[0]);
      const r = await allThree(forged.dir, {});
      expect(r.library.status).toBe('UNTRUSTED');
      expect(r.library.ok).toBe(false);
      expect(r.library.steps.find((s) => s.step === 'checkCheckpointSignature')).toMatchObject({ ok: false, code: 'UNTRUSTED_KEY' });
      expect(r.library.steps.find((s) => s.step === 'checkCheckpointSignature')!.message).toMatch(/signature valid for key "synthledger\.example\/log" \(key id [0-9a-f]{8}\), which came from the bundle itself; pin the publisher's key/);
      expect(r.standalone).toMatchObject({ ok: false, status: 'UNTRUSTED', trustedKey: null });
      expect(r.process.status).toBe(6);
      expect(r.process.stdout).toMatch(/^UNTRUSTED: every check passed/m);
      expect(r.cli.status).toBe(6);
      expect(r.cli.stdout).toMatch(/^UNTRUSTED: every check passed/m);
      expect(r.cli.stderr).toMatch(/^UNTRUSTED_KEY: checkCheckpointSignature: .*which came from the bundle itself; pin the publisher's key/m);
    }, 60000);

    it('FAILS the forged-key bundle with the genuine key pinned, and PASSES the genuine bundle, in all three verifiers', async () => {
      const forged = await writeSampleBundle(join(base, 'forged-pinned'));
      const bad = await allThree(forged.dir, { key: good.verifierKey });
      expect(bad.library).toMatchObject({ ok: false, status: 'FAILED' });
      expect(bad.library.steps.find((s) => s.step === 'checkCheckpointSignature')).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
      expect(bad.standalone).toMatchObject({ ok: false, status: 'FAILED' });
      expect(bad.process.status).toBe(1);
      expect(bad.cli.status).toBe(1);
      expect(bad.cli.stderr).toMatch(/^SIGNATURE_INVALID: checkCheckpointSignature: note has no signature by a trusted key/m);

      const ok = await allThree(good.dir, { key: good.verifierKey });
      const id = good.verifierKey.split('+')[1];
      expect(ok.library).toMatchObject({ ok: true, status: 'OK', trustedKey: { name: SAMPLE_LOG_ORIGIN, keyId: id, source: '--trusted-key' } });
      expect(ok.standalone).toMatchObject({ ok: true, status: 'OK', trustedKey: { name: SAMPLE_LOG_ORIGIN, keyId: id, source: '--trusted-key' } });
      expect(ok.process.status).toBe(0);
      expect(ok.cli.status).toBe(0);
      expect(ok.cli.stdout).toContain(`with trusted key "${SAMPLE_LOG_ORIGIN}" (key id ${id}, from --trusted-key)`);
    }, 60000);

    it('accepts a rotated key only when a trusted key signed its rotation or the trust file lists it', async () => {
      const next = generateSigningKey(SAMPLE_LOG_ORIGIN);
      const rotated = await writeSampleBundle(join(base, 'rotated'), { signerKey: good.signerKey, rotateTo: { signerKey: next.signerKey, fromTreeSize: 7 } });
      const viaRotation = await allThree(rotated.dir, { key: good.verifierKey });
      expect(viaRotation.library.status).toBe('OK');
      expect(viaRotation.library.trustedKey!.source).toMatch(/^rotation signed by "synthledger\.example\/log" \(key id [0-9a-f]{8}, from --trusted-key\)$/);
      expect(viaRotation.standalone.status).toBe('OK');
      expect([viaRotation.process.status, viaRotation.cli.status]).toEqual([0, 0]);

      // The same rotation, but signed by an attacker's key instead of the pinned one.
      const attacker = generateSigningKey(SAMPLE_LOG_ORIGIN);
      const usurped = await writeSampleBundle(join(base, 'rotated-usurped'), { signerKey: good.signerKey, rotateTo: { signerKey: next.signerKey, fromTreeSize: 7, rotationSignerKey: attacker.signerKey } });
      const refused = await allThree(usurped.dir, { key: good.verifierKey });
      expect([refused.library.status, refused.standalone.status, refused.process.status, refused.cli.status]).toEqual(['FAILED', 'FAILED', 1, 1]);

      // A rotation that applies only from a later tree size does not cover this checkpoint (size 7).
      const early = await writeSampleBundle(join(base, 'rotated-early'), { signerKey: good.signerKey, rotateTo: { signerKey: next.signerKey, fromTreeSize: 8 } });
      const tooEarly = await allThree(early.dir, { key: good.verifierKey });
      expect([tooEarly.library.status, tooEarly.standalone.status, tooEarly.process.status, tooEarly.cli.status]).toEqual(['FAILED', 'FAILED', 1, 1]);
      expect(tooEarly.library.steps.find((s) => s.step === 'checkCheckpointSignature')!.message).toMatch(/counts only from tree size 8/);

      // Listed in the trust file, the new key needs no rotation statement.
      const listed = trustFile('trust-rotated.json', { contract: 'trust-policy-v1', logs: [{ origin: SAMPLE_LOG_ORIGIN, keys: [good.verifierKey, next.verifierKey] }] });
      const byFile = await allThree(usurped.dir, { trustFile: listed });
      expect(byFile.library).toMatchObject({ status: 'OK', trustedKey: { keyId: next.verifierKey.split('+')[1], source: 'trust file' } });
      expect([byFile.standalone.status, byFile.process.status, byFile.cli.status]).toEqual(['OK', 0, 0]);
    }, 120000);

    it('applies the trust file\'s witness policy: at least quorum of the trusted witnesses must have cosigned, in all three verifiers', async () => {
      const w1 = generateCosignerKey('witness.example/w1');
      const w2 = generateCosignerKey('witness.example/w2');
      const cosigned = await writeSampleBundle(join(base, 'cosigned'), { signerKey: good.signerKey, cosigners: [w1.signerKey] });
      const policy = (quorum: number) => trustFile(`trust-witness-${quorum}.json`, {
        contract: 'trust-policy-v1', logs: [{ origin: SAMPLE_LOG_ORIGIN, keys: [good.verifierKey] }],
        witnesses: [{ name: 'witness.example/w1', key: w1.verifierKey }, { name: 'witness.example/w2', key: w2.verifierKey }], quorum,
      });
      const one = await allThree(cosigned.dir, { trustFile: policy(1) });
      expect([one.library.status, one.standalone.status, one.process.status, one.cli.status]).toEqual(['OK', 'OK', 0, 0]);
      expect(one.library.steps.find((s) => s.step === 'checkCheckpointSignature')!.message).toMatch(/cosigned by 1 of 2 trusted witnesses \(quorum 1\): "witness\.example\/w1"/);

      const two = await allThree(cosigned.dir, { trustFile: policy(2) });
      expect([two.library.status, two.standalone.status, two.process.status, two.cli.status]).toEqual(['FAILED', 'FAILED', 1, 1]);
      expect(two.library.steps.find((s) => s.step === 'checkCheckpointSignature')).toMatchObject({ ok: false, code: 'WITNESS_QUORUM_NOT_MET' });
      expect(two.standalone.steps.find((s) => s.step === 'checkCheckpointSignature')).toMatchObject({ ok: false, code: 'WITNESS_QUORUM_NOT_MET' });

      // The genuine bundle, missing the required cosignature, fails the policy.
      const missing = await allThree(good.dir, { trustFile: policy(1) });
      expect([missing.library.status, missing.standalone.status, missing.process.status, missing.cli.status]).toEqual(['FAILED', 'FAILED', 1, 1]);
      expect(missing.cli.stderr).toMatch(/^WITNESS_QUORUM_NOT_MET: checkCheckpointSignature: the checkpoint is cosigned by 0 of the 2 trusted witnesses; the trust policy requires 1/m);
    }, 120000);

    it('ignores the public-key.txt and receipt.publicKey the bundle ships when a key is pinned', async () => {
      const dir = join(base, 'shipped-key-swapped');
      cpSync(good.dir, dir, { recursive: true });
      const other = generateSigningKey(SAMPLE_LOG_ORIGIN).verifierKey;
      writeFileSync(join(dir, 'public-key.txt'), `${other}\n`);
      editJson(join(dir, 'receipt.json'), (r) => { r.publicKey = other; });
      expect(runLibrary(dir, pinned(good.verifierKey)).status).toBe('OK');
      expect((await standalone.verifyBundle(dir, { trustedKeys: [good.verifierKey] })).status).toBe('OK');
      // Without a pin the shipped (wrong) key is tried and fails: never OK.
      expect(runLibrary(dir).status).toBe('FAILED');
    });

    it('refuses every malformed trust file of the vectors with a coded error naming the field, in the library and the standalone verifier', async () => {
      const { cases } = JSON.parse(readFileSync(join(VECTORS, 'trust-policy', 'invalid-trust-files.json'), 'utf8')) as { cases: Array<{ desc: string; file: unknown; wantErr: { code: string; path: string } }> };
      const failures: string[] = [];
      const fill = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replace(/\$GOOD_KEY/g, good.verifierKey));
      for (const [i, c] of cases.entries()) {
        const text = typeof c.file === 'string' ? c.file : JSON.stringify(fill(c.file));
        try {
          parseTrustPolicy(text);
          failures.push(`${c.desc}: the library accepted it`);
        } catch (e) {
          const err = e as { code?: string; issues?: Array<{ path: string }> };
          if (err.code !== c.wantErr.code) failures.push(`${c.desc}: library code ${err.code}, want ${c.wantErr.code}`);
          if (!err.issues?.some((x) => x.path === c.wantErr.path)) failures.push(`${c.desc}: library issues ${JSON.stringify(err.issues?.map((x) => x.path))} do not name ${c.wantErr.path}`);
        }
        const file = join(base, `trust-vector-${i}.json`);
        writeFileSync(file, text);
        const r = runCli(good.dir, ['.', '--trust-file', file]);
        if (r.status !== 2) failures.push(`${c.desc}: standalone exited ${r.status}, want 2`);
        if (!r.stderr.includes(`${c.wantErr.code}: `) || !r.stderr.includes(`${c.wantErr.path}:`)) failures.push(`${c.desc}: standalone said ${JSON.stringify(r.stderr)}`);
      }
      expect(failures).toEqual([]);
    });
  });

  describe('when the bundle is hostile in ways JSON.parse lets through', () => {
    it('refuses duplicate member names, which the library parser would silently merge', async () => {
      const dir = join(base, 'duplicate-key');
      cpSync(good.dir, dir, { recursive: true });
      editText(join(dir, 'manifest.json'), (t) => t.replace(/\n}\n$/, `,\n  "title": ${JSON.stringify(good.manifest.title)}\n}\n`));
      const r = await standalone.verifyBundle(dir);
      expect(r.steps[0]).toMatchObject({ step: 'readBundle', ok: false });
      expect(r.steps[0]!.message).toMatch(/duplicate member name "title"/);
    });

    it('escapes control characters from the bundle before printing them', () => {
      const dir = join(base, 'escape');
      cpSync(good.dir, dir, { recursive: true });
      editJson(join(dir, 'receipt.json'), (r) => { r.entryHeader.stream = 'x\u001b[2J\u009b31m'; });
      const r = runCli(dir, ['.', '--trusted-key', good.verifierKey]);
      expect(r.status).toBe(1);
      expect(r.stdout).not.toMatch(/[\u001b\u009b]/);
      expect(r.stdout).toContain('"x\\u001b[2J\\u009b31m"');
    });
  });

  describe('when given bad arguments', () => {
    it('exits 2 with the usage for each usage error, and 0 for --help', () => {
      const failures: string[] = [];
      const cases: Array<[string[], number]> = [[[], 2], [['.', '--bogus'], 2], [['.', '--receipt'], 2], [['a', 'b'], 2], [['no-such-dir'], 2], [['--help'], 0]];
      for (const [args, want] of cases) {
        const r = runCli(good.dir, args);
        if (r.status !== want) failures.push(`${args.join(' ') || '(none)'}: exit ${r.status}, want ${want}`);
        if (!(r.stdout + r.stderr).includes('usage:')) failures.push(`${args.join(' ') || '(none)'}: no usage text`);
      }
      expect(failures).toEqual([]);
    });
  });

  describe('when checking the published vectors with the standalone primitives', () => {
    const vectors = (path: string) => JSON.parse(readFileSync(join(VECTORS, path), 'utf8'));

    it('canonicalizes every RFC 8785 case and Appendix B number', async () => {
      const failures: string[] = [];
      for (const c of vectors('jcs/rfc8785-cases.json').cases) {
        const r = await standalone.call('jcs', c.input);
        if (!r.ok || r.value !== c.want) failures.push(`${c.desc}: ${r.ok ? JSON.stringify(r.value) : r.error.message}`);
      }
      for (const c of vectors('jcs/rfc8785-numbers.json').cases) {
        const r = await standalone.call('canonicalize', Buffer.from(c.ieeeHex, 'hex').readDoubleBE(0));
        if (c.wantErr ? r.ok : !r.ok || r.value !== c.want) failures.push(`${c.ieeeHex}: ${r.ok ? JSON.stringify(r.value) : r.error.message}`);
      }
      expect(failures).toEqual([]);
    });

    it('opens the C2SP and Go signed-note examples and rejects a wrong key hash', async () => {
      const c2sp = vectors('signed-note/c2sp-signed-note-example.json');
      const go = vectors('signed-note/go-sumdb-note-example.json');
      for (const v of [c2sp, go]) {
        expect(await standalone.call('openNoteWithKey', v.note, v.verifierKey)).toMatchObject({ ok: true, value: { text: v.text } });
        expect(await standalone.call('keyOf', v.verifierKey)).toEqual({ ok: true, value: { name: v.keyName, keyHash: parseInt(v.keyHash, 16) } });
      }
      expect(await standalone.call('openNoteWithKey', go.second.note, go.second.verifierKey)).toMatchObject({ ok: true });
      const wrongHash = (go.verifierKey as string).replace(go.keyHash, '00000000');
      expect(await standalone.call('keyOf', wrongHash)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/key ID 00000000 does not match the key/) } });
      expect(await standalone.call('openNoteWithKey', c2sp.note, go.verifierKey)).toMatchObject({ ok: false, error: { code: 'SIGNATURE_INVALID' } });
    });

    it('parses the C2SP tlog-checkpoint example body', async () => {
      const v = vectors('checkpoint/c2sp-tlog-checkpoint-example.json');
      const r = await standalone.call('parseCheckpointBody', v.body);
      expect(r.ok).toBe(true);
      const cp = (r as { value: { origin: string; treeSize: number; rootHash: Uint8Array } }).value;
      expect({ origin: cp.origin, treeSize: cp.treeSize, root: Buffer.from(cp.rootHash).toString('hex') }).toEqual({ origin: v.origin, treeSize: v.treeSize, root: v.rootHash });
    });

    it('accepts every transparency-dev/merkle inclusion happy path and rejects every mutation', async () => {
      const walk = (dir: string): string[] => readdirSync(dir).sort().flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? walk(p) : n.endsWith('.json') ? [p] : [];
      });
      const files = walk(join(VECTORS, 'merkle', 'inclusion'));
      const hex = (h: string) => Buffer.from(h, 'hex');
      const size = (v: unknown) => (typeof v === 'string' ? Number(v) : v);
      const failures: string[] = [];
      for (const file of files) {
        const v = JSON.parse(readFileSync(file, 'utf8'));
        const r = await standalone.call('verifyInclusion', hex(v.leafHash), size(v.leafIdx), size(v.treeSize), v.proof.map(hex), hex(v.root));
        if (r.ok === v.wantErr) failures.push(`${relative(VECTORS, file)} (${v.desc}): ${r.ok ? 'verified' : r.error.message}`);
      }
      expect(files.length).toBe(98);
      expect(failures).toEqual([]);
    });
  });
});
