/**
 * The tribunal's reviewer roles, written once. The manifest contract
 * enumerates them (`pipeline.parameters.tribunalRoles`, `review.reviews[].role`),
 * so they live beside the schemas; activities, workflows and providers import
 * them from here. Pure constants: safe to import from workflow code.
 */

/** Tribunal roles, in the order reviews are run and reported. */
export const TRIBUNAL_ROLES = ['SKEPTIC', 'VALIDATOR', 'SYNTHESIZER'] as const;

/** One tribunal role. */
export type TribunalRole = (typeof TRIBUNAL_ROLES)[number];
