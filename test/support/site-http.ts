/**
 * Real HTTP requests to a site under test: the app listens on an ephemeral
 * port of 127.0.0.1 and requests go through Node's fetch (so headers, body
 * limits and redirects behave as they do for a browser).
 */
import type { FastifyInstance } from 'fastify';

/** A response, read completely. */
export interface SiteResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  rawPayload: Buffer;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
}

/** Sends one request to `app` (listening first if needed); redirects are returned, not followed. */
export async function request(app: FastifyInstance, o: { method?: string; url: string; headers?: Record<string, string>; payload?: string }): Promise<SiteResponse> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const res = await fetch(`http://127.0.0.1:${port}${o.url}`, { method: o.method ?? 'GET', headers: o.headers, body: o.payload, redirect: 'manual' });
  const rawPayload = Buffer.from(await res.arrayBuffer());
  const body = rawPayload.toString('utf8');
  return { statusCode: res.status, headers: Object.fromEntries(res.headers.entries()), body, rawPayload, json: () => JSON.parse(body) };
}
