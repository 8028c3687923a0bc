/**
 * The agreement tests as data (test/vectors/bundle/<case>.json): each case
 * is a tampering applied to a full bundle of a real, corrected synthesis,
 * with every step that must fail and its code. The library
 * (verification/verify-bundle.ts), `synthledger verify` and the standalone
 * verify-bundle.mjs (built from the library) each run on the tampered
 * bundle, and their failed steps and codes must be exactly the case's.
 * Also: verifying version 1 `--since` the later version 2 says it is
 * superseded, and by what, in all three.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import { SEED_QUESTION } from '../../data/example-question';
import { canonicalize } from '../../ledger/core/canonical-json';
import { sha256 } from '../../ledger/core/hash';
import { parseTrustedKeys, EMPTY_TRUST_POLICY } from '../../ledger/core/trust-policy';
import { writeBundle } from '../../runtime/operations/bundle-export';
import { loadFullBundle } from '../../runtime/operations/evidence-export';
import { bundleLocation, readBundleBytes, readSinceInput } from '../../runtime/services/bundle-reader';
import { runCorrection, startSynthesis } from '../../runtime/temporal/synthesis-client';
import { allSteps, verifyBundle } from '../../verification/verify-bundle';
import { nextCorrection } from '../support/correction-record';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

const ROOT = join(__dirname, '..', '..');
const VECTORS = join(ROOT, 'test', 'vectors', 'bundle');
/** The other synthesis asks something else, so its records differ from the first one's. */
const OTHER_QUESTION = 'Does dense passage retrieval outperform BM25 for open-domain question answering?';
/** Set to 1 to write each case's observed failures into its vector file (then review the diff); never set in CI. */
const RECORD = process.env.SYNTHLEDGER_RECORD_VECTORS === '1';

/** A tampering, as test/vectors/bundle/README.md describes the operations. */
interface Mutation {
  op: 'flipHeaderByte' | 'flipPayloadByte' | 'editPayload' | 'editActor' | 'removeLine' | 'duplicateLine' | 'swapLines' | 'flipFileByte' | 'swapSourceText' | 'removeSourceText' | 'swapHistory' | 'claimFromOtherSynthesis';
  /** Stream entry kind the operation applies to (its first entry of that kind). */
  kind?: string;
  /** editPayload: dotted path of a number in the payload and what to add to it. */
  path?: string;
  add?: number;
  /** flipFileByte: which evidence file (`history`, `source`, `correction`). */
  file?: 'history' | 'source' | 'correction';
  /** editPayload: also make the manifest's claims name the edited record (and its confidence). */
  manifestFollows?: boolean;
  /** editActor: the activity id the entry's actor is made to name. */
  activityId?: string;
  /** Re-link the stream after the change (each prevEntryHash the hash of the header before), so the chain holds. */
  rechain?: boolean;
  /** Recompute evidence/index.json after the change, as an attacker covering their tracks would. */
  reindex?: boolean;
}

interface VectorCase {
  desc: string;
  mutation: Mutation;
  /** The step the tampering is about, and its code: one of `failures`. */
  want: { step: string; code: string };
  /** Every failed step and its code, in order, in all three verifiers. */
  failures: Array<[string, string]>;
}

type Line = { header: Record<string, unknown>; payloadJson: string; inclusionProof: string[] };

