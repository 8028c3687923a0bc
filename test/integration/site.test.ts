/**
 * The publication site over real syntheses (see test/support/site-fixture.ts),
 * exercised over real HTTP on 127.0.0.1: pages show the manifest's values,
 * every response carries the Content-Security-Policy, input is validated,
 * the bundle verifies with the standalone verifier, and the reviewer's desk
 * accepts a decision only with the operator token.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { synthesisTimelines } from '../../cli/commands/site-commands';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { loadPublished } from '../../runtime/operations/bundle-export';
import { buildTiles } from '../../ledger/core/tlog-tiles';
import { CONTENT_SECURITY_POLICY, MAX_BODY_BYTES } from '../../web';
import { openSiteFixture, type SiteFixture } from '../support/site-fixture';
import { request } from '../support/site-http';

describe('publication site', () => {
  let f: SiteFixture;
  let site: FastifyInstance;
  const get = async (url: string) => request(site, { url });
  const opened: FastifyInstance[] = [];
  /** Another site over the same fixture, closed after the suite. */
  const other = async (o: Parameters<SiteFixture['site']>[0]) => {
    const s = await f.site(o);
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    f = await openSiteFixture('site');
    site = await f.site();
  }, 300_000);
  afterAll(async () => {
    await Promise.all([site, ...opened].map((s) => s?.close()));
    await f?.close();
  });

  describe('the index', () => {
    it('lists the published, rejected and waiting syntheses with their statuses, newest first', async () => {
      const r = await get('/');
      expect(r.statusCode).toBe(200);
      const row = (id: string) => new RegExp(`<tr data-synthesis="${id}">[\\s\\S]*?data-status="(\\w+)"`).exec(r.body)?.[1];
      expect(row(f.published)).toMatch(/^(PUBLISHED|RETRACTED)$/);
      expect(row(f.rejected)).toBe('REJECTED');
      expect(row(f.waiting)).toBe('WAITING_FOR_REVIEW');
    });

    it('filters by status and pages', async () => {
      const rejected = await get('/?status=REJECTED');
      expect(rejected.body).toContain(`data-synthesis="${f.rejected}"`);
      expect(rejected.body).not.toContain(`data-synthesis="${f.waiting}"`);
      const paged = await request(await other({ pageSize: 1 }), { method: 'GET', url: '/?page=2' });
      expect(paged.body.match(/<tr data-synthesis=/g)).toHaveLength(1);
      expect(paged.body).toContain('rel="prev" href="/?page=1"');
    });

    it('refuses an unknown status or a malformed page with 400', async () => {
      expect((await get('/?status=%3Cscript%3E')).statusCode).toBe(400);
      expect((await get('/?page=0')).statusCode).toBe(400);
      expect((await get('/?page=1%20OR%201=1')).statusCode).toBe(400);
    });
  });

  describe('the synthesis page', () => {
    it('shows the fields of the published page with the manifest values', async () => {
      const { manifest, manifestHash, receipt } = await loadPublished(f.h.ledger, f.published, 1);
      const r = await get(`/s/${f.published}/v/1`);
      expect(r.statusCode).toBe(200);
      const field = (name: string) => new RegExp(`data-field="${name}">([^<]*)<`).exec(r.body)?.[1];
      expect(field('title')).toBe(manifest.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
      expect(field('score')).toBe(`${manifest.review.score.toFixed(2)}/10`);
      expect(field('verification')).toBe(`${manifest.verification.level}, ${manifest.verification.label}`);
      expect(field('tier')).toBe(manifest.qualityTier.tier);
      expect(field('verified-claims')).toBe(String(manifest.verification.claimsVerified));
      expect(field('correction-status')).toBe(manifest.correction.status);
      expect(field('manifest-hash')).toBe(manifestHash);
      expect(field('log-origin')).toBe(manifest.ledger.logOrigin);
      expect(field('verifier-key')).toBe(receipt.publicKey);
      for (const heading of ['Abstract', 'Research Question', 'Verification Level', 'Quality Tier', 'Quality Dimensions', 'Correction Record', 'Provenance', 'Report', 'References', 'Accounting']) {
        expect(r.body).toContain(`<h2>${heading}</h2>`);
      }
      for (const [k, v] of Object.entries(manifest.qualityDimensions)) expect(r.body).toMatch(new RegExp(`data-dimension="${k}">.*?grade-${v.toLowerCase()}">${v}<`));
    });

    it('highlights each claim\'s evidence span and shows a referee report per tribunal role', async () => {
      const r = await get(`/s/${f.published}`);
      expect(r.body).toMatch(/<blockquote class="evidence">[^<]+<mark>[^<]+<\/mark>/);
      for (const role of ['SKEPTIC', 'VALIDATOR', 'SYNTHESIZER']) expect(r.body).toContain(`<h4>Referee Report — ${role}</h4>`);
      expect(r.body).toMatch(/<p class="counts">\d+ major \/ \d+ minor<\/p>/);
    });

    it('shows the rebuttal point by point when a revision round ran', async () => {
      const s = await (await import('../../web')).loadSynthesis(f.h.ledger, f.published);
      const revised = s.rounds.filter((x) => x.rebuttal);
      expect(revised.length).toBeGreaterThan(0);
      const r = await get(`/s/${f.published}`);
      expect(r.body.match(/<h4>Rebuttal \(round \d+\)<\/h4>/g) ?? []).toHaveLength(revised.length);
      for (const p of revised.flatMap((x) => x.rebuttal!)) expect(r.body).toContain(`data-comment="${p.commentId}"`);
    });

    it('shows a rejected synthesis from its tribunal and policy records, with the question escaped', async () => {
      const r = await get(`/s/${f.rejected}`);
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('data-status="REJECTED"');
      expect(r.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(r.body).not.toContain('<script>alert(1)');
      expect(r.body).not.toContain('<img src=x');
    });
  });

  describe('security', () => {
    it('sends the Content-Security-Policy and no inline script or style on every page', async () => {
      for (const url of ['/', `/s/${f.published}`, `/s/${f.published}/ledger`, `/s/${f.published}/history`, `/review/${f.waiting}`, '/nope', '/s/..%2F..%2Fetc%2Fpasswd']) {
        const r = await get(url);
        expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
        expect(r.headers['x-content-type-options']).toBe('nosniff');
        expect(r.body).not.toMatch(/<script(?![^>]*\ssrc=)/i);
        expect(r.body).not.toMatch(/<[^>]*\s(style|on[a-z]+)=/i);
      }
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
      expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    });

    it('refuses ids that could traverse paths or carry SQL with 400, and unknown ids with 404', async () => {
      for (const id of ['..%2F..%2Fetc%2Fpasswd', '%2E%2E%2Fx', '.hidden', "x'%20OR%20'1'='1", 'a%00b', 'x'.repeat(101)]) {
        const r = await get(`/s/${id}`);
        expect([r.statusCode, id]).toEqual([400, id]);
        expect(r.body).toContain('INVALID_STREAM_ID');
      }
      expect((await get('/s/no-such-synthesis')).statusCode).toBe(404);
      expect((await get(`/s/${f.published}/v/99`)).statusCode).toBe(404);
      expect((await get(`/s/${f.published}/v/-1`)).statusCode).toBe(400);
      expect((await get('/s/no-such-synthesis/bundle')).statusCode).toBe(404);
    });

    it('refuses a request body larger than the limit with 413', async () => {
      const r = await request(site, { method: 'POST', url: `/review/${f.waiting}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `note=${'x'.repeat(MAX_BODY_BYTES + 1)}` });
      expect(r.statusCode).toBe(413);
    });
  });

  describe('the ledger, history, bundle and keys', () => {
    it('lists every entry of the stream with its hash, escaped payload and inclusion proof', async () => {
      const entries = await f.h.ledger.reader.stream(f.published);
      const r = await get(`/s/${f.published}/ledger`);
      expect(r.body.match(/<li class="entry" /g)).toHaveLength(entries.length);
      for (const e of entries) expect(r.body).toContain(e.entryHash);
      expect(r.body).toMatch(/<ol class="proof mono"><li>[0-9a-f]{64}<\/li>/);
      const rejected = await get(`/s/${f.rejected}/ledger`);
      expect(rejected.body).toContain('&lt;script&gt;');
    });

    it('shows the workflow timeline from Temporal, from the ledger\'s history archive without it, and the ledger\'s record when nothing is archived', async () => {
      const r = await get(`/s/${f.published}/history`);
      expect(r.body).toContain(`data-workflow="${f.published}" data-source="temporal"`);
      expect(r.body).not.toContain('data-notice=');
      expect(r.body).toMatch(/publishSynthesis/);
      // Local activities (markers in history) are listed with their entries, and marked as such; the stages that ran in one of them, each with its call name.
      expect(r.body).toMatch(/<td>recordRequest <span class="muted mono">\d+\/request<\/span> <span class="muted">local<\/span> <span class="muted">in runInProcessStages<\/span><\/td>/);
      expect(r.body).toMatch(/<td>decidePolicy <span class="muted mono">\d+\/policy<\/span> <span class="muted">local<\/span> <span class="muted">in runInProcessStages<\/span><\/td>/);
      expect(r.body).toMatch(/<td>publishSynthesis <span class="muted mono">\d+<\/span><\/td>/);
      // No Temporal configured, or a Temporal that does not answer (nothing listens on the port): the run's history as the ledger archived it.
      const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }), namespace: 'default' });
      for (const options of [{ timelines: undefined }, { timelines: (id: string) => synthesisTimelines(unreachable, f.h.ledger, id) }]) {
        const offline = await request(await other(options), { method: 'GET', url: `/s/${f.published}/history` });
        expect(offline.body).toContain(`data-workflow="${f.published}" data-source="archive"`);
        expect(offline.body).toContain(`data-notice="archived-history">${options.timelines ? 'Temporal did not return this history (unreachable)' : 'Temporal is not configured for this site'}:`);
        expect(offline.body).toMatch(/<td>decidePolicy <span class="muted mono">\d+\/policy<\/span> <span class="muted">local<\/span> <span class="muted">in runInProcessStages<\/span><\/td><td>completed<\/td>/);
        // Without network providers every stage up to the policy runs in one local activity; publication, a regular one, was running when the history was archived.
        expect(offline.body).toMatch(/<td>indexSources <span class="muted mono">\d+\/index-0<\/span> <span class="muted">local<\/span> <span class="muted">in runInProcessStages<\/span><\/td><td>completed<\/td>/);
        expect(offline.body).toMatch(/<td>publishSynthesis <span class="muted mono">\d+<\/span><\/td><td>scheduled<\/td>/);
      }
      // The waiting synthesis has neither published nor ended: nothing is archived, the entries name their activities.
      const waiting = await request(await other({ timelines: undefined }), { method: 'GET', url: `/s/${f.waiting}/history` });
      expect(waiting.body).toContain('data-notice="ledger-record"');
      expect(waiting.body).not.toContain('data-workflow=');
    });

    it('serves the bundle as a .tar.gz that the standalone verifier accepts', async () => {
      const r = await request(site, { url: `/s/${f.published}/bundle?version=1` });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/gzip');
      const tmp = mkdtempSync(join(tmpdir(), 'site-bundle-'));
      const archive = join(tmp, 'bundle.tar.gz');
      writeFileSync(archive, r.rawPayload);
      expect(gunzipSync(r.rawPayload).length % 512).toBe(0);
      execFileSync('tar', ['-xzf', archive, '-C', tmp]);
      const dir = join(tmp, `${f.published}-v1`);
      const { manifestJson } = await loadPublished(f.h.ledger, f.published, 1);
      expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(manifestJson);
      // The reader pins the publisher's key; the bundle's own public-key.txt proves nothing by itself.
      const out = execFileSync(process.execPath, [join(dir, 'verify-bundle.mjs'), dir, '--trusted-key', f.h.signer.verifierKey], { encoding: 'utf8' });
      expect(out).toMatch(/^PASS +checkCheckpointSignature/m);
      // A manifest at public level L4 ships its stream: the download carries evidence/ and the deep steps run.
      expect(out).toMatch(/^PASS +checkStreamChain/m);
      expect(out).toMatch(/^OK: /m);
    });

    it('serves the log as C2SP tlog-tiles under /log, full tiles immutable, the same bytes as `log tiles` writes', async () => {
      const checkpoint = (await get('/log/checkpoint')).body;
      const size = Number(checkpoint.split('\n')[1]);
      const rows = await f.h.ledger.reader.rowsInRange(0, size);
      const want = new Map(buildTiles(rows.map((row) => Buffer.from(row.header, 'utf8'))).map((t) => [t.path, Buffer.from(t.bytes)]));
      expect(want.size).toBeGreaterThan(1);
      for (const [path, bytes] of want) {
        const r = await request(site, { url: `/log/${path}` });
        expect([path, r.statusCode, r.headers['content-type']]).toEqual([path, 200, 'application/octet-stream']);
        expect(r.rawPayload.equals(bytes)).toBe(true);
        expect(r.headers['cache-control']).toBe(path.includes('.p/') ? 'public, max-age=5' : 'public, max-age=31536000, immutable');
      }
      // A narrower partial tile is a prefix of the one the tree has; a wider one, or a malformed path, is not found.
      const level0 = [...want.keys()].find((p) => p.startsWith('tile/0/'))!;
      const width = Number(level0.split('.p/')[1] ?? 256);
      if (width > 1) {
        const r = await request(site, { url: `/log/tile/0/000.p/1` });
        expect(r.rawPayload.equals(want.get(level0)!.subarray(0, 32))).toBe(true);
      }
      // Wider than the tree holds (only when tile 000 is still partial; the log the suite shares may have passed 256 entries), or no valid width at all.
      const wider = width < 255 ? [`/log/tile/0/000.p/${width + 1}`] : [];
      // The first full tile past the tree: 001 while the shared log is under 256 entries, further once it has grown.
      const pastTree = `/log/tile/0/${String(Math.floor(size / 256) + 1).padStart(3, '0')}`;
      for (const bad of [...wider, '/log/tile/0/000.p/256', '/log/tile/0/0', '/log/tile/0/x000/000', '/log/tile/64/000', pastTree, '/log/tile/0/000.p/0']) {
        expect([bad, (await request(site, { url: bad })).statusCode]).toEqual([bad, 404]);
      }
    });

    it('serves the latest signed checkpoint as a C2SP signed note', async () => {
      const r = await get('/log/checkpoint');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(r.body).toMatch(/^synthledger\.local\/log\n\d+\n[A-Za-z0-9+/]+=*\n\n— synthledger\.local\/log [A-Za-z0-9+/]+=*\n$/);
    });

    it('announces the publisher\'s verifier key', async () => {
      const r = await get('/.well-known/synthledger-keys');
      expect(r.json()).toEqual({ origin: expect.any(String), keys: [{ verifierKey: f.h.signer.verifierKey, source: 'receipt' }], witnesses: [] });
      const witness = { url: 'https://witness.example/', verifierKey: 'witness.example+01020304+BAAA' };
      const configured = await request(await other({ verifierKeys: ['k+1+AAAA'], witnesses: [witness] }), { method: 'GET', url: '/.well-known/synthledger-keys' });
      expect(configured.json()).toMatchObject({ keys: [{ verifierKey: 'k+1+AAAA', source: 'configured' }], witnesses: [witness] });
    });
  });

  describe("the reviewer's desk", () => {
    const form = (fields: Record<string, string>) => ({ method: 'POST' as const, url: `/review/${f.waiting}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

    it('shows the policy reason, the tribunal comments, the evidence and the draft', async () => {
      const r = await get(`/review/${f.waiting}`);
      expect(r.body).toMatch(/data-field="policy-reason">Tribunal score \d+\.\d\d is at least 0 \(human review\)/);
      expect(r.body).toContain('<h4>Referee Report — SKEPTIC</h4>');
      expect(r.body).toContain('<section id="evidence">');
      expect(r.body).toContain('<div class="report">');
      expect(r.body).toContain('data-notice="no-operator-token"');
    });

    it('refuses a decision without a configured token, and with a wrong one, and nothing changes', async () => {
      const decision = { decision: 'APPROVE', reviewer: 'Mallory', token: 'guess' };
      expect((await request(site, form(decision))).statusCode).toBe(403);
      const guarded = await other({ operatorToken: 's3cret-token' });
      const wrong = await request(guarded, form(decision));
      expect(wrong.statusCode).toBe(403);
      expect(wrong.body).toContain('operator token does not match');
      expect((await request(guarded, form({ decision: 'APPROVE', reviewer: 'Mallory' }))).statusCode).toBe(403);
      expect((await get(`/s/${f.waiting}`)).body).toContain('data-status="WAITING_FOR_REVIEW"');
    });

    it('refuses a malformed decision with the right token (400), then accepts a valid one and the synthesis publishes', async () => {
      const guarded = await other({ operatorToken: 's3cret-token' });
      expect((await request(guarded, form({ decision: 'MAYBE', reviewer: 'Ann', token: 's3cret-token' }))).statusCode).toBe(400);
      const ok = await request(guarded, form({ decision: 'APPROVE', reviewer: 'Ann Editor', note: 'read on the desk', token: 's3cret-token' }));
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(`/s/${f.waiting}`);
      const summary = (await f.h.env.client.workflow.getHandle(f.waiting).result()) as SynthesisSummary;
      expect(summary).toMatchObject({ status: 'PUBLISHED', decision: 'HUMAN_APPROVED' });
    });
  });

  describe('under an expression of concern', () => {
    beforeAll(() => f.correct('EXPRESSION_OF_CONCERN'), 120_000);

    it('shows the UNDER CONCERN banner on every version and the concern as a notice', async () => {
      for (const url of [`/s/${f.published}`, `/s/${f.published}/v/1`, `/s/${f.published}/v/2`]) {
        const r = await get(url);
        expect([url, /<div class="banner banner-under_concern" role="alert" data-banner="UNDER_CONCERN"><strong>UNDER CONCERN<\/strong> — expression of concern issued/.test(r.body)]).toEqual([url, true]);
        expect(r.body).toContain('data-correction="EXPRESSION_OF_CONCERN"');
      }
      expect((await get(`/s/${f.published}/v/2`)).body).toContain('data-field="correction-status">UNDER_CONCERN<');
      expect((await get('/?status=UNDER_CONCERN')).body).toContain(`data-synthesis="${f.published}"`);
      // The other syntheses carry no banner.
      expect((await get(`/s/${f.rejected}`)).body).not.toContain('data-banner=');
    });
  });

  describe('after a retraction', () => {
    beforeAll(() => f.retract(), 120_000);

    it('shows the RETRACTED banner on every version and the retraction as a notice', async () => {
      for (const url of [`/s/${f.published}`, `/s/${f.published}/v/1`, `/s/${f.published}/v/2`, `/s/${f.published}/v/3`]) {
        const r = await get(url);
        expect([url, r.body.includes('data-banner="RETRACTED"')]).toEqual([url, true]);
        expect(r.body).toContain('data-correction="RETRACTION"');
      }
      expect((await get(`/s/${f.published}/v/1`)).body).toContain('data-notice="old-version"');
      expect((await get('/?status=RETRACTED')).body).toContain(`data-synthesis="${f.published}"`);
    });
  });
});
