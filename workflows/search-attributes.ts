/**
 * The custom search attributes a synthesis sets as it moves, so operators
 * find syntheses by outcome in Temporal's visibility (`temporal workflow list
 * --query 'SynthesisStatus="REJECTED"'`, the Web UI's filters and columns).
 * Each must be registered on the namespace before a workflow sets it: the
 * dev server this project starts registers them (runtime/services/temporal-server.ts),
 * a cluster with `synthledger temporal setup` (README, "Search attributes").
 * Deterministic: keys and pure helpers only.
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';

/** RUNNING, WAITING_FOR_REVIEW, PUBLISHED, REJECTED, CANCELLED or FAILED (the `status` of the summary query). */
export const SYNTHESIS_STATUS = defineSearchAttributeKey('SynthesisStatus', SearchAttributeType.KEYWORD);
/** The policy outcome (AUTO_APPROVE, HUMAN_REVIEW, REJECT) until a final decision (HUMAN_APPROVED, TIMEOUT_REJECTED, …) replaces it. */
export const SYNTHESIS_DECISION = defineSearchAttributeKey('SynthesisDecision', SearchAttributeType.KEYWORD);
/** The tribunal's aggregate score of the latest round, 0–10. */
export const REVIEW_SCORE = defineSearchAttributeKey('ReviewScore', SearchAttributeType.DOUBLE);
/** The published manifest's verification level, L0–L4 (set at publication). */
export const VERIFICATION_LEVEL = defineSearchAttributeKey('VerificationLevel', SearchAttributeType.KEYWORD);

/** Every custom search attribute, as registration needs them. */
export const SEARCH_ATTRIBUTE_KEYS = [SYNTHESIS_STATUS, SYNTHESIS_DECISION, REVIEW_SCORE, VERIFICATION_LEVEL] as const;

/**
 * Patch id of the search attributes and activity summaries (2026-12): runs
 * started before it set no search attribute, so their histories replay unchanged.
 */
export const SEARCH_ATTRIBUTES_PATCH = 'search-attributes-v1';

/** What a synthesis shows in visibility; null fields are left unset. */
export interface SynthesisVisibility {
  status: string;
  decision: string | null;
  score: number | null;
  verificationLevel: string | null;
}

/** The upsert pairs for `v`, skipping what is not known yet. */
export function searchAttributeUpdates(v: SynthesisVisibility): SearchAttributeUpdatePair[] {
  const pairs: SearchAttributeUpdatePair[] = [{ key: SYNTHESIS_STATUS, value: v.status }];
  if (v.decision !== null) pairs.push({ key: SYNTHESIS_DECISION, value: v.decision });
  if (v.score !== null) pairs.push({ key: REVIEW_SCORE, value: v.score });
  if (v.verificationLevel !== null) pairs.push({ key: VERIFICATION_LEVEL, value: v.verificationLevel });
  return pairs;
}
