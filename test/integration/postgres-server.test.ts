import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { findPostgres } from '../../runtime/services/postgres-server';

describe('findPostgres', () => {
  describe('when DATABASE_URL is set', () => {
    it('uses that server without probing or starting anything', async () => {
      const server = await findPostgres({ DATABASE_URL: 'postgres://someone@db.example:6543/ledger' });
      expect(server).toMatchObject({ origin: 'DATABASE_URL', adminUrl: 'postgres://someone@db.example:6543/postgres' });
    });
  });

  describe('when no DATABASE_URL is set and nothing answers locally', () => {
    it('starts an embedded PostgreSQL in the cache directory that holds a working ledger', () => {
      const cache = mkdtempSync(join(tmpdir(), 'synthledger-cache-'));
      // The server runs as user postgres when we are root: its data directory must be reachable by that user.
      chmodSync(cache, 0o755);
      try {
        const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'embedded-ledger-check.ts')], {
          env: { ...process.env, DATABASE_URL: '', SYNTHLEDGER_CACHE_DIR: cache, SYNTHLEDGER_LOCAL_PG_URL: 'postgres://postgres@127.0.0.1:1/postgres' },
          encoding: 'utf8', timeout: 110_000,
        });
        expect(JSON.parse(out)).toEqual({ origin: 'embedded', index: 0 });
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    }, 120_000);
  });
});
