// ESLint flat config: type-aware rules everywhere; workflow code must stay deterministic.
const tseslint = require('typescript-eslint');

const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'dns', 'stream', 'zlib', 'worker_threads', 'process', 'url', 'util', 'events', 'timers'];

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'verifier/**', 'bin/**', '*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: NODE_BUILTINS.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'Workflow code runs in a deterministic sandbox: no Node built-ins.' })),
        patterns: [{ group: ['../ledger', '../ledger/*', '../runtime/*', '../cli/*', 'pg', 'kysely'], message: 'Workflows orchestrate; I/O belongs in activities.' }],
      }],
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
  {
    files: ['web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../cli', '../cli/*', '../../cli/*', '../workflows', '../workflows/*', '../../workflows/*'], message: 'The site reads through runtime/, ledger/, schemas/ and common/; cli/ imports the site, not the reverse.' },
          { group: ['pg'], message: 'The site reads the ledger through kysely with parameters, never raw pg.' },
        ],
      }],
    },
  },
  {
    files: ['activities/**/*.ts', 'ledger/**/*.ts', 'runtime/**/*.ts', 'schemas/**/*.ts', 'common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/web', '**/web/*'], message: 'Only cli/ imports the site (web/).' }] }],
    },
  },
);
