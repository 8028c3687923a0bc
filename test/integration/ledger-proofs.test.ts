import { sql } from 'kysely';
import { Ledger } from '../../ledger/store/ledger';
import { leafHash } from '../../ledger/core/merkle';
import { verifyConsistency, verifyInclusion } from '../../ledger/core/merkle-verify';
import { freshDatabase } from '../support/services';

describe('LedgerReader proofs from stored nodes', () => {
  let env: Awaited<ReturnType<typeof freshDatabase>>;
  let ledger: Ledger;
  const N = 37;
  beforeAll(async () => {
    env = await freshDatabase('proofs');
    ledger = Ledger.open(env.appUrl);
    // Groups of varying size so node completion crosses transaction boundaries.
    for (let i = 0; i < N;) {
      const size = Math.min(1 + (i % 4), N - i);
      await ledger.appendAll(Array.from({ length: size }, (_, k) => ({
        stream: `s${(i + k) % 3}`, kind: 'test.note', contract: null, payload: { n: i + k }, idempotencyKey: `k${i + k}`,
      })));
      i += size;
    }
  });
  afterAll(async () => {
    await ledger.close();
    await env.drop();
  });

  describe('when every leaf is proven at every tree size', () => {
    it('verifies each inclusion proof against rootAt(size)', async () => {
      const rows = await ledger.reader.rowsInRange(0, N);
      const failures: string[] = [];
      for (let size = 1; size <= N; size++) {
        const root = await ledger.reader.rootAt(size);
        for (let i = 0; i < size; i++) {
          const proof = await ledger.reader.inclusionProof(i, size);
          try {
            verifyInclusion(leafHash(Buffer.from(rows[i]!.header, 'utf8')), i, size, proof, root);
          } catch (e) {
            failures.push(`leaf ${i} of ${size}: ${(e as Error).message}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe('when proofs are asked for again and again', () => {
    it('runs the node lookup as a statement prepared once per connection', async () => {
      const one = Ledger.open(env.appUrl, { maxConnections: 1, sequencer: 'direct' });
      try {
        const proof = await one.reader.inclusionProof(3, N);
        expect(await one.reader.inclusionProof(3, N)).toEqual(proof);
        const { rows } = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(one.db);
        expect(rows.map((r) => r.name)).toEqual(['ledger_proof_nodes']);
      } finally {
        await one.close();
      }
    });
  });

  describe('when consistency between two sizes is proven', () => {
    it('verifies for every pair of sizes', async () => {
      const roots: Buffer[] = [Buffer.alloc(0)];
      for (let size = 1; size <= N; size++) roots.push(await ledger.reader.rootAt(size));
      const failures: string[] = [];
      for (let m = 1; m <= N; m += 3) {
        for (let n = m; n <= N; n += 2) {
          try {
            verifyConsistency(m, n, await ledger.reader.consistencyProof(m, n), roots[m]!, roots[n]!);
          } catch (e) {
            failures.push(`${m}→${n}: ${(e as Error).message}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  });

  describe('when asked for sizes the log does not have', () => {
    it.each([
      ['a leaf beyond the tree', () => ledger.reader.inclusionProof(N, N), '$.leafIndex'],
      ['a tree larger than the log', () => ledger.reader.inclusionProof(0, N + 1), '$.treeSize'],
      ['a root beyond the log', () => ledger.reader.rootAt(N + 5), '$.treeSize'],
      ['a consistency proof from the empty tree', () => ledger.reader.consistencyProof(0, N), '$.oldSize'],
      ['a consistency proof to a size beyond the log', () => ledger.reader.consistencyProof(1, N + 1), '$.newSize'],
    ])('refuses %s naming the field', async (_name, call, path) => {
      await expect(call()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path })] });
    });
  });
});
