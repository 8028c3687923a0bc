import { decidePolicy, DEFAULT_POLICY_CONFIG, entailmentMethodsAgree, gradeSynthesis, policyConfigHash, type GradeInput } from '../../activities/stages/policy';
import { sampleDraftInput, snapshotOf, verification } from './fixtures/stage-fixtures';

function gradeInput(overrides: Partial<GradeInput> = {}): GradeInput {
  return {
    snapshot: snapshotOf(sampleDraftInput()),
    score: 7,
    correctionStatus: 'CURRENT',
    provenance: { provenanceRecords: true, claimLineage: true, inclusionProofs: false },
    reproducibility: { deterministicProviders: true, providerCallsRecorded: true, configHashRecorded: true, historyDigestRecorded: true },
    ...overrides,
  };
}

/** Verdict SUPPORTS of lexical-entailment-v1 on a claim's best sentence. */
const lexicalSupports = (sentence: string) => ({ verdict: 'SUPPORTS' as const, evidence: sentence, attachment: 0.9, conflicts: [], method: 'lexical-entailment-v1' });

/**
 * The sample with every claim verified (lexical SUPPORTS), consistent, a semantic embedding
 * agreeing on each, and (optionally) a semantic entailment verdict per claim.
 */
function strongSnapshot(semanticVerdict?: (index: number) => 'SUPPORTS' | 'REFUTES' | 'NOT_ENOUGH_INFO' | null) {
  const input = sampleDraftInput();
  const verifications = input.claims.map((c, i) => verification(c, 0.9, {
    embedding: { similarity: 0.8, semantic: true, agrees: true },
    entailment: lexicalSupports(c.span.sentence),
    ...(semanticVerdict ? { semantic: { verdict: semanticVerdict(i), evidence: c.span.sentence, reason: 'scripted', method: 'chat-entailment-v1:test', prompt: 'entail.v1' } } : {}),
  }));
  return snapshotOf({ ...input, verifications });
}

