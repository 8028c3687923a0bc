/** The page shell every page shares: header, navigation, footer, the stylesheet; no inline script or style. */
import { html, type HtmlValue, type SafeHtml } from '../html';

/** Options of {@link layout}. */
export interface LayoutOptions {
  title: string;
  body: HtmlValue;
  /** Shown above the content (e.g. a retraction banner). */
  banner?: HtmlValue;
}

/** A complete HTML document. */
export function layout(o: LayoutOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${o.title} · synthledger</title>
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<header class="site-header"><nav><a class="brand" href="/">synthledger</a> <a href="/">Index</a> <a href="/verify">Verify</a> <a href="/.well-known/synthledger-keys">Keys</a></nav></header>
${o.banner ?? ''}<main>
${o.body}
</main>
<footer class="site-footer">Machine-generated syntheses of existing literature, recorded in an append-only ledger. Read-only view.</footer>
</body>
</html>
`;
}

/** A two-column definition table (label, value) like the seed pages' fact tables. */
export function factTable(rows: Array<[string, HtmlValue]>, cls = 'facts'): SafeHtml {
  return html`<table class="${cls}"><tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>`;
}

/** A status badge (the class names the status, the text says it). */
export function statusBadge(status: string): SafeHtml {
  return html`<span class="status status-${status.toLowerCase().replace(/[^a-z_]/g, '')}" data-status="${status}">${status}</span>`;
}

/** Formats a score as the seed does: `7.00/10`. */
export function formatScore(score: number | null | undefined): string {
  return typeof score === 'number' && Number.isFinite(score) ? `${score.toFixed(2)}/10` : '–';
}

/** Formats an ISO timestamp as `28 May 2026` (UTC), as the seed shows dates. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
