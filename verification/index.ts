/**
 * verification/: the synthesis-specific, pure checks of an evidence bundle
 * (deep verification) and the correction notice every verifier prints first.
 */
export { verifySynthesisEvidence } from './verify-synthesis-evidence';
export type { SynthesisEvidenceInputs, SynthesisEvidenceVerification } from './verify-synthesis-evidence';
export { synthesisEvidenceChecks } from './synthesis-evidence-checks';
export type { BundleFiles } from './synthesis-evidence-checks';
export { correctionNotice, FLAGGED_STATUSES } from './correction-notice';
export type { CorrectionNotice } from './correction-notice';
export { verifyBundle, allSteps, describeSupersession } from './verify-bundle';
export type { BundleBytes, BundleVerification, BundleVerifyOptions, SinceInput, Supersession } from './verify-bundle';
export { redistributable } from './redistribution';
