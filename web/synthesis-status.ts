/** The status a reader sees for a synthesis, derived from the kinds of entries in its stream. */
import type { PaperManifest } from '../schemas';

/** Statuses shown on the site, in the order the filter lists them. */
export const SITE_STATUSES = ['PUBLISHED', 'CORRECTED', 'UNDER_CONCERN', 'RETRACTED', 'WITHDRAWN', 'WAITING_FOR_REVIEW', 'REJECTED', 'CANCELLED', 'RUNNING'] as const;
/** One status shown on the site. */
export type SiteStatus = (typeof SITE_STATUSES)[number];

/** The entries a status depends on (the latest of each kind in the stream). */
export interface StatusInputs {
  manifest: Pick<PaperManifest, 'correction'> | null;
  outcome: { status: string } | null;
  policy: { outcome: string } | null;
  humanReview: unknown;
}

/**
 * A published synthesis shows its correction status (CURRENT reads as
 * PUBLISHED); an unpublished one REJECTED or CANCELLED when an outcome is
 * recorded, WAITING_FOR_REVIEW when the policy asked for a human who has not
 * answered yet, else RUNNING (the ledger alone cannot tell a running
 * workflow from a failed one).
 */
export function statusOf(s: StatusInputs): SiteStatus {
  if (s.manifest) {
    const c = s.manifest.correction.status;
    return c === 'CURRENT' ? 'PUBLISHED' : c;
  }
  if (s.outcome) return s.outcome.status === 'CANCELLED' ? 'CANCELLED' : 'REJECTED';
  if (s.policy?.outcome === 'HUMAN_REVIEW' && !s.humanReview) return 'WAITING_FOR_REVIEW';
  return 'RUNNING';
}

/** True for statuses that put a banner on every version's page. */
export function isWarningStatus(status: SiteStatus): status is 'RETRACTED' | 'UNDER_CONCERN' | 'WITHDRAWN' {
  return status === 'RETRACTED' || status === 'UNDER_CONCERN' || status === 'WITHDRAWN';
}
