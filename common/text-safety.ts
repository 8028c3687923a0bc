/**
 * Text is data, never terminal control. One rule for the characters that can
 * steer a terminal or reorder what a reader sees, used both to refuse them in
 * fields people type (questions, publishers, reviewer names, notes) and to
 * escape them wherever text from elsewhere is shown (terminal output, the
 * Markdown report, the manifest title). README "Text is data" lists the
 * decision per field.
 */
import type { ValidationIssue } from './errors';

/**
 * Characters that are never text: C0 controls (U+0000–U+001F, which include
 * ESC, the start of ANSI escape sequences), DEL, C1 controls (U+0080–U+009F,
 * which include the 8-bit CSI U+009B), and the Unicode bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that
 * reorder the text around them ("Trojan Source", CVE-2021-42574).
 */
const UNSAFE_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/** The same set less TAB and LF, for fields that may span lines. */
const UNSAFE_MULTI_LINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** Whether a field is one line (a name) or may hold TAB and LF (a question, a note). */
export type TextShape = 'single-line' | 'multi-line';

/** The first unsafe character of `text` and its index, or null when the text is safe for `shape`. */
export function firstUnsafeCharacter(text: string, shape: TextShape = 'single-line'): { index: number; codePoint: string } | null {
  const m = (shape === 'single-line' ? UNSAFE_SINGLE_LINE : UNSAFE_MULTI_LINE).exec(text);
  return m ? { index: m.index, codePoint: codePointName(m[0]) } : null;
}

/**
 * The validation issue of a text field holding a control or bidirectional
 * formatting character (rule `text-safety`), or null when it holds none.
 * Non-strings are left to the field's type check.
 */
export function unsafeTextIssue(path: string, value: unknown, shape: TextShape = 'single-line'): ValidationIssue | null {
  if (typeof value !== 'string') return null;
  const bad = firstUnsafeCharacter(value, shape);
  if (!bad) return null;
  const allowed = shape === 'multi-line' ? ' (tab and line feed are allowed)' : '';
  return {
    code: 'text-safety',
    path,
    message: `must not contain control or bidirectional-formatting characters${allowed}: ${bad.codePoint} at character ${bad.index}`,
  };
}

const ESCAPE_ALL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;
const ESCAPE_KEEPING_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Shows `text` with every unsafe character replaced by its visible escape
 * (`\u001b`, `\u202e`), so it prints as data. With `keepLines`, TAB and LF
 * stay as they are (multi-line output); otherwise they are escaped too.
 */
export function escapeUnsafeText(text: string, { keepLines = false }: { keepLines?: boolean } = {}): string {
  return text.replace(keepLines ? ESCAPE_KEEPING_LINES : ESCAPE_ALL, escapeOne);
}

/**
 * Escapes unsafe characters inside serialized JSON as `\uXXXX` escapes: the
 * document means exactly the same to a parser, and prints as data. Raw TAB
 * and LF in `JSON.stringify` output are only ever layout between tokens
 * (inside strings they are already escaped), so they stay.
 */
export function escapeUnsafeJson(json: string): string {
  return json.replace(ESCAPE_KEEPING_LINES, escapeOne);
}

function escapeOne(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function codePointName(c: string): string {
  return `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
