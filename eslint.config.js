// ESLint flat config: type-aware rules everywhere; workflow code must stay deterministic;
// each folder's allowed imports (docs/ARCHITECTURE.md) as no-restricted-imports, so a wrong arrow fails `npm run lint`.
const { builtinModules } = require('node:module');
const tseslint = require('typescript-eslint');

/** Every Node built-in under both spellings (`fs`, `node:fs`). */
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A relative import that reaches into `folder` (e.g. `activities`, `ledger/store`) from anywhere. */
const into = (folder) => `^\\.\\.?/(?:.*/)?${escape(folder)}(?:/|$)`;
/** A package import (anything not relative). */
const PACKAGE = '^[^.]';

/**
 * The layers: files, and the imports they must not use (regexes over the import string, with the reason).
 * `no-restricted-imports` sees the import text, not the resolved file, so each rule catches every relative spelling.
 */
const LAYERS = [
  { name: 'common', files: ['common/**/*.ts'], forbid: [
    ['^\\.\\.(?:/|$)', 'common/ imports nothing of ours.'],
  ] },
  { name: 'schemas', files: ['schemas/**/*.ts'], forbid: [
    ['^\\.\\.(?!/common(?:/|$))(?:/|$)', 'schemas/ imports only common/.'],
  ] },
  { name: 'ledger/core', files: ['ledger/core/**/*.ts'], forbid: [
    ['^\\.\\.(?!/\\.\\./(?:common|schemas)(?:/|$))(?:/|$)', 'ledger/core/ is pure: it imports only its own files, common/ and schemas/ (never ledger/store/, the ledger index, runtime/, activities/, workflows/, cli/).'],
    [PACKAGE, 'ledger/core/ is pure (it must run in a browser): no packages (pg, kysely, @temporalio/*) and no Node built-ins; node:crypto only in the hashing and signing primitives.'],
  ] },
  { name: 'ledger', files: ['ledger/store/**/*.ts', 'ledger/*.ts'], forbid: [
    [into('web'), 'The ledger is below the site: only cli/ imports web/.'],
    [into('activities'), 'The ledger knows nothing of syntheses: no activities/.'],
    [into('workflows'), 'The ledger knows nothing of Temporal: no workflows/.'],
    [into('runtime'), 'The ledger is below runtime/: runtime imports the ledger, never the reverse.'],
    [into('cli'), 'The ledger is below cli/.'],
    ['^@temporalio/', 'The ledger knows nothing of Temporal.'],
  ] },
  { name: 'activities', files: ['activities/**/*.ts'], forbid: [
    [into('web'), 'Only cli/ imports the site (web/).'],
    [into('workflows'), 'Activities never import workflows/ (workflows import activity types, not the reverse).'],
    [into('runtime'), 'Activities receive their dependencies from runtime/; they never import it.'],
    [into('cli'), 'Activities never import cli/.'],
  ] },
  { name: 'workflows', files: ['workflows/**/*.ts'], forbid: [
    [into('web'), 'Only cli/ imports the site (web/).'],
    [`^(?:${NODE_BUILTINS.map(escape).join('|')})$`, 'Workflow code runs in a deterministic sandbox: no Node built-ins.'],
    [into('ledger'), 'Workflows orchestrate; I/O (the ledger) belongs in activities.'],
    [into('runtime'), 'Workflows orchestrate; runtime/ starts them, never the reverse.'],
    [into('cli'), 'Workflows never import cli/.'],
    ['^(?:pg|kysely)(?:/|$)', 'Workflows orchestrate; I/O belongs in activities.'],
  ] },
  { name: 'verification', files: ['verification/**/*.ts'], forbid: [
    ['^\\.\\.(?!/(?:ledger/core|schemas|common|activities/stages)(?:/|$)|/activities/model$)(?:/|$)', 'verification/ is pure: it imports only its own files, ledger/core/, schemas/, common/ and the pure stage code (activities/stages/, activities/model).'],
    [PACKAGE, 'verification/ is pure (it must run in a browser): no packages and no Node built-ins.'],
  ] },
  { name: 'verifier', files: ['verifier/src/**/*.ts'], forbid: [
    ['^\\.\\.(?!/\\.\\./(?:ledger/core|verification|schemas|common)(?:/|$)|/\\.\\./runtime/services/(?:bundle-reader|read-bounded-file)$)(?:/|$)', 'verifier/src/ builds the standalone and browser verifiers from the one verifier: it imports ledger/core/, verification/, schemas/, common/ and the bundle reader only.'],
    ['^(?!node:(?:fs|url)$)[^.]', 'verifier/src/ is bundled into zero-dependency files: no packages, and of Node only node:fs and node:url (standalone.ts).'],
  ] },
  { name: 'runtime', files: ['runtime/**/*.ts'], forbid: [
    [into('web'), 'runtime/ is below the site: only cli/ imports web/.'],
    [into('cli'), 'runtime/ is below cli/: the CLI calls runtime, never the reverse.'],
  ] },
  { name: 'web', files: ['web/**/*.ts'], forbid: [
    [into('activities'), 'The site reaches activities only through runtime/ (import from the runtime index).'],
    [into('workflows'), 'The site reaches workflows only through runtime/.'],
    [into('cli'), 'cli/ imports the site (web/), never the reverse.'],
    ['^\\.\\.?/(?:.*/)?ledger/(?!index$)', 'The site reads the ledger through its index, never ledger/core/ or ledger/store/ internals.'],
    ['^\\.\\.?/(?:.*/)?runtime/(?!index$)', 'The site uses runtime/ through its index.'],
    ['^(?:pg|@temporalio/(?:worker|workflow|activity))(?:/|$)', 'The site reads the ledger through kysely with parameters and reaches Temporal through runtime/.'],
  ] },
  { name: 'cli', files: ['cli/**/*.ts'], forbid: [
    [into('activities'), 'The CLI reaches activities only through runtime/ (import from the runtime index).'],
    [into('workflows'), 'The CLI reaches workflows only through runtime/ (import from the runtime index).'],
    ['^\\.\\.?/(?:.*/)?ledger/(?!index$|core$)', 'The CLI uses the ledger through its index, the pure ledger/core index (offline verification without the database driver) or runtime/, never ledger/core/ or ledger/store/ internals.'],
    ['^\\.\\.?/(?:.*/)?runtime/(?!index$)', 'The CLI uses runtime/ through its index.'],
    ['^\\.\\.?/(?:.*/)?verification/(?!index$)', 'The CLI uses verification/ through its index.'],
    ['^(?:pg|kysely|@temporalio/(?:worker|workflow|activity))(?:/|$)', 'The CLI parses, calls runtime/ and prints: databases and workers are opened by runtime/.'],
  ] },
];

