/** Error pages: the status, a code and a message that never echoes markup (escaped like every value). */
import { html, type SafeHtml } from '../html';
import { layout } from './layout';

/** Renders an error page. */
export function errorPage(status: number, code: string, message: string): SafeHtml {
  return layout({ title: `${status} ${code}`, body: html`<h1>${status} ${code}</h1><p class="error-message">${message}</p><p><a href="/">Back to the index</a></p>` });
}
