/**
 * The parameters of one synthesis run, as recorded in the manifest
 * (`pipeline.parameters`, DESIGN 4.2) plus the few knobs the manifest does
 * not name. Pure data and constants: safe to import from workflow code.
 */
import { TRIBUNAL_ROLES } from '../../schemas/tribunal-roles';
import type { ReviewRole } from '../model';

/** Parameters of a run; the first ten fields are exactly the manifest's `pipeline.parameters`. */
export interface PipelineParameters {
  /** Number of query variants planned. */
  queries: number;
  /** Sources kept after merging. */
  topK: number;
  /** TF-IDF n-gram orders. */
  tfidfNgrams: number[];
  /** TF-IDF attachment threshold. */
  threshold: number;
  embeddingModel: string;
  embeddingDim: number;
  tribunalRoles: ReviewRole[];
  /** Tribunal score below which a revision round runs. */
  revisionThreshold: number;
  /** Revision rounds allowed (0..2). */
  maxRounds: number;
  /** Source adapter name(s), e.g. `bundled-corpus`. */
  source: string;
  /** Papers requested per query variant. Not in the manifest. */
  perQueryLimit: number;
  /** Claims kept per source. Not in the manifest. */
  maxClaimsPerSource: number;
}

/** The offline defaults (DESIGN section 3). */
export const DEFAULT_PIPELINE_PARAMETERS: Readonly<PipelineParameters> = Object.freeze({
  queries: 4,
  topK: 10,
  tfidfNgrams: [1, 2],
  threshold: 0.15,
  embeddingModel: 'hashed-ngram-v1',
  embeddingDim: 256,
  tribunalRoles: [...TRIBUNAL_ROLES],
  revisionThreshold: 6.5,
  maxRounds: 2,
  source: 'bundled-corpus',
  perQueryLimit: 10,
  maxClaimsPerSource: 3,
});

/** The manifest's `pipeline.parameters` object (drops the fields the manifest does not name). */
export function manifestParameters(p: PipelineParameters): Omit<PipelineParameters, 'perQueryLimit' | 'maxClaimsPerSource'> {
  return {
    queries: p.queries,
    topK: p.topK,
    tfidfNgrams: [...p.tfidfNgrams],
    threshold: p.threshold,
    embeddingModel: p.embeddingModel,
    embeddingDim: p.embeddingDim,
    tribunalRoles: [...p.tribunalRoles],
    revisionThreshold: p.revisionThreshold,
    maxRounds: p.maxRounds,
    source: p.source,
  };
}
