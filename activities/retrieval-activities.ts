/**
 * Retrieval activities: record the request, plan query variants, search the
 * source, merge and de-duplicate, index the retained sources. Each appends
 * its ledger records idempotently.
 */
import { ValidationError } from '../common/errors';
import { hashJson, sha256 } from '../ledger/core/hash';
import { SOURCE_PROVENANCE_CONTRACT } from '../schemas/contract-names';
import type { SourceProvenance } from '../schemas/source-provenance.schema';
import { currentCall } from './activity-context';
import { ENTRY_KINDS } from './catalogue/entry-kinds';
import type { StageRecord } from './stage-ledger';
import type { Paper, RankedPaper } from './model';
import { sourceText } from './stages/extract-claims';
import { MAX_TOP_K, mergeSources as mergeRanked } from './stages/merge-sources';
import { planQueries as planVariants } from './stages/plan-queries';
import { normalizeTitle } from './stages/text';
import { TRIBUNAL_METHOD } from './stages/tribunal';
import { hasNetworkProvider, providerList, sourceFor, type SynthesisContext } from './synthesis-context';
import { validateSynthesisRequest } from './synthesis-request';

/** Media type of a stored source text (the bytes a provenance record's contentHash names). */
export const SOURCE_TEXT_MEDIA_TYPE = 'text/plain; charset=utf-8';
import type { IndexOutput, ProviderMode, RetainedSources, SynthesisParams } from './synthesis-types';

