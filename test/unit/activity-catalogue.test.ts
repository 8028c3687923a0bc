import { ACTIVITY_CATALOGUE, activitiesOfFamily, expectedEntries, type ActivityFamily } from '../../activities/catalogue/activity-catalogue';
import { ENTRY_KINDS } from '../../activities/catalogue/entry-kinds';
import { createClaimsActivities } from '../../activities/claims-activities';
import { createCorrectionActivities } from '../../activities/correction-activities';
import { createInProcessActivities } from '../../activities/in-process-activities';
import { createPublicationActivities } from '../../activities/publication-activities';
import { createRetrievalActivities } from '../../activities/retrieval-activities';
import { CorpusSource, loadCorpus } from '../../activities/sources/corpus';
import { HashedNgramEmbedder } from '../../activities/stages/local-embedder';
import { createActivities } from '../../activities/synthesis-activities';
import { createSynthesisContext, type ActivityDeps } from '../../activities/synthesis-context';
import { createTribunalActivities } from '../../activities/tribunal-activities';
import { STAGES } from '../../activities/synthesis-types';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { Ledger } from '../../ledger/store/ledger';

describe('activity catalogue', () => {
  // The factories only capture their dependencies; building them opens no connection and runs no query.
  const ledger = Ledger.open('postgres://postgres@127.0.0.1:5432/synthledger_catalogue_never_queried');
  const deps: ActivityDeps = {
    ledger, sources: { corpus: new CorpusSource(loadCorpus()) }, embedder: new HashedNgramEmbedder(),
    signer: parseSignerKey(generateSigningKey('synthledger.local/log').signerKey),
  };
  afterAll(() => ledger.close());

  describe('when the activity factories are built', () => {
    const ctx = createSynthesisContext(deps);
    const families: Record<ActivityFamily, object> = {
      retrieval: createRetrievalActivities(ctx),
      claims: createClaimsActivities(ctx),
      tribunal: createTribunalActivities(ctx),
      publication: createPublicationActivities(ctx),
      correction: createCorrectionActivities(deps),
      'in-process': createInProcessActivities(createActivities(deps)),
    };

    it.each(Object.keys(families) as ActivityFamily[])('the %s factory implements exactly its catalogued activities', (family) => {
      expect(Object.keys(families[family]).sort()).toEqual(activitiesOfFamily(family).sort());
    });

    it('the worker registers exactly the catalogued activities, no more, no fewer', () => {
      const registered = [...Object.keys(createActivities(deps)), ...Object.keys(createCorrectionActivities(deps))];
      expect(registered.sort()).toEqual(Object.keys(ACTIVITY_CATALOGUE).sort());
    });
  });

  describe('when its entries are read', () => {
    it('names only known entry kinds and stages', () => {
      const kinds = new Set<string>(Object.values(ENTRY_KINDS));
      const stages = new Set<string>([...STAGES, 'correction']);
      for (const [name, spec] of Object.entries(ACTIVITY_CATALOGUE)) {
        for (const kind of Object.keys(spec.writes)) expect(`${name} ${kind} ${kinds.has(kind)}`).toBe(`${name} ${kind} true`);
        expect(`${name} ${spec.stage} ${stages.has(spec.stage)}`).toBe(`${name} ${spec.stage} true`);
      }
    });

    it('derives per-item counts from the decoded result', () => {
      expect(expectedEntries('mergeSources', { provenance: [{}, {}, {}] })).toEqual({ 'source.provenance': 3, 'sources.merged': 1 });
      expect(expectedEntries('extractClaims', {})).toEqual({ 'claim.record': 0, 'claims.extracted': 1, 'provider.call': 'any' });
      expect(expectedEntries('validateCorrection', undefined)).toEqual({});
    });

    it('counts the entries of an activity that runs stages as the sum of the calls its result lists', () => {
      const calls = [
        { activityType: 'mergeSources', counts: { provenance: 3 } },
        { activityType: 'extractClaims', counts: { claims: 4 } },
        { activityType: 'extractClaims', counts: { claims: 2 } },
        { activityType: 'draftReport', counts: {} },
      ];
      expect(expectedEntries('runInProcessStages', { outcome: {}, calls })).toEqual({
        'source.provenance': 3, 'sources.merged': 1, 'claim.record': 6, 'claims.extracted': 2, 'provider.call': 'any', 'artifact.report': 1,
      });
      expect(expectedEntries('runInProcessStages', {})).toEqual({});
    });

    it('knows nothing of an activity it does not list', () => {
      expect(expectedEntries('somethingElse', {})).toBeUndefined();
    });

    it('runs as local activities only deterministic stages that call no model, before any decision to publish', () => {
      const local = Object.entries(ACTIVITY_CATALOGUE).filter(([, s]) => (s as { local?: true }).local === true);
      expect(local.map(([n]) => n).sort()).toEqual(['aggregateTribunal', 'decidePolicy', 'draftReport', 'mergeSources', 'planQueries', 'recordRequest', 'reviseDraft']);
      for (const [name, spec] of local) expect(`${name} ${spec.retry}`).toBe(`${name} local`);
    });

    it('runs locally only without network providers the stages that may call a source or model, all before the policy and never a committed one', () => {
      const inProcess = Object.entries(ACTIVITY_CATALOGUE).filter(([, s]) => (s as { inProcess?: true }).inProcess === true);
      expect(inProcess.map(([n]) => n).sort()).toEqual(['composeAnswer', 'extractClaims', 'indexSources', 'reviewAs', 'runInProcessStages', 'searchSources', 'verifyClaims']);
      const order = STAGES as readonly string[];
      for (const [name, spec] of inProcess) {
        expect(`${name} ${spec.retry} local=${(spec as { local?: true }).local === true}`).not.toMatch(/committed|local=true/);
        expect(order.indexOf(spec.stage)).toBeLessThan(order.indexOf('policy'));
      }
    });
  });
});