const readLines = (dir: string): Line[] => readFileSync(join(dir, 'evidence', 'stream.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
const writeLines = (dir: string, lines: Line[]) => writeFileSync(join(dir, 'evidence', 'stream.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
const firstOf = (lines: Line[], kind: string | undefined): number => {
  const at = lines.findIndex((l) => l.header.kind === kind);
  if (at < 0) throw new Error(`no stream entry of kind ${kind}`);
  return at;
};

/** Changes one character: a digit to the next, a letter to the next letter. */
function flipChar(text: string, from: number): string {
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (/[0-8a-yA-Y]/.test(c)) return text.slice(0, i) + String.fromCharCode(c.charCodeAt(0) + 1) + text.slice(i + 1);
  }
  throw new Error('nothing to flip');
}

function evidenceFile(dir: string, which: Mutation['file'], manifest: Record<string, any>): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (which === 'history') return join(dir, 'evidence', 'history', `${manifest.workflow.historyDigest.sha256.slice(7)}.json`);
  if (which === 'correction') return join(dir, 'evidence', 'corrections', '001.json');
  return join(dir, 'evidence', 'sources', readdirSync(join(dir, 'evidence', 'sources')).sort()[0]!);
}

function reindex(dir: string): void {
  const path = join(dir, 'evidence', 'index.json');
  const index = JSON.parse(readFileSync(path, 'utf8')) as { files: Array<{ path: string; sha256: string }> };
  for (const f of index.files) f.sha256 = sha256(readFileSync(join(dir, f.path)));
  writeFileSync(path, JSON.stringify(index, null, 2));
}

/** Applies `m` to the bundle in `dir`; `other` is the stream of another synthesis. */
function apply(dir: string, m: Mutation, other: Line[]): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const lines = readLines(dir);
  switch (m.op) {
    case 'flipHeaderByte': {
      const e = lines[firstOf(lines, m.kind)]!;
      e.header.recordedAt = flipChar(String(e.header.recordedAt), 0);
      writeLines(dir, lines);
      break;
    }
    case 'flipPayloadByte': {
      const e = lines[firstOf(lines, m.kind)]!;
      e.payloadJson = flipChar(e.payloadJson, e.payloadJson.indexOf(':') + 1);
      writeLines(dir, lines);
      break;
    }
    case 'editPayload': {
      const e = lines[firstOf(lines, m.kind)]!;
      const payload = JSON.parse(e.payloadJson);
      const keys = m.path!.split('.');
      let at = payload;
      for (const k of keys.slice(0, -1)) at = at[k];
      at[keys[keys.length - 1]!] += m.add!;
      e.payloadJson = canonicalize(payload);
      // The attacker re-hashes the payload into the header; the entry hash then changes, so the chain cannot follow.
      const before = e.header.payloadHash;
      e.header.payloadHash = sha256(e.payloadJson);
      writeLines(dir, lines);
      if (m.manifestFollows) {
        // And makes the manifest's claim name the edited record and say what it says (the manifest hash then changes).
        for (const c of manifest.claims) {
          if (c.recordHash !== before) continue;
          c.recordHash = e.header.payloadHash;
          if (m.path === 'confidence') c.confidence = payload.confidence;
        }
        writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
      }
      break;
    }
    case 'editActor': {
      const e = lines[firstOf(lines, m.kind)]!;
      (e.header.actor as Record<string, unknown>).activityId = m.activityId;
      writeLines(dir, lines);
      break;
    }
    case 'removeLine':
      lines.splice(firstOf(lines, m.kind), 1);
      writeLines(dir, lines);
      break;
    case 'duplicateLine': {
      const at = firstOf(lines, m.kind);
      lines.splice(at, 0, lines[at]!);
      writeLines(dir, lines);
      break;
    }
    case 'swapLines': {
      const at = firstOf(lines, m.kind);
      [lines[at], lines[at + 1]] = [lines[at + 1]!, lines[at]!];
      writeLines(dir, lines);
      break;
    }
    case 'flipFileByte': {
      const path = evidenceFile(dir, m.file, manifest);
      const bytes = readFileSync(path);
      const at = bytes.length - 3;
      bytes[at] = bytes[at]! ^ 0x01;
      writeFileSync(path, bytes);
      break;
    }
    case 'swapSourceText': {
      const names = readdirSync(join(dir, 'evidence', 'sources')).sort();
      if (names.length < 2) throw new Error('the bundle ships fewer than two source texts');
      writeFileSync(join(dir, 'evidence', 'sources', names[0]!), readFileSync(join(dir, 'evidence', 'sources', names[1]!)));
      break;
    }
    case 'removeSourceText': {
      // The text deleted and its lines of the (unsigned) index rewritten to say it was withheld.
      const path = join(dir, 'evidence', 'index.json');
      const index = JSON.parse(readFileSync(path, 'utf8')) as { sources: Array<{ file: string | null; withheld: string | null }>; files: Array<{ path: string }> };
      const source = index.sources.find((x) => x.file !== null)!;
      unlinkSync(join(dir, source.file!));
      index.files = index.files.filter((f) => f.path !== source.file);
      Object.assign(source, { file: null, withheld: 'license does not allow redistribution' });
      writeFileSync(path, JSON.stringify(index, null, 2));
      break;
    }
    case 'swapHistory': {
      // An archived history other than the manifest's replaced by another shipped history.
      const names = readdirSync(join(dir, 'evidence', 'history')).sort();
      const mine = `${manifest.workflow.historyDigest.sha256.slice(7)}.json`;
      const target = names.find((n) => n !== mine);
      if (!target) throw new Error('the bundle ships no history besides the manifest\'s');
      writeFileSync(join(dir, 'evidence', 'history', target), readFileSync(join(dir, 'evidence', 'history', mine)));
      break;
    }
    case 'claimFromOtherSynthesis': {
      // An entry of the other synthesis whose payload this stream does not hold too (same sources can give the same records).
      const mine = new Set(lines.map((l) => l.header.payloadHash));
      const theirs = other.find((l) => l.header.kind === 'claim.verification' && !mine.has(l.header.payloadHash));
      if (!theirs) throw new Error('the other synthesis has no claim verification of its own');
      manifest.claims[0].recordHash = theirs.header.payloadHash;
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
      break;
    }
  }
  if (m.rechain) {
    const relinked = readLines(dir);
    for (let i = 1; i < relinked.length; i++) relinked[i]!.header.prevEntryHash = sha256(canonicalize(relinked[i - 1]!.header));
    writeLines(dir, relinked);
  }
  if (m.reindex) reindex(dir);
}

type Run = { status: number; stdout: string; stderr: string };
const run = (args: string[]): Promise<Run> => new Promise((resolve) => execFile(process.execPath, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME }, maxBuffer: 64 * 1024 * 1024 },
  (err, stdout, stderr) => resolve({ status: err ? Number((err as { code: number }).code) : 0, stdout, stderr })));

