/**
 * The one escape helper of the site. Every page is built with the `html`
 * tagged template, which escapes each interpolated value unless it is
 * already {@link SafeHtml} (the output of `html` itself or of the Markdown
 * renderer). Values from the ledger are attacker-controlled text: a title, a
 * claim or a reviewer note may hold markup, and control or bidirectional
 * formatting characters (U+202E reorders what a reader sees): the one helper
 * applies the project's text-safety escape (common/text-safety.ts) before the
 * HTML escape, so every value shown on the site is data.
 */
import { escapeUnsafeText } from '../common/text-safety';

/** A fragment of HTML that is already safe to emit as is. */
export class SafeHtml {
  constructor(readonly value: string) {}

  /** The HTML text. */
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * Shows control and bidirectional-formatting characters as visible escapes
 * (`\u202e`; tab and line feed kept: HTML shows them as white space), then
 * escapes `&<>"'` and backtick, so the result is safe in text and in quoted
 * attribute values.
 */
export function escapeHtml(value: unknown): string {
  return escapeUnsafeText(String(value ?? ''), { keepLines: true }).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** A value `html` accepts: text (escaped), safe HTML (as is), or arrays of those (joined). */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** Tagged template: the literal parts are trusted markup, every `${value}` is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/**
 * Marks markup produced by trusted code (the sanitizing Markdown renderer)
 * as safe. Never call it on text that came from input.
 */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
