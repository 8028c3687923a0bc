/**
 * A transparency-log witness over HTTP (C2SP tlog-witness, `POST
 * /add-checkpoint`), on Node's `http`. It holds its own Ed25519 key and state
 * directory, decides each request with the pure `checkAddCheckpoint`, and
 * answers with a cosignature/v1 line. Requests for one log origin run one at
 * a time, from reading the state to persisting the new one, so two
 * concurrent requests can never roll the state back (the race the spec
 * describes); the state is on disk before the cosignature leaves.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADD_CHECKPOINT_PATH, TLOG_SIZE_CONTENT_TYPE, formatTreeSizeBody, parseAddCheckpointRequest, type AddCheckpointRequest } from '../../ledger/core/add-checkpoint-request';
import type { Cosigner } from '../../ledger/core/cosignature';
import type { NoteVerifier } from '../../ledger/core/signed-note';
import { checkAddCheckpoint, checkpointOriginOf, type AddCheckpointDecision } from '../../ledger/core/witness-check';
import { WitnessStateStore } from './witness-state-store';

/** Port `witness serve` listens on unless told otherwise. */
export const DEFAULT_WITNESS_PORT = 7380;

/** Largest request body accepted: 63 proof lines and a checkpoint with many signatures fit easily. */
export const MAX_WITNESS_REQUEST_BYTES = 64 * 1024;

/** Options of {@link startWitnessServer}. */
export interface WitnessServerOptions {
  cosigner: Cosigner;
  /** Origin → verifier keys of the logs this witness accepts. */
  logs: ReadonlyMap<string, readonly NoteVerifier[]>;
  /** State directory (created if missing; locked while the server runs). */
  stateDir: string;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Current time in POSIX seconds (default: the system clock). */
  now?: () => number;
  /** One line per request (default: nothing). */
  log?: (line: string) => void;
}

/** A running witness. */
export interface RunningWitness {
  /** `http://host:port`, the submission prefix. */
  url: string;
  port: number;
  /** The witness's cosignature verifier key, for publishers and verifiers. */
  verifierKey: string;
  /** Stops accepting requests, waits for those in flight and releases the state directory. */
  close(): Promise<void>;
}

/** Starts a witness; resolves once it listens. Throws CONFIG_INVALID when the state directory is in use or unreadable. */
export async function startWitnessServer(options: WitnessServerOptions): Promise<RunningWitness> {
  const store = WitnessStateStore.open(options.stateDir);
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const log = options.log ?? (() => undefined);
  const queues = new Map<string, Promise<unknown>>();

  // One chain of promises per origin: each request starts after the previous one for that log settled.
  const serialized = <T>(origin: string, task: () => T): Promise<T> => {
    const previous = queues.get(origin) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.then(() => undefined, () => undefined);
    queues.set(origin, settled);
    void settled.then(() => {
      if (queues.get(origin) === settled) queues.delete(origin);
    });
    return run;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== ADD_CHECKPOINT_PATH) return reply(res, 404, 'not found: this witness serves POST /add-checkpoint\n');
    if (req.method !== 'POST') return reply(res, 405, 'method not allowed: use POST\n', { Allow: 'POST' });
    const raw = await readBody(req);
    if (raw === 'too-large') return reply(res, 413, `request body exceeds ${MAX_WITNESS_REQUEST_BYTES} bytes\n`);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return reply(res, 400, 'request body is not UTF-8\n');
    }
    let request: AddCheckpointRequest;
    try {
      request = parseAddCheckpointRequest(text);
    } catch (err) {
      return reply(res, 400, `${(err as Error).message}\n`);
    }
    const origin = checkpointOriginOf(request.checkpoint) ?? '';
    const outcome = await serialized(origin, () => decide(request, text));
    if (outcome.accepted) {
      log(`cosigned ${JSON.stringify(outcome.origin)} at size ${outcome.checkpoint.treeSize}`);
      return reply(res, 200, outcome.line);
    }
    log(`refused (${outcome.status} ${outcome.refusal}): ${outcome.message}`);
    if (outcome.refusal === 'OLD_SIZE_MISMATCH') return reply(res, 409, formatTreeSizeBody(outcome.latestSize ?? 0), { 'Content-Type': TLOG_SIZE_CONTENT_TYPE });
    return reply(res, outcome.status, `${outcome.message}\n`);
  };

  // Runs under the origin's turn: decide, cosign, persist; synchronous, so nothing interleaves.
  const decide = (request: AddCheckpointRequest, text: string): (AddCheckpointDecision & { accepted: false }) | (AddCheckpointDecision & { accepted: true; line: string }) => {
    const origin = checkpointOriginOf(request.checkpoint);
    const decision = checkAddCheckpoint(request, options.logs, origin === null ? null : store.get(origin));
    if (!decision.accepted) {
      if (decision.evidence) store.recordEvidence({ at: now(), origin: decision.origin ?? '', refusal: decision.refusal, message: decision.message, request: text });
      return decision;
    }
    const cosignedAt = now();
    const line = options.cosigner.cosign(decision.body, cosignedAt);
    store.save({ origin: decision.origin, treeSize: decision.checkpoint.treeSize, rootHash: decision.checkpoint.rootHash, body: decision.body, cosignedAt });
    return { ...decision, line };
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`internal error: ${(err as Error).message}`);
      if (!res.headersSent) reply(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  // A slow client must not hold an origin's turn: the body is read before the turn is taken, within these limits.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    store.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    verifierKey: options.cosigner.verifier.keyString,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }).then(async () => {
        await Promise.all([...queues.values()]);
        store.close();
      });
      return closing;
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WITNESS_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
