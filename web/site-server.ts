/**
 * The publication site: a read-only Fastify server over the ledger
 * (application role) that renders HTML on the server. Temporal is optional:
 * the history page shows the workflow timeline from Temporal, or, when
 * Temporal is absent, unreachable or no longer has the runs, from the
 * histories the ledger archives; with Temporal the reviewer's desk can pass
 * a decision on, which additionally needs the operator token. Every response carries a strict Content-Security-Policy.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { SynthledgerError, ValidationError } from '../common/errors';
import { packageFile } from '../common/package-root';
import { latestCheckpoint, type Ledger } from '../ledger';
import { archivedTimelines, bundleFiles, isWorkflowGone, loadEvidence, loadPublished, type HumanReviewDecision, type Timeline } from '../runtime';
import type { SafeHtml } from './html';
import { operatorTokenMatches } from './operator-token';
import { errorPage } from './pages/error-page';
import { historyPage } from './pages/history-page';
import { indexPage } from './pages/index-page';
import { ledgerPage } from './pages/ledger-page';
import { reviewPage } from './pages/review-page';
import { synthesisPage } from './pages/synthesis-page';
import { publisherKeys } from './publisher-keys';
import { positiveIntParam, reviewDecisionParams, statusParam, synthesisIdParam } from './site-params';
import { listSyntheses } from './synthesis-catalog';
import { loadSynthesis } from './synthesis-record';
import { tarGz } from './tar-gz';
import { parseTilePath, TileServer } from './log-tiles';
import { BROWSER_VERIFIER_PATH, verifyPageBody } from './pages/verify-panel';
import { layout } from './pages/layout';

/** Largest request body the site reads (the review form); larger bodies are refused with 413. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * The policy every response carries: nothing loads from anywhere but the
 * site itself, no inline script or style, no framing, forms post only here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
  "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

/** Options of {@link createSite}. */
export interface SiteOptions {
  /** The ledger, opened as the application role (INSERT/SELECT only; the site only reads). */
  ledger: Ledger;
  /** Timelines of a synthesis's workflow runs from Temporal (the synthesis run, then its correction runs); absent or failing: the ledger's history archive. */
  timelines?: (synthesisId: string) => Promise<Timeline[]>;
  /** Passes a reviewer's decision to the waiting workflow; absent: the desk cannot decide. */
  submitReview?: (synthesisId: string, decision: HumanReviewDecision) => Promise<unknown>;
  /** `SYNTHLEDGER_OPERATOR_TOKEN`; unset or empty: no decision is ever accepted from the site. */
  operatorToken?: string | null;
  /** Verifier keys the publisher announces (default: the key of the latest receipt). */
  verifierKeys?: readonly string[];
  /** The witnesses whose cosignatures the publisher asks for: their submission URL and cosignature verifier key. */
  witnesses?: ReadonlyArray<{ url: string; verifierKey: string }>;
  /** The process logger (pino): requests and internal errors are logged through it; absent: nothing is logged. */
  logger?: FastifyBaseLogger;
  /** Syntheses per index page (default 20). */
  pageSize?: number;
}

// A shipped file, not code: found from the package root whether the site runs from source or from dist/.
const STYLESHEET = readFileSync(packageFile('web', 'assets', 'site.css'));
// The browser build of the one verifier (scripts/build-verifier.ts), served as a static module.
const BROWSER_VERIFIER = readFileSync(packageFile('verifier', 'verify-bundle.browser.mjs'));

function sendHtml(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page.value);
}

/** HTTP status of an error. */
function statusOf(e: unknown): { status: number; code: string; message: string } {
  if (e instanceof SynthledgerError) {
    if (e.code === 'NOT_FOUND') return { status: 404, code: e.code, message: e.message };
    if (e instanceof ValidationError) return { status: e.code === 'PAYLOAD_TOO_LARGE' ? 413 : 400, code: e.code, message: e.message };
    if (e.code === 'SERVICE_UNAVAILABLE' || e.code === 'LEDGER_UNAVAILABLE') return { status: 503, code: e.code, message: 'a service the site needs is unavailable' };
  }
  const f = e as { statusCode?: number; code?: string };
  if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    return { status: f.statusCode, code: f.code ?? 'BAD_REQUEST', message: f.statusCode === 413 ? `the request body is larger than ${MAX_BODY_BYTES} bytes` : 'the request was refused' };
  }
  // Internal details stay in the log, never on the page.
  return { status: 500, code: 'INTERNAL', message: 'an internal error occurred' };
}

