import { escapeUnsafeJson, escapeUnsafeText, firstUnsafeCharacter, unsafeTextIssue } from '../../common/text-safety';

const ESC = '\u001b';
/** Hostile texts: ANSI colour, 8-bit CSI, a title-setting OSC, a carriage return, NUL, DEL, and each bidi control. */
const HOSTILE: Array<[string, string]> = [
  ['ANSI colour escape', `red ${ESC}[31mtext${ESC}[0m`],
  ['8-bit CSI (C1)', 'a \u009b31m b'],
  ['OSC window title', `${ESC}]0;owned\u0007`],
  ['carriage return', 'safe\rforged'],
  ['NUL', 'a\u0000b'],
  ['DEL', 'a\u007fb'],
  ...['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'].map((c): [string, string] => [`bidi U+${c.charCodeAt(0).toString(16).toUpperCase()}`, `abc${c}def`]),
];

describe('text safety', () => {
  describe('when a field holds a control or bidi character', () => {
    it.each(HOSTILE)('refuses %s in single-line and multi-line fields', (_name, text) => {
      expect(unsafeTextIssue('$.publisher', text, 'single-line')).toMatchObject({ code: 'text-safety', path: '$.publisher' });
      expect(unsafeTextIssue('$.note', text, 'multi-line')).toMatchObject({ code: 'text-safety', path: '$.note' });
    });

    it('names the code point and its position', () => {
      expect(firstUnsafeCharacter('abc\u202edef')).toEqual({ index: 3, codePoint: 'U+202E' });
      expect(unsafeTextIssue('$.q', `x${ESC}`)!.message).toContain('U+001B at character 1');
    });
  });

  describe('when a field holds tab or line feed', () => {
    it('refuses them in a single-line field and allows them in a multi-line one', () => {
      expect(unsafeTextIssue('$.reviewer', 'Ann\tEditor', 'single-line')).not.toBeNull();
      expect(unsafeTextIssue('$.reviewer', 'Ann\nEditor', 'single-line')).not.toBeNull();
      expect(unsafeTextIssue('$.note', 'line one\n\tline two', 'multi-line')).toBeNull();
    });
  });

  describe('when text is ordinary', () => {
    it('accepts letters of every script, punctuation and marks', () => {
      for (const text of ['Does negative sampling help?', 'Zoë Åström — «ré»', 'מה השאלה?', '量子计算', 'emoji 🧪']) {
        expect(unsafeTextIssue('$.question', text, 'multi-line')).toBeNull();
        expect(escapeUnsafeText(text)).toBe(text);
      }
    });

    it('leaves non-strings to the type check', () => {
      expect(unsafeTextIssue('$.note', undefined)).toBeNull();
      expect(unsafeTextIssue('$.note', 42)).toBeNull();
    });
  });

  describe('escapeUnsafeText', () => {
    it.each(HOSTILE)('leaves no unsafe character in %s', (_name, text) => {
      const shown = escapeUnsafeText(text);
      expect(firstUnsafeCharacter(shown)).toBeNull();
      expect(shown).toMatch(/\\u[0-9a-f]{4}/);
    });

    it('writes visible escapes, keeping lines and tabs only when asked', () => {
      expect(escapeUnsafeText(`a${ESC}[31m\u202eb`)).toBe('a\\u001b[31m\\u202eb');
      expect(escapeUnsafeText('a\n\tb')).toBe('a\\u000a\\u0009b');
      expect(escapeUnsafeText('a\n\tb\r', { keepLines: true })).toBe('a\n\tb\\u000d');
    });
  });

  describe('escapeUnsafeJson', () => {
    it('keeps the document equal while escaping C1 and bidi characters JSON.stringify leaves raw', () => {
      const value = { title: 'x\u202ey\u009bz', nested: [`${ESC}[2J`] };
      const json = JSON.stringify(value, null, 2);
      expect(json).toContain('\u202e');
      const escaped = escapeUnsafeJson(json);
      expect(firstUnsafeCharacter(escaped.replace(/\n/g, ''))).toBeNull();
      expect(JSON.parse(escaped)).toEqual(value);
    });
  });
});
