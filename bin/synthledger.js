#!/usr/bin/env node
// Launcher of the `synthledger` command: runs the compiled CLI in dist/ (built by
// `npm run build`, which `npm install` runs through `prepare`); no TypeScript at run time.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(main)) {
  process.stderr.write('CONFIG_INVALID: the compiled command is missing (dist/cli/main.js): run `npm run build`\n');
  process.exit(3);
}
require(main);
