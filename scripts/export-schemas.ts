/** Writes every contract's JSON Schema to schemas/json/<contract>.schema.json (run: npx tsx scripts/export-schemas.ts [--check]). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_SCHEMAS } from '../schemas/contracts';

const dir = join(__dirname, '..', 'schemas', 'json');
let stale = 0;
for (const [name, schema] of Object.entries(CONTRACT_SCHEMAS)) {
  const file = join(dir, `${name}.schema.json`);
  const text = JSON.stringify(schema, null, 2) + '\n';
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(file, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) { console.error(`stale: ${file}`); stale++; }
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
