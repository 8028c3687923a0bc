/** Builds `correction-record-v1` records that name the current published state (tests and scripts/record-histories.ts). */
import { publishedState } from '../../activities/correction-activities';
import { statusAfter } from '../../activities/manifest-builder';
import type { Ledger } from '../../ledger';
import type { CorrectionRecord, CorrectionType } from '../../schemas/correction-record.schema';

/** A valid correction of `synthesisId` of `type`, chained to the latest manifest and correction in the ledger. */
export async function nextCorrection(ledger: Ledger, synthesisId: string, type: CorrectionType, correctionId: string, overrides: Partial<CorrectionRecord> = {}): Promise<CorrectionRecord> {
  const state = await publishedState(ledger, synthesisId);
  return {
    contract: 'correction-record-v1', correctionId, synthesisId,
    target: { manifestHash: state.manifestHash, claimIds: [], sections: ['Results'] },
    type, reasonCode: type === 'RETRACTION' ? 'unreliable-evidence' : 'error-in-results',
    description: `${type} of ${synthesisId}: a figure in the results was misreported.`,
    rationale: 'Found on re-reading the cited abstract; the claim table is updated accordingly.',
    evidence: [state.manifestHash], issuedBy: 'Editor on duty', issuedAt: '2026-01-15T10:00:00.000Z',
    previousCorrectionHash: state.lastCorrectionHash, resultingStatus: statusAfter(type),
    ...overrides,
  };
}
