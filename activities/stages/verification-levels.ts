/**
 * The verification and provenance levels and their order (docs/GRADING.md),
 * apart from the policy that grades them, so that a verifier can read a
 * level's meaning without the grading code.
 */

/** Verification and provenance levels, ordered. */
export type Level = 'L0' | 'L1' | 'L2' | 'L3' | 'L4';

/** Numeric order of a level. */
export function levelRank(level: Level): number {
  return Number(level.slice(1));
}

/** The first verification level that needs two entailment methods (lexical and semantic) to agree on every verified claim (docs/adr/0017). */
export const CROSS_METHOD_LEVEL: Level = 'L3';

/** Whether `level` (a verification level, as a manifest states it) needs lexical and semantic SUPPORTS on every verified claim. */
export function needsCrossMethodAgreement(level: string): boolean {
  return /^L[0-4]$/.test(level) && levelRank(level as Level) >= levelRank(CROSS_METHOD_LEVEL);
}
