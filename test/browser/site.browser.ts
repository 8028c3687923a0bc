/**
 * The publication site in a real Chromium (playwright-core, Debian's
 * package): what a reader and a reviewer see, over real syntheses. Set
 * SYNTHLEDGER_SCREENSHOT_DIR=docs to refresh the README's screenshots.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { gunzipSync, gzipSync } from 'node:zlib';
import { generateSigningKey } from '../../ledger/core/signing-key';
import { loadPublished } from '../../runtime';
import type { SourceProvenance } from '../../schemas';
import { launchChromium } from '../support/chromium';
import { openSiteFixture, type SiteFixture } from '../support/site-fixture';

/** The tar archive with one byte of the file whose name ends with `suffix` changed. */
function flipByteOf(tar: Buffer, suffix: string): Buffer {
  const out = Buffer.from(tar);
  for (let at = 0; at + 512 <= out.length;) {
    const name = out.subarray(at, at + 100).toString('latin1').replace(/\0.*$/s, '');
    const size = parseInt(out.subarray(at + 124, at + 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    if (name === '' && size === 0) break;
    if (name.endsWith(suffix) && size > 0) {
      out[at + 512 + Math.floor(size / 2)] ^= 0x01;
      return out;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`no ${suffix} in the archive`);
}

const SHOTS = process.env.SYNTHLEDGER_SCREENSHOT_DIR ? resolve(process.env.SYNTHLEDGER_SCREENSHOT_DIR) : mkdtempSync(join(tmpdir(), 'synthledger-shots-'));

describe('publication site in Chromium', () => {
  let f: SiteFixture;
  let site: FastifyInstance;
  let guarded: FastifyInstance;
  let base: string;
  let guardedBase: string;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  /** Content-Security-Policy violations and page errors seen by the browser. */
  const problems: string[] = [];

  const listen = async (app: FastifyInstance) => `http://127.0.0.1:${(await app.listen({ port: 0, host: '127.0.0.1' }), (app.server.address() as { port: number }).port)}`;

  beforeAll(async () => {
    f = await openSiteFixture('browser');
    site = await f.site();
    guarded = await f.site({ operatorToken: 'the-operator-token' });
    [base, guardedBase] = await Promise.all([listen(site), listen(guarded)]);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    mkdirSync(SHOTS, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([site?.close(), guarded?.close()]);
    await f?.close();
  });

  it('the index lists the published and the rejected synthesis with their statuses', async () => {
    await page.goto(`${base}/`);
    await expect(page.locator(`tr[data-synthesis="${f.published}"] .status`).textContent()).resolves.toBe('PUBLISHED');
    await expect(page.locator(`tr[data-synthesis="${f.rejected}"] .status`).textContent()).resolves.toBe('REJECTED');
    await expect(page.locator(`tr[data-synthesis="${f.waiting}"] .status`).textContent()).resolves.toBe('WAITING_FOR_REVIEW');
    // The rejected question carries markup: the browser shows it as text and runs nothing.
    await expect(page.locator(`tr[data-synthesis="${f.rejected}"] a`).textContent()).resolves.toContain('<script>alert(1)</script>');
    await page.selectOption('#status', 'REJECTED');
    await Promise.all([page.waitForURL(/status=REJECTED/), page.click('.filter button')]);
    await expect(page.locator('tr[data-synthesis]').count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(page.locator(`tr[data-synthesis="${f.published}"]`).count()).resolves.toBe(0);
    await page.goto(`${base}/`);
    await page.screenshot({ path: join(SHOTS, 'site-index.png') });
  });

  it('a synthesis page shows every field of seed 000 with the values of its manifest', async () => {
    const { manifest, manifestHash, receipt } = await loadPublished(f.h.ledger, f.published);
    await page.goto(`${base}/s/${f.published}`);
    const field = (name: string) => page.locator(`[data-field="${name}"]`).first().textContent();
    await expect(field('title')).resolves.toBe(manifest.title);
    // Submitted: the manifest's timestamp, shown as the seed shows dates ("28 May 2026").
    await expect(page.locator('[data-field="submitted"]').getAttribute('datetime')).resolves.toBe(manifest.publishedAt);
    await expect(field('submitted')).resolves.toBe(new Date(manifest.publishedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));
    // Verification Level block.
    await expect(field('paper-level')).resolves.toBe(`${manifest.verification.level}, ${manifest.verification.label}`);
    await expect(field('source-grounded-claims')).resolves.toBe(`${manifest.verification.claimsVerified} of ${manifest.verification.claimsExtracted} extracted`);
    await expect(field('threshold')).resolves.toBe(String(manifest.verification.threshold));
    // Correction Record block.
    await expect(field('correction-count')).resolves.toBe(String(manifest.correction.count));
    await expect(field('manifest-contract')).resolves.toBe(manifest.contract);
    await expect(field('correction-contract')).resolves.toBe(manifest.correction.contract);
    // Provenance block.
    await expect(field('publisher')).resolves.toBe(manifest.publisher);
    await expect(field('public-provenance')).resolves.toBe(`${manifest.provenance.publicLevel}, ${manifest.provenance.label}`);
    await expect(field('report-hash')).resolves.toBe(manifest.artifacts.find((a) => a.name === 'report.md')!.sha256);
    await expect(field('external-record')).resolves.toBe(manifest.provenance.externalRecord ?? 'Not registered');
    await expect(field('claim-lineage')).resolves.toBe(manifest.provenance.claimLineage);
    await expect(field('review-method')).resolves.toBe(manifest.provenance.reviewMethod);
    await expect(field('provenance-contract')).resolves.toBe(manifest.provenance.contract);
    // Accounting: duration and tokens per provider.
    expect(manifest.accounting).toBeDefined();
    await expect(page.locator('[data-field="duration"]').getAttribute('data-ms')).resolves.toBe(String(manifest.accounting!.durationMs));
    await expect(field('duration')).resolves.toBe(`${(manifest.accounting!.durationMs / 1000).toFixed(1)} s`);
    const tokens = await page.locator('table.tokens tr[data-provider]').evaluateAll((rows) => rows.map((r) => [
      r.getAttribute('data-provider'), Number(r.querySelector('[data-field="input-tokens"]')?.textContent), Number(r.querySelector('[data-field="output-tokens"]')?.textContent),
    ]));
    expect(tokens).toEqual(Object.entries(manifest.accounting!.tokens).map(([k, t]) => [k, t.input, t.output]));
    // References: one per source of the manifest, with the locator and the links of the provenance record it names.
    const provenance = new Map((await f.h.ledger.reader.stream(f.published))
      .filter((e) => e.header.contract === 'source-provenance-v1')
      .map((e) => [e.header.payloadHash, JSON.parse(e.payloadJson) as SourceProvenance]));
    const references = await page.locator('ol.references > li[data-source]').evaluateAll((items) => items.map((li) => ({
      sourceId: li.getAttribute('data-source'),
      locator: li.querySelector('[data-field="locator"]')?.textContent,
      hrefs: [...li.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    })));
    expect(references.map((r) => r.sourceId).sort()).toEqual(manifest.sources.map((x) => x.sourceId).sort());
    for (const source of manifest.sources) {
      const record = provenance.get(source.provenanceHash)!;
      expect(record.sourceId).toBe(source.sourceId);
      // The title links to an http(s) locator; then arXiv, DOI, landing page (unless it is one of those) and project page.
      const ids = [...(record.arxivId ? [`https://arxiv.org/abs/${record.arxivId}`] : []), ...(record.doi ? [`https://doi.org/${record.doi}`] : [])];
      const links = [
        ...(/^https?:/.test(record.locator) ? [record.locator] : []), ...ids,
        ...(record.url && !ids.includes(record.url) ? [record.url] : []), ...(record.projectUrl ? [record.projectUrl] : []),
      ];
      expect(references.find((r) => r.sourceId === source.sourceId)).toEqual({ sourceId: source.sourceId, locator: record.locator, hrefs: links });
    }
    await expect(field('question')).resolves.toBe(manifest.researchQuestion);
    await expect(field('score')).resolves.toBe(`${manifest.review.score.toFixed(2)}/10`);
    await expect(field('verification')).resolves.toBe(`${manifest.verification.level}, ${manifest.verification.label}`);
    await expect(field('tier')).resolves.toBe(manifest.qualityTier.tier);
    await expect(field('tier-basis')).resolves.toBe(manifest.qualityTier.basis);
    await expect(field('verified-claims')).resolves.toBe(String(manifest.verification.claimsVerified));
    await expect(field('correction-status')).resolves.toBe(manifest.correction.status);
    await expect(field('manifest-hash')).resolves.toBe(manifestHash);
    await expect(field('log-origin')).resolves.toBe(manifest.ledger.logOrigin);
    await expect(field('verifier-key')).resolves.toBe(receipt.publicKey);
    await expect(page.locator('[data-field="abstract"]').innerText()).resolves.toContain(manifest.researchQuestion);
    for (const [k, v] of Object.entries(manifest.qualityDimensions)) {
      await expect(page.locator(`tr[data-dimension="${k}"] .grade`).textContent()).resolves.toBe(v);
    }
    await expect(page.locator('blockquote.evidence mark').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('.referee-report').count()).resolves.toBeGreaterThanOrEqual(3);
    await expect(page.locator('.rebuttal').count()).resolves.toBeGreaterThan(0);
    // The stylesheet loaded from the site itself (the CSP allows nothing else), and nothing was refused.
    await expect(page.evaluate<string>('getComputedStyle(document.body).fontFamily')).resolves.toContain('Georgia');
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'site-synthesis.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 2200 } });
  });

  it('the history page lists each stage\'s activities and marks the ones that ran as local activities', async () => {
    await page.goto(`${base}/s/${f.published}/history`);
    const row = (activityType: string) => page.locator('table.activities tr[data-status]', { hasText: activityType }).first();
    const marks = (activityType: string) => row(activityType).locator('td:first-child > span.muted:not(.mono)').allTextContents();
    // Without network providers the request and every stage up to the policy are calls made inside the one local
    // activity that runs them (docs/adr/0021, 0022); publication is a regular one.
    await expect(marks('recordRequest')).resolves.toEqual(['local', 'in runInProcessStages']);
    await expect(marks('planQueries')).resolves.toEqual(['local', 'in runInProcessStages']);
    await expect(marks('decidePolicy')).resolves.toEqual(['local', 'in runInProcessStages']);
    await expect(marks('indexSources')).resolves.toEqual(['local', 'in runInProcessStages']);
    await expect(row('indexSources').getAttribute('data-status')).resolves.toBe('completed');
    await expect(marks('publishSynthesis')).resolves.toEqual([]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'site-history.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1600 } });
  });

  it('prints a synthesis page to PDF', async () => {
    await page.goto(`${base}/s/${f.published}`);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
  });

  /** Waits until the verification panel has a result, and returns its status. */
  const verdict = async () => {
    await page.waitForSelector('#verify .verify-result:is([data-status="OK"], [data-status="FAILED"], [data-status="UNTRUSTED"], [data-status="ERROR"])', { timeout: 150_000 });
    return page.locator('#verify .verify-result').getAttribute('data-status');
  };
  const stepsShown = () => page.locator('#verify li[data-step]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-step'), e.getAttribute('data-ok'), e.getAttribute('data-code')]));

  it('the synthesis page verifies its own bundle in the browser, step by step, against the pre-filled key, and fails it with another key', async () => {
    problems.length = 0;
    await page.goto(`${base}/s/${f.published}`);
    await expect(page.locator('#trusted-key').inputValue()).resolves.toBe(f.h.signer.verifierKey);
    await expect(page.locator('#verify .key-origin').textContent()).resolves.toMatch(/^pre-filled from this site/);
    await expect(verdict()).resolves.toBe('OK');
    const steps = await stepsShown();
    expect(steps.map((s) => s[0])).toEqual(expect.arrayContaining(['readBundle', 'checkManifestHash', 'checkArtifacts', 'checkCheckpointSignature', 'checkInclusion', 'checkStreamChain', 'checkClaimRecords', 'checkReverification', 'checkHistoryDigest']));
    expect(steps.filter((s) => s[1] !== 'true')).toEqual([]);
    // The reader pins another key: the same bundle now fails at the signature, and the field says the key is theirs.
    await page.fill('#trusted-key', generateSigningKey('synthledger.local/log').verifierKey);
    await expect(page.locator('#verify .key-origin').textContent()).resolves.toBe('entered by you');
    await page.click('#verify button.verify-run');
    await expect(verdict()).resolves.toBe('FAILED');
    expect((await stepsShown()).filter((s) => s[1] !== 'true')).toEqual([['checkCheckpointSignature', 'false', 'SIGNATURE_INVALID'], ['checkInclusion', 'false', 'CHECKPOINT_INVALID']]);
    expect(problems).toEqual([]);
  }, 300_000);

  it('/verify checks a dropped bundle in the browser, offline: the served one passes, one with a byte of report.md changed fails at checkArtifacts', async () => {
    problems.length = 0;
    const served = Buffer.from(await (await fetch(`${base}/s/${f.published}/bundle`)).arrayBuffer());
    const tampered = gzipSync(flipByteOf(gunzipSync(served), '/report.md'));
    await page.goto(`${base}/verify`);
    await expect(page.locator('#trusted-key').inputValue()).resolves.toBe(f.h.signer.verifierKey);
    // Nothing more is fetched: the verification runs with the network off.
    await browser.context.setOffline(true);
    try {
      // A real drop event carrying the file, as a reader's drag and drop makes it (the test code has no DOM types: a string).
      const drop = (bytes: Buffer, name: string) => page.evaluate(`(() => {
        const bin = atob(${JSON.stringify(bytes.toString('base64'))});
        const data = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], ${JSON.stringify(name)}, { type: 'application/gzip' }));
        document.querySelector('.drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      })()`);
      // A file name is text from elsewhere: a right-to-left override in it is shown as an escape, not obeyed.
      await drop(served, 'bundle\u202ezg.rat.gz');
      await expect(verdict()).resolves.toBe('OK');
      await expect(page.locator('#verify .file-name').textContent()).resolves.toMatch(/^bundle\\u202ezg\.rat\.gz \(\d+ bytes, \d+ files\)$/);
      await page.evaluate("document.querySelector('#verify .verify-result').setAttribute('data-status', 'RUNNING')");
      await drop(tampered, 'tampered.tar.gz');
      await expect(verdict()).resolves.toBe('FAILED');
    } finally {
      await browser.context.setOffline(false);
    }
    expect((await stepsShown()).filter((s) => s[1] !== 'true')).toEqual([['checkArtifacts', 'false', 'ARTIFACT_MISMATCH']]);
    await expect(page.locator('#verify li[data-step="checkArtifacts"] .message').textContent()).resolves.toMatch(/^ARTIFACT_MISMATCH: artifact "report\.md" hashes to sha256:/);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'site-verify-failed.png'), fullPage: true });
  }, 300_000);

  it("the reviewer's desk shows the tribunal's comments and refuses a decision without the token", async () => {
    await page.goto(`${base}/review/${f.waiting}`);
    await expect(page.locator('.referee-report[data-role="SKEPTIC"] h4').first().textContent()).resolves.toBe('Referee Report — SKEPTIC');
    await expect(page.locator('.referee-report ol li').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-field="policy-reason"]').textContent()).resolves.toMatch(/a human decides/);
    await expect(page.locator('form.decision').count()).resolves.toBe(0);
    await expect(page.locator('[data-notice="no-operator-token"]').isVisible()).resolves.toBe(true);

    await page.goto(`${guardedBase}/review/${f.waiting}`);
    await page.fill('#reviewer', 'Mallory');
    await page.fill('#token', 'not-the-token');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[value="APPROVE"]')]);
    expect(response.status()).toBe(403);
    await expect(page.locator('.message-error').textContent()).resolves.toContain('operator token does not match');
    await page.goto(`${base}/s/${f.waiting}`);
    await expect(page.locator('.status').first().textContent()).resolves.toBe('WAITING_FOR_REVIEW');
  });

  it('after a retraction, the RETRACTED banner is on every version', async () => {
    await f.retract();
    for (const path of [`/s/${f.published}`, `/s/${f.published}/v/1`, `/s/${f.published}/v/2`]) {
      await page.goto(`${base}${path}`);
      await expect(page.locator('[data-banner="RETRACTED"]').isVisible()).resolves.toBe(true);
    }
    await expect(page.locator('[data-field="correction-status"]').textContent()).resolves.toBe('RETRACTED');
  });
});
