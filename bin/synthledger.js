#!/usr/bin/env node
// Launcher of the `synthledger` command: runs cli/main.ts through tsx (no build step).
require('tsx/cjs');
require('../cli/main.ts');
