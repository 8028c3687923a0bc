/**
 * The bad-input matrix of `synthledger run` / `review` options, checked by the
 * client before any workflow starts (the same rules the recordRequest
 * activity and the review validator apply).
 */
import type { ValidationError } from '../../common/errors';
import { parseDecimal, positiveInt, synthesisInputFrom } from '../../cli/arguments';
import { MAX_PUBLISHER_CHARS, synthesisRequestIssues } from '../../activities/synthesis-request';
import { reviewDecisionIssues } from '../../workflows/definitions';

/** What `fn` threw; fails the test when it returns. */
function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const QUESTION = 'Does negative sampling help MRQA out-of-domain F1?';

function issuesOf(fn: () => unknown) {
  const e = caught(fn) as ValidationError;
  expect(e.code).toBe('INVALID_ARGUMENT');
  return e.issues;
}

describe('synthesisInputFrom', () => {
  describe('when a number is not plain decimal', () => {
    it.each(['0x4', '0b11', '0o4', '4e0', ' 4', '4 ', '+4', '', 'Infinity', 'NaN', '4.', '.5'])('refuses --queries %j', (raw) => {
      expect(issuesOf(() => synthesisInputFrom(QUESTION, { queries: raw }))).toEqual([expect.objectContaining({ code: 'number', path: '--queries' })]);
    });

    it('reads plain decimals', () => {
      expect(synthesisInputFrom(QUESTION, { queries: '4', threshold: '0.25' }).params).toEqual({ queries: 4, threshold: 0.25 });
    });
  });

  describe('when the publisher is bad', () => {
    it.each([
      ['too long', 'p'.repeat(MAX_PUBLISHER_CHARS + 1), 'maxLength'],
      ['blank', '   ', 'required'],
      ['an ANSI escape', 'ACME\u001b[31m', 'text-safety'],
      ['a right-to-left override', 'ACME\u202eevil', 'text-safety'],
      ['a line feed', 'ACME\nPress', 'text-safety'],
    ])('refuses a publisher with %s, naming --publisher', (_what, publisher, rule) => {
      expect(issuesOf(() => synthesisInputFrom(QUESTION, { publisher }))).toEqual([expect.objectContaining({ code: rule, path: '--publisher' })]);
    });

    it('accepts one of exactly the limit', () => {
      expect(synthesisInputFrom(QUESTION, { publisher: 'p'.repeat(MAX_PUBLISHER_CHARS) }).publisher).toHaveLength(MAX_PUBLISHER_CHARS);
    });
  });

  describe('when the question holds terminal control or bidi characters', () => {
    it.each(['\u001b[2J\u001b[Hforged', 'right\u202eto-left', 'isolate\u2066x\u2069', 'bell\u0007', 'csi\u009b1m'])('refuses %j', (question) => {
      expect(issuesOf(() => synthesisInputFrom(question, {}))).toEqual([expect.objectContaining({ code: 'text-safety', path: '<question>' })]);
    });

    it('accepts tabs and line feeds, which the title and report fold into spaces', () => {
      expect(synthesisInputFrom('line one\n\tline two?', {}).question).toBe('line one\n\tline two?');
    });
  });

  describe('when several options are bad', () => {
    it('names every one', () => {
      const issues = issuesOf(() => synthesisInputFrom(QUESTION, { queries: '0x4', publisher: 'x'.repeat(400), reviewTimeout: 'soon', reviewDefault: 'maybe', id: '../etc' }));
      expect(issues.map((i) => i.path).sort()).toEqual(['--id', '--publisher', '--queries', '--review-default', '--review-timeout']);
    });
  });
});

describe('synthesisRequestIssues', () => {
  describe('when a client sends review options directly', () => {
    it('refuses an unknown review default and a non-positive timeout', () => {
      const issues = synthesisRequestIssues({ synthesisId: 's-1', question: QUESTION, humanReviewDefault: 'MAYBE', timeouts: { humanReviewMs: 0 } });
      expect(issues.map((i) => i.path)).toEqual(['$.humanReviewDefault', '$.timeouts.humanReviewMs']);
    });

    it('treats a null publisher (recordRequest with none given) as absent', () => {
      expect(synthesisRequestIssues({ synthesisId: 's-1', question: QUESTION, params: {}, publisher: null }, ['corpus'])).toEqual([]);
    });
  });
});

describe('positiveInt', () => {
  describe('when the value is not decimal digits', () => {
    it.each(['0x4', '1e2', ' 5', '5.0', '-1', '0', '99999999999999999999'])('refuses %j', (raw) => {
      expect((caught(() => positiveInt('--limit', raw, 20)) as ValidationError).issues).toEqual([expect.objectContaining({ path: '--limit', code: 'integer' })]);
    });
  });

  it('reads decimal digits and falls back when absent', () => {
    expect(positiveInt('--limit', '5', 20)).toBe(5);
    expect(positiveInt('--limit', undefined, 20)).toBe(20);
  });
});

describe('parseDecimal', () => {
  it('reads signed decimals and refuses other spellings', () => {
    expect([parseDecimal('-1'), parseDecimal('0.5'), parseDecimal('0x10'), parseDecimal('1_0')]).toEqual([-1, 0.5, null, null]);
  });
});

describe('reviewDecisionIssues', () => {
  describe('when the reviewer or note carries control or bidi characters', () => {
    it.each([
      [{ decision: 'APPROVE' as const, reviewer: 'Ann\u001b[8m' }, '$.reviewer'],
      [{ decision: 'APPROVE' as const, reviewer: 'Ann\u202eEditor' }, '$.reviewer'],
      [{ decision: 'APPROVE' as const, reviewer: 'Ann\nEditor' }, '$.reviewer'],
      [{ decision: 'REJECT' as const, reviewer: 'Ann', note: 'fine\u001b]0;title\u0007' }, '$.note'],
      [{ decision: 'REJECT' as const, reviewer: 'Ann', note: 'see \u2067hidden\u2069' }, '$.note'],
    ])('refuses %j', (decision, path) => {
      expect(reviewDecisionIssues(decision)).toEqual([expect.objectContaining({ code: 'text-safety', path })]);
    });
  });

  it('accepts a multi-line note', () => {
    expect(reviewDecisionIssues({ decision: 'APPROVE', reviewer: 'Ann Editor', note: 'claims checked\n\t- all of them' })).toEqual([]);
  });
});
