/**
 * One signing key per log (migration 0003): the first checkpoint binds the
 * log origin to its key; another key is refused by the database and writes
 * nothing, also when two processes race; `keys rotate` hands the log over
 * with a statement the old key signed, which verifiers follow from a pinned key.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Ledger } from '../../ledger/store/ledger';
import { createCheckpoint, latestCheckpoint } from '../../ledger/store/checkpointer';
import { logKeys } from '../../ledger/store/log-keys';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { EMPTY_TRUST_POLICY, parseTrustedKeys, verifyTrustedCheckpoint } from '../../ledger/core/trust-policy';
import { caught } from '../support/caught';
import { freshDatabase } from '../support/services';

const ROOT = join(__dirname, '..', '..');
const ORIGIN = 'synthledger.local/log';

interface CliRun { status: number; stdout: string; stderr: string }

describe('one signing key per log', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ledger: Ledger;
  const tmp = mkdtempSync(join(tmpdir(), 'synthledger-keys-'));
  const keyA = generateSigningKey(ORIGIN);
  const keyB = generateSigningKey(ORIGIN);

  const cli = (env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> => new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), ...args], {
      cwd: tmp, timeout: 110_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: db.ownerUrl, SYNTHLEDGER_CACHE_DIR: join(tmp, 'cache'), SYNTHLEDGER_APP_PASSWORD: process.env.SYNTHLEDGER_APP_PASSWORD, ...env },
    }, (err, stdout, stderr) => resolve({ status: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0, stdout, stderr }));
  });

  /** Everything a signing attempt could change. */
  async function snapshot() {
    const state = await ledger.reader.logState();
    const checkpoints = await ledger.db.selectFrom('ledger_checkpoints').select(['tree_size', 'note', 'verifier_key']).orderBy('tree_size').execute();
    return { size: state.size, root: state.rootHash.toString('hex'), checkpoints, keys: await logKeys(ledger.db, ORIGIN) };
  }

  beforeAll(async () => {
    db = await freshDatabase('log_keys');
    ledger = Ledger.open(db.appUrl);
    for (let i = 0; i < 5; i++) await ledger.append({ stream: 's', kind: 'test.note', contract: null, payload: { i }, idempotencyKey: `k${i}` });
  });
  afterAll(async () => {
    await ledger?.close();
    await db?.drop();
  });

  describe('when two processes sign the same new log with different keys', () => {
    it('binds the first key; the second process is refused with SIGNING_KEY_MISMATCH and the log is unchanged', async () => {
      const [a, b] = await Promise.all([cli({ SYNTHLEDGER_SIGNING_KEY: keyA.signerKey }, 'checkpoint', '--json'), cli({ SYNTHLEDGER_SIGNING_KEY: keyB.signerKey }, 'checkpoint', '--json')]);
      const outcomes = [a, b].map((r) => r.status).sort();
      if (outcomes[1] !== 2) console.log(a, b);
      expect(outcomes).toEqual([0, 2]);
      const [winner, loser] = a.status === 0 ? [keyA, keyB] : [keyB, keyA];
      const refused = a.status === 0 ? b : a;
      expect(JSON.parse(refused.stdout).error.code).toBe('SIGNING_KEY_MISMATCH');

      const before = await snapshot();
      expect(before.keys).toEqual([{ origin: ORIGIN, fromTreeSize: 0, verifierKey: winner.verifierKey, rotationStatement: null }]);
      expect(before.checkpoints.every((c) => c.verifier_key === winner.verifierKey)).toBe(true);

      // Again, now that the binding exists: refused before anything is written, in process and by the database.
      const again = await cli({ SYNTHLEDGER_SIGNING_KEY: loser.signerKey }, 'checkpoint');
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(/^SIGNING_KEY_MISMATCH: /m);
      await ledger.append({ stream: 's', kind: 'test.note', contract: null, payload: { i: 5 }, idempotencyKey: 'k5' });
      const grown = await snapshot();
      expect((await caught<{ code: string }>(createCheckpoint(ledger.db, parseSignerKey(loser.signerKey)))).code).toBe('SIGNING_KEY_MISMATCH');
      expect(await snapshot()).toEqual(grown);
      expect(grown.checkpoints).toEqual(before.checkpoints);
    }, 120_000);

    it('keys init refuses a log that already has a key, and no command generates one for it', async () => {
      const init = await cli({}, 'keys', 'init');
      expect(init.status).toBe(2);
      expect(init.stderr).toMatch(/^LOG_KEY_EXISTS: /m);
      const checkpoint = await cli({}, 'checkpoint');
      expect(checkpoint.status).toBe(3);
      expect(checkpoint.stderr).toMatch(/a new key is never generated for a log that has one/);
    }, 60_000);

    it('the database refuses a forged binding or a checkpoint whose note is not signed by the key it names', async () => {
      const bound = (await logKeys(ledger.db, ORIGIN))[0]!.verifierKey;
      const other = bound === keyA.verifierKey ? keyB : keyA;
      // The application role writes only through the owner's functions (migration 0004)…
      await expect(sql`INSERT INTO ledger_log_keys (origin, from_tree_size, verifier_key) VALUES (${ORIGIN}, 1000, ${other.verifierKey})`.execute(ledger.db)).rejects.toThrow(/permission denied/);
      // …and through them the key checks of migration 0003 still refuse a forged binding or note.
      await expect(sql`SELECT ledger_bind_log_key(${ORIGIN}, 1000::bigint, ${other.verifierKey}, ${null})`.execute(ledger.db)).rejects.toThrow(/already has key/);
      const cp = (await latestCheckpoint(ledger.db))!;
      await expect(sql`SELECT ledger_add_checkpoint(${String(cp.treeSize)}::bigint, ${cp.rootHash.toString('hex')}, ${cp.note}, ${other.verifierKey})`.execute(ledger.db))
        .rejects.toThrow(/not signed by the key it names/);
    });
  });

  describe('when the log key is rotated', () => {
    it('signs with the new key only after the statement; verifiers accept it only through a pinned key or a trust file', async () => {
      const bound = (await logKeys(ledger.db, ORIGIN))[0]!.verifierKey;
      const [current, next] = bound === keyA.verifierKey ? [keyA, keyB] : [keyB, keyA];
      const newKeyFile = join(tmp, 'new.signer-key');
      writeFileSync(newKeyFile, `${next.signerKey}\n`, { mode: 0o600 });

      // Only the current key may rotate.
      const usurper = generateSigningKey(ORIGIN);
      const refused = await cli({ SYNTHLEDGER_SIGNING_KEY: usurper.signerKey }, 'keys', 'rotate', '--new-key', newKeyFile);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/^SIGNING_KEY_MISMATCH: /m);

      const rotated = await cli({ SYNTHLEDGER_SIGNING_KEY: current.signerKey }, 'keys', 'rotate', '--new-key', newKeyFile, '--json');
      expect(rotated.status).toBe(0);
      const r = JSON.parse(rotated.stdout);
      expect(r).toMatchObject({ oldKey: current.verifierKey, newKey: next.verifierKey, trustFile: { logs: [{ origin: ORIGIN, keys: [current.verifierKey, next.verifierKey] }] } });
      const entry = await ledger.reader.entryAt(r.entryIndex);
      expect(entry.header).toMatchObject({ stream: 'log-keys', kind: 'log.key-rotation' });
      expect(r.fromTreeSize).toBeLessThanOrEqual(entry.header.index + 1);

      const oldAfter = await cli({ SYNTHLEDGER_SIGNING_KEY: current.signerKey }, 'checkpoint');
      expect(oldAfter.status).toBe(2);
      expect(oldAfter.stderr).toMatch(/^SIGNING_KEY_MISMATCH: /m);
      const newAfter = await cli({ SYNTHLEDGER_SIGNING_KEY: next.signerKey }, 'checkpoint', '--json');
      expect(newAfter.status).toBe(0);
      const note = JSON.parse(newAfter.stdout).note as string;

      const pinnedOld = { ...EMPTY_TRUST_POLICY, anyOrigin: parseTrustedKeys([current.verifierKey], '--trusted-key') };
      const viaStatement = verifyTrustedCheckpoint(note, { policy: pinnedOld, keyRotations: [r.statement] });
      expect(viaStatement).toMatchObject({ status: 'TRUSTED', trustedKey: { key: next.verifierKey } });
      expect(viaStatement.trustedKey!.source).toMatch(/^rotation signed by /);
      expect((await caught<{ code: string }>(Promise.resolve().then(() => verifyTrustedCheckpoint(note, { policy: pinnedOld })))).code).toBe('SIGNATURE_INVALID');
    }, 120_000);
  });
});