/** Files that hold the hashing and signing primitives: the only ledger/core files that may use node:crypto. */
const CRYPTO_PRIMITIVES = ['ledger/core/crypto-primitives.ts'];


/** The no-restricted-imports options of `layer`, letting the exact import strings in `allow` through. */
function restrictedImports(layer, allow = []) {
  const except = allow.length ? `(?!(?:${allow.map(escape).join('|')})$)` : '';
  return ['error', {
    patterns: layer.forbid.map(([regex, message]) => ({ regex: `^${except}${regex.slice(1)}`, message })),
  }];
}

/** One config block per layer, then the crypto primitives (later blocks win). */
function layering() {
  const blocks = LAYERS.map((layer) => ({ files: layer.files, rules: { 'no-restricted-imports': restrictedImports(layer) } }));
  const special = CRYPTO_PRIMITIVES.map((file) => ({ file, layer: 'ledger/core', allow: ['node:crypto'] }));
  const byFile = new Map();
  for (const { file, layer, allow } of special) byFile.set(file, { layer, allow: [...(byFile.get(file)?.allow ?? []), ...allow] });
  for (const [file, { layer, allow }] of byFile) {
    blocks.push({ files: [file], rules: { 'no-restricted-imports': restrictedImports(LAYERS.find((l) => l.name === layer), allow) } });
  }
  return blocks;
}

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'verifier/*.mjs', 'bin/**', '*.js', 'schemas/generated/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layering(),
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Not deterministic.' },
        { name: 'fetch', message: 'I/O belongs in activities.' },
        { name: 'process', message: 'Not available in the workflow sandbox.' }],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Not deterministic: use an activity or uuid4() from @temporalio/workflow.' },
        { object: 'Date', property: 'now', message: 'Use the workflow clock deliberately; prefer values from activities.' }],
    },
  },
);
