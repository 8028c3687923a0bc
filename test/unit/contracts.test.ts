import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertContract, CONTRACT_SCHEMAS, contractIssues } from '../../schemas/contracts';
import { ValidationError } from '../../common/errors';

describe('contracts', () => {
  describe('when the exported JSON Schema files are compared with the code', () => {
    it('are identical (regenerate with npx tsx scripts/export-schemas.ts)', () => {
      for (const [name, schema] of Object.entries(CONTRACT_SCHEMAS)) {
        const file = readFileSync(join(__dirname, '..', '..', 'schemas', 'json', `${name}.schema.json`), 'utf8');
        expect(JSON.parse(file)).toEqual(JSON.parse(JSON.stringify(schema)));
      }
    });
  });

  describe('when a document violates its contract', () => {
    it('reports every issue with a path and the rule', () => {
      const issues = contractIssues('correction-record-v1', { contract: 'correction-record-v1', correctionId: '', type: 'OOPS', extra: 1 });
      const byPath = new Map(issues.map((i) => [i.path, i]));
      expect(byPath.get('$.correctionId')?.code).toBe('minLength');
      expect(byPath.get('$.type')?.message).toMatch(/must be one of "ADDENDUM"/);
      expect(byPath.get('$.extra')?.message).toBe('is not allowed by the contract');
      expect(byPath.get('$.synthesisId')?.message).toBe('is required');
    });

    it('accepts source-provenance-v1 with or without the optional reference fields, and checks their shapes (adr/0013)', () => {
      const base = {
        contract: 'source-provenance-v1', sourceId: 'corpus:cd2a5ca0bf68', title: 'Finetuned Language Models Are Zero-Shot Learners', authors: ['Jason Wei'], year: 2021,
        locator: 'data/corpus.json#corpus:cd2a5ca0bf68', adapter: 'bundled-corpus', retrievedAt: '2026-01-01T00:00:00.000Z', query: 'instruction tuning', rank: 1,
        relevanceScore: 1.5, contentHash: `sha256:${'0'.repeat(64)}`, contentKind: 'abstract', license: null, retrieval: { workflowId: null, activityId: null }, usedByClaims: null,
      };
      expect(contractIssues('source-provenance-v1', base)).toEqual([]);
      expect(contractIssues('source-provenance-v1', { ...base, arxivId: '2109.01652', doi: '10.48550/arXiv.2109.01652', url: 'https://arxiv.org/abs/2109.01652', projectUrl: 'https://github.com/x/y' })).toEqual([]);
      const bad = contractIssues('source-provenance-v1', { ...base, arxivId: '2109', url: 'javascript:alert(1)', projectUrl: 'https://a.example/x y' });
      expect(bad.map((i) => i.path).sort()).toEqual(['$.arxivId', '$.projectUrl', '$.url']);
    });

    it('throws UNKNOWN_CONTRACT for a name or version this code does not know', () => {
      expect(() => assertContract('paper-manifest-v2', {})).toThrow(ValidationError);
      try {
        assertContract('paper-manifest-v2', {});
      } catch (e) {
        expect((e as ValidationError).code).toBe('UNKNOWN_CONTRACT');
        expect((e as ValidationError).issues[0]?.path).toBe('$.contract');
      }
    });
  });
});
