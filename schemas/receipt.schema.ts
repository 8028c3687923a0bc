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
    /** The signing key the log names; shown to the reader, never trusted (DESIGN 4.6). */
    publicKey: { type: 'string', minLength: 1, maxLength: 1000 },
    /**
     * Optional (docs/adr/0005): RFC 9162 consistency proofs from the checkpoints
     * of earlier manifest versions of the same synthesis to this receipt's tree.
     */
    consistencyProofs: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['fromTreeSize', 'fromRootHash', 'proof'],
        properties: {
          fromTreeSize: { type: 'integer', minimum: 1 },
          fromRootHash: hashSchema,
          proof: { type: 'array', items: hashSchema, maxItems: 128 },
        },
      },
    },
    /**
     * Optional (docs/adr/0005): signed key rotation statements of the log, oldest
     * first; a verifier accepts a rotated-in key only through a chain of these
     * starting at a key it already trusts.
     */
    keyRotations: { type: 'array', maxItems: 16, items: { type: 'string', minLength: 1, maxLength: 10000 } },
  },
} as const;

/** A `receipt-v1` document. */
export type Receipt = FromSchema<typeof receiptSchema>;
