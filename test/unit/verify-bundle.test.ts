/**
 * The standalone verifier (verifier/verify-bundle.mjs) and the library's
 * verifyReceipt must agree: both pass an intact bundle, and for every
 * tampering both fail, at the same steps. The standalone verifier runs the
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
import { generateSigningKey } from '../../ledger/core/signing-key';
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
  manifestHash: string | null;
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

  async verifyBundle(dir: string, options: Record<string, string> = {}): Promise<StandaloneResult> {
    const outcome = await this.call('verifyBundle', dir, options);
    if (!outcome.ok) throw new Error(`verifyBundle rejected: ${outcome.error.message}`);
    return outcome.value as StandaloneResult;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Runs the bundle's own copy of the verifier as a reader would; `args` after the script name. */
function runCli(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['verify-bundle.mjs', ...args], { cwd, encoding: 'utf8', timeout: 30000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the library verifier on a bundle directory, reading it as the library's callers do. */
function runLibrary(dir: string): ReceiptVerification {
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
  let trustedPublicKey: string | undefined;
  try {
    trustedPublicKey = readFileSync(join(dir, 'public-key.txt'), 'utf8');
  } catch {
    trustedPublicKey = undefined;
  }
  return verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest, receipt: json('receipt.json'), artifacts, trustedPublicKey });
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
    message: /^manifest hashes to sha256:[0-9a-f]{64} but the receipt names sha256:[0-9a-f]{64}; ledger entry payloadHash sha256:[0-9a-f]{64} is not the manifest hash/,
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
    message: /^artifact "report\.md" hashes to sha256:[0-9a-f]{64}, the manifest says sha256:[0-9a-f]{64}$/,
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
    message: /^inclusion proof of leaf 5 in a tree of 7 leads to root [0-9a-f]{64}, not the checkpoint root [0-9a-f]{64}$/,
  },
  {
    name: 'the leafIndex',
    apply: (dir) => editJson(join(dir, 'receipt.json'), (r) => { r.leafIndex = 4; }),
    failedSteps: ['checkManifestHash', 'checkInclusion'],
    message: /^ledger entry index 5 is not the receipt leafIndex 4$/,
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
    message: /^the Ed25519 signature on checkpoint signature line 1 by synthledger\.example\/log\+[0-9a-f]{8} does not verify over the checkpoint text with the public key$/,
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
    message: /^the Ed25519 signature on checkpoint signature line 1 by .* does not verify/,
  },
  {
    name: 'the public key swapped for another key (public-key.txt and receipt.publicKey)',
    apply: (dir) => {
      const other = generateSigningKey(SAMPLE_LOG_ORIGIN).verifierKey;
      writeFileSync(join(dir, 'public-key.txt'), `${other}\n`);
      editJson(join(dir, 'receipt.json'), (r) => { r.publicKey = other; });
    },
    failedSteps: ['checkCheckpointSignature', 'checkInclusion'],
    message: /^the checkpoint has no signature by the public key "synthledger\.example\/log"\+[0-9a-f]{8} \(signed by: "synthledger\.example\/log"\+[0-9a-f]{8}\)$/,
  },
  {
    name: 'public-key.txt alone replaced by another key',
    apply: (dir) => writeFileSync(join(dir, 'public-key.txt'), `${generateSigningKey(SAMPLE_LOG_ORIGIN).verifierKey}\n`),
    failedSteps: ['checkCheckpointSignature', 'checkInclusion'],
    message: /^the trusted public key ".*" is not the receipt's publicKey ".*"$/,
  },
  {
    name: 'an artifact removed',
    apply: (dir) => unlinkSync(join(dir, 'report.md')),
    failedSteps: ['checkArtifacts'],
    message: /^artifact "report\.md" is missing$/,
  },
  {
    name: "the entry header's stream",
    apply: (dir) => editJson(join(dir, 'receipt.json'), (r) => { r.entryHeader.stream = 'syn_someone_else'; }),
    failedSteps: ['checkManifestHash', 'checkInclusion'],
    message: /^ledger entry stream "syn_someone_else" is not the manifest's synthesisId "syn_/,
  },
  {
    name: 'receipt.json truncated (not JSON)',
    apply: (dir) => editText(join(dir, 'receipt.json'), (t) => t.slice(0, 100)),
    failedSteps: ['readBundle', 'checkShapes', 'checkManifestHash', 'checkCheckpointSignature', 'checkInclusion'],
    message: /^receipt receipt\.json is not valid JSON: unterminated string at offset 100$/,
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
      const r = runCli(good.dir, ['.']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const verdicts = r.stdout.split('\n').filter((l) => /^(PASS|FAIL) /.test(l)).map((l) => l.split(/\s+/).slice(0, 2).join(' '));
      expect(verdicts).toEqual(['readBundle', ...LIBRARY_STEPS].map((s) => `PASS ${s}`));
      expect(r.stdout).toContain(`OK: all 6 steps passed; manifest ${good.manifestHash}`);
    });

    it('passes as a process in the <manifest.json> --receipt --public-key form with --json', () => {
      const r = runCli(good.dir, ['manifest.json', '--receipt', 'receipt.json', '--public-key', 'public-key.txt', '--json']);
      expect(r.status).toBe(0);
      const result = JSON.parse(r.stdout) as StandaloneResult;
      expect(result.ok).toBe(true);
      expect(result.manifestHash).toBe(good.manifestHash);
    });

    it('passes when imported, with the same steps as the process', async () => {
      const imported = await standalone.verifyBundle(good.dir);
      expect(imported.ok).toBe(true);
      expect(imported.steps.map((s) => s.step)).toEqual(['readBundle', ...LIBRARY_STEPS]);
      expect(imported).toEqual(JSON.parse(runCli(good.dir, [good.dir, '--json']).stdout));
    });

    it('passes the library verifyReceipt with the same manifest hash', () => {
      const lib = runLibrary(good.dir);
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
        const cli = runCli(dir, ['.', '--json']);
        let spawned: StandaloneResult | undefined;
        try {
          spawned = JSON.parse(cli.stdout) as StandaloneResult;
        } catch {
          failures.push(`${t.name}: the process printed no JSON (status ${cli.status}, stderr ${cli.stderr.slice(0, 200)})`);
        }
        const imported = await standalone.verifyBundle(dir);
        const lib = runLibrary(dir);
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
      const r = runCli(dir, ['.']);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^FAIL {2}checkCheckpointSignature +checkpoint tree size 7 is not the receipt treeSize 8$/m);
      expect(r.stdout).toMatch(/^FAILED: 2 of 6 steps failed \(checkCheckpointSignature, checkInclusion\)\. Do not trust this bundle\.$/m);
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
      const r = runCli(dir, ['.']);
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
      expect(await standalone.call('keyOf', wrongHash)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/key hash 00000000 does not match the key/) } });
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
