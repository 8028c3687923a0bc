/**
 * The publication site: server-rendered pages over the ledger for readers
 * (index, synthesis, versions, stream, history, bundle, keys) and the
 * reviewer's desk. Only `cli/` imports this folder.
 */
export { createSite, CONTENT_SECURITY_POLICY, MAX_BODY_BYTES } from './site-server';
export type { SiteOptions } from './site-server';
export { loadSynthesis } from './synthesis-record';
export type { SynthesisRecord } from './synthesis-record';
export { reviewSummaryLines, policyReason } from './review-summary';
