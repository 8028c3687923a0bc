/** JSON Schema of a ledger entry header (DESIGN 4.1); the Merkle leaf is its JCS form. */
import type { FromSchema } from 'json-schema-to-ts';
import { ENTRY_HEADER_CONTRACT, schemaId } from './contract-names';
import { hashSchema, nullableHashSchema, timestampSchema } from './common-defs';

export const ENTRY_HEADER_VERSION = 1;

/** Actor: who appended the entry (no attempt number, so a retry writes the same header). */
export const actorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['workflowId', 'runId', 'activityType', 'activityId'],
  properties: {
    workflowId: { type: ['string', 'null'], maxLength: 256 },
    runId: { type: ['string', 'null'], maxLength: 256 },
    activityType: { type: ['string', 'null'], maxLength: 256 },
    activityId: { type: ['string', 'null'], maxLength: 256 },
  },
} as const;

/** The header schema without `$schema`/`$id`, for embedding in other schemas (the receipt). */
export const entryHeaderBodySchema = {
  title: 'synthledger ledger entry header v1',
  type: 'object',
  additionalProperties: false,
  required: ['v', 'index', 'stream', 'streamIndex', 'kind', 'contract', 'payloadHash', 'prevEntryHash', 'recordedAt', 'actor'],
  properties: {
    v: { const: 1 },
    index: { type: 'integer', minimum: 0 },
    stream: { type: 'string', minLength: 1, maxLength: 200 },
    streamIndex: { type: 'integer', minimum: 0 },
    kind: { type: 'string', minLength: 1, maxLength: 100 },
    contract: { type: ['string', 'null'], maxLength: 100 },
    payloadHash: hashSchema,
    prevEntryHash: nullableHashSchema,
    recordedAt: timestampSchema,
    actor: actorSchema,
  },
} as const;

export const entryHeaderSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaId(ENTRY_HEADER_CONTRACT),
  ...entryHeaderBodySchema,
} as const;

/** A ledger entry header. */
export type EntryHeader = FromSchema<typeof entryHeaderBodySchema>;
/** The actor block of an entry header. */
export type EntryActor = FromSchema<typeof actorSchema>;
