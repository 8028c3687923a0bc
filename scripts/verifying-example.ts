/**
 * Prints the worked example of docs/VERIFYING.md, so every figure in it is
 * real: `npx tsx scripts/verifying-example.ts`.
 *
 * Each figure is computed twice, by hand from node:crypto following the
 * specification and by the ledger library, and the script stops if the two
 * disagree. Everything is deterministic (fixed inputs, a fixed Ed25519 seed;
 * Ed25519 signatures are deterministic, RFC 8032 section 5.1.6), so running
 * it again prints the same text.
 */
import { createHash } from 'node:crypto';
import { canonicalize } from '../ledger/core/canonical-json';
import { formatCheckpointBody } from '../ledger/core/checkpoint';
import { hashJson } from '../ledger/core/hash';
import { MemoryNodeStore } from '../ledger/core/merkle-proofs';
import { verifyInclusion } from '../ledger/core/merkle-verify';
import { computeKeyHash, openNote } from '../ledger/core/signed-note';
import { SigningKey } from '../ledger/core/signing-key';
import { signCheckpoint } from '../ledger/core/checkpoint';

const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function same(what: string, a: string, b: string): void {
  if (a !== b) throw new Error(`${what}: by hand ${a}, library ${b}`);
}

const out: string[] = [];
const say = (line = ''): void => {
  out.push(line);
};

// 1. Canonical JSON and a content hash (RFC 8785, DESIGN 4).
const text = '{ "title": "Caf\\u00e9 study", "score": 8.50, "ok": true, "tags": ["b", "a"], "n": 1e2 }';
const canonical = canonicalize(JSON.parse(text));
const canonicalBytes = Buffer.from(canonical, 'utf8');
const digest = `sha256:${hex(sha(canonicalBytes))}`;
same('content hash', digest, hashJson(JSON.parse(text)));
say('## 1. Canonical JSON and its hash');
say();
say(`input JSON text : ${text}`);
say(`JCS (RFC 8785)  : ${canonical}`);
say(`JCS UTF-8 bytes : ${canonicalBytes.length} bytes, hex ${hex(canonicalBytes)}`);
say(`content hash    : ${digest}`);
say();

// 2. A 3-leaf tree, leaf hashes, root and inclusion proofs (RFC 9162 section 2.1).
const leaves = ['{"i":0}', '{"i":1}', '{"i":2}'].map((l) => Buffer.from(l, 'utf8'));
const [h0, h1, h2] = leaves.map((l) => sha(Buffer.of(0x00), l)) as [Buffer, Buffer, Buffer];
const n01 = sha(Buffer.of(0x01), h0, h1);
const root = sha(Buffer.of(0x01), n01, h2);
const store = new MemoryNodeStore();
leaves.forEach((l) => store.appendLeaf(l));
same('root', hex(root), hex(store.root()));
same('proof of leaf 0', [h1, h2].map(hex).join(), store.inclusionProof(0).map(hex).join());
same('proof of leaf 2', [n01].map(hex).join(), store.inclusionProof(2).map(hex).join());
verifyInclusion(h0, 0, 3, [h1, h2], root);
verifyInclusion(h2, 2, 3, [n01], root);
say('## 2. A tree of 3 leaves');
say();
leaves.forEach((l, i) => say(`leaf ${i} bytes  : ${l.toString('utf8')}  (hex ${hex(l)})`));
say(`h0 = SHA-256(00 || leaf 0) = ${hex(h0)}`);
say(`h1 = SHA-256(00 || leaf 1) = ${hex(h1)}`);
say(`h2 = SHA-256(00 || leaf 2) = ${hex(h2)}`);
say(`n01 = SHA-256(01 || h0 || h1) = ${hex(n01)}`);
say(`root = SHA-256(01 || n01 || h2) = ${hex(root)}`);
say(`root (base64, as in a checkpoint) = ${root.toString('base64')}`);
say();
say('inclusion proof of leaf 0 in size 3: [h1, h2]');
say(`  sha256:${hex(h1)}`);
say(`  sha256:${hex(h2)}`);
say('inclusion proof of leaf 2 in size 3: [n01]');
say(`  sha256:${hex(n01)}`);
say();

// 3. A key, its key hash, a checkpoint and its signed note (C2SP signed-note, tlog-checkpoint).
const name = 'example.org/log';
const seed = sha(Buffer.from('synthledger VERIFYING.md example seed', 'utf8'));
const key = new SigningKey(name, seed);
const typed = Buffer.concat([Buffer.of(0x01), key.publicKey]);
const keyHashBytes = sha(Buffer.from(`${name}\n`, 'utf8'), typed).subarray(0, 4);
same('key hash', hex(keyHashBytes), key.keyHash.toString(16).padStart(8, '0'));
same('key hash (signed-note)', hex(keyHashBytes), computeKeyHash(name, typed).toString(16).padStart(8, '0'));
const body = formatCheckpointBody({ origin: name, treeSize: 3, rootHash: root });
const note = signCheckpoint(body, key);
openNote(note, [key.verifierKey]);
const sigLine = note.trimEnd().split('\n').pop()!;
const sigBytes = Buffer.from(sigLine.split(' ').pop()!, 'base64');
say('## 3. Key, key hash and signed checkpoint');
say();
say(`key name          : ${name}`);
say(`Ed25519 seed      : ${hex(seed)}  (SHA-256 of "synthledger VERIFYING.md example seed"; never publish a real one)`);
say(`public key        : ${hex(key.publicKey)}`);
say(`key hash          : first 4 bytes of SHA-256("${name}" || 0a || 01 || public key) = ${hex(keyHashBytes)}`);
say(`verifier key      : ${key.verifierKey}`);
say();
say('checkpoint body (the signed text, each line ending in a newline):');
body.split('\n').slice(0, -1).forEach((l) => say(`  ${l}`));
say();
say('signed note (body, blank line, signature line):');
note.split('\n').slice(0, -1).forEach((l) => say(l === '' ? '' : `  ${l}`));
say();
say(`signature line base64 decodes to ${sigBytes.length} bytes: key hash ${hex(sigBytes.subarray(0, 4))} || Ed25519 signature`);
say(`  ${hex(sigBytes.subarray(4, 36))}`);
say(`  ${hex(sigBytes.subarray(36))}`);
say();

process.stdout.write(`${out.join('\n')}\n`);
