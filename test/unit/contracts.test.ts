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
