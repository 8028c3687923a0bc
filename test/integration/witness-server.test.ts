/**
 * The witness server over real HTTP on loopback, and the client publication
 * uses, against it and against scripted misbehaving witnesses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SynthledgerError } from '../../common/errors';
import { formatAddCheckpointRequest } from '../../ledger/core/add-checkpoint-request';
import { formatCheckpointBody, signCheckpoint, verifyCheckpoint } from '../../ledger/core/checkpoint';
import { Cosigner, addCosignatures, generateCosignerKey, parseCosignatureVerifierKey as parseKey, verifyCosignatures } from '../../ledger/core/cosignature';
import { leafHash } from '../../ledger/core/merkle';
import { MemoryNodeStore } from '../../ledger/core/merkle-proofs';
import type { NoteVerifier } from '../../ledger/core/signed-note';
import { SigningKey } from '../../ledger/core/signing-key';
import { requestCosignature } from '../../runtime/services/witness-client';
import type { WitnessEndpoint } from '../../runtime/services/witness-config';
import { startWitnessServer, type RunningWitness } from '../../runtime/services/witness-server';
import { WitnessStateStore, stateFileName } from '../../runtime/services/witness-state-store';
import { caught } from '../support/caught';
import { RecordedHttpServer } from '../support/recorded-http-server';

const ROOT = join(__dirname, '..', '..');
const ORIGIN = 'synthledger.test/witnessed-log';
const logKey = new SigningKey(ORIGIN, Buffer.alloc(32, 11));
const cosigner = new Cosigner('witness.test/w1', Buffer.alloc(32, 12));
const logs = new Map<string, NoteVerifier[]>([[ORIGIN, [logKey.verifier]]]);

/** A log kept in memory: checkpoints and proofs as the ledger would give them. */
class TestLog {
  readonly store = new MemoryNodeStore();
  constructor(private readonly key: SigningKey = logKey, private readonly tag = '') {}
  grow(n: number): this {
    for (let i = 0; i < n; i++) this.store.appendLeafHash(leafHash(Buffer.from(`${this.tag}entry ${this.store.size}`)));
    return this;
  }
  checkpoint(size = this.store.size): string {
    return signCheckpoint(formatCheckpointBody({ origin: ORIGIN, treeSize: size, rootHash: this.store.root(size) }), this.key);
  }
  proof = async (from: number, to: number): Promise<Buffer[]> => this.store.consistencyProof(from, to);
}

function endpoint(w: { url: string }, verifier = cosigner.verifier): WitnessEndpoint {
  return { url: w.url, verifier };
}

