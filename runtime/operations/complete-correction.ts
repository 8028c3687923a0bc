/** Fills the fields of a correction that follow from the ledger, so an editor writes only what they decide. */
import { randomBytes } from 'node:crypto';
import { publishedState } from '../../activities/correction-activities';
import { statusAfter } from '../../activities/manifest-builder';
import type { Ledger } from '../../ledger';
import type { CorrectionRecord } from '../../schemas';
import { CORRECTION_RECORD_CONTRACT } from '../../schemas/contract-names';

/**
 * Completes a partial `correction-record-v1` for `synthesisId` from its
 * latest published state: contract, correctionId, synthesisId, issuedAt,
 * previousCorrectionHash, evidence, resultingStatus (from a well-formed type)
 * and target.manifestHash. Fields given in `c` win; the result is validated
 * by the correction workflow, not here. Throws NOT_FOUND if never published.
 */
export async function completeCorrection(ledger: Ledger, synthesisId: string, c: Partial<CorrectionRecord>, now = new Date()): Promise<Partial<CorrectionRecord>> {
  const state = await publishedState(ledger, synthesisId);
  const type = c.type;
  return {
    contract: CORRECTION_RECORD_CONTRACT,
    correctionId: `cor-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`,
    synthesisId,
    issuedAt: now.toISOString(),
    previousCorrectionHash: state.lastCorrectionHash,
    evidence: [],
    ...(typeof type === 'string' && /^[A-Z_]+$/.test(type) ? { resultingStatus: statusAfter(type as CorrectionRecord['type']) } : {}),
    ...c,
    target: { manifestHash: state.manifestHash, ...(c.target ?? {}) },
  } as Partial<CorrectionRecord>;
}
