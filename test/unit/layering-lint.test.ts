/**
 * The layering rules of eslint.config.js, run through ESLint's Node API on
 * source text placed in each folder: a wrong arrow must fail with
 * `no-restricted-imports`, an allowed one must pass.
 */
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';

const ROOT = join(__dirname, '..', '..');

// The project's config, loaded here because ESLint's own loader uses a dynamic import that jest's VM refuses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const projectConfig = require(join(ROOT, 'eslint.config.js')) as Linter.Config[];
// Only the import rules are under test: without type information ESLint needs no TypeScript program.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: [...projectConfig, {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  }],
});

/** The rule ids ESLint reports for `source` as if it were the file `filePath`. */
async function ruleIds(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(ROOT, filePath) });
  const ids = result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
  return ids.filter((id) => id !== '@typescript-eslint/no-unused-vars');
}

const importOf = (spec: string) => `import * as m from '${spec}';\nexport const probe = m;\n`;

// [file the import is written in, import string]
const WRONG: Array<[string, string]> = [
  ['common/probe.ts', '../schemas'],
  ['schemas/probe.ts', '../ledger'],
  ['schemas/probe.ts', '../activities/synthesis-types'],
  ['ledger/core/probe.ts', '../store/ledger-reader'],
  ['ledger/core/probe.ts', '..'],
  ['ledger/core/probe.ts', '../../runtime/services/key-store'],
  ['ledger/core/probe.ts', 'kysely'],
  ['ledger/core/probe.ts', 'pg'],
  ['ledger/core/probe.ts', '@temporalio/common'],
  ['ledger/core/probe.ts', 'node:fs'],
  ['ledger/core/probe.ts', 'node:path'],
  ['ledger/core/probe.ts', 'node:crypto'],
  ['ledger/core/signing-key.ts', 'kysely'],
  ['ledger/core/signing-key.ts', 'node:path'],
  ['ledger/core/verify-log.ts', '../store/ledger'],
  ['ledger/store/probe.ts', '../../activities/stage-ledger'],
  ['ledger/store/probe.ts', '../../workflows/definitions'],
  ['ledger/store/probe.ts', '../../runtime/services/key-store'],
  ['ledger/store/migrations/probe.ts', '../../../cli/config'],
  ['ledger/store/probe.ts', '@temporalio/client'],
  ['ledger/index.ts', '../runtime/services/cache-dir'],
  ['activities/probe.ts', '../workflows/definitions'],
  ['activities/stages/probe.ts', '../../runtime/services/providers'],
  ['activities/probe.ts', '../cli/config'],
  ['workflows/probe.ts', 'node:fs'],
  ['workflows/probe.ts', 'crypto'],
  ['workflows/probe.ts', '../ledger'],
  ['workflows/probe.ts', '../ledger/store/ledger'],
  ['workflows/probe.ts', '../runtime'],
  ['workflows/probe.ts', '../cli/config'],
  ['workflows/probe.ts', 'kysely'],
  ['runtime/operations/probe.ts', '../../cli/config'],
  ['cli/probe.ts', '../activities/synthesis-request'],
  ['cli/commands/probe.ts', '../../activities/synthesis-types'],
  ['cli/probe.ts', '../workflows/definitions'],
  ['cli/probe.ts', '../ledger/store/ledger'],
  ['cli/commands/probe.ts', '../../ledger/core/signing-key'],
  ['cli/probe.ts', '../runtime/temporal/synthesis-client'],
  ['cli/probe.ts', '@temporalio/worker'],
  ['cli/probe.ts', 'pg'],
  ['web/probe.ts', '../cli/commands/site-commands'],
  ['web/pages/probe.ts', '../../activities/model'],
  ['web/probe.ts', '../workflows/definitions'],
  ['web/probe.ts', '../ledger/store/ledger-reader'],
  ['web/probe.ts', '../runtime/operations/bundle-export'],
  ['web/probe.ts', 'pg'],
  ['runtime/probe.ts', '../web'],
  ['activities/probe.ts', '../web/html'],
  ['ledger/store/probe.ts', '../../web'],
  ['verification/probe.ts', '../activities/synthesis-activities'],
  ['verification/probe.ts', '../ledger/store/ledger'],
  ['verification/probe.ts', '../runtime'],
  ['verification/probe.ts', 'node:fs'],
  ['cli/probe.ts', '../verification/synthesis-evidence-checks'],
];

const ALLOWED: Array<[string, string]> = [
  ['verification/probe.ts', '../ledger/core/verify-evidence'],
  ['verification/probe.ts', '../activities/stages/verify-claims'],
  ['verification/probe.ts', '../activities/model'],
  ['cli/probe.ts', '../verification'],
  ['schemas/probe.ts', '../common/errors'],
  ['ledger/core/probe.ts', './merkle'],
  ['ledger/core/probe.ts', '../../common/errors'],
  ['ledger/core/probe.ts', '../../schemas/contracts'],
  ['ledger/core/crypto-primitives.ts', 'node:crypto'],
  ['ledger/store/probe.ts', '../core/merkle'],
  ['ledger/store/probe.ts', 'kysely'],
  ['activities/probe.ts', '../ledger'],
  ['workflows/probe.ts', '../activities/synthesis-types'],
  ['workflows/probe.ts', '@temporalio/workflow'],
  ['runtime/temporal/probe.ts', '../../activities/synthesis-types'],
  ['runtime/temporal/probe.ts', '../../workflows/definitions'],
  ['cli/probe.ts', '../runtime'],
  ['cli/commands/probe.ts', '../../ledger'],
  ['cli/probe.ts', '@temporalio/client'],
  ['cli/commands/probe.ts', '../../web'],
  ['web/probe.ts', '../runtime'],
  ['web/pages/probe.ts', '../../ledger'],
  ['web/probe.ts', '../schemas'],
  ['web/probe.ts', 'fastify'],
  ['web/probe.ts', 'kysely'],
];

describe('eslint layering rules', () => {
  describe('when a file imports against the layering', () => {
    it.each(WRONG)('%s importing %s fails with no-restricted-imports', async (file, spec) => {
      expect(await ruleIds(file, importOf(spec))).toEqual(['no-restricted-imports']);
    });

    it('also catches a type-only import and a re-export', async () => {
      expect(await ruleIds('cli/probe.ts', `import type { SynthesisInput } from '../activities/synthesis-types';\nexport type T = SynthesisInput;\n`)).toEqual(['no-restricted-imports']);
      expect(await ruleIds('ledger/core/probe.ts', `export { Ledger } from '../store/ledger';\n`)).toEqual(['no-restricted-imports']);
    });
  });

  describe('when a file imports along an allowed arrow', () => {
    it.each(ALLOWED)('%s importing %s passes', async (file, spec) => {
      expect(await ruleIds(file, importOf(spec))).toEqual([]);
    });
  });
});