describe('bundle vectors: library, CLI and standalone agree code for code', () => {
  let h: WorkflowHarness;
  let worker: Worker;
  let running: Promise<void>;
  const tmp = mkdtempSync(join(tmpdir(), 'synthledger-vectors-'));
  let key: string;
  let other: Line[];
  const cases = readdirSync(VECTORS).filter((n) => n.endsWith('.json')).sort().map((n) => ({ name: n.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(join(VECTORS, n), 'utf8')) as VectorCase) }));

  beforeAll(async () => {
    h = await openHarness('vectors');
    key = h.signer.verifierKey;
    worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, humanReviewScore: 0, autoApprovePartial: true } });
    running = worker.run();
    const [id, otherId] = [newSynthesisId('vec'), newSynthesisId('vec-other')];
    await Promise.all([[id, SEED_QUESTION], [otherId, OTHER_QUESTION]].map(async ([s, question]) => (await startSynthesis(h.env.client, { synthesisId: s!, question: question!, timeouts: FAST_TIMEOUTS, params: { maxRounds: 1 } }, h.taskQueue)).result()));
    const v1 = await loadFullBundle(h.ledger, id);
    writeBundle(v1.published, join(tmp, 'v1'), { evidence: v1.evidence });
    await runCorrection(h.env.client, id, await nextCorrection(h.ledger, id, 'ERRATUM', 'c-vectors-1'), { taskQueue: h.taskQueue });
    const v2 = await loadFullBundle(h.ledger, id);
    writeBundle(v2.published, join(tmp, 'v2'), { evidence: v2.evidence });
    const o = await loadFullBundle(h.ledger, otherId);
    writeBundle(o.published, join(tmp, 'other'), { evidence: o.evidence });
    other = readLines(join(tmp, 'other'));
    // The other synthesis then comes under concern, and is retracted: a bundle of each standing.
    for (const [type, name] of [['EXPRESSION_OF_CONCERN', 'concern'], ['RETRACTION', 'retracted']] as const) {
      await runCorrection(h.env.client, otherId, await nextCorrection(h.ledger, otherId, type, `c-vectors-${name}`), { taskQueue: h.taskQueue });
      const b = await loadFullBundle(h.ledger, otherId);
      writeBundle(b.published, join(tmp, name), { evidence: b.evidence });
    }
  }, 600_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await h?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** The three verifiers on `dir`: failed (step, code) pairs of each, and the exit statuses of the two processes. */
  async function allThree(dir: string, extra: string[] = []) {
    const trust = { ...EMPTY_TRUST_POLICY, anyOrigin: parseTrustedKeys([key], '--trusted-key') };
    const sinceAt = extra.indexOf('--since');
    const library = verifyBundle(readBundleBytes(bundleLocation(dir, true)), { trust, since: sinceAt < 0 ? undefined : readSinceInput(extra[sinceAt + 1]!) });
    const [cli, standalone] = await Promise.all([
      run([join(ROOT, 'bin', 'synthledger.js'), 'verify', dir, '--json', '--trusted-key', key, ...extra]),
      run([join(ROOT, 'verifier', 'verify-bundle.mjs'), dir, '--json', '--trusted-key', key, ...extra]),
    ]);
    const cliJson = JSON.parse(cli.stdout);
    const standaloneJson = JSON.parse(standalone.stdout);
    const failed = (steps: Array<{ step: string; ok: boolean; code?: string }>) => steps.filter((s) => !s.ok).map((s) => [s.step, s.code ?? '']);
    return {
      library, cliJson, standaloneJson, cli: cli.status, standalone: standalone.status,
      failures: { library: failed(allSteps(library)), cli: failed([...cliJson.steps, ...(cliJson.evidence?.steps ?? [])]), standalone: failed(standaloneJson.steps) },
    };
  }

  it('the vectors cover every tampering the verifiers must tell apart', () => {
    const ops = new Set(cases.map((c) => c.mutation.op));
    expect([...ops].sort()).toEqual(['claimFromOtherSynthesis', 'duplicateLine', 'editActor', 'editPayload', 'flipFileByte', 'flipHeaderByte', 'flipPayloadByte', 'removeLine',
      'removeSourceText', 'swapHistory', 'swapLines', 'swapSourceText']);
    for (const c of cases) expect(c.failures).toContainEqual([c.want.step, c.want.code]);
  });

  it('the untouched corrected bundle passes all three with a trusted key', async () => {
    const r = await allThree(join(tmp, 'v2'));
    expect(r.failures).toEqual({ library: [], cli: [], standalone: [] });
    expect([r.library.status, r.cli, r.standalone]).toEqual(['OK', 0, 0]);
    expect(r.library.evidence!.steps.length).toBeGreaterThan(8);
  });

  it('each tampering fails the same steps with the same codes in all three, as its vector says', async () => {
    const problems: string[] = [];
    for (const c of cases) {
      const dir = join(tmp, `case-${c.name}`);
      cpSync(join(tmp, 'v2'), dir, { recursive: true });
      apply(dir, c.mutation, other);
      const r = await allThree(dir);
      if (RECORD) {
        const { name: _name, ...vector } = c;
        writeFileSync(join(VECTORS, `${c.name}.json`), `${JSON.stringify({ ...vector, failures: r.failures.library }, null, 2)}\n`);
        c.failures = r.failures.library as Array<[string, string]>;
      }
      const want = JSON.stringify(c.failures);
      for (const who of ['library', 'cli', 'standalone'] as const) {
        if (JSON.stringify(r.failures[who]) !== want) problems.push(`${c.name}: ${who} failed ${JSON.stringify(r.failures[who])}, the vector says ${want}`);
      }
      if (r.cli !== 1 || r.standalone !== 1) problems.push(`${c.name}: exit statuses cli ${r.cli}, standalone ${r.standalone}, want 1 and 1`);
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('an under-concern and a retracted synthesis: each verifier says so first, as valid but flagged, never OK, and exits 8', async () => {
    for (const [name, status] of [['concern', 'UNDER_CONCERN'], ['retracted', 'RETRACTED']] as const) {
      const dir = join(tmp, name);
      const r = await allThree(dir);
      expect(r.failures).toEqual({ library: [], cli: [], standalone: [] });
      // The library: the bytes verify (status OK), and the notice it carries says the standing.
      expect(r.library).toMatchObject({ status: 'OK', correction: { status, flagged: true } });
      expect(r.library.correction.headline.startsWith(status.replace('_', ' '))).toBe(true);
      for (const json of [r.cliJson, r.standaloneJson]) expect(json.correction).toEqual(r.library.correction);
      expect([r.cli, r.standalone]).toEqual([8, 8]);
      // As a person reads them: the first line names the status; the verdict is VALID BUT …, not OK.
      const human = await Promise.all([
        run([join(ROOT, 'bin', 'synthledger.js'), 'verify', dir, '--trusted-key', key]),
        run([join(ROOT, 'verifier', 'verify-bundle.mjs'), dir, '--trusted-key', key]),
      ]);
      for (const out of human) {
        expect(out.stdout.split('\n')[0]).toBe(`!!! CORRECTION STATUS: ${r.library.correction.headline}`);
        expect(out.stdout).toMatch(new RegExp(`^VALID BUT ${status.replace('_', ' ')}: `, 'm'));
        expect(out.stdout).not.toMatch(/^OK/m);
        expect(out.status).toBe(8);
      }
    }
  }, 300_000);

  it('version 1 --since version 2 is SUPERSEDED by version 2 in all three; version 2 --since version 1 checks consistency', async () => {
    const v2Receipt = JSON.parse(readFileSync(join(tmp, 'v2', 'receipt.json'), 'utf8'));
    const old = await allThree(join(tmp, 'v1'), ['--since', join(tmp, 'v2')]);
    expect(old.failures).toEqual({ library: [], cli: [], standalone: [] });
    const want = { manifestHash: v2Receipt.manifestHash, manifestVersion: 2, leafIndex: v2Receipt.leafIndex, treeSize: v2Receipt.treeSize, correctionStatus: 'CORRECTED' };
    expect(old.library.superseded).toEqual(want);
    expect(old.cliJson.superseded).toEqual(want);
    expect(old.standaloneJson.superseded).toEqual(want);
    expect(old.library.steps.find((s) => s.step === 'checkSuperseded')!.message).toMatch(/^SUPERSEDED by version 2 \(manifest sha256:[0-9a-f]{64}, ledger entry \d+, CORRECTED\); the log only grew/);
    const human = await run([join(ROOT, 'verifier', 'verify-bundle.mjs'), join(tmp, 'v1'), '--trusted-key', key, '--since', join(tmp, 'v2')]);
    expect(human.stdout).toMatch(/^SUPERSEDED: this version is superseded by version 2 \(manifest sha256:[0-9a-f]{64}/m);

    // A later receipt alone names the version by hash only; a bare later checkpoint cannot say by what.
    const byReceipt = await allThree(join(tmp, 'v1'), ['--since', join(tmp, 'v2', 'receipt.json')]);
    expect(byReceipt.library.superseded).toMatchObject({ manifestHash: v2Receipt.manifestHash, manifestVersion: null });
    const cpFile = join(tmp, 'v2-checkpoint.txt');
    writeFileSync(cpFile, v2Receipt.checkpoint);
    const bare = await allThree(join(tmp, 'v1'), ['--since', cpFile]);
    expect(bare.failures.library).toEqual([['checkSuperseded', 'CONSISTENCY_MISMATCH']]);
    expect(bare.failures.cli).toEqual(bare.failures.library);
    expect(bare.failures.standalone).toEqual(bare.failures.library);

    const forward = await allThree(join(tmp, 'v2'), ['--since', join(tmp, 'v1')]);
    expect(forward.failures).toEqual({ library: [], cli: [], standalone: [] });
    expect(forward.library.steps.map((s) => s.step)).toContain('checkConsistency');
    expect(forward.library.superseded).toBeNull();
  }, 300_000);

  it('a forged supersession (the later receipt\'s inclusion proof altered) fails checkSuperseded in all three', async () => {
    const forged = join(tmp, 'v2-forged');
    cpSync(join(tmp, 'v2'), forged, { recursive: true });
    const r = JSON.parse(readFileSync(join(forged, 'receipt.json'), 'utf8'));
    r.inclusionProof[0] = `sha256:${'ab'.repeat(32)}`;
    writeFileSync(join(forged, 'receipt.json'), JSON.stringify(r));
    unlinkSync(join(forged, 'manifest.json'));
    const out = await allThree(join(tmp, 'v1'), ['--since', join(forged, 'receipt.json')]);
    expect(out.failures.library).toEqual([['checkSuperseded', 'PROOF_MISMATCH']]);
    expect(out.failures.cli).toEqual(out.failures.library);
    expect(out.failures.standalone).toEqual(out.failures.library);
  }, 120_000);
});