describe('policy', () => {
  describe('when deciding publication', () => {
    it.each([
      [8.0, 'AUTO_APPROVE'], [7.99, 'HUMAN_REVIEW'], [6.0, 'HUMAN_REVIEW'], [5.99, 'REJECT'],
    ] as const)('maps score %p to %s', (score, decision) => {
      expect(decidePolicy(score)).toBe(decision);
    });
    it('sends a partial answer to a human even at an auto-approval score, and rejects no evidence', () => {
      expect(decidePolicy(9, DEFAULT_POLICY_CONFIG, 'APPROVE', 'PARTIAL')).toBe('HUMAN_REVIEW');
      expect(decidePolicy(9, DEFAULT_POLICY_CONFIG, 'APPROVE', 'ANSWERED')).toBe('AUTO_APPROVE');
      expect(decidePolicy(9, { ...DEFAULT_POLICY_CONFIG, autoApprovePartial: true }, 'APPROVE', 'PARTIAL')).toBe('AUTO_APPROVE');
      expect(decidePolicy(7, DEFAULT_POLICY_CONFIG, 'APPROVE', 'PARTIAL')).toBe('HUMAN_REVIEW');
      expect(decidePolicy(5, DEFAULT_POLICY_CONFIG, 'REVISE', 'PARTIAL')).toBe('REJECT');
      expect(decidePolicy(9, DEFAULT_POLICY_CONFIG, 'APPROVE', 'NO_EVIDENCE')).toBe('REJECT');
    });
    it('rejects whatever the score when the tribunal rejected', () => {
      expect(decidePolicy(9, DEFAULT_POLICY_CONFIG, 'REJECT')).toBe('REJECT');
    });
    it('hashes the config for the manifest', () => {
      expect(policyConfigHash()).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(policyConfigHash({ ...DEFAULT_POLICY_CONFIG, autoApproveScore: 9 })).not.toBe(policyConfigHash());
    });
  });

  describe('when grading the offline sample', () => {
    const g = gradeSynthesis(gradeInput());
    it('is at most L2 with a lexical embedder', () => {
      expect(g.verification).toEqual({ level: 'L2', label: 'Source-grounded claims', claimsExtracted: 3, claimsVerified: 2, threshold: 0.15 });
    });
    it('is Watchlist with a basis naming the shortfalls', () => {
      expect(g.qualityTier).toEqual({ tier: 'Watchlist', basis: 'Below the DOI-grade threshold: review score 7.00 < 8.0; verified ratio 0.67 < 0.8.' });
    });
    it('grades the four dimensions by the documented rules', () => {
      expect(g.qualityDimensions).toEqual({ evidenceStrength: 'MEDIUM', citationGrounding: 'MEDIUM', uncertaintyDisclosure: 'HIGH', reproducibilityStatus: 'HIGH' });
      expect(g.provenance).toEqual({ publicLevel: 'L3', label: 'Claim aggregate record' });
    });
  });

  describe('when claims are strong', () => {
    it('reaches L3 only when a semantic entailment verdict agrees on every verified claim (a semantic embedding agreeing is not enough), and L4 only with human approval of every claim', () => {
      expect(gradeSynthesis(gradeInput({ snapshot: strongSnapshot() })).verification.level).toBe('L2');
      for (const other of ['NOT_ENOUGH_INFO', 'REFUTES', null] as const) {
        const snapshot = strongSnapshot((i) => (i === 1 ? other : 'SUPPORTS'));
        expect(entailmentMethodsAgree(snapshot)).toBe(false);
        expect(gradeSynthesis(gradeInput({ snapshot })).verification.level).toBe('L2');
      }
      const semantic = strongSnapshot(() => 'SUPPORTS');
      expect(entailmentMethodsAgree(semantic)).toBe(true);
      expect(gradeSynthesis(gradeInput({ snapshot: semantic })).verification.level).toBe('L3');
      const all = semantic.claims.map((c) => c.claimId);
      expect(gradeSynthesis(gradeInput({ snapshot: semantic, humanApprovedClaimIds: all })).verification.level).toBe('L4');
      expect(gradeSynthesis(gradeInput({ snapshot: semantic, humanApprovedClaimIds: all.slice(1) })).verification.level).toBe('L3');
    });
    it('stays at L2 when a model wrote the answer and a sentence it kept was not checked by the semantic judge', () => {
      const claims = strongSnapshot(() => 'SUPPORTS');
      const answer = (semanticAgreed: number) => ({
        method: 'chat-answer-v1:test', question: claims.question, answerability: 'ANSWERED' as const, aspects: [], sentences: [],
        counts: { evidenceSentences: 2, supported: 2, unsupported: 0, sourcesCited: 1, aspectsCovered: 1, aspects: 1 },
        model: { status: 'used' as const, reason: null, removed: [], semanticAgreed, calls: [] },
      });
      expect(gradeSynthesis(gradeInput({ snapshot: { ...claims, answer: answer(1) } })).verification.level).toBe('L2');
      expect(gradeSynthesis(gradeInput({ snapshot: { ...claims, answer: answer(2) } })).verification.level).toBe('L3');
    });
    it('is DOI-grade at score 8 with status CURRENT or CORRECTED, Watchlist under concern, Withdrawn when retracted', () => {
      const snapshot = strongSnapshot();
      expect(gradeSynthesis(gradeInput({ snapshot, score: 8 })).qualityTier.tier).toBe('DOI-grade');
      expect(gradeSynthesis(gradeInput({ snapshot, score: 8, correctionStatus: 'CORRECTED' })).qualityTier.tier).toBe('DOI-grade');
      expect(gradeSynthesis(gradeInput({ snapshot, score: 8, correctionStatus: 'UNDER_CONCERN' })).qualityTier.tier).toBe('Watchlist');
      expect(gradeSynthesis(gradeInput({ snapshot, score: 9, correctionStatus: 'RETRACTED' })).qualityTier.tier).toBe('Withdrawn');
    });
  });

  describe('when the evidence covers little of the question', () => {
    const gradeOf = (snapshot: ReturnType<typeof strongSnapshot>) => gradeSynthesis(gradeInput({ snapshot, score: 9 }));
    it('is not DOI-grade with LOW evidence strength and an answer covering 2 of 9 aspects, and says why', () => {
      const snapshot = strongSnapshot();
      const partial = {
        ...snapshot,
        answer: {
          method: 'extractive-answer-v1', question: snapshot.question, answerability: 'PARTIAL' as const, aspects: [], sentences: [],
          counts: { evidenceSentences: 2, supported: 2, unsupported: 0, sourcesCited: 1, aspectsCovered: 2, aspects: 9 },
        },
      };
      const g = gradeOf(partial);
      expect(g.qualityDimensions.evidenceStrength).toBe('LOW');
      expect(g.dimensionRules.evidenceStrength).toContain('aspect coverage 0.22');
      expect(g.qualityTier.tier).toBe('Watchlist');
      expect(g.qualityTier.basis).toContain('evidence strength LOW < MEDIUM');
      expect(g.qualityTier.basis).toContain('the answer covers 2 of 9 aspects of the question');
    });
    it('is not DOI-grade when the verified claims miss most key phrases of the question, even without a composed answer', () => {
      const snapshot = strongSnapshot();
      const offQuestion = { ...snapshot, question: 'What is the impact of negative sampling versus graph pooling on node classification and link prediction?' };
      const g = gradeOf(offQuestion);
      expect(g.qualityTier.tier).toBe('Watchlist');
      expect(g.qualityTier.basis).toMatch(/question coverage 0\.\d\d < 0\.5/);
      expect(g.qualityTier.basis).toContain('evidence strength LOW < MEDIUM');
    });
    it('names question coverage and evidence strength in a DOI-grade basis', () => {
      const g = gradeOf(strongSnapshot());
      expect(g.qualityTier.tier).toBe('DOI-grade');
      expect(g.qualityTier.basis).toContain('question coverage 1.00 ≥ 0.5, evidence strength MEDIUM');
    });
  });

  describe('when claims cite no listed source', () => {
    it('is L0', () => {
      const input = sampleDraftInput();
      const g = gradeSynthesis(gradeInput({ snapshot: snapshotOf({ ...input, sources: input.sources.slice(1) }) }));
      expect(g.verification.level).toBe('L0');
      expect(g.qualityDimensions.citationGrounding).toBe('LOW');
    });
  });

  describe('when provenance and reproducibility are partial', () => {
    it('lowers the public level and the reproducibility grade', () => {
      const g = gradeSynthesis(gradeInput({
        provenance: { provenanceRecords: false, claimLineage: true, inclusionProofs: true },
        reproducibility: { deterministicProviders: false, providerCallsRecorded: true, configHashRecorded: true, historyDigestRecorded: true },
      }));
      expect(g.provenance.publicLevel).toBe('L1');
      expect(g.qualityDimensions.reproducibilityStatus).toBe('MEDIUM');
    });
  });
});
