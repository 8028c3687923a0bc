/**
 * Regenerates test/vectors/merkle/ from a checkout of transparency-dev/merkle
 * (https://github.com/transparency-dev/merkle): its `testdata/inclusion/` and
 * `testdata/consistency/` probes (written by its `cmd/proofgen`) and the
 * RFC 6962 reference tree of `testonly/constants.go`.
 *
 *     npx tsx scripts/convert-merkle-vectors.ts <checkout> [commit]
 *
 * Go writes []byte as base64 and sizes as uint64; we write hashes as hex and
 * sizes as JSON numbers, or as decimal strings when beyond 2^53 - 1 (JSON
 * numbers would silently round them). One deliberate deviation is recorded
 * in the file it affects: our verifier rejects any hash that is not 32 bytes,
 * while the Go verifier compares roots as opaque bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const OUT = join(__dirname, '..', 'test', 'vectors', 'merkle');
const KINDS = ['inclusion', 'consistency'] as const;
const SIZE_FIELDS = ['leafIdx', 'treeSize', 'size1', 'size2'];
const HASH_FIELDS = ['root', 'leafHash', 'root1', 'root2'];
const DEVIATION = 'synthledger rejects hashes that are not 32 bytes; upstream compares roots as opaque bytes and accepts this case';

function main(): void {
  const [checkout, commitArg] = process.argv.slice(2);
  if (!checkout) {
    console.error('usage: npx tsx scripts/convert-merkle-vectors.ts <transparency-dev/merkle checkout> [commit]');
    process.exit(2);
  }
  const commit = commitArg ?? gitHead(checkout);
  let count = 0;
  for (const kind of KINDS) {
    rmSync(join(OUT, kind), { recursive: true, force: true });
    for (const file of walk(join(checkout, 'testdata', kind))) {
      const rel = relative(join(checkout, 'testdata', kind), file);
      const vector = convertProbe(readFileSync(file, 'utf8'), `testdata/${kind}/${rel}`);
      const target = join(OUT, kind, rel);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, `${JSON.stringify(vector, null, 2)}\n`);
      count++;
    }
  }
  const reference = convertReferenceTree(readFileSync(join(checkout, 'testonly', 'constants.go'), 'utf8'));
  writeFileSync(join(OUT, 'reference-roots.json'), `${JSON.stringify(reference, null, 2)}\n`);
  writeFileSync(join(OUT, 'source.json'), `${JSON.stringify({
    repository: 'https://github.com/transparency-dev/merkle',
    commit,
    paths: ['testdata/inclusion', 'testdata/consistency', 'testonly/constants.go'],
    license: 'Apache-2.0',
    generatedBy: 'scripts/convert-merkle-vectors.ts',
    format: 'one JSON object per file: desc, wantErr, sizes (JSON numbers, or decimal strings beyond 2^53 - 1), hashes and proof as lowercase hex; '
      + 'upstreamWantErr and deviation mark the one case where synthledger is stricter than upstream',
  }, null, 2)}\n`);
  console.log(`wrote ${count} probe vectors and reference-roots.json to ${relative(process.cwd(), OUT)} (commit ${commit})`);
}

/** Converts one proofgen probe (base64 hashes, uint64 sizes) to our hex form. */
function convertProbe(text: string, source: string): Record<string, unknown> {
  // Quote sizes before parsing so a uint64 beyond 2^53 keeps every digit.
  const quoted = text.replace(new RegExp(`("(?:${SIZE_FIELDS.join('|')})":\\s*)(\\d+)`, 'g'), '$1"$2"');
  const probe = JSON.parse(quoted) as Record<string, unknown>;
  const out: Record<string, unknown> = { desc: probe.desc, wantErr: probe.wantErr };
  for (const field of SIZE_FIELDS) {
    if (field in probe) out[field] = size(probe[field] as string);
  }
  const lengths: number[] = [];
  for (const field of HASH_FIELDS) {
    if (!(field in probe)) continue;
    const bytes = Buffer.from((probe[field] as string | null) ?? '', 'base64');
    lengths.push(bytes.length);
    out[field] = bytes.toString('hex');
  }
  const proof = ((probe.proof as string[] | null) ?? []).map((h) => Buffer.from(h, 'base64'));
  lengths.push(...proof.map((p) => p.length));
  out.proof = proof.map((p) => p.toString('hex'));
  if (probe.wantErr === false && lengths.some((l) => l !== 32)) {
    out.wantErr = true;
    out.upstreamWantErr = false;
    out.deviation = DEVIATION;
  }
  out.source = source;
  return out;
}

function size(decimal: string): number | string {
  const n = Number(decimal);
  return Number.isSafeInteger(n) ? n : decimal;
}

/** Extracts LeafInputs, NodeHashes, RootHashes and EmptyRootHash from testonly/constants.go. */
function convertReferenceTree(go: string): Record<string, unknown> {
  const leaves = hexList(funcBody(go, 'LeafInputs'));
  const nodes = funcBody(go, 'NodeHashes').split(/\},\s*\{/).map(hexList);
  const empty = hexList(funcBody(go, 'EmptyRootHash'));
  const roots = hexList(funcBody(go, 'RootHashes'));
  if (!funcBody(go, 'RootHashes').includes('EmptyRootHash()') || empty.length !== 1) throw new Error('unexpected RootHashes layout');
  const allRoots = [empty[0]!, ...roots];
  if (leaves.length !== 8 || allRoots.length !== 9 || nodes.length !== 4) throw new Error('unexpected reference tree size');
  return {
    desc: 'RFC 6962 / RFC 9162 reference tree of 8 leaves (transparency-dev/merkle testonly/constants.go)',
    leaves,
    nodes: nodes.map((hashes, level) => ({ level, hashes })),
    roots: allRoots.map((root, treeSize) => ({ treeSize, root })),
    source: 'testonly/constants.go',
  };
}

function funcBody(go: string, name: string): string {
  const start = go.indexOf(`func ${name}()`);
  if (start < 0) throw new Error(`func ${name} not found`);
  const end = go.indexOf('\n}\n', start);
  return go.slice(start, end);
}

function hexList(body: string): string[] {
  return [...body.matchAll(/hd\("([0-9a-f]*)"\)/g)].map((m) => m[1]!);
}

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

function gitHead(checkout: string): string {
  try {
    return execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

main();