/** Builds the retrieval activities (see the catalogue, family `retrieval`). */
export function createRetrievalActivities(ctx: SynthesisContext) {
  const { deps, stage, use, pipelineParameters, policyConfig, now } = ctx;
  return {
    /**
     * Validates the request and records it with its configuration hash. Bad input: non-retryable, nothing written.
     * Reports `inProcess` when every provider the synthesis uses is deterministic (in this worker's process) and
     * the worker runs such stages locally (`deps.inProcessStages`, default `local`).
     */
    async recordRequest(input: { synthesisId: string; question: string; params: SynthesisParams; publisher: string | null }) {
      validateSynthesisRequest(input, Object.keys(deps.sources));
      if (input.params.providers === 'network' && !hasNetworkProvider(deps)) {
        throw ValidationError.single('INVALID_ARGUMENT', '$.params.providers', 'configured',
          'providers "network" needs a network provider on the worker: set SYNTHLEDGER_CHAT_BASE_URL/_MODEL or SYNTHLEDGER_EMBED_BASE_URL/_MODEL/_DIM');
      }
      const used = use(input.params.providers);
      const s = stage(input.synthesisId, 'recordRequest', 'request');
      const config = { pipeline: pipelineParameters(input.params), policy: policyConfig, providers: providerList(used, sourceFor(deps, input.params.source).name) };
      const configHash = hashJson(config);
      // The start time is recorded once so every later record (and a retry) uses the same instant.
      const { payload } = await s.once('request', ENTRY_KINDS.request, async () => ({
        question: input.question, params: input.params, publisher: input.publisher, config, configHash, startedAt: now().toISOString(),
      }));
      const source = sourceFor(deps, input.params.source);
      const corpusSize = (source as { papers?: readonly unknown[] }).papers?.length ?? null;
      // Every provider deterministic (no network source or model): the workflow runs the catalogue's `inProcess` stages locally, unless the worker keeps them regular.
      const inProcess = (deps.inProcessStages ?? 'local') === 'local' && config.providers.every((p) => p.deterministic);
      return { configHash, startedAt: payload.startedAt, parameters: config.pipeline, corpusSize, reviewMethod: TRIBUNAL_METHOD, inProcess };
    },

    /** Plans N deterministic query variants. */
    async planQueries(input: { synthesisId: string; question: string; queries: number }) {
      const queries = planVariants(input.question, input.queries);
      await stage(input.synthesisId, 'planQueries', 'plan').writeOne({ name: 'plan', kind: ENTRY_KINDS.plan, contract: null, payload: { question: input.question, queries } });
      return { queries };
    },

    /** Searches one query variant on the configured source. */
    async searchSources(input: { synthesisId: string; query: string; variant: number; round: number; limit: number; source: string }) {
      const source = sourceFor(deps, input.source);
      const results = await source.search(input.query, input.limit);
      await stage(input.synthesisId, 'searchSources', `search-${input.round}-${input.variant}`).writeOne({
        name: 'results', kind: ENTRY_KINDS.searchResults, contract: null,
        payload: { query: input.query, variant: input.variant, round: input.round, adapter: source.name, results: results.map((r) => ({ id: r.paper.id, rank: r.rank, score: r.score })) },
      });
      return results;
    },

    /**
     * Round 0: de-duplicates and keeps the top K. Later rounds (widened
     * retrieval): adds up to `limit` sources not already `known`. Writes a
     * source-provenance-v1 record per newly retained source.
     */
    async mergeSources(input: { synthesisId: string; round: number; results: RankedPaper[][]; known: Array<{ id: string; title: string }>; limit: number; retrievedAt: string }): Promise<RetainedSources> {
      const seen = new Set(input.known.flatMap((s) => [s.id, normalizeTitle(s.title)]));
      const merged = input.known.length === 0
        ? mergeRanked(input.results, input.limit)
        : mergeRanked(input.results, MAX_TOP_K).filter((s) => !seen.has(s.paper.id) && !seen.has(normalizeTitle(s.paper.title))).slice(0, input.limit);
      const call = currentCall({ synthesisId: input.synthesisId, activityType: 'mergeSources', callName: `merge-${input.round}` });
      const s = stage(input.synthesisId, 'mergeSources', `merge-${input.round}`);
      // The exact bytes each contentHash names, so the evidence bundle can ship them (blob puts are idempotent).
      for (const r of merged) await deps.ledger.blobs.put(sourceText(r.paper), SOURCE_TEXT_MEDIA_TYPE);
      const records = merged.map((r): StageRecord => ({ name: `provenance/${r.paper.id}`, kind: ENTRY_KINDS.provenance, contract: SOURCE_PROVENANCE_CONTRACT, payload: provenanceRecord(r, input.retrievedAt, call.actor) }));
      const entries = await s.write([...records, {
        name: 'merged', kind: ENTRY_KINDS.merged, contract: null,
        payload: { round: input.round, hits: input.results.reduce((n, r) => n + r.length, 0), retained: merged.map((r) => ({ id: r.paper.id, score: r.score, query: r.query })) },
      }]);
      return { sources: merged, provenance: merged.map((r, i) => ({ sourceId: r.paper.id, provenanceHash: entries[i]!.header.payloadHash })) };
    },

    /** Embeds every source and records the model, dimension and vector hashes. */
    async indexSources(input: { synthesisId: string; round: number; sources: RankedPaper[]; providers?: ProviderMode }): Promise<IndexOutput> {
      const { embedder } = use(input.providers);
      const s = stage(input.synthesisId, 'indexSources', `index-${input.round}`);
      const { payload } = await s.once('index', ENTRY_KINDS.index, async () => {
        const started = Date.now();
        const res = await embedder.embed(input.sources.map((r) => sourceText(r.paper)));
        return {
          provider: embedder.name, model: res.model, dimension: res.dimension, deterministic: embedder.deterministic,
          vectors: input.sources.map((r, i) => ({ sourceId: r.paper.id, sha256: hashJson(res.vectors[i]!) })),
          tokens: res.tokens, durationMs: Date.now() - started,
        };
      });
      return { model: payload.model, dimension: payload.dimension, deterministic: payload.deterministic, vectorsHash: hashJson(payload.vectors) };
    },

  };
}

/** The optional reference fields of a paper (arXiv id, DOI, URL, project page), only those it has. */
function referenceFields(p: Paper): Pick<SourceProvenance, 'arxivId' | 'doi' | 'url' | 'projectUrl'> {
  return {
    ...(p.arxivId !== undefined ? { arxivId: p.arxivId } : {}),
    ...(p.doi !== undefined ? { doi: p.doi } : {}),
    ...(p.url !== undefined ? { url: p.url } : {}),
    ...(p.projectUrl !== undefined ? { projectUrl: p.projectUrl } : {}),
  };
}

/** The source-provenance-v1 record of one retained source. */
function provenanceRecord(r: RankedPaper, retrievedAt: string, actor: { workflowId: string | null; activityId: string | null }): SourceProvenance {
  return {
    contract: SOURCE_PROVENANCE_CONTRACT, sourceId: r.paper.id, title: r.paper.title, authors: r.paper.authors, year: r.paper.year,
    locator: r.paper.locator, adapter: r.paper.adapter, retrievedAt, query: r.query, rank: r.rank, relevanceScore: r.score,
    contentHash: sha256(sourceText(r.paper)), contentKind: 'abstract', license: r.paper.license,
    retrieval: { workflowId: actor.workflowId, activityId: actor.activityId }, usedByClaims: null,
    ...referenceFields(r.paper),
  };
}
