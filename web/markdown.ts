/**
 * Markdown for the site: markdown-it with raw HTML disabled (so markup in a
 * report is shown as text) and links restricted to http(s) and relative
 * targets (no `javascript:`, `data:`, `vbscript:` or `file:` URLs).
 * Control and bidirectional-formatting characters in the source are shown as
 * visible escapes, as `escapeHtml` (html.ts) shows them in every other value.
 */
import MarkdownIt from 'markdown-it';
import { escapeUnsafeText } from '../common/text-safety';
import { trusted, type SafeHtml } from './html';

/** True for link targets a reader may follow: http(s) URLs and relative references. */
export function isSafeLink(url: string): boolean {
  const target = url.trim();
  // A scheme is letters, digits, + . - before the first ':' and before any '/', '?' or '#'.
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(target);
  if (!scheme) return !/^[\\/]{2}/.test(target) && !/[\u0000-\u001f]/.test(target);
  return /^https?$/i.test(scheme[1]!);
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.validateLink = isSafeLink;

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  // Links in a report lead away from the site: no referrer, no opener, no endorsement.
  tokens[idx]!.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Renders Markdown to sanitized HTML; unsafe characters are escaped first (`\u202e`; tab and line feed kept, they are Markdown's layout). */
export function renderMarkdown(source: string): SafeHtml {
  return trusted(md.render(escapeUnsafeText(source, { keepLines: true })));
}
