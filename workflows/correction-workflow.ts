/**
 * Records one correction and publishes manifest version n+1. Started with
 * workflow id `correction:<synthesisId>`, so Temporal runs at most one
 * correction of a synthesis at a time; the record also names its predecessor
 * (previousCorrectionHash), so a stale correction is refused, never interleaved.
 */
import type { CorrectionActivities } from '../activities/correction-activities';
import type { CorrectionRecord } from '../schemas/correction-record.schema';
import { DEFAULT_TIMEOUTS, type SynthesisTimeouts } from '../activities/synthesis-types';
import { cataloguedActivities } from './catalogued-activities';

/** Input of {@link correctionWorkflow}. */
export interface CorrectionInput {
  synthesisId: string;
  correction: unknown;
  timeouts?: Partial<SynthesisTimeouts>;
}

/** Result of {@link correctionWorkflow}. */
export interface CorrectionResult {
  manifestHash: string;
  manifestVersion: number;
  status: string;
  tier: string;
  correctionHash: string;
}

/** Validates, appends and publishes one correction. */
export async function correctionWorkflow(input: CorrectionInput): Promise<CorrectionResult> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...(input.timeouts ?? {}) };
  const acts = cataloguedActivities<CorrectionActivities>(timeouts);
  await acts.validateCorrection({ synthesisId: input.synthesisId, correction: input.correction });
  const correction = input.correction as CorrectionRecord;
  const { correctionHash } = await acts.appendCorrection({ synthesisId: input.synthesisId, correction });
  const published = await acts.publishCorrectedManifest({ synthesisId: input.synthesisId, correction, correctionHash });
  return { manifestHash: published.manifestHash, manifestVersion: published.manifestVersion, status: published.status, tier: published.tier, correctionHash };
}
