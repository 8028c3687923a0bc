/** JSON Schema of `correction-record-v1` (DESIGN 4.4). */
import type { FromSchema } from 'json-schema-to-ts';
import { CORRECTION_RECORD_CONTRACT, schemaId } from './contract-names';
import { correctionStatusSchema, hashSchema, nullableHashSchema, timestampSchema } from './common-defs';

/** Crossref update types, upper case. */
export const CORRECTION_TYPES = [
  'ADDENDUM', 'CLARIFICATION', 'CORRECTION', 'CORRIGENDUM', 'ERRATUM', 'EXPRESSION_OF_CONCERN', 'NEW_EDITION',
  'NEW_VERSION', 'PARTIAL_RETRACTION', 'REMOVAL', 'RETRACTION', 'WITHDRAWAL',
] as const;

export const correctionRecordSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaId(CORRECTION_RECORD_CONTRACT),
  title: CORRECTION_RECORD_CONTRACT,
  type: 'object',
  additionalProperties: false,
  required: ['contract', 'correctionId', 'synthesisId', 'target', 'type', 'reasonCode', 'description', 'rationale',
    'evidence', 'issuedBy', 'issuedAt', 'previousCorrectionHash', 'resultingStatus'],
  properties: {
    contract: { const: CORRECTION_RECORD_CONTRACT },
    correctionId: { type: 'string', minLength: 1, maxLength: 200 },
    synthesisId: { type: 'string', minLength: 1, maxLength: 200 },
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['manifestHash'],
      properties: {
        manifestHash: hashSchema,
        index: { type: 'integer', minimum: 0 },
        entryHash: hashSchema,
        claimIds: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 1000 },
        sections: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 100 },
      },
    },
    type: { type: 'string', enum: CORRECTION_TYPES },
    reasonCode: { type: 'string', minLength: 1, maxLength: 100 },
    description: { type: 'string', minLength: 1, maxLength: 20000 },
    rationale: { type: 'string', minLength: 1, maxLength: 20000 },
    evidence: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 2000 }, maxItems: 100 },
    issuedBy: { type: 'string', minLength: 1, maxLength: 300 },
    issuedAt: timestampSchema,
    previousCorrectionHash: nullableHashSchema,
    resultingStatus: correctionStatusSchema,
  },
} as const;

/** A `correction-record-v1` record. */
export type CorrectionRecord = FromSchema<typeof correctionRecordSchema>;
/** One Crossref update type. */
export type CorrectionType = (typeof CORRECTION_TYPES)[number];
