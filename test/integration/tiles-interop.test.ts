/**
 * `synthledger log tiles`: the log as C2SP tlog-tiles, read back by Go's
 * golang.org/x/mod/sumdb/tlog tile reader (the program under
 * test/interop/tiles, its own go.mod), which recomputes the root from the
 * tiles and checks it against our checkpoint and every bundled entry against
 * its leaf. Without Go the Go part is skipped, saying why.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { buildTiles, tileIndexPath } from '../../ledger/core/tlog-tiles';
import { createCheckpoint } from '../../ledger/store/checkpointer';
import { Ledger } from '../../ledger/store/ledger';
import { writeTiles } from '../../runtime/operations/write-tiles';
import { cacheDir } from '../../runtime/services/cache-dir';
import { freshDatabase } from '../support/services';

const TILES_DIR = join(__dirname, '..', 'interop', 'tiles');
const GO = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'go')), '/usr/local/go/bin/go'].find((c) => existsSync(c)) ?? null;
if (!GO) console.warn('tiles-interop: Go part SKIPPED: the Go toolchain was not found (no `go` on PATH nor /usr/local/go/bin/go); install Go to read the tiles with golang.org/x/mod/sumdb/tlog');
const itWithGo = GO ? it : it.skip;

function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeout ?? 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0, stdout, stderr });
    });
  });
}

describe('log tiles', () => {
  describe('when naming tiles', () => {
    it('encodes indexes as tlog-tiles says (1234067 → x001/x234/067) and marks partial tiles', () => {
      expect([0, 7, 1000, 1234067].map(tileIndexPath)).toEqual(['000', '007', 'x001/000', 'x001/x234/067']);
      // 70,000 leaves: 273 full level-0 tiles and a partial one of width 112, a full and a partial (17) level-1 tile, a partial (1) level-2 tile.
      const paths = buildTiles(Array.from({ length: 70_000 }, (_, i) => Buffer.from(String(i)))).map((f) => f.path).filter((p) => !p.startsWith('tile/entries/'));
      expect(paths.filter((p) => p.startsWith('tile/0/'))).toHaveLength(274);
      expect(paths.filter((p) => !p.startsWith('tile/0/'))).toEqual(['tile/1/000', 'tile/1/001.p/17', 'tile/2/000.p/1']);
      expect(paths).toContain('tile/0/273.p/112');
    });
  });

  describe('when the log has 300 entries and a checkpoint', () => {
    let env: Awaited<ReturnType<typeof freshDatabase>>;
    let ledger: Ledger;
    let dir: string;
    const key = parseSignerKey(generateSigningKey('tiles.test/log').signerKey);

    beforeAll(async () => {
      env = await freshDatabase('tiles');
      ledger = Ledger.open(env.appUrl);
      await ledger.appendAll(Array.from({ length: 300 }, (_, i) => ({ stream: `s${i % 4}`, kind: 'test.note', contract: null, payload: { i }, idempotencyKey: `t${i}` })));
      await createCheckpoint(ledger.db, key);
      dir = mkdtempSync(join(tmpdir(), 'tiles-'));
    });
    afterAll(async () => {
      await ledger?.close();
      await env?.drop();
    });

    it('writes the checkpoint, two level-0 tiles, a partial level-1 tile and two entry bundles', async () => {
      const written = await writeTiles(ledger, dir);
      expect(written).toMatchObject({ treeSize: 300, origin: 'synthledger.local/log' });
      expect(written.files.sort()).toEqual(['checkpoint', 'tile/0/000', 'tile/0/001.p/44', 'tile/1/000.p/1', 'tile/entries/000', 'tile/entries/001.p/44']);
      expect(readFileSync(join(dir, 'tile/0/000'))).toHaveLength(256 * 32);
    });

    itWithGo('Go\'s sumdb/tlog tile reader recomputes the checkpoint root and every entry\'s leaf; a changed tile fails', async () => {
      const outDir = join(cacheDir(), 'interop');
      mkdirSync(outDir, { recursive: true });
      const binary = join(outDir, 'tiles-interop');
      const tmp = `${binary}.${process.pid}.tmp`;
      const goEnv = { ...process.env, GOFLAGS: '-mod=mod', PATH: `${process.env.PATH ?? ''}${delimiter}/usr/local/go/bin` };
      const built = await run(GO!, ['build', '-o', tmp, '.'], { cwd: TILES_DIR, env: goEnv, timeout: 280_000 });
      if (built.code !== 0) throw new Error(`go build failed:\n${built.stderr}`);
      renameSync(tmp, binary);

      const ok = await run(binary, [dir, key.verifierKey]);
      expect(ok.stderr).toBe('');
      expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, treeSize: 300, entries: 300, origin: 'synthledger.local/log' });

      const tile = readFileSync(join(dir, 'tile/0/001.p/44'));
      tile[5] ^= 1;
      writeFileSync(join(dir, 'tile/0/001.p/44'), tile);
      const bad = await run(binary, [dir, key.verifierKey]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).not.toBe('');
    }, 300_000);
  });
});
