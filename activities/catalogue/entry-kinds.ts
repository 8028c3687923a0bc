/**
 * The kinds of ledger entries a synthesis writes, each named once. Activities
 * write them, the catalogue says which activity writes which, and the audit
 * and the bundle export read them. Pure constants: safe to import from
 * workflow code.
 */

/** Every entry kind, by what it records. */
export const ENTRY_KINDS = {
  request: 'synthesis.request',
  plan: 'search.plan',
  searchResults: 'search.results',
  provenance: 'source.provenance',
  merged: 'sources.merged',
  index: 'index.record',
  claim: 'claim.record',
  claimsExtracted: 'claims.extracted',
  verification: 'claim.verification',
  /** The composed answer of one round (extractive-answer-v1): aspects, cited sentences, answerability. */
  answer: 'answer.record',
  report: 'artifact.report',
  review: 'review.record',
  aggregate: 'tribunal.aggregate',
  revision: 'revision.record',
  policy: 'policy.decision',
  humanReview: 'review.human',
  outcome: 'synthesis.outcome',
  manifest: 'manifest.published',
  receipt: 'publication.receipt',
  /** A witness's final refusal to cosign a publication's checkpoint (split view, bad cosignature, …); written by a publication that then fails. */
  witnessRefusal: 'publication.witness-refused',
  correction: 'correction.record',
  /** A workflow history stored in the blob store (see activities/history-archive.ts); its blob hash is the history digest. */
  historyArchive: 'history.archive',
  /** One non-deterministic provider call (model id, prompt and response hashes), written once and reused on retry. */
  providerCall: 'provider.call',
} as const;

/** One entry kind. */
export type EntryKind = (typeof ENTRY_KINDS)[keyof typeof ENTRY_KINDS];
