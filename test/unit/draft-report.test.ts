import { draftReport, REPORT_SECTIONS, type DraftReportInput } from '../../activities/stages/draft-report';
import { claim, hit, paper, params, verification } from './fixtures/stage-fixtures';

const p1 = paper('corpus:000000000011', 'Instruction Tuning | Zero-Shot', 'We show that instruction tuning improves zero-shot accuracy.');
const p2 = paper('corpus:000000000012', 'Negative Sampling', 'Negative sampling helps retrieval.');
const c1 = claim(p1.id, 'Instruction tuning improves zero-shot accuracy');
const c2 = claim(p2.id, 'Negative sampling | hurts retrieval');

function input(overrides: Partial<DraftReportInput> = {}): DraftReportInput {
  return {
    question: 'Does negative sampling beat instruction tuning?',
    queries: ['negative sampling instruction tuning', 'negative sampling'],
    sources: [hit(p1, 2), hit(p2, 1)],
    claims: [c1, c2],
    verifications: [verification(c1, 0.91), verification(c2, 0.1, { consistency: { numbers: true, negation: false, issues: ['the claim is negated but the source sentence is not'] } })],
    parameters: params(),
    corpusSize: 120,
    ...overrides,
  };
}

describe('draftReport', () => {
  describe('when rendering a draft', () => {
    const report = draftReport(input());
    it('has exactly the seed section layout, in order', () => {
      expect(report.markdown.match(/^## .+$/gm)).toEqual(REPORT_SECTIONS.map((s) => `## ${s}`));
    });
    it('states the real parameters in Methodology', () => {
      const method = report.markdown.split('## 2 Methodology')[1].split('## 3 Results')[0];
      for (const needle of ['2 deterministic query variants', 'topK=10', '1-grams + 2-grams', 'threshold=0.15', 'hashed-ngram-v1 (dim=256)', 'SKEPTIC/VALIDATOR/SYNTHESIZER', 'score < 6.5', 'at most 2 rounds']) {
        expect(method).toContain(needle);
      }
    });
    it('states real counts in Results', () => {
      expect(report.markdown).toContain('2 sources retrieved. 2 claims extracted, 1 verified (50%), mean confidence 0.51. 1 consistency-check failure. Source coverage: 1 of 2 sources');
    });
    it('lists real uncertainties, including unverified claims and consistency failures', () => {
      const unc = report.markdown.split('## 4 Uncertainties')[1].split('## 5')[0];
      expect(unc).toContain('weak signal');
      expect(unc).toContain('lexical');
      expect(unc).toContain('bundled-corpus of 120 abstracts');
      expect(unc).toContain(`${c2.claimId} (0.10)`);
      expect(unc).toContain('the claim is negated but the source sentence is not');
      expect(report.disclosures.map((d) => d.key)).toEqual(['tfidf-weak-signal', 'heuristic-extraction', 'lexical-embedder', 'corpus-limits', 'unverified-claims', 'consistency-failures']);
    });
    it('renders the claims table with marks, 2-decimal confidence, escaped pipes and reference numbers', () => {
      expect(report.markdown).toContain(`| Instruction tuning improves zero-shot accuracy | ✓ | 0.91 | [1] \`${p1.id}\` |`);
      expect(report.markdown).toContain(`| Negative sampling \\| hurts retrieval | × | 0.10 | [2] \`${p2.id}\` |`);
    });
    it('lists one reference per source with title and locator', () => {
      expect(report.markdown).toContain(`1. Instruction Tuning | Zero-Shot (authors and year not recorded in the searched collection). Source text: <data/corpus.json#${p1.id}>.`);
      expect(report.markdown).toContain(`2. Negative Sampling (authors and year not recorded in the searched collection). Source text: <data/corpus.json#${p2.id}>.`);
    });
  });

  describe('when rendered twice from the same input', () => {
    it('is byte-identical and hashes its bytes', () => {
      const a = draftReport(input());
      const b = draftReport(input());
      expect(a.markdown).toBe(b.markdown);
      expect(a.sha256).toBe(b.sha256);
      expect(a.bytes).toBe(Buffer.byteLength(a.markdown));
      expect(a.markdown).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    });
  });

  describe('when revision information is present', () => {
    it('renders flags, drops, added disclosures, widened queries and the rebuttal', () => {
      const report = draftReport(input({
        flaggedClaimIds: [c2.claimId],
        extraDisclosures: [{ key: 'question-coverage', text: 'Question coverage is low.' }],
        revision: {
          round: 1,
          rebuttal: [{ commentId: 'SKEPTIC-M1', action: 'FLAGGED_CLAIM', response: 'We agree.' }],
          flaggedClaimIds: [c2.claimId], droppedClaimIds: ['claim:dead'], addedDisclosures: [{ key: 'question-coverage', text: 'Question coverage is low.' }],
          extraQueries: ['negative sampling mrqa'],
        },
        tribunal: { score: 6.1, decision: 'REVISE', round: 0 },
        date: '2026-05-28',
      }));
      expect(report.markdown).toContain('| × (flagged) |');
      expect(report.markdown).toContain('Revision round 1: answered 1 major comment; flagged 1, dropped 1 claim; added 1 disclosure; widened retrieval with `negative sampling mrqa`.');
      expect(report.markdown).toContain('- SKEPTIC-M1 (FLAGGED_CLAIM): We agree.');
      expect(report.markdown).toContain('- Question coverage is low.');
      expect(report.markdown).toContain('Tribunal: 6.10/10 → REVISE (revision_round=0).');
      expect(report.markdown).toContain('Date: 2026-05-28');
    });
  });
});