function post(url: string, body: string, method = 'POST', path = '/add-checkpoint'): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('witness server', () => {
  let dir: string;
  let witness: RunningWitness;
  let clock = 1_767_225_600;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'witness-'));
    witness = await startWitnessServer({ cosigner, logs, stateDir: dir, now: () => clock++ });
  });

  afterEach(async () => {
    await witness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('when a log presents a good checkpoint', () => {
    it('cosigns it, and the cosigned note verifies for the log key and the witness key', async () => {
      const log = new TestLog().grow(5);
      const note = log.checkpoint();
      const got = await requestCosignature(endpoint(witness), note, { consistencyProof: log.proof });
      const cosigned = addCosignatures(note, got.lines);
      expect(verifyCheckpoint(cosigned, logKey.verifier).treeSize).toBe(5);
      const found = verifyCosignatures(cosigned, [witness.verifierKey]);
      expect(found).toEqual([expect.objectContaining({ name: 'witness.test/w1', timestamp: got.cosignatures[0]!.timestamp })]);
    });

    it('cosigns a later checkpoint after learning its size from a 409, with a consistency proof', async () => {
      const log = new TestLog().grow(3);
      await requestCosignature(endpoint(witness), log.checkpoint(), { consistencyProof: log.proof });
      log.grow(9);
      const got = await requestCosignature(endpoint(witness), log.checkpoint(), { consistencyProof: log.proof });
      expect(verifyCosignatures(addCosignatures(log.checkpoint(), got.lines), [cosigner.verifier])).toHaveLength(1);
      const state = JSON.parse(readFileSync(join(dir, 'logs', stateFileName(ORIGIN)), 'utf8'));
      expect(state.treeSize).toBe(12);
    });

    it('answers the spec statuses on the wire: 409 text/x.tlog.size, 405, 404, 400', async () => {
      const log = new TestLog().grow(4);
      expect((await post(witness.url, formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpoint: log.checkpoint() }))).status).toBe(200);
      const stale = await post(witness.url, formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpoint: log.checkpoint() }));
      expect(stale).toMatchObject({ status: 409, type: 'text/x.tlog.size', text: '4\n' });
      expect((await post(witness.url, '', 'GET')).status).toBe(405);
      expect((await post(witness.url, 'x', 'POST', '/other')).status).toBe(404);
      expect((await post(witness.url, 'old 1\nnot base64!\n\n')).status).toBe(400);
      expect((await post(witness.url, 'x'.repeat(70_000))).status).toBe(413);
    });
  });

  describe('when the log forks', () => {
    it('refuses a second root for the size it cosigned (409), as a split view, and keeps the evidence', async () => {
      const log = new TestLog().grow(6);
      await requestCosignature(endpoint(witness), log.checkpoint(), { consistencyProof: log.proof });
      const fork = new TestLog(logKey, 'forked ').grow(6);
      const err = await caught<SynthledgerError>(requestCosignature(endpoint(witness), fork.checkpoint(), { consistencyProof: fork.proof, oldSizeHint: 6 }));
      expect(err.code).toBe('SPLIT_VIEW');
      expect(err.message).toMatch(/split view/);
      const evidence = readFileSync(join(dir, 'evidence.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(evidence).toEqual([expect.objectContaining({ origin: ORIGIN, refusal: 'SPLIT_VIEW_ROOT' })]);
    });

    it('refuses a larger checkpoint that is not consistent with the one it cosigned (422)', async () => {
      const log = new TestLog().grow(6);
      await requestCosignature(endpoint(witness), log.checkpoint(), { consistencyProof: log.proof });
      const fork = new TestLog(logKey, 'forked ').grow(10);
      const err = await caught<SynthledgerError>(requestCosignature(endpoint(witness), fork.checkpoint(), { consistencyProof: fork.proof }));
      expect(err.code).toBe('SPLIT_VIEW');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain('HTTP 422');
      // The refusal changed nothing: the genuine log still extends.
      log.grow(4);
      expect((await requestCosignature(endpoint(witness), log.checkpoint(), { consistencyProof: log.proof })).lines).toHaveLength(1);
    });
  });

  describe('when the checkpoint is not the log\'s', () => {
    it('refuses a bad log signature (403) and an unknown log (404), not retryable', async () => {
      const impostor = new TestLog(new SigningKey(ORIGIN, Buffer.alloc(32, 99))).grow(2);
      const bad = await caught<SynthledgerError>(requestCosignature(endpoint(witness), impostor.checkpoint(), { consistencyProof: impostor.proof }));
      expect(bad).toMatchObject({ code: 'WITNESS_REFUSED', retryable: false });
      expect(bad.message).toContain('HTTP 403');
      const otherKey = new SigningKey('elsewhere/log', Buffer.alloc(32, 13));
      const elsewhere = signCheckpoint(formatCheckpointBody({ origin: 'elsewhere/log', treeSize: 1, rootHash: leafHash(Buffer.from('x')) }), otherKey);
      const unknown = await caught<SynthledgerError>(requestCosignature(endpoint(witness), elsewhere, { consistencyProof: async () => [] }));
      expect(unknown.message).toContain('HTTP 404');
    });
  });

  describe('when it restarts', () => {
    it('keeps its state: the next request continues from the size it cosigned, and a fork is still refused', async () => {
      const log = new TestLog().grow(7);
      await requestCosignature(endpoint(witness), log.checkpoint(), { consistencyProof: log.proof });
      await witness.close();
      witness = await startWitnessServer({ cosigner, logs, stateDir: dir, now: () => clock++ });
      const fork = new TestLog(logKey, 'forked ').grow(7);
      expect((await caught<SynthledgerError>(requestCosignature(endpoint(witness), fork.checkpoint(), { consistencyProof: fork.proof }))).code).toBe('SPLIT_VIEW');
      log.grow(1);
      expect((await requestCosignature(endpoint(witness), log.checkpoint(), { consistencyProof: log.proof })).lines).toHaveLength(1);
    });

    it('refuses to share its state directory with a running witness', () => {
      expect(() => WitnessStateStore.open(dir)).toThrow(/in use by process/);
    });
  });

  describe('when requests for one log arrive together', () => {
    it('serializes them: one cosignature per old size, and the state never goes back', async () => {
      const log = new TestLog().grow(2);
      await requestCosignature(endpoint(witness), log.checkpoint(), { consistencyProof: log.proof });
      log.grow(30);
      const sizes = [5, 9, 14, 20, 27, 32];
      const answers = await Promise.all(sizes.map((size) => post(witness.url, formatAddCheckpointRequest({ oldSize: 2, proof: log.store.consistencyProof(2, size), checkpoint: log.checkpoint(size) }))));
      const accepted = answers.filter((a) => a.status === 200);
      expect(accepted).toHaveLength(1);
      const winner = sizes[answers.findIndex((a) => a.status === 200)]!;
      for (const a of answers.filter((x) => x.status !== 200)) expect(a).toMatchObject({ status: 409, text: `${winner}\n` });
      const state = JSON.parse(readFileSync(join(dir, 'logs', stateFileName(ORIGIN)), 'utf8'));
      expect(state.treeSize).toBe(winner);
      expect(readdirSync(join(dir, 'logs')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  });
});

describe('witness client', () => {
  let fake: RecordedHttpServer;
  const log = new TestLog().grow(4);

  beforeEach(async () => {
    fake = await RecordedHttpServer.start();
  });

  afterEach(async () => {
    await fake.close();
  });

  it('gives up on a witness that does not answer in time (retryable)', async () => {
    fake.route('POST', '/add-checkpoint', { delayMs: 5_000, body: '' });
    const err = await caught<SynthledgerError>(requestCosignature({ url: fake.baseUrl, verifier: cosigner.verifier }, log.checkpoint(), { consistencyProof: log.proof, timeoutMs: 300 }));
    expect(err).toMatchObject({ code: 'WITNESS_UNAVAILABLE', retryable: true });
  });

  it('refuses garbage and escapes it in the message', async () => {
    fake.route('POST', '/add-checkpoint', { body: 'hello\u001b[31m <b>\n' });
    const err = await caught<SynthledgerError>(requestCosignature({ url: fake.baseUrl, verifier: cosigner.verifier }, log.checkpoint(), { consistencyProof: log.proof }));
    expect(err).toMatchObject({ code: 'WITNESS_RESPONSE_INVALID', retryable: false });
    expect(err.message).not.toContain('\u001b');
    expect(err.message).toContain('\\u001b');
  });

  it('refuses a cosignature of another checkpoint', async () => {
    const other = formatCheckpointBody({ origin: ORIGIN, treeSize: 3, rootHash: log.store.root(3) });
    fake.route('POST', '/add-checkpoint', { body: cosigner.cosign(other, 1_767_225_600) });
    const err = await caught<SynthledgerError>(requestCosignature({ url: fake.baseUrl, verifier: cosigner.verifier }, log.checkpoint(), { consistencyProof: log.proof }));
    expect(err).toMatchObject({ code: 'COSIGNATURE_INVALID', retryable: false });
  });

  it('refuses a cosignature by another key than the configured one', async () => {
    const stranger = new Cosigner('witness.test/w1', Buffer.alloc(32, 77));
    const body = formatCheckpointBody({ origin: ORIGIN, treeSize: 4, rootHash: log.store.root(4) });
    fake.route('POST', '/add-checkpoint', { body: stranger.cosign(body, 1_767_225_600) });
    const err = await caught<SynthledgerError>(requestCosignature({ url: fake.baseUrl, verifier: cosigner.verifier }, log.checkpoint(), { consistencyProof: log.proof }));
    expect(err.code).toBe('COSIGNATURE_INVALID');
  });

  it('treats 5xx and a closed port as unavailable (retryable)', async () => {
    fake.route('POST', '/add-checkpoint', { status: 503, body: 'busy' });
    expect(await caught(requestCosignature({ url: fake.baseUrl, verifier: cosigner.verifier }, log.checkpoint(), { consistencyProof: log.proof }))).toMatchObject({ code: 'WITNESS_UNAVAILABLE', retryable: true });
    expect(await caught(requestCosignature({ url: 'http://127.0.0.1:1', verifier: cosigner.verifier }, log.checkpoint(), { consistencyProof: log.proof }))).toMatchObject({ code: 'WITNESS_UNAVAILABLE', retryable: true });
  });

  it('reports a witness ahead of the checkpoint as retryable (sign a newer one)', async () => {
    fake.route('POST', '/add-checkpoint', { status: 409, headers: { 'content-type': 'text/x.tlog.size' }, body: '9\n' });
    const err = await caught<SynthledgerError>(requestCosignature({ url: fake.baseUrl, verifier: cosigner.verifier }, log.checkpoint(), { consistencyProof: log.proof }));
    expect(err).toMatchObject({ code: 'WITNESS_REFUSED', retryable: true, details: expect.objectContaining({ witnessSize: 9 }) });
  });
});

describe('synthledger witness serve (a child process)', () => {
  let dir: string;
  let child: ChildProcess | null = null;
  const { signerKey, verifierKey } = generateCosignerKey('witness.test/process');
  const key = { verifier: verifierKey };

  /** Starts the command and resolves with its URL once it prints it (--json). */
  function serve(): Promise<{ url: string; verifierKey: string }> {
    const proc = spawn(process.execPath, [join(ROOT, 'bin', 'synthledger.js'), 'witness', 'serve', '--key', join(dir, 'witness.key'), '--state', join(dir, 'state'),
      '--port', '0', '--log', logKey.verifierKey, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    return new Promise((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as { url: string; verifierKey: string });
      });
      proc.once('exit', (code) => reject(new Error(`witness exited with ${code}: ${stderr}`)));
    });
  }

  function stop(signal: NodeJS.Signals): Promise<number | null> {
    const proc = child!;
    child = null;
    return new Promise((resolve) => {
      proc.once('exit', (code) => resolve(code));
      proc.kill(signal);
    });
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'witness-process-'));
    writeFileSync(join(dir, 'witness.key'), `${signerKey}\n`, { mode: 0o600 });
  });

  afterAll(async () => {
    if (child) await stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('cosigns, refuses a fork, and keeps its state across a clean stop and a crash', async () => {
    const log = new TestLog().grow(6);
    let running = await serve();
    expect(running.verifierKey).toBe(verifierKey);
    const first = await requestCosignature({ url: running.url, verifier: parseKey(key.verifier) }, log.checkpoint(), { consistencyProof: log.proof });
    expect(verifyCosignatures(addCosignatures(log.checkpoint(), first.lines), [verifierKey])).toHaveLength(1);

    // A clean stop (SIGTERM) exits 0 and releases the state directory.
    expect(await stop('SIGTERM')).toBe(0);
    expect(existsSync(join(dir, 'state', 'witness.lock'))).toBe(false);
    running = await serve();
    const fork = new TestLog(logKey, 'forked ').grow(6);
    const refused = await caught<SynthledgerError>(requestCosignature({ url: running.url, verifier: parseKey(key.verifier) }, fork.checkpoint(), { consistencyProof: fork.proof }));
    expect(refused.code).toBe('SPLIT_VIEW');

    // A crash (SIGKILL) leaves a stale lock and the last state on disk: the next process takes over from both.
    log.grow(3);
    await requestCosignature({ url: running.url, verifier: parseKey(key.verifier) }, log.checkpoint(), { consistencyProof: log.proof });
    await stop('SIGKILL');
    expect(existsSync(join(dir, 'state', 'witness.lock'))).toBe(true);
    running = await serve();
    const stale = await post(running.url, formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpoint: log.checkpoint() }));
    expect(stale).toMatchObject({ status: 409, text: '9\n' });
    log.grow(1);
    expect((await requestCosignature({ url: running.url, verifier: parseKey(key.verifier) }, log.checkpoint(), { consistencyProof: log.proof })).lines).toHaveLength(1);
  }, 120_000);
});
