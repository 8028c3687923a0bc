import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Ledger } from '../../ledger/store/ledger';
import { leafHash, rootFromLeafHashes } from '../../ledger/core/merkle';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import { appUrl, openOwnerDb, uniqueStream } from '../support/services';

const WRITERS_PER_PROCESS = 10;
const ENTRIES_PER_WRITER = 500;

function runWriterProcess(prefix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), join(__dirname, '..', 'support', 'concurrent-writer.ts'),
      appUrl(), String(WRITERS_PER_PROCESS), String(ENTRIES_PER_WRITER), prefix], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer process exited ${code}: ${stderr}`))));
  });
}

describe('ledger under concurrent writers', () => {
  const owner = openOwnerDb();
  afterAll(() => owner.destroy());

  describe('when 20 writers in 2 processes append 500 entries each', () => {
    it('produces one gap-free index sequence, valid chains and one Merkle tree', async () => {
      const prefixes = [uniqueStream('procA'), uniqueStream('procB')];
      await Promise.all(prefixes.map(runWriterProcess));

      const ledger = Ledger.open(appUrl());
      try {
        const state = await ledger.reader.logState();
        const stats = (await sql<{ n: string; lo: string; hi: string }>`
          SELECT count(*) AS n, min(idx) AS lo, max(idx) AS hi FROM ledger_entries`.execute(owner)).rows[0]!;
        expect(Number(stats.lo)).toBe(0);
        expect(Number(stats.hi)).toBe(state.size - 1);
        expect(Number(stats.n)).toBe(state.size);

        let written = 0;
        for (const prefix of prefixes) {
          for (let w = 0; w < WRITERS_PER_PROCESS; w++) {
            const stream = `${prefix}-w${w}`;
            const rows = await ledger.reader.streamRows(stream);
            expect(rows).toHaveLength(ENTRIES_PER_WRITER);
            const result = verifyStreamRows(stream, rows);
            expect(result.firstBroken).toBeNull();
            written += rows.length;
          }
        }
        expect(written).toBe(2 * WRITERS_PER_PROCESS * ENTRIES_PER_WRITER);

        const leaves = await ledger.reader.rowsInRange(0, state.size);
        const root = rootFromLeafHashes(leaves.map((r) => leafHash(Buffer.from(r.header, 'utf8'))));
        expect(root.equals(state.rootHash)).toBe(true);
        expect((await ledger.reader.rootAt(state.size)).equals(state.rootHash)).toBe(true);
      } finally {
        await ledger.close();
      }
    }, 300_000);
  });
});
