/**
 * The bundle's RO-Crate 1.2 metadata file: built from a published bundle's
 * files, it passes the `ro-crate` package's validator and the RO-Crate 1.2
 * and Process Run Crate rules offline, describes every file with its true
 * size and hash, and is the same bytes for the same bundle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFiles, type PublishedBundle } from '../../runtime/operations/bundle-export';
import { buildRoCrateMetadata, RO_CRATE_METADATA_FILE, roCrateMetadataJson } from '../../runtime/operations/ro-crate-metadata';
import { readBundleFiles } from '../../cli/commands/evidence-verify';
import { crateRuleProblems, packageValidatorProblems, RO_CRATE_12_CONTEXT } from '../support/ro-crate-check';
import { writeSampleBundle, type SampleBundle } from '../support/sample-bundle';

describe('ro-crate-metadata', () => {
  const dir = mkdtempSync(join(tmpdir(), 'synthledger-crate-'));
  let sample: SampleBundle;
  let files: Map<string, Uint8Array>;
  beforeAll(async () => {
    sample = await writeSampleBundle(join(dir, 'b'));
    files = readBundleFiles(join(dir, 'b'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('when built from a minimal bundle (no evidence/)', () => {
    it('passes the ro-crate package validator with the 1.2 context, offline, with no error or warning', async () => {
      expect(RO_CRATE_12_CONTEXT.version).toBe('1.2.0');
      expect(await packageValidatorProblems(buildRoCrateMetadata(files) as never)).toEqual([]);
    });

    it('the same validator reports a root without a licence, and a term outside the 1.2 context is caught', async () => {
      const crate = buildRoCrateMetadata(files);
      const root = crate['@graph'].find((e) => e['@id'] === './')!;
      delete root.license;
      root.synthledgerScore = 1;
      expect((await packageValidatorProblems(crate as never)).map((p) => [p.id, p.status])).toEqual([['licenseRequired', 'error']]);
      expect(crateRuleProblems(crate as never, files)).toEqual(['./: property synthledgerScore is not a term of the 1.2 context', './: root data entity lacks license']);
    });

    it('satisfies the RO-Crate 1.2 and Process Run Crate rules: terms, references, every file with its size and hash', () => {
      expect(crateRuleProblems(buildRoCrateMetadata(files) as never, files)).toEqual([]);
    });

    it('names the question, publication date, publisher and sources on the root dataset', () => {
      const graph = buildRoCrateMetadata(files)['@graph'];
      const root = graph.find((e) => e['@id'] === './')!;
      expect(root).toMatchObject({ name: sample.manifest.researchQuestion, datePublished: sample.manifest.publishedAt, identifier: sample.manifest.synthesisId, version: '1' });
      expect(graph.find((e) => e['@id'] === '#publisher')).toMatchObject({ '@type': 'Organization', name: sample.manifest.publisher });
      expect((root.citation as unknown[]).length).toBe(sample.manifest.sources.length);
      expect(graph.filter((e) => e['@type'] === 'ScholarlyArticle').map((e) => e.identifier).sort()).toEqual(sample.manifest.sources.map((s) => s.sourceId).sort());
      // Without the stream, no activity is known: the export produced every file.
      expect(graph.filter((e) => e['@type'] === 'CreateAction').map((e) => e['@id'])).toEqual(['#export']);
    });

    it('is the same bytes for the same files, whatever their order', () => {
      const reversed = new Map([...files].reverse());
      expect(roCrateMetadataJson(reversed)).toBe(roCrateMetadataJson(files));
    });
  });

  describe('when a bundle is assembled by bundleFiles', () => {
    it('ships the crate last, built from every other file of the bundle', () => {
      const published: PublishedBundle = {
        manifest: sample.manifest, manifestJson: Buffer.from(files.get('manifest.json')!).toString('utf8'), manifestHash: sample.manifestHash,
        receipt: sample.receipt, receiptJson: Buffer.from(files.get('receipt.json')!).toString('utf8'), artifacts: new Map([['report.md', Buffer.from(files.get('report.md')!)]]),
        publicKey: Buffer.from(files.get('public-key.txt')!).toString('utf8').trim(),
      };
      const out = bundleFiles(published);
      expect(out.map((f) => f.name)).toEqual(['manifest.json', 'receipt.json', 'report.md', 'public-key.txt', 'verify-bundle.mjs', RO_CRATE_METADATA_FILE]);
      const others = new Map(out.slice(0, -1).map((f) => [f.name, f.data]));
      expect(out[out.length - 1]!.data.toString('utf8')).toBe(roCrateMetadataJson(others));
      expect(crateRuleProblems(JSON.parse(out[out.length - 1]!.data.toString('utf8')), others)).toEqual([]);
    });

    it('a changed file no longer matches its entity (the rules catch a stale crate)', () => {
      const crate = buildRoCrateMetadata(files);
      const changed = new Map(files).set('report.md', Buffer.concat([Buffer.from(files.get('report.md')!), Buffer.from('x')]));
      expect(crateRuleProblems(crate as never, changed)).toEqual(['report.md: contentSize ' + files.get('report.md')!.length + ' is not ' + (files.get('report.md')!.length + 1), 'report.md: sha256 does not match the file']);
    });
  });
});
