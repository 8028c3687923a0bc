import { readFileSync } from 'node:fs';
import { GENERATED_VALIDATORS_FILE, generateValidators } from '../../scripts/generate-validators';
import { contractIssues } from '../../schemas/contracts';

describe('generated contract validators', () => {
  it('are what the current schemas give (run `npm run generate:validators` after changing a schema)', () => {
    expect(readFileSync(GENERATED_VALIDATORS_FILE, 'utf8')).toBe(generateValidators());
  });

  it('report every issue with its path, as a run-time compile would (allErrors, formats)', () => {
    const issues = contractIssues('trust-policy-v1', { contract: 'trust-policy-v1', logs: [{ origin: '', keys: [] }], extra: 1 });
    expect(issues.map((i) => `${i.path} ${i.code}`).sort()).toEqual(['$.extra additionalProperties', '$.logs[0].keys minItems', '$.logs[0].origin minLength']);
  });
});
