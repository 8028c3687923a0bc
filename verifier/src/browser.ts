/**
 * Entry point of the browser verifier, verifier/verify-bundle.browser.mjs
 * (built by scripts/build-verifier.ts from this file, the ledger's pure core
 * and verification/, with WebCrypto for SHA-256 and Ed25519). Everything
 * runs in the page: the bundle (a .tar.gz as the site serves it, or its
 * files) never leaves it, and nothing is fetched but the bundle the page is
 * asked to check, so a saved /verify page works offline.
 *
 * On a page with `[data-verify]` it also drives the UI: the synthesis page
 * (`data-verify="synthesis"`, verifies `data-bundle-url` on load) and the
 * /verify page (`data-verify="drop"`, verifies a dropped or chosen file).
 * The key is the one the reader pins: pre-filled from the site, marked as
 * such, editable. Text from the bundle or a dropped file's name is only ever
 * set as textContent, with control and bidirectional-formatting characters
 * shown as visible escapes (`\u202e`, common/text-safety.ts).
 */
import { escapeUnsafeText } from '../../common/text-safety';
import { trustRootsFromTexts } from '../../ledger/core/trust-policy';
import { allSteps, describeSupersession, verifyBundle, type BundleBytes, type BundleVerification } from '../../verification/verify-bundle';
import { answerPending, forgetAnswers, hasPending } from './webcrypto-primitives';

/** Runs at most this many times waiting for WebCrypto's signature answers (a bundle needs two or three). */
const MAX_RUNS = 200;
/** Largest bundle archive or file the page unpacks. */
const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;

/** The reader's trust roots as text: pinned keys, or a trust-policy-v1 file. */
export interface BrowserTrust {
  trustedKeys?: string[];
  trustFileText?: string;
}

/** The outcome, and how many runs it took to have every WebCrypto answer. */
export interface BrowserVerification extends BundleVerification {
  runs: number;
}

/**
 * Verifies a bundle given as files (relative path → bytes). Throws
 * TRUST_POLICY_INVALID for unusable trust roots; every problem with the
 * bundle is a failed step.
 */
export async function verifyBundleFiles(files: ReadonlyMap<string, Uint8Array>, trust: BrowserTrust = {}): Promise<BrowserVerification> {
  const bundle: BundleBytes = { manifest: files.get('manifest.json'), receipt: files.get('receipt.json'), files: new Map([...files].filter(([k]) => k !== 'manifest.json' && k !== 'receipt.json')) };
  const problems = [...(bundle.manifest ? [] : ['manifest.json is missing']), ...(bundle.receipt ? [] : ['receipt.json is missing'])];
  bundle.readProblems = problems;
  forgetAnswers();
  try {
    for (let run = 1; run <= MAX_RUNS; run++) {
      let result: BundleVerification | undefined;
      let error: unknown;
      try {
        const policy = trustRootsFromTexts({ trustedKeys: trust.trustedKeys?.filter((k) => k.trim() !== ''), trustFile: trust.trustFileText === undefined ? undefined : { text: trust.trustFileText, source: 'trust file' } });
        result = verifyBundle(bundle, { trust: policy });
      } catch (e) {
        error = e;
      }
      const settled = !hasPending();
      // Every digest of this run is confirmed by WebCrypto (it throws otherwise); unanswered signatures mean another run.
      await answerPending();
      if (settled) {
        if (result === undefined) throw error;
        return { ...result, runs: run };
      }
    }
    throw new Error(`the verification did not settle after ${MAX_RUNS} runs`);
  } finally {
    forgetAnswers();
  }
}

