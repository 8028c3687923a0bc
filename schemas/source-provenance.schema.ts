/** JSON Schema of `source-provenance-v1` (DESIGN 4.5). */
import type { FromSchema } from 'json-schema-to-ts';
import { SOURCE_PROVENANCE_CONTRACT, schemaId } from './contract-names';
import { hashSchema, timestampSchema } from './common-defs';

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
  },
} as const;

/** A `source-provenance-v1` record. */
export type SourceProvenance = FromSchema<typeof sourceProvenanceSchema>;
