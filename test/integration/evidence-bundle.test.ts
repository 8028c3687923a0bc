/**
 * The evidence bundle: `export` ships the stream with proofs, source texts,
 * rounds, history and corrections; deep verification passes it, fails each
 * tampering at its own step with its own code, and says a retraction first.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import { SEED_QUESTION } from '../../data/example-question';
import { canonicalize } from '../../ledger/core/canonical-json';
import { sha256 } from '../../ledger/core/hash';
import { writeBundle } from '../../runtime/operations/bundle-export';
import { loadFullBundle, type EvidenceIndex } from '../../runtime/operations/evidence-export';
import { runCorrection, startSynthesis } from '../../runtime/temporal/synthesis-client';
import { verifySynthesisEvidence } from '../../verification';
import { readBundleFiles } from '../../cli/commands/evidence-verify';
import { nextCorrection } from '../support/correction-record';
import { crateRuleProblems, packageValidatorProblems } from '../support/ro-crate-check';
import { RO_CRATE_METADATA_FILE, roCrateMetadataJson, type CrateEntity } from '../../runtime/operations/ro-crate-metadata';
import { ownerUrl, temporalAddress } from '../support/services';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

const ROOT = join(__dirname, '..', '..');
type Files = Map<string, Uint8Array>;

describe('evidence bundle', () => {
  let h: WorkflowHarness;
  let worker: Worker;
  let running: Promise<void>;
  const tmp = mkdtempSync(join(tmpdir(), 'synthledger-evidence-'));
  const id = newSynthesisId('evid');
  let files: Files;
  let manifest: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let receipt: unknown;

  beforeAll(async () => {
    h = await openHarness('evidence');
    worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true, humanReviewScore: 0 } });
    running = worker.run();
    const handle = await startSynthesis(h.env.client, { synthesisId: id, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: { maxRounds: 1 } }, h.taskQueue);
    await handle.result();
    const full = await loadFullBundle(h.ledger, id);
    writeBundle(full.published, join(tmp, 'v1'), { evidence: full.evidence });
    files = readBundleFiles(join(tmp, 'v1'));
    manifest = full.published.manifest as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    receipt = full.published.receipt;
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await h?.close();
  });

  const verify = (f: Files, m: unknown = manifest) => verifySynthesisEvidence({ manifest: m, receipt, files: f });
  const failedSteps = (f: Files, m?: unknown) => verify(f, m).steps.filter((s) => !s.ok).map((s) => [s.step, s.code]);
  const streamLines = (f: Files) => Buffer.from(f.get('evidence/stream.jsonl')!).toString('utf8').trimEnd().split('\n');
  const withStream = (f: Files, lines: string[]) => new Map(f).set('evidence/stream.jsonl', Buffer.from(lines.join('\n') + '\n'));
  const index = (f: Files) => JSON.parse(Buffer.from(f.get('evidence/index.json')!).toString('utf8')) as EvidenceIndex;

  describe('when exported in full', () => {
    it('ships every stream entry under the checkpoint, the source texts, the rounds and the history', () => {
      expect(manifest.provenance.publicLevel).toBe('L4');
      const ix = index(files);
      expect(streamLines(files)).toHaveLength(ix.entries);
      expect(ix.entries).toBe(manifest.ledger.entryCount + 1);
      expect(ix.sources.length).toBe(manifest.sources.length);
      expect(ix.sources.every((s) => s.file !== null)).toBe(true);
      expect(files.has(`evidence/history/${manifest.workflow.historyDigest.sha256.slice(7)}.json`)).toBe(true);
      expect([...files.keys()].filter((k) => k.startsWith('evidence/rounds/0/'))).toEqual(expect.arrayContaining(['evidence/rounds/0/report.md', 'evidence/rounds/0/review-skeptic.json']));
    });

    it('passes every deep step, CURRENT first', () => {
      const v = verify(files);
      expect(v.steps.filter((s) => !s.ok)).toEqual([]);
      expect(v.steps.map((s) => s.step)).toEqual(['checkStreamParse', 'checkStreamChain', 'checkStreamInclusion', 'checkStreamHead', 'checkEvidenceFiles',
        'checkClaimRecords', 'checkSources', 'checkEvidenceSpans', 'checkReverification', 'checkHistoryDigest', 'checkEntryOrigins', 'checkReportCitations', 'checkCorrectionChain']);
      expect(v.correction).toMatchObject({ status: 'CURRENT', flagged: false });
      expect(v.steps.find((s) => s.step === 'checkReverification')!.message).toMatch(new RegExp(`^${manifest.claims.length} of ${manifest.claims.length} claims re-verified`));
    });
  });

  describe('its RO-Crate metadata', () => {
    const crateOf = (f: Files) => JSON.parse(Buffer.from(f.get(RO_CRATE_METADATA_FILE)!).toString('utf8')) as { '@context': string; '@graph': CrateEntity[] };
    const withoutCrate = (f: Files) => new Map([...f].filter(([k]) => k !== RO_CRATE_METADATA_FILE));

    it('is valid RO-Crate 1.2 (package validator and rules, offline) and regenerates to the same bytes from the bundle', async () => {
      expect(await packageValidatorProblems(crateOf(files) as never)).toEqual([]);
      expect(crateRuleProblems(crateOf(files) as never, withoutCrate(files))).toEqual([]);
      expect(Buffer.from(files.get(RO_CRATE_METADATA_FILE)!).toString('utf8')).toBe(roCrateMetadataJson(withoutCrate(files)));
    });

    it('says which activity produced each source text, round file and history, and that the export made the rest', () => {
      const graph = crateOf(files)['@graph'];
      const actions = graph.filter((e) => e['@type'] === 'CreateAction');
      const producer = (path: string) => actions.filter((a) => (a.result as Array<{ '@id': string }>).some((r) => r['@id'] === path)).map((a) => (a.instrument as { '@id': string })['@id']);
      const ix = index(files);
      // Without network providers the request and the stages from the plan to the policy run in one activity, which writes their entries (docs/adr/0021, 0022).
      const stages = '#activity-runInProcessStages';
      for (const s of ix.sources) expect(producer(s.file!)).toEqual([stages]);
      expect(producer('evidence/rounds/0/report.md')).toEqual([stages]);
      expect(producer('evidence/rounds/0/review-skeptic.json')).toEqual([stages]);
      expect(producer(`evidence/history/${manifest.workflow.historyDigest.sha256.slice(7)}.json`)).toEqual(['#activity-publishSynthesis']);
      expect(producer('manifest.json')).toEqual(['#activity-publishSynthesis']);
      expect(producer('evidence/stream.jsonl')).toEqual(['#synthledger']);
      // Every file has exactly one producer.
      for (const path of withoutCrate(files).keys()) expect(producer(path)).toHaveLength(1);
      const merge = actions.find((a) => (a.instrument as { '@id': string })['@id'] === stages)!;
      expect((merge.object as unknown[]).length).toBe(manifest.sources.length);
      expect(merge.identifier).toBe(`${id}/${merge.identifier!.toString().split('/')[1]}/${JSON.parse(streamLines(files).find((l) => JSON.parse(l).header.kind === 'source.provenance')!).header.actor.activityId}`);
    });

    it('does not change what deep verification says (the crate is not evidence)', () => {
      expect(verify(withoutCrate(files)).steps.filter((s) => !s.ok)).toEqual([]);
      const stale = new Map(files).set(RO_CRATE_METADATA_FILE, Buffer.from('{}'));
      expect(verify(stale).steps.filter((s) => !s.ok)).toEqual([]);
    });
  });

  describe('when the bundle is tampered with', () => {
    it('a byte changed in a payload fails the chain (CHAIN_BROKEN)', () => {
      const lines = streamLines(files);
      const doc = JSON.parse(lines[3]!);
      doc.payloadJson = doc.payloadJson.replace(/"/, ' "');
      lines[3] = JSON.stringify(doc);
      expect(failedSteps(withStream(files, lines))[0]).toEqual(['checkStreamChain', 'CHAIN_BROKEN']);
    });

    it('an entry removed, duplicated or reordered fails the chain with its own code (ENTRY_MISSING, ENTRY_DUPLICATED, ENTRY_OUT_OF_ORDER)', () => {
      const lines = streamLines(files);
      const cases: Array<[string[], string]> = [
        [[...lines.slice(0, 2), ...lines.slice(3)], 'ENTRY_MISSING'],
        [lines.slice(1), 'ENTRY_MISSING'],
        [[...lines.slice(0, 3), lines[2]!, ...lines.slice(3)], 'ENTRY_DUPLICATED'],
        [[lines[1]!, lines[0]!, ...lines.slice(2)], 'ENTRY_OUT_OF_ORDER'],
        [[...lines.slice(0, 4), ...lines.slice(5, 9), lines[4]!, ...lines.slice(9)], 'ENTRY_OUT_OF_ORDER'],
      ];
      for (const [changed, code] of cases) expect(failedSteps(withStream(files, changed))).toContainEqual(['checkStreamChain', code]);
      // A header edited to claim another stream position keeps its link: that is a changed entry, not a moved one.
      const doc = JSON.parse(lines[3]!);
      doc.header.streamIndex += 1;
      expect(failedSteps(withStream(files, [...lines.slice(0, 3), JSON.stringify(doc), ...lines.slice(4)]))).toContainEqual(['checkStreamChain', 'CHAIN_BROKEN']);
    });

    it('a source text dropped with its index line, though its licence allows shipping it, fails the sources step (EVIDENCE_MISSING)', () => {
      const ix = index(files);
      const dropped = ix.sources[0]!;
      const rest = new Map([...files].filter(([k]) => k !== dropped.file));
      const forged = { ...ix, sources: ix.sources.map((s) => (s === dropped ? { ...s, file: null, withheld: 'license does not allow redistribution' } : s)), files: ix.files.filter((f) => f.path !== dropped.file) };
      rest.set('evidence/index.json', Buffer.from(JSON.stringify(forged)));
      expect(failedSteps(rest)).toEqual([['checkSources', 'EVIDENCE_MISSING']]);
    });

    it('an entry whose actor names an activity its run never scheduled fails the origin step (HISTORY_MISMATCH), even re-chained', () => {
      const lines = streamLines(files).map((l) => JSON.parse(l) as { header: Record<string, any> }); // eslint-disable-line @typescript-eslint/no-explicit-any
      const at = lines.findIndex((l) => l.header.kind === 'claim.record');
      lines[at]!.header.actor.activityId = '999';
      for (let i = at + 1; i < lines.length; i++) lines[i]!.header.prevEntryHash = sha256(canonicalize(lines[i - 1]!.header));
      const failed = failedSteps(withStream(files, lines.map((l) => JSON.stringify(l))));
      expect(failed).not.toContainEqual(['checkStreamChain', expect.anything()]);
      expect(failed).toContainEqual(['checkEntryOrigins', 'HISTORY_MISMATCH']);
    });

    it('a changed inclusion proof fails inclusion (PROOF_MISMATCH)', () => {
      const lines = streamLines(files);
      const doc = JSON.parse(lines[5]!);
      doc.inclusionProof[0] = `sha256:${'0'.repeat(64)}`;
      lines[5] = JSON.stringify(doc);
      expect(failedSteps(withStream(files, lines))[0]).toEqual(['checkStreamInclusion', 'PROOF_MISMATCH']);
    });

    it('a source text swapped for another source\'s fails the sources step (SOURCE_MISMATCH)', () => {
      const [a, b] = index(files).sources;
      const swapped = new Map(files).set(a!.file!, files.get(b!.file!)!);
      expect(failedSteps(swapped)).toContainEqual(['checkSources', 'SOURCE_MISMATCH']);
    });

    it('a claim pointing at another entry fails the claim step (CLAIM_MISMATCH)', () => {
      const m = structuredClone(manifest);
      m.claims[0].recordHash = m.sources[0].provenanceHash;
      expect(failedSteps(files, m)).toContainEqual(['checkClaimRecords', 'CLAIM_MISMATCH']);
    });

    it('a recorded confidence changed fails re-verification (REVERIFICATION_MISMATCH)', () => {
      const m = structuredClone(manifest);
      m.claims[0].confidence += m.claims[0].confidence >= 0.5 ? -0.0001 : 0.0001;
      expect(failedSteps(files, m)).toEqual([['checkReverification', 'REVERIFICATION_MISMATCH']]);
    });

    it('a manifest that says L3 while its claim records carry no semantic SUPPORTS verdict fails re-verification (REVERIFICATION_MISMATCH)', () => {
      expect(manifest.verification.level).toBe('L2');
      const m = structuredClone(manifest);
      m.verification.level = 'L3';
      const failed = verify(files, m).steps.filter((s) => !s.ok);
      expect(failed.map((s) => [s.step, s.code])).toEqual([['checkReverification', 'REVERIFICATION_MISMATCH']]);
      expect(failed[0]!.message).toMatch(/the manifest says L3, but claim .* carries no semantic verdict beside lexical SUPPORTS/);
    });

    it('a span offset changed breaks the chain first and fails the span step too (SPAN_MISMATCH)', () => {
      const lines = streamLines(files);
      const at = lines.findIndex((l) => JSON.parse(l).header.kind === 'claim.record');
      const doc = JSON.parse(lines[at]!);
      const claim = JSON.parse(doc.payloadJson);
      claim.span.start += 1;
      doc.payloadJson = canonicalize(claim);
      lines[at] = JSON.stringify(doc);
      const failed = failedSteps(withStream(files, lines));
      expect(failed[0]).toEqual(['checkStreamChain', 'CHAIN_BROKEN']);
      expect(failed).toContainEqual(['checkEvidenceSpans', 'SPAN_MISMATCH']);
    });

    it('a byte changed in the history fails the history step (HISTORY_MISMATCH)', () => {
      const path = `evidence/history/${manifest.workflow.historyDigest.sha256.slice(7)}.json`;
      const bytes = Buffer.from(files.get(path)!);
      bytes[bytes.length - 3] ^= 1;
      const failed = failedSteps(new Map(files).set(path, bytes));
      expect(failed).toContainEqual(['checkHistoryDigest', 'HISTORY_MISMATCH']);
    });

    it('a minimal bundle is reported as missing its evidence (EVIDENCE_MISSING)', () => {
      const minimal = new Map([...files].filter(([k]) => !k.startsWith('evidence/')));
      expect(failedSteps(minimal)[0]).toEqual(['checkStreamParse', 'EVIDENCE_MISSING']);
    });
  });

  describe('when the synthesis is retracted', () => {
    it('verify says RETRACTED first and exits 8, never a plain OK', async () => {
      await runCorrection(h.env.client, id, await nextCorrection(h.ledger, id, 'RETRACTION', 'c-retract-1'), { taskQueue: h.taskQueue });
      const full = await loadFullBundle(h.ledger, id);
      const dir = join(tmp, 'v2');
      writeBundle(full.published, dir, { evidence: full.evidence });
      const v = verifySynthesisEvidence({ manifest: full.published.manifest, receipt: full.published.receipt, files: readBundleFiles(dir) });
      expect(v.steps.filter((s) => !s.ok)).toEqual([]);
      expect(v.correction).toMatchObject({ status: 'RETRACTED', flagged: true, latest: { type: 'RETRACTION' } });
      // The report a reader opens says it first.
      const report = Buffer.from(readBundleFiles(dir).get('report.md')!).toString('utf8');
      expect(report.split('\n').slice(0, 4)).toEqual([
        '> **Correction notice: RETRACTION** (status now RETRACTED)', '> Issued 2026-01-15T10:00:00.000Z by Editor on duty.',
        expect.stringMatching(/^> Why: unreliable-evidence: /), expect.stringMatching(/^> What changed: RETRACTION of .*\(sections Results\)$/),
      ]);
      expect(full.published.manifest.artifacts.find((a) => a.name === 'report.md')!.sha256).toBe(sha256(report));
      expect(full.published.manifest.artifacts.find((a) => a.name === 'report.md')!.sha256).not.toBe(manifest.artifacts.find((a: { name: string }) => a.name === 'report.md').sha256);
      expect(sha256(Buffer.from(readBundleFiles(dir).get('evidence/corrections/001.json')!))).toBe(full.published.manifest.correction.records[0]);

      const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: ownerUrl(), TEMPORAL_ADDRESS: temporalAddress(), SYNTHLEDGER_CACHE_DIR: join(tmp, 'cache') };
      const out = await new Promise<{ status: number; stdout: string }>((resolve) => execFile(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), 'verify', dir, '--trusted-key', h.signer.verifierKey], { env },
        (err, stdout) => resolve({ status: err ? (err as { code: number }).code : 0, stdout })));
      expect(out.stdout.split('\n')[0]).toMatch(/^!!! CORRECTION STATUS: RETRACTED \(RETRACTION on /);
      expect(out.stdout).toMatch(/^VALID BUT RETRACTED: manifest sha256:/m);
      expect(out.status).toBe(8);
    });
  });
});
