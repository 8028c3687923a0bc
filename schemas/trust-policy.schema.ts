/**
 * JSON Schema of `trust-policy-v1`: the reader's trust file. It names, per log
 * origin, the checkpoint verifier keys the reader trusts, and the witnesses
 * whose cosignatures count with how many of them (`quorum`) must cosign.
 * Keys are C2SP signed-note verifier keys (`<name>+<key id hex>+<base64>`);
 * their format and uniqueness are checked beyond the schema by
 * `ledger/core/trust-policy.ts`. docs/VERIFYING.md documents the file.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { schemaId, TRUST_POLICY_CONTRACT } from './contract-names';

const verifierKeySchema = { type: 'string', minLength: 1, maxLength: 1000, pattern: '^[^+\\s]+\\+[0-9a-fA-F]{8}\\+[A-Za-z0-9+/]+={0,2}$' } as const;

export const trustPolicySchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaId(TRUST_POLICY_CONTRACT),
  title: TRUST_POLICY_CONTRACT,
  type: 'object',
  additionalProperties: false,
  required: ['contract', 'logs'],
  properties: {
    contract: { const: TRUST_POLICY_CONTRACT },
    logs: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['origin', 'keys'],
        properties: {
          origin: { type: 'string', minLength: 1, maxLength: 500 },
          keys: { type: 'array', minItems: 1, maxItems: 16, items: verifierKeySchema },
        },
      },
    },
    witnesses: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'key'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          key: verifierKeySchema,
        },
      },
    },
    quorum: { type: 'integer', minimum: 0, maximum: 100 },
  },
} as const;

/** A `trust-policy-v1` document as written in a trust file. */
export type TrustPolicyDocument = FromSchema<typeof trustPolicySchema>;
