/**
 * The memo a synthesis is started with: its question, so that `list` can name
 * a run that never returned a summary (FAILED, terminated, timed out), when
 * no worker answers a query and no result exists. Set by the client at start;
 * the workflow does not read it.
 */
import { MAX_QUESTION_CHARS } from '../../activities/stages/plan-queries';

/** The memo field holding the question. */
export const QUESTION_MEMO_FIELD = 'question';

/** The memo of a synthesis started with `question` (cut to the longest question a request may have). */
export function synthesisMemo(question: string): Record<string, unknown> {
  return { [QUESTION_MEMO_FIELD]: question.slice(0, MAX_QUESTION_CHARS) };
}

/** The question a run's memo holds (bounded as at start), or null when it holds none (runs started before the memo). */
export function questionFromMemo(memo: Record<string, unknown> | undefined): string | null {
  const q = memo?.[QUESTION_MEMO_FIELD];
  return typeof q === 'string' && q !== '' ? q.slice(0, MAX_QUESTION_CHARS) : null;
}
