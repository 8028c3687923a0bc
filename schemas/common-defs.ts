/** Reusable JSON Schema fragments shared by the public contracts. */

/** `sha256:` + 64 lowercase hex digits. */
export const hashSchema = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' } as const;

/** A hash or null (first element of a chain). */
export const nullableHashSchema = { anyOf: [hashSchema, { type: 'null' }] } as const;

/** RFC 3339 timestamp in UTC. */
export const timestampSchema = { type: 'string', format: 'date-time' } as const;

/** LOW | MEDIUM | HIGH. */
export const levelSchema = { type: 'string', enum: ['LOW', 'MEDIUM', 'HIGH'] } as const;

/** Correction statuses of a published synthesis. */
export const correctionStatusSchema = {
  type: 'string',
  enum: ['CURRENT', 'CORRECTED', 'UNDER_CONCERN', 'RETRACTED', 'WITHDRAWN'],
} as const;
