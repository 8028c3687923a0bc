import { checkEntailment, stemmedSimilarities } from '../../activities/stages/entailment';
import { isAim } from '../../activities/stages/sentence-kind';
import { stem } from '../../activities/stages/stem';

const SOURCE = [
  'Dexamethasone is widely given to children undergoing tonsillectomy.',
  'In this trial, dexamethasone decreased the risk of vomiting but was associated with an increased risk of postoperative bleeding.',
  'Pain scores did not differ between groups.',
].join(' ');

describe('stem', () => {
  it('folds inflections and British spellings together', () => {
    expect(stem('reduces')).toBe(stem('reduced'));
    expect(stem('thalassaemia')).toBe(stem('thalassemia'));
    expect(stem('tumours')).toBe(stem('tumor'));
  });
  it('keeps short words and numbers as they are', () => {
    expect(stem('was')).toBe('was');
    expect(stem('1999s')).toBe('1999s');
  });
});

describe('checkEntailment', () => {
  describe('when the source states the claim in other words', () => {
    it('supports it with the matching sentence as evidence', () => {
      const r = checkEntailment('Dexamethasone increases the risk of postoperative bleeding', SOURCE);
      expect(r).toMatchObject({ verdict: 'SUPPORTS', method: 'lexical-entailment-v1', conflicts: [] });
      expect(r.evidence).toContain('increased risk of postoperative bleeding');
      expect(r.support).toBe(r.attachment);
    });
  });

  describe('when the claim reverses the direction the source reports', () => {
    it('refutes it and names both change words', () => {
      const r = checkEntailment('Dexamethasone decreases the risk of postoperative bleeding', SOURCE);
      expect(r.verdict).toBe('REFUTES');
      expect(r.conflicts[0]).toMatchObject({ kind: 'direction' });
      expect(r.conflicts[0].detail).toContain('"decreases" (down)');
      expect(r.conflicts[0].detail).toContain('"increased" (up)');
      expect(r.support).toBeCloseTo(r.attachment * 0.5, 4);
    });
    it('reads a local negation as the opposite direction', () => {
      const src = 'Current use of the drug was not associated with an increased risk of serious cardiovascular events.';
      expect(checkEntailment('Use of the drug does not increase the risk of serious cardiovascular events', src).verdict).toBe('SUPPORTS');
      expect(checkEntailment('Use of the drug increases the risk of serious cardiovascular events', src).verdict).toBe('REFUTES');
    });
    it('does not count a change word about other terms', () => {
      const src = 'Patients on warfarin had higher prevalence of atrial fibrillation and prior stroke. Prior use of the new anticoagulants was associated with lower in-hospital mortality.';
      expect(checkEntailment('Prior use of the new anticoagulants lowers in-hospital mortality after stroke', src).verdict).toBe('SUPPORTS');
    });
  });

  describe('when the claim denies what the source finds', () => {
    it('refutes a negated claim against an affirmative finding', () => {
      const r = checkEntailment('Vitamin D insufficiency is unrelated to gestational diabetes risk', 'Vitamin D insufficiency is associated with gestational diabetes risk in pregnant women.');
      expect(r.verdict).toBe('REFUTES');
      expect(r.conflicts.map((c) => c.kind)).toContain('negation');
    });
  });

  describe('when a quantity of the claim is not in the source', () => {
    it('refutes it', () => {
      const r = checkEntailment('The model improves accuracy by 12% on the benchmark', 'The model improves accuracy by 7% on the benchmark.');
      expect(r.verdict).toBe('REFUTES');
      expect(r.conflicts).toContainEqual(expect.objectContaining({ kind: 'number', detail: 'number 12% in the claim is not in the source' }));
    });
  });

  describe('when the only matching sentence states an aim', () => {
    it('does not treat the aim as a finding', () => {
      const src = 'OBJECTIVE To assess whether screening for impaired vision among older people leads to improvements in vision. Screening was offered to 3000 people.';
      expect(checkEntailment('Screening older people for impaired vision does not lead to improvements in vision', src).verdict).not.toBe('REFUTES');
      expect(isAim('We tested the hypothesis that X raises Y.')).toBe(true);
      expect(isAim('X raised Y in all groups.')).toBe(false);
    });
  });

  describe('when the source is about something else', () => {
    it('has not enough information', () => {
      const r = checkEntailment('Dexamethasone decreases the risk of postoperative bleeding', 'Graph neural networks learn node embeddings. We evaluate on citation graphs.');
      expect(r).toMatchObject({ verdict: 'NOT_ENOUGH_INFO', conflicts: [] });
      expect(r.attachment).toBeLessThan(0.15);
    });
    it('has not enough information for an empty source', () => {
      expect(checkEntailment('Anything', '')).toMatchObject({ verdict: 'NOT_ENOUGH_INFO', evidence: '', attachment: 0 });
    });
  });

  describe('when matching reworded text', () => {
    it('scores inflected forms above the unstemmed match', () => {
      const [sim] = stemmedSimilarities('reduction of tumour growth', ['Tumor growth was reduced.']);
      expect(sim).toBeGreaterThan(0.3);
    });
  });
});
