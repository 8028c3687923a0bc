/** The one definition of which text of a paper claims come from. */
import type { Paper } from '../model';

/** The text claims are extracted from and verified against: the paper's abstract (the content we hash into provenance). */
export function sourceText(paper: Paper): string {
  return paper.abstract;
}
