/**
 * Merges the ranked lists of several query variants (and several source
 * adapters) into one de-duplicated, relevance-sorted set of sources.
 *
 * Two hits are the same source when they share a paper id, or when their
 * titles are equal after {@link normalizeTitle} (the same paper found by the
 * corpus and by arXiv). Of duplicates the hit with the best score is kept,
 * with its own query and rank, because that is the retrieval provenance we
 * record; ties go to the smaller paper id, then the earlier query.
 * Scores of different adapters are not calibrated against each other; the
 * merge only needs a stable order, not a comparable scale.
 */
import type { RankedPaper } from '../model';
import { ValidationError } from '../../common/errors';
import { compareIds } from './rank';
import { normalizeTitle } from './text';

/** Default number of sources kept. */
export const DEFAULT_TOP_K = 10;
/** Smallest accepted topK. */
export const MIN_TOP_K = 1;
/** Largest accepted topK: a synthesis keeps at most this many sources, revision rounds included. */
export const MAX_TOP_K = 1000;

/**
 * De-duplicates `results` (one list per query, or one flat list), sorts by
 * best score descending then paper id, and keeps the first `topK` (an integer
 * in {@link MIN_TOP_K}..{@link MAX_TOP_K}, else INVALID_ARGUMENT at `$.topK`). Ranks in the output are the
 * per-query ranks of the kept hits; the merged position is the array index.
 */
export function mergeSources(results: readonly (readonly RankedPaper[])[] | readonly RankedPaper[], topK: number = DEFAULT_TOP_K): RankedPaper[] {
  if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < MIN_TOP_K || topK > MAX_TOP_K) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.topK', 'range', `topK must be an integer in ${MIN_TOP_K}..${MAX_TOP_K}, got ${String(topK)}`);
  }
  const hits = (results as readonly unknown[]).flatMap((r) => (Array.isArray(r) ? (r as RankedPaper[]) : [r as RankedPaper]));
  const best = [...hits].sort(compareHits);
  const seenIds = new Set<string>();
  const seenTitles = new Set<string>();
  const kept: RankedPaper[] = [];
  for (const hit of best) {
    const title = normalizeTitle(hit.paper.title);
    if (seenIds.has(hit.paper.id) || seenTitles.has(title)) continue;
    seenIds.add(hit.paper.id);
    seenTitles.add(title);
    kept.push(hit);
    if (kept.length === topK) break;
  }
  return kept;
}

function compareHits(a: RankedPaper, b: RankedPaper): number {
  return b.score - a.score || compareIds(a.paper.id, b.paper.id) || compareIds(a.query, b.query) || a.rank - b.rank;
}
