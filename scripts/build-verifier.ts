/**
 * Builds the two verifiers from the one verification code
 * (verification/verify-bundle.ts over ledger/core/), with esbuild:
 *
 *   verifier/verify-bundle.mjs          Node.js, node:crypto, zero dependencies (committed; shipped in every bundle)
 *   verifier/verify-bundle.browser.mjs  browsers: crypto-primitives.ts swapped for WebCrypto, a Buffer subset injected
 *                                       (committed; served by the site as /assets/verify-bundle.browser.mjs)
 *
 * In both, the contract validators are compiled ahead of time (Ajv
 * standalone code) instead of at run time, so neither carries Ajv's compiler
 * nor needs eval (the site's CSP forbids it).
 *
 *   tsx scripts/build-verifier.ts           writes both files (part of `npm run build`)
 *   tsx scripts/build-verifier.ts --check   exits 1 when a committed file differs from a fresh build (CI)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import { build, type Plugin } from 'esbuild';
import { PAPER_MANIFEST_CONTRACT, RECEIPT_CONTRACT, TRUST_POLICY_CONTRACT } from '../schemas/contract-names';
import { AJV_OPTIONS, CONTRACT_SCHEMAS } from '../schemas/contracts';

const ROOT = resolve(__dirname, '..');
const at = (...p: string[]) => join(ROOT, ...p);

/** The built files, their entry point and platform. */
export const TARGETS = [
  { out: 'verifier/verify-bundle.mjs', entry: 'verifier/src/standalone.ts', platform: 'node' as const },
  { out: 'verifier/verify-bundle.browser.mjs', entry: 'verifier/src/browser.ts', platform: 'browser' as const },
];

/** The contracts a verifier checks documents against: the manifest, the receipt, the reader's trust file. */
const VERIFIER_CONTRACTS = [PAPER_MANIFEST_CONTRACT, RECEIPT_CONTRACT, TRUST_POLICY_CONTRACT] as const;

/** Ajv standalone validation code for the verifier's contracts, as an ES module exporting `v0`, `v1`, … in VERIFIER_CONTRACTS order. */
function precompiledValidators(): { code: string; names: string[] } {
  const ajv = addFormats(new Ajv2020({ ...AJV_OPTIONS, code: { source: true, esm: true } }));
  const names: string[] = [...VERIFIER_CONTRACTS];
  const exports: Record<string, string> = {};
  for (const [name, schema] of Object.entries(CONTRACT_SCHEMAS)) ajv.addSchema(schema as object, name);
  names.forEach((name, i) => {
    exports[`v${i}`] = name;
  });
  return { code: standaloneCode(ajv, exports), names };
}

/**
 * Replaces schemas/contracts.ts with precompiled validators (same exports
 * the verifiers use), and, for the browser, crypto-primitives.ts with the
 * WebCrypto one.
 */
function swaps(platform: 'node' | 'browser'): Plugin {
  const validators = precompiledValidators();
  return {
    name: 'synthledger-verifier-swaps',
    setup(b) {
      b.onResolve({ filter: /\/contracts$/ }, (args) => (resolve(args.resolveDir, args.path) === at('schemas', 'contracts') ? { path: 'contracts', namespace: 'precompiled' } : undefined));
      b.onResolve({ filter: /^precompiled-validators$/ }, () => ({ path: 'validators', namespace: 'precompiled' }));
      b.onLoad({ filter: /^contracts$/, namespace: 'precompiled' }, () => ({
        resolveDir: ROOT,
        loader: 'ts',
        contents: [
          '// Precompiled contract validators (scripts/build-verifier.ts); the run-time version is schemas/contracts.ts.',
          `import { ${validators.names.map((_, i) => `v${i}`).join(', ')} } from 'precompiled-validators';`,
          "import { issueOf } from './schemas/contract-issue';",
          `const VALIDATORS: Record<string, any> = { ${validators.names.map((n, i) => `${JSON.stringify(n)}: v${i}`).join(', ')} };`,
          "export function contractIssues(name: string, doc: unknown, rootPath = '$') {",
          '  const fn = VALIDATORS[name];',
          '  if (!fn) throw new Error(`the built verifier has no validator for contract ${name}`);',
          '  if (fn(doc)) return [];',
          '  return (fn.errors ?? []).map((e: any) => issueOf(e, rootPath));',
          '}',
        ].join('\n'),
      }));
      b.onLoad({ filter: /^validators$/, namespace: 'precompiled' }, () => ({ resolveDir: ROOT, loader: 'js', contents: validators.code }));
      if (platform === 'browser') {
        b.onResolve({ filter: /\/crypto-primitives$/ }, (args) => (resolve(args.resolveDir, args.path) === at('ledger', 'core', 'crypto-primitives')
          ? { path: at('verifier', 'src', 'webcrypto-primitives.ts') } : undefined));
      }
    },
  };
}

/** Builds one target; returns its text. */
async function buildOne(t: (typeof TARGETS)[number]): Promise<string> {
  const result = await build({
    absWorkingDir: ROOT,
    // node_modules may be a link (a shared checkout): paths in the output must not depend on where it points.
    preserveSymlinks: true,
    entryPoints: [at(t.entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: t.platform,
    target: t.platform === 'node' ? 'node20' : 'chrome113',
    legalComments: 'inline',
    charset: 'utf8',
    plugins: [swaps(t.platform)],
    inject: t.platform === 'browser' ? [at('verifier', 'src', 'browser-buffer.ts')] : [],
    banner: { js: `${t.platform === 'node' ? '#!/usr/bin/env node\n' : ''}// Built by scripts/build-verifier.ts from ${t.entry}, ledger/core/ and verification/: do not edit; edit the sources and run \`npm run build\`.` },
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const t of TARGETS) {
    const text = await buildOne(t);
    const path = at(t.out);
    let committed: string | null = null;
    try {
      committed = readFileSync(path, 'utf8');
    } catch {
      committed = null;
    }
    if (check) {
      if (committed !== text) {
        process.stderr.write(`${t.out} differs from a fresh build of ${t.entry}: run \`npm run build\` and commit it\n`);
        stale++;
      }
    } else if (committed !== text) {
      writeFileSync(path, text, { mode: t.platform === 'node' ? 0o755 : 0o644 });
    }
  }
  if (check && stale === 0) process.stdout.write(`the committed verifiers are the build of their sources (${TARGETS.map((t) => t.out).join(', ')})\n`);
  return stale === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
