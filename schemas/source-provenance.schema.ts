/** JSON Schema of `source-provenance-v1` (DESIGN 4.5). */
import type { FromSchema } from 'json-schema-to-ts';
import { SOURCE_PROVENANCE_CONTRACT, schemaId } from './contract-names';
import { hashSchema, timestampSchema } from './common-defs';

/** `adapter` of a source from the bundled corpus (activities/sources/corpus.ts), whose texts ship with synthledger itself. */
export const CORPUS_ADAPTER = 'bundled-corpus';

/** Pattern of a new-style arXiv identifier (`2109.01652`, optionally with a version `v5`). */
export const ARXIV_ID_PATTERN = '^\\d{4}\\.\\d{4,5}(v\\d+)?$';
/** Pattern of a DOI (`10.<registrant>/<suffix>`). */
export const DOI_PATTERN = '^10\\.\\d{4,9}/\\S+$';
/** Pattern of a reference URL: http(s), no whitespace, no angle brackets or quotes (so it can be shown as a Markdown autolink). */
export const REFERENCE_URL_PATTERN = '^https?://[^\\s<>"]+$';
/** Longest reference URL or DOI. */
export const MAX_REFERENCE_CHARS = 2000;

export const sourceProvenanceSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaId(SOURCE_PROVENANCE_CONTRACT),
  title: SOURCE_PROVENANCE_CONTRACT,
  type: 'object',
  additionalProperties: false,
  required: ['contract', 'sourceId', 'title', 'authors', 'year', 'locator', 'adapter', 'retrievedAt', 'query', 'rank',
    'relevanceScore', 'contentHash', 'contentKind', 'license', 'retrieval', 'usedByClaims'],
  properties: {
    contract: { const: SOURCE_PROVENANCE_CONTRACT },
    sourceId: { type: 'string', minLength: 1, maxLength: 300 },
    title: { type: 'string', minLength: 1, maxLength: 2000 },
    authors: { type: 'array', items: { type: 'string', maxLength: 500 }, maxItems: 1000 },
    year: { type: ['integer', 'null'], minimum: 1000, maximum: 9999 },
    locator: { type: 'string', minLength: 1, maxLength: 2000 },
    adapter: { type: 'string', minLength: 1, maxLength: 100 },
    retrievedAt: timestampSchema,
    query: { type: 'string', minLength: 1, maxLength: 4000 },
    rank: { type: 'integer', minimum: 1 },
    relevanceScore: { type: 'number' },
    contentHash: hashSchema,
    contentKind: { type: 'string', enum: ['abstract', 'full-text', 'title'] },
    license: { type: ['string', 'null'], maxLength: 500 },
    retrieval: {
      type: 'object',
      additionalProperties: false,
      required: ['workflowId', 'activityId'],
      properties: { workflowId: { type: ['string', 'null'] }, activityId: { type: ['string', 'null'] } },
    },
    usedByClaims: { type: 'null', description: 'Filled in by the claim records, not here (additive lineage).' },
    // Optional reference fields (docs/adr/0013): written only when the source names them, so a record without them is byte for byte what it was.
    arxivId: { type: 'string', pattern: ARXIV_ID_PATTERN, description: 'arXiv identifier, when the source names one.' },
    doi: { type: 'string', pattern: DOI_PATTERN, maxLength: MAX_REFERENCE_CHARS, description: 'DOI, when the source names one.' },
    url: { type: 'string', pattern: REFERENCE_URL_PATTERN, maxLength: MAX_REFERENCE_CHARS, description: "The paper's landing page, when the source names one." },
    projectUrl: { type: 'string', pattern: REFERENCE_URL_PATTERN, maxLength: MAX_REFERENCE_CHARS, description: "The code or project page the paper's abstract names." },
  },
} as const;

/** A `source-provenance-v1` record. */
export type SourceProvenance = FromSchema<typeof sourceProvenanceSchema>;
