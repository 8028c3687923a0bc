/** A claim's evidence span highlighted inside the text of its source. */
import { html, type SafeHtml } from '../html';

/**
 * The source text with `span` marked. The recorded offsets are used when
 * they still select the recorded sentence; otherwise the sentence is looked
 * up in the text; when it is not there either, only the sentence is shown
 * and the page says so.
 */
export function highlightSpan(text: string | undefined, span: { sentence: string; start: number; end: number }): SafeHtml {
  if (!text) return html`<blockquote class="evidence"><mark>${span.sentence}</mark></blockquote><p class="muted">Source text not recorded.</p>`;
  let start = span.start;
  let end = span.end;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= text.length && start < end && text.slice(start, end) === span.sentence)) {
    start = text.indexOf(span.sentence);
    end = start + span.sentence.length;
  }
  if (start < 0 || span.sentence.length === 0) {
    return html`<blockquote class="evidence"><mark>${span.sentence}</mark></blockquote><p class="muted">The recorded sentence is not found in the recorded source text.</p>`;
  }
  return html`<blockquote class="evidence">${text.slice(0, start)}<mark>${text.slice(start, end)}</mark>${text.slice(end)}</blockquote>`;
}
