/** The site's guards, one by one: the escape helper, Markdown sanitizing, the operator token, parameter validation, the tar writer. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../common/errors';
import { escapeHtml, html, trusted } from '../../web/html';
import { isSafeLink, renderMarkdown } from '../../web/markdown';
import { operatorTokenMatches } from '../../web/operator-token';
import { reviewSummaryLines } from '../../web/review-summary';
import type { SynthesisRecord } from '../../web/synthesis-record';
import { highlightSpan } from '../../web/pages/evidence-span';
import { positiveIntParam, reviewDecisionParams, statusParam, synthesisIdParam } from '../../web/site-params';
import { tarGz } from '../../web/tar-gz';

/** What `fn` threw; fails the test when it returns. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('escapeHtml and the html template', () => {
  it('escapes the characters that end text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
  });

  it('shows control and bidirectional-formatting characters as visible escapes, keeping tab and line feed', () => {
    // A source title with a right-to-left override would show "evil.exe" reversed; ESC would start a terminal sequence when copied.
    expect(escapeHtml('Title \u202eexe.live\u202c <b>\u001b[31m\u0085\u2066x\u2069\u007f')).toBe('Title \\u202eexe.live\\u202c &lt;b&gt;\\u001b[31m\\u0085\\u2066x\\u2069\\u007f');
    expect(escapeHtml('line one\n\tline two')).toBe('line one\n\tline two');
    expect(html`<p title="${'a\u202eb'}">${'claim \u202ed'}</p>`.value).toBe('<p title="a\\u202eb">claim \\u202ed</p>');
  });

  describe('when values are interpolated', () => {
    it('escapes strings and numbers, joins arrays, drops null/undefined/false, keeps SafeHtml', () => {
      const evil = '"><script>alert(1)</script>';
      expect(html`<p title="${evil}">${evil}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>');
      expect(html`${['<a>', html`<b>`, 1, null, undefined, false]}`.value).toBe('&lt;a&gt;<b>1');
      expect(html`${trusted('<i>ok</i>')}`.value).toBe('<i>ok</i>');
    });
  });
});

describe('renderMarkdown', () => {
  it('shows raw HTML as text', () => {
    const out = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>').value;
    expect(out).not.toMatch(/<script|<img/);
    expect(out).toContain('&lt;script&gt;');
  });

  it('keeps http(s) and relative links and drops javascript:, data:, vbscript:, file: and protocol-relative ones', () => {
    const out = renderMarkdown('[a](https://example.org/x) [b](/s/y) [c](javascript:alert(1)) [d](JaVaScRiPt:alert(1)) [e](data:text/html,x) [f](vbscript:x) [g](file:///etc/passwd) [h](//evil.example) ![i](data:image/png;base64,AA)').value;
    expect(out).toContain('<a href="https://example.org/x" rel="noopener noreferrer nofollow">a</a>');
    expect(out).toContain('<a href="/s/y" rel="noopener noreferrer nofollow">b</a>');
    expect(out.match(/<a /g)).toHaveLength(2);
    expect(out).not.toMatch(/<img/);
  });

  it('shows control and bidirectional-formatting characters in the source as visible escapes', () => {
    const out = renderMarkdown('## Abstract\n\nA claim \u202eevil\u202c with \u001b[2J and\ttab.').value;
    expect(out).toBe('<h2>Abstract</h2>\n<p>A claim \\u202eevil\\u202c with \\u001b[2J and\ttab.</p>\n');
  });

  it('classifies links', () => {
    expect([isSafeLink('http://x'), isSafeLink('HTTPS://x'), isSafeLink('#frag'), isSafeLink('a/b?c=d:e')]).toEqual([true, true, true, true]);
    expect([isSafeLink(' javascript:x'), isSafeLink('mailto:a@b'), isSafeLink('\\\\evil'), isSafeLink('//evil')]).toEqual([false, false, false, false]);
  });
});

describe('reviewSummaryLines', () => {
  const record: SynthesisRecord = {
    synthesisId: 'syn-review-1', status: 'WAITING_FOR_REVIEW', question: 'Does X help Y?', publisher: null, requestedAt: null, entries: [],
    rounds: [{
      round: 0, aggregate: { score: 6.5, decision: 'MINOR_REVISION' }, rebuttal: null,
      reviews: [{ recordHash: 'sha256:00', review: { role: 'SKEPTIC', score: 6, verdict: 'MINOR_REVISION', signals: {}, method: 'rules', comments: [
        { severity: 'major', section: 'Results', claimIds: [], commentId: 'SKEPTIC-M1', text: 'Claim 2 \u202eetats\u202c overstates its source.' },
      ] } }],
    }],
    policy: null, humanReview: null, outcome: null,
    report: { sha256: 'sha256:ab', round: 0, markdown: '# Synthesis\n\n## Answer\n\nX helps Y [1].\n\nSource title \u202egnp.exe\u001b[2J.\n\n## Abstract\n\nThis synthesis addresses the question: Does X help Y?\n\n## 1 Introduction\n\nNot printed.\n' },
    claims: [], verifications: new Map(), sources: [], provenance: new Map(), manifests: [], corrections: [],
  };

  it('prints the draft\'s Answer and Abstract and the comments, escaped for the terminal', () => {
    const text = reviewSummaryLines(record).join('\n');
    expect(text).toContain('draft (round 0)\n  Answer\n    X helps Y [1].\n\n    Source title \\u202egnp.exe\\u001b[2J.\n  Abstract\n    This synthesis addresses the question: Does X help Y?\n');
    expect(text).not.toContain('Not printed.');
    expect(text).toContain('    - major [Results] Claim 2 \\u202eetats\\u202c overstates its source.');
    expect(text).not.toMatch(/[\u001b\u202a-\u202e]/);
  });

  it('says when a section is missing from the draft', () => {
    const text = reviewSummaryLines({ ...record, report: { ...record.report!, markdown: '## Abstract\n\nOnly this.\n' } }).join('\n');
    expect(text).toContain('  Answer\n    (not in this draft)\n  Abstract\n    Only this.');
  });
});

describe('operatorTokenMatches', () => {
  it('matches only the exact configured token', () => {
    expect(operatorTokenMatches('s3cret', 's3cret')).toBe(true);
    expect(operatorTokenMatches('s3cre', 's3cret')).toBe(false);
    expect(operatorTokenMatches('s3cret ', 's3cret')).toBe(false);
    expect(operatorTokenMatches(['s3cret'], 's3cret')).toBe(false);
  });

  it('never matches when no token is configured (no anonymous write)', () => {
    for (const expected of [undefined, null, '']) {
      expect(operatorTokenMatches('', expected)).toBe(false);
      expect(operatorTokenMatches(undefined, expected)).toBe(false);
    }
  });
});

describe('site parameters', () => {
  it('accepts synthesis ids and refuses traversal, separators, quotes and control characters', () => {
    expect(synthesisIdParam('syn-20250101-1a2b:c.d_e')).toBe('syn-20250101-1a2b:c.d_e');
    for (const bad of ['..', '../etc/passwd', 'a/b', 'a\\b', ".x", "x' OR '1'='1", 'a\u0000b', '', 'x'.repeat(101), 7]) {
      const e = thrown(() => synthesisIdParam(bad));
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).code).toBe('INVALID_STREAM_ID');
    }
  });

  it('reads positive integers of at most 6 digits, with a fallback when absent', () => {
    expect(positiveIntParam('12', 'page')).toBe(12);
    expect(positiveIntParam(undefined, 'page', 1)).toBe(1);
    for (const bad of ['0', '-1', '1.5', '1e3', '0x10', '1234567', ' 1', undefined]) {
      expect((thrown(() => positiveIntParam(bad, 'page')) as ValidationError).issues[0]).toMatchObject({ path: 'page', code: 'positive-integer' });
    }
  });

  it('reads a status filter', () => {
    expect(statusParam('RETRACTED')).toBe('RETRACTED');
    expect(statusParam(undefined)).toBeUndefined();
    expect((thrown(() => statusParam('published')) as ValidationError).issues[0]).toMatchObject({ path: 'status', code: 'enum' });
  });

  it('reads a review decision and reports every bad field', () => {
    expect(reviewDecisionParams({ decision: 'APPROVE', reviewer: ' Ann ', note: '' })).toEqual({ decision: 'APPROVE', reviewer: 'Ann' });
    const e = thrown(() => reviewDecisionParams({ decision: 'YES', reviewer: '', note: 'x'.repeat(5001) })) as ValidationError;
    expect(e.issues.map((i) => i.path)).toEqual(['decision', 'reviewer', 'note']);
  });
});

describe('highlightSpan', () => {
  const text = 'First sentence. The <b>claim</b> sentence. Last one.';
  const sentence = 'The <b>claim</b> sentence.';

  it('marks the recorded span, escaping the source text', () => {
    const out = highlightSpan(text, { sentence, start: 16, end: 16 + sentence.length }).value;
    expect(out).toBe('<blockquote class="evidence">First sentence. <mark>The &lt;b&gt;claim&lt;/b&gt; sentence.</mark> Last one.</blockquote>');
  });

  it('finds the sentence when the offsets do not select it, and says so when it is absent', () => {
    expect(highlightSpan(text, { sentence, start: 0, end: 3 }).value).toContain('<mark>The &lt;b&gt;claim&lt;/b&gt; sentence.</mark>');
    expect(highlightSpan(text, { sentence: 'Elsewhere.', start: 0, end: 10 }).value).toContain('not found in the recorded source text');
  });
});

describe('tarGz', () => {
  it('writes an archive that tar lists and extracts byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'site-tar-'));
    const data = Buffer.from('x'.repeat(700) + '\n');
    writeFileSync(join(dir, 'a.tar.gz'), tarGz([{ name: 'b/one.txt', data }, { name: 'b/empty', data: Buffer.alloc(0) }], 1_700_000_000));
    expect(execFileSync('tar', ['-tzf', join(dir, 'a.tar.gz')], { encoding: 'utf8' }).trim().split('\n')).toEqual(['b/one.txt', 'b/empty']);
    execFileSync('tar', ['-xzf', join(dir, 'a.tar.gz'), '-C', dir]);
    expect(readFileSync(join(dir, 'b', 'one.txt'))).toEqual(data);
  });

  it('splits a name over 100 bytes into the ustar prefix and name, as tar reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'site-tar-long-'));
    const name = `syn-0123456789abcdef-v1/evidence/history/${'ab'.repeat(32)}.json`;
    expect(name.length).toBeGreaterThan(100);
    writeFileSync(join(dir, 'a.tar.gz'), tarGz([{ name, data: Buffer.from('{}') }]));
    expect(execFileSync('tar', ['-tzf', join(dir, 'a.tar.gz')], { encoding: 'utf8' }).trim()).toBe(name);
  });

  it('refuses names that are absolute, traverse or are too long', () => {
    for (const name of ['/etc/passwd', '../x', 'a/../../x', 'x'.repeat(101), `a/${'x'.repeat(101)}`, `${'d'.repeat(156)}/x`, 'x/'.repeat(128), 'a b']) {
      expect(thrown(() => tarGz([{ name, data: Buffer.alloc(1) }]))).toBeInstanceOf(Error);
    }
  });
});
