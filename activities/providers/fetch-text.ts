/**
 * One HTTP exchange with a deadline: the timeout covers connecting, the
 * headers and reading the whole body, because a server that stalls mid-body
 * must not hang an activity until Temporal's own timeout fires.
 */

/** A complete HTTP response with its body read as text. */
export interface HttpTextResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** What can go wrong before an HTTP status is known. */
export type HttpTransportFailure = 'timeout' | 'network';

/** The request never produced a complete response: it timed out or the connection failed. */
export class HttpTransportError extends Error {
  readonly kind: HttpTransportFailure;
  /** Short machine-readable reason, e.g. `ECONNREFUSED` or `timeout after 5000 ms`. */
  readonly reason: string;

  constructor(kind: HttpTransportFailure, reason: string, cause?: unknown) {
    super(reason, cause === undefined ? undefined : { cause });
    this.name = 'HttpTransportError';
    this.kind = kind;
    this.reason = reason;
  }
}

/** Request options for {@link fetchText}. */
export interface FetchTextInit {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Deadline for the whole exchange in milliseconds; must be positive. */
  timeoutMs: number;
}

/** Performs one request and reads the body. Throws {@link HttpTransportError} on timeout or connection failure; any HTTP status resolves. */
export async function fetchText(url: string, init: FetchTextInit): Promise<HttpTextResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, init.timeoutMs);
  try {
    const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, signal: controller.signal });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    if (timedOut) throw new HttpTransportError('timeout', `no complete answer within ${init.timeoutMs} ms`, err);
    throw new HttpTransportError('network', describeNetworkError(err), err);
  } finally {
    clearTimeout(timer);
  }
}

/** Digs the useful part out of undici's `TypeError: fetch failed` (the code sits on `cause`, sometimes inside an AggregateError). */
function describeNetworkError(err: unknown): string {
  let code: string | null = null;
  let message: string | null = null;
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
    if (typeof e.code === 'string') code = code ?? e.code;
    if (Array.isArray(e.errors) && e.errors.length > 0) {
      current = e.errors[0];
      continue;
    }
    if (e.cause === undefined && typeof e.message === 'string' && e.message !== 'fetch failed') message = e.message;
    current = e.cause;
  }
  if (message && code && !message.includes(code)) return `${code}: ${message}`;
  return message ?? code ?? String((err as Error)?.message ?? err);
}