/** Unpacks a bundle archive as the site serves it (`/s/:id/bundle`: tar, gzip-compressed, one top directory) into its files. */
export async function unpackBundleArchive(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  if (bytes.length > MAX_ARCHIVE_BYTES) throw new Error(`the archive is larger than ${MAX_ARCHIVE_BYTES} bytes`);
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const tar = gzip ? await gunzip(bytes) : bytes;
  const files = new Map<string, Uint8Array>();
  let total = 0;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, len: number) => new TextDecoder().decode(header.subarray(from, from + len)).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error('the archive has a malformed entry');
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(0, 100);
    const type = String.fromCharCode(header[156] ?? 0);
    const data = tar.subarray(at + 512, at + 512 + size);
    total += size;
    if (total > MAX_ARCHIVE_BYTES) throw new Error('the archive unpacks to too many bytes');
    // Regular files only; the first path component is the bundle's directory.
    if ((type === '0' || type === '\0') && !name.split('/').includes('..')) {
      const rel = name.split('/').slice(1).join('/');
      if (rel !== '') files.set(rel, Uint8Array.from(data));
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([Uint8Array.from(bytes)]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_ARCHIVE_BYTES) throw new Error('the archive unpacks to too many bytes');
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The page.

function el(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = escapeUnsafeText(text, { keepLines: true });
  return e;
}

/** Shows a result in `box`: the verdict, the correction status, each step with PASS/FAIL and its code. */
function render(box: HTMLElement, r: BrowserVerification): void {
  box.replaceChildren();
  const verdict = r.status === 'OK' ? (r.correction.flagged ? `VALID BUT ${r.correction.status.replace('_', ' ')}` : 'OK') : r.status;
  box.setAttribute('data-status', r.status);
  const steps = allSteps(r);
  const failed = steps.filter((s) => !s.ok);
  const summary = r.status === 'OK'
    ? `${verdict}: all ${steps.length} steps passed; manifest ${r.manifestHash} is attested by the checkpoint signed by the key you pinned (${r.trustedKey?.name ?? ''}, key id ${r.trustedKey?.keyId ?? ''}).`
    : r.status === 'UNTRUSTED' ? 'UNTRUSTED: every check passed, but only with the key the bundle names itself. Pin the publisher\'s key.'
      : `FAILED: ${failed.length} of ${steps.length} steps failed (${failed.map((s) => s.step).join(', ')}). Do not trust this bundle.`;
  box.append(el('p', { class: `verify-verdict ${r.status === 'OK' ? 'pass' : 'fail'}`, 'data-verdict': r.status }, summary));
  box.append(el('p', { class: 'verify-correction' }, `${r.correction.flagged ? '!!! ' : ''}Correction status: ${r.correction.headline}`));
  if (r.superseded) box.append(el('p', { class: 'verify-superseded' }, `SUPERSEDED by ${describeSupersession(r.superseded)}`));
  const list = el('ol', { class: 'verify-steps' });
  for (const s of steps) {
    const li = el('li', { 'data-step': s.step, 'data-ok': String(s.ok), ...(s.code && !s.ok ? { 'data-code': String(s.code) } : {}) });
    li.append(el('span', { class: `verdict ${s.ok ? 'pass' : 'fail'}` }, s.ok ? 'PASS' : s.code === 'UNTRUSTED_KEY' ? 'UNTRUSTED' : 'FAIL'), ' ',
      el('code', {}, s.step), ' ', el('span', { class: 'message' }, `${s.code && !s.ok ? `${s.code}: ` : ''}${s.message}`));
    list.append(li);
  }
  box.append(list);
  if (!r.evidence) box.append(el('p', {}, 'No evidence/ in this bundle (a minimal export): only the manifest, receipt and artifacts were verified.'));
  box.append(el('p', { class: 'verify-runs' }, `Verified in this browser: signatures by WebCrypto (${r.runs} runs to have every answer), every SHA-256 digest confirmed by WebCrypto.`));
}

function showError(box: HTMLElement, message: string): void {
  box.replaceChildren(el('p', { class: 'verify-verdict fail', 'data-verdict': 'ERROR' }, message));
  box.setAttribute('data-status', 'ERROR');
}

/** Wires the verification panel of the page, when it has one. */
function mount(): void {
  const panel = document.querySelector<HTMLElement>('[data-verify]');
  if (!panel) return;
  const keyInput = panel.querySelector<HTMLInputElement>('input[name="trusted-key"]')!;
  const box = panel.querySelector<HTMLElement>('.verify-result')!;
  const origin = panel.querySelector<HTMLElement>('.key-origin');
  keyInput.addEventListener('input', () => {
    if (origin) origin.textContent = keyInput.value === keyInput.defaultValue ? origin.getAttribute('data-prefilled') ?? '' : 'entered by you';
  });
  let files: Map<string, Uint8Array> | null = null;
  const check = async () => {
    if (!files) return;
    box.setAttribute('data-status', 'RUNNING');
    box.replaceChildren(el('p', {}, 'Verifying…'));
    try {
      render(box, await verifyBundleFiles(files, { trustedKeys: keyInput.value.split(/[\s,]+/) }));
    } catch (e) {
      showError(box, `Could not verify: ${(e as Error).message}`);
    }
  };
  panel.querySelector('button.verify-run')?.addEventListener('click', () => void check());
  if (panel.dataset.verify === 'synthesis') {
    const url = panel.dataset.bundleUrl!;
    void (async () => {
      try {
        const res = await fetch(url);
        if (!res.ok) throw new Error(`${url} answered ${res.status}`);
        files = await unpackBundleArchive(new Uint8Array(await res.arrayBuffer()));
        await check();
      } catch (e) {
        showError(box, `Could not load the bundle: ${(e as Error).message}`);
      }
    })();
  } else {
    const input = panel.querySelector<HTMLInputElement>('input[type="file"]')!;
    const zone = panel.querySelector<HTMLElement>('.drop-zone')!;
    const take = async (file: File | undefined) => {
      if (!file) return;
      try {
        files = await unpackBundleArchive(new Uint8Array(await file.arrayBuffer()));
        panel.querySelector('.file-name')!.textContent = escapeUnsafeText(`${file.name} (${file.size} bytes, ${files.size} files)`);
        await check();
      } catch (e) {
        showError(box, `Could not read ${file.name}: ${(e as Error).message}`);
      }
    };
    input.addEventListener('change', () => void take(input.files?.[0]));
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('over');
      void take(e.dataTransfer?.files[0]);
    });
  }
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
}
