/**
 * The correction status of a published version, said first by every
 * verifier: a retracted, withdrawn or under-concern synthesis verifies as
 * "valid but retracted" (or the like), never as a plain OK.
 */
import { CORRECTION_RECORD_CONTRACT } from '../schemas/contract-names';
import type { EvidenceEntry } from '../ledger/core/verify-evidence';

/** Statuses that make a valid bundle a warning rather than an OK. */
export const FLAGGED_STATUSES: readonly string[] = ['RETRACTED', 'WITHDRAWN', 'UNDER_CONCERN'];

/** What a verifier says before anything else. */
export interface CorrectionNotice {
  status: string;
  /** True for RETRACTED, WITHDRAWN and UNDER_CONCERN. */
  flagged: boolean;
  /** One line for a terminal, e.g. `RETRACTED on 2026-01-15 by Editor: unreliable-evidence: …`. */
  headline: string;
  /** The latest correction (type, date, who, why), when the stream shipped it. */
  latest: { type: string; issuedAt: string; issuedBy: string; reasonCode: string; description: string } | null;
}

/** The notice of `manifest` (its `correction.status`), with the latest correction record of `entries` when present. */
export function correctionNotice(manifest: unknown, entries: readonly EvidenceEntry[] = []): CorrectionNotice {
  const status = String((manifest as { correction?: { status?: unknown } } | null)?.correction?.status ?? 'UNKNOWN');
  const last = [...entries].reverse().find((e) => e.header.contract === CORRECTION_RECORD_CONTRACT);
  const latest = last ? (JSON.parse(last.payloadJson) as CorrectionNotice['latest']) : null;
  const flagged = FLAGGED_STATUSES.includes(status);
  const why = latest ? ` (${latest.type} on ${latest.issuedAt.slice(0, 10)} by ${latest.issuedBy}: ${latest.reasonCode}: ${latest.description})` : '';
  const headline = status === 'CURRENT' ? 'CURRENT: no correction issued'
    : flagged ? `${status.replace('_', ' ')}${why}: the bundle may verify, but the synthesis must not be relied on`
      : `${status}${why}`;
  return { status, flagged, headline, latest: latest ? { type: latest.type, issuedAt: latest.issuedAt, issuedBy: latest.issuedBy, reasonCode: latest.reasonCode, description: latest.description } : null };
}
