/**
 * A real HTTP server for tests of network providers: it listens on
 * 127.0.0.1 on a free port, answers each route with scripted responses in
 * order, records every request, and can stall, fail or reset connections.
 * Tests go through the real `fetch`, sockets and parsing, with no mocks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. */
export interface ScriptedResponse {
  /** HTTP status, default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON with `content-type: application/json`. */
  body?: unknown;
  /** Wait this long before answering (to exercise client timeouts). */
  delayMs?: number;
  /** Destroy the socket instead of answering (a connection reset). */
  reset?: boolean;
}

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path without query string. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Computes an answer from the request, for routes whose answer depends on it. */
export type ResponseScript = (request: RecordedRequest) => ScriptedResponse;

interface Route {
  queue: Array<ScriptedResponse | ResponseScript>;
}

/** A scripted local HTTP server; create with {@link RecordedHttpServer.start}, always {@link RecordedHttpServer.close}. */
export class RecordedHttpServer {
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Route>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>`, without a trailing slash. */
    readonly baseUrl: string,
  ) {}

  /** Starts a server on 127.0.0.1 with an OS-assigned port. */
  static async start(): Promise<RecordedHttpServer> {
    // eslint-disable-next-line prefer-const -- the request handler closes over it before the server exists
    let instance: RecordedHttpServer | undefined;
    const server = createServer((req, res) => {
      instance!.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    instance = new RecordedHttpServer(server, `http://127.0.0.1:${port}`);
    return instance;
  }

  /**
   * Scripts `method path`: each request takes the next response; the last one
   * repeats, so a single response answers every call.
   */
  route(method: string, path: string, ...responses: Array<ScriptedResponse | ResponseScript>): this {
    if (responses.length === 0) throw new Error(`route ${method} ${path} needs at least one response`);
    this.routes.set(`${method.toUpperCase()} ${path}`, { queue: [...responses] });
    return this;
  }

  /** Requests received on one path. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Stops listening, cuts open (keep-alive or stalled) connections and cancels pending delays. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await new Promise<void>((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      // fetch keeps connections alive; without this, close() would wait for them to idle out.
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.baseUrl);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams.entries()),
        headers: { ...req.headers },
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.requests.push(recorded);
      const route = this.routes.get(`${recorded.method} ${recorded.path}`);
      if (!route) {
        this.respond(res, { status: 404, body: { error: `no scripted route for ${recorded.method} ${recorded.path}` } });
        return;
      }
      const next = route.queue.length > 1 ? route.queue.shift()! : route.queue[0];
      const scripted = typeof next === 'function' ? next(recorded) : next;
      if (scripted.delayMs && scripted.delayMs > 0) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.respond(res, scripted);
        }, scripted.delayMs);
        this.timers.add(timer);
        // The client gave up (timeout): drop the pending answer so nothing outlives the test.
        res.on('close', () => {
          clearTimeout(timer);
          this.timers.delete(timer);
        });
      } else {
        this.respond(res, scripted);
      }
    });
  }

  private respond(res: ServerResponse, scripted: ScriptedResponse): void {
    if (res.destroyed) return;
    if (scripted.reset) {
      res.socket?.destroy();
      return;
    }
    const isText = typeof scripted.body === 'string';
    const body = scripted.body === undefined ? '' : isText ? (scripted.body as string) : JSON.stringify(scripted.body);
    const headers: Record<string, string> = { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json', ...scripted.headers };
    res.writeHead(scripted.status ?? 200, headers);
    res.end(body);
  }
}
