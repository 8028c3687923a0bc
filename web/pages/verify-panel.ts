/**
 * The in-browser verification panel: the synthesis page's (verifies the
 * page's own bundle on load) and the /verify page's (verifies a bundle file
 * the reader drops or chooses, entirely in the browser). The browser build
 * of the one verifier (/assets/verify-bundle.browser.mjs, a static module:
 * the CSP allows scripts from the site only, none inline) fills it in. The
 * key field holds the key the reader pins: pre-filled from the site and
 * marked as such, editable.
 */
import { html, type SafeHtml } from '../html';

/** Where the browser module is served. */
export const BROWSER_VERIFIER_PATH = '/assets/verify-bundle.browser.mjs';

/** Options of {@link verifyPanel}. */
export interface VerifyPanelOptions {
  /** `synthesis`: verify `bundleUrl` on load; `drop`: verify a file the reader gives. */
  mode: 'synthesis' | 'drop';
  bundleUrl?: string;
  /** The verifier keys the site announces (/.well-known/synthledger-keys), to pre-fill the pinned key. */
  siteKeys: readonly string[];
}

/** The panel; its results are written by the browser module. */
export function verifyPanel(o: VerifyPanelOptions): SafeHtml {
  const prefilled = o.siteKeys.length > 0 ? 'pre-filled from this site (/.well-known/synthledger-keys): replace it with the key you obtained from the publisher yourself' : 'this site announces no key: paste the publisher\'s key';
  return html`<section id="verify" class="verify-panel" data-verify="${o.mode}"${o.bundleUrl ? html` data-bundle-url="${o.bundleUrl}"` : ''}>
<h2>${o.mode === 'synthesis' ? 'Verify in your browser' : 'Verify a bundle in your browser'}</h2>
<p class="note">${o.mode === 'synthesis'
    ? 'This page runs the verifier (the same code as verify-bundle.mjs and synthledger verify, built for the browser with WebCrypto) on this synthesis\'s evidence bundle, here, against the key you pin.'
    : 'Drop a bundle archive (.tar.gz, as the synthesis pages offer it) or choose one. It is checked entirely in this browser: nothing is uploaded, and once this page has loaded it works offline.'}</p>
<p><label for="trusted-key">Pinned key</label><br>
<input id="trusted-key" name="trusted-key" class="mono" size="80" spellcheck="false" autocomplete="off" value="${o.siteKeys.join(' ')}"><br>
<span class="key-origin muted" data-prefilled="${prefilled}">${prefilled}</span></p>
${o.mode === 'drop' ? html`<div class="drop-zone" tabindex="0"><p>Drop a bundle here, or <label class="file-choose">choose a file <input type="file" name="bundle" accept=".tar.gz,.tgz,.tar,application/gzip"></label></p><p class="file-name muted"></p></div>` : ''}
<p><button type="button" class="verify-run">Verify again with this key</button></p>
<div class="verify-result" data-status="${o.mode === 'synthesis' ? 'PENDING' : 'EMPTY'}" aria-live="polite"><p class="muted">${o.mode === 'synthesis' ? 'Verifying needs JavaScript; without it, download the bundle and run verify-bundle.mjs.' : 'No bundle yet.'}</p></div>
<script type="module" src="${BROWSER_VERIFIER_PATH}"></script>
</section>`;
}

/** The /verify page body. */
export function verifyPageBody(siteKeys: readonly string[]): SafeHtml {
  return html`<article class="verify-page"><h1>Verify a bundle</h1>
${verifyPanel({ mode: 'drop', siteKeys })}
<p class="note">The same verification runs offline from the command line: <span class="mono">node verify-bundle.mjs &lt;bundle-dir&gt; --trusted-key &lt;key&gt;</span> (docs/VERIFYING.md).</p></article>`;
}