/** Builds the site (not yet listening): call `listen()` on the result, or `inject()` in tests. */
export async function createSite(options: SiteOptions): Promise<FastifyInstance> {
  const { ledger } = options;
  const app = Fastify({ ...(options.logger ? { loggerInstance: options.logger } : { logger: false }), bodyLimit: MAX_BODY_BYTES, routerOptions: { maxParamLength: 200 } });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    return payload;
  });

  // The review form arrives urlencoded; Fastify has no parser for it built in.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.setErrorHandler((error, _req, reply) => {
    const { status, code, message } = statusOf(error);
    if (status >= 500) app.log.error(error);
    return sendHtml(reply, errorPage(status, code, message), status);
  });
  app.setNotFoundHandler((_req, reply) => sendHtml(reply, errorPage(404, 'NOT_FOUND', 'no such page'), 404));

  // Browsers ask for it on every first visit; there is none, and saying so is not an error.
  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());
  app.get('/assets/site.css', (_req, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(STYLESHEET));
  app.get(BROWSER_VERIFIER_PATH, (_req, reply) => reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(BROWSER_VERIFIER));
  const siteKeys = async () => (await publisherKeys(ledger, options.verifierKeys ?? [])).map((k) => k.verifierKey);

  app.get('/verify', async (_req, reply) => sendHtml(reply, layout({ title: 'Verify a bundle', body: verifyPageBody(await siteKeys()) })));

  app.get('/', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const status = statusParam(q.status);
    const page = positiveIntParam(q.page, 'page', 1);
    return sendHtml(reply, indexPage(await listSyntheses(ledger, { status, page, pageSize: options.pageSize ?? 20 }), status));
  });

  app.get('/s/:id', async (req, reply) => {
    const id = synthesisIdParam((req.params as Record<string, unknown>).id);
    return sendHtml(reply, synthesisPage(await loadSynthesis(ledger, id), undefined, await siteKeys()));
  });

  app.get('/s/:id/v/:n', async (req, reply) => {
    const params = req.params as Record<string, unknown>;
    const id = synthesisIdParam(params.id);
    const n = positiveIntParam(params.n, ':n');
    const s = await loadSynthesis(ledger, id);
    const version = s.manifests.find((v) => v.manifest.manifestVersion === n);
    if (!version) return sendHtml(reply, errorPage(404, 'NOT_FOUND', `synthesis ${id} has no manifest version ${n}`), 404);
    return sendHtml(reply, synthesisPage(s, version, await siteKeys()));
  });

  app.get('/s/:id/ledger', async (req, reply) => {
    const id = synthesisIdParam((req.params as Record<string, unknown>).id);
    const entries = await ledger.reader.stream(id);
    if (entries.length === 0) return sendHtml(reply, errorPage(404, 'NOT_FOUND', `no ledger stream ${id}`), 404);
    const checkpoint = await latestCheckpoint(ledger.db);
    const proven = await Promise.all(entries.map(async (entry) => ({
      entry,
      proof: checkpoint && entry.header.index < checkpoint.treeSize
        ? (await ledger.reader.inclusionProof(entry.header.index, checkpoint.treeSize)).map((b) => b.toString('hex'))
        : null,
    })));
    return sendHtml(reply, ledgerPage(id, proven, checkpoint));
  });

  app.get('/s/:id/history', async (req, reply) => {
    const id = synthesisIdParam((req.params as Record<string, unknown>).id);
    const entries = await ledger.reader.stream(id);
    if (entries.length === 0) return sendHtml(reply, errorPage(404, 'NOT_FOUND', `no ledger stream ${id}`), 404);
    let timelines: Timeline[] | null = null;
    let unavailable: string | null = null;
    if (options.timelines) {
      try {
        timelines = await options.timelines(id);
      } catch (e) {
        unavailable = `Temporal did not return this history (${e instanceof SynthledgerError ? e.code : isWorkflowGone(e) ? 'it does not have the run' : 'unreachable'})`;
      }
    } else {
      unavailable = 'Temporal is not configured for this site';
    }
    // Without Temporal's answer: the runs' histories as the ledger archived them (at publication, outcome and each correction).
    if (!timelines) {
      const archived = await archivedTimelines(ledger, id);
      if (archived.length > 0) timelines = archived;
    }
    return sendHtml(reply, historyPage(id, timelines, entries, unavailable));
  });

  app.get('/s/:id/bundle', async (req, reply) => {
    const id = synthesisIdParam((req.params as Record<string, unknown>).id);
    const q = req.query as Record<string, unknown>;
    const version = q.version === undefined ? undefined : positiveIntParam(q.version, 'version');
    const published = await loadPublished(ledger, id, version);
    const dir = `${id.replace(/[^A-Za-z0-9._-]/g, '_')}-v${published.manifest.manifestVersion}`;
    const mtime = Math.floor(Date.parse(published.manifest.publishedAt) / 1000) || 0;
    // A manifest at public level L4 promises its whole stream: the download carries evidence/, as `export` writes it.
    const evidence = published.manifest.provenance.publicLevel === 'L4' ? await loadEvidence(ledger, published) : new Map<string, Buffer>();
    const files = [...bundleFiles(published), ...[...evidence].map(([name, data]) => ({ name, data }))];
    const archive = tarGz(files.map((f) => ({ name: `${dir}/${f.name}`, data: f.data })), mtime);
    return reply.type('application/gzip').header('Content-Disposition', `attachment; filename="${dir}.tar.gz"`).send(archive);
  });

  // The log's latest signed checkpoint (C2SP signed note), for readers who check a receipt against today's tree.
  app.get('/log/checkpoint', async (_req, reply) => {
    const checkpoint = await latestCheckpoint(ledger.db);
    if (!checkpoint) return sendHtml(reply, errorPage(404, 'NOT_FOUND', 'no checkpoint has been signed yet'), 404);
    return reply.type('text/plain; charset=utf-8').send(checkpoint.note);
  });

  // The log as C2SP tlog-tiles under the prefix /log: full tiles never change, partial ones do as the tree grows.
  const tiles = new TileServer(ledger);
  app.get('/log/tile/*', async (req, reply) => {
    const request = parseTilePath((req.params as Record<string, string>)['*'] ?? '');
    const bytes = request ? await tiles.tile(request) : null;
    if (!request || !bytes) return reply.code(404).type('text/plain; charset=utf-8').header('Cache-Control', 'no-store').send('no such tile\n');
    return reply.type('application/octet-stream')
      .header('Cache-Control', request.full ? 'public, max-age=31536000, immutable' : 'public, max-age=5')
      .send(Buffer.from(bytes));
  });

  app.get('/.well-known/synthledger-keys', async (_req, reply) => {
    const state = await ledger.reader.logState();
    return reply.type('application/json; charset=utf-8').send({
      origin: state.origin, keys: await publisherKeys(ledger, options.verifierKeys ?? []), witnesses: options.witnesses ?? [],
    });
  });

  app.get('/review/:id', async (req, reply) => {
    const id = synthesisIdParam((req.params as Record<string, unknown>).id);
    return sendHtml(reply, reviewPage(await loadSynthesis(ledger, id), Boolean(options.operatorToken && options.submitReview)));
  });

  app.post('/review/:id', async (req, reply) => {
    const id = synthesisIdParam((req.params as Record<string, unknown>).id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const s = await loadSynthesis(ledger, id);
    const canDecide = Boolean(options.operatorToken && options.submitReview);
    // The token is checked before anything else about the request is believed.
    if (!canDecide || !operatorTokenMatches(body.token, options.operatorToken)) {
      return sendHtml(reply, reviewPage(s, canDecide, { kind: 'error', text: canDecide ? 'Refused: the operator token does not match.' : 'Refused: this site accepts no decisions (no operator token configured).' }), 403);
    }
    const decision = reviewDecisionParams(body);
    if (s.status !== 'WAITING_FOR_REVIEW') {
      return sendHtml(reply, reviewPage(s, canDecide, { kind: 'error', text: `Refused: the synthesis is ${s.status}, not waiting for a review.` }), 409);
    }
    await options.submitReview!(id, decision);
    return reply.code(303).header('Location', `/s/${encodeURIComponent(id)}`).send();
  });

  return app;
}
