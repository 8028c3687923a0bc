/** JSON Schema of `receipt-v1` (DESIGN 4.3), published beside a manifest. */
import type { FromSchema } from 'json-schema-to-ts';
import { RECEIPT_CONTRACT, schemaId } from './contract-names';
import { hashSchema } from './common-defs';
import { entryHeaderBodySchema } from './entry-header.schema';

export const receiptSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaId(RECEIPT_CONTRACT),
  title: RECEIPT_CONTRACT,
  type: 'object',
  additionalProperties: false,
  required: ['contract', 'manifestHash', 'entryHeader', 'leafIndex', 'treeSize', 'inclusionProof', 'checkpoint', 'publicKey'],
  properties: {
    contract: { const: RECEIPT_CONTRACT },
    manifestHash: hashSchema,
    entryHeader: entryHeaderBodySchema,
    leafIndex: { type: 'integer', minimum: 0 },
    treeSize: { type: 'integer', minimum: 1 },
    inclusionProof: { type: 'array', items: hashSchema, maxItems: 64 },
    checkpoint: { type: 'string', minLength: 1, maxLength: 10000 },
    publicKey: { type: 'string', minLength: 1, maxLength: 1000 },
  },
} as const;

/** A `receipt-v1` document. */
export type Receipt = FromSchema<typeof receiptSchema>;
