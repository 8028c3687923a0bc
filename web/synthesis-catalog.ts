/**
 * The list of syntheses for the index page: every stream that starts with a
 * `synthesis.request` entry, with the few entries its row needs. Read with
 * kysely's query builder (values are parameters, never spliced into SQL).
 */
import type { Ledger } from '../ledger';
import { ENTRY_KINDS } from '../runtime';
import type { PaperManifest } from '../schemas';
import { statusOf, type SiteStatus } from './synthesis-status';

/** One row of the index. */
export interface CatalogRow {
  synthesisId: string;
  title: string;
  status: SiteStatus;
  score: number | null;
  verificationLevel: string | null;
  verificationLabel: string | null;
  tier: string | null;
  /** When it was published (latest version), or requested when unpublished. */
  date: string;
  manifestVersion: number | null;
}

/** A page of the index. */
export interface CatalogPage {
  rows: CatalogRow[];
  page: number;
  pageSize: number;
  total: number;
}

/** Entry kinds a row is derived from. */
const ROW_KINDS = [ENTRY_KINDS.request, ENTRY_KINDS.aggregate, ENTRY_KINDS.policy, ENTRY_KINDS.humanReview, ENTRY_KINDS.outcome, ENTRY_KINDS.manifest];

interface RowState {
  requestIdx: number;
  question: string;
  requestedAt: string;
  score: number | null;
  policy: { outcome: string; grading?: { verification?: { level: string; label: string }; qualityTier?: { tier: string } } } | null;
  humanReview: unknown;
  outcome: { status: string } | null;
  manifest: PaperManifest | null;
}

/** Lists syntheses newest first (by request), optionally of one status, one page at a time (pages count from 1). */
export async function listSyntheses(ledger: Ledger, options: { status?: SiteStatus; page?: number; pageSize?: number } = {}): Promise<CatalogPage> {
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? 20;
  const rows = await ledger.db.selectFrom('ledger_entries')
    .select(['stream', 'kind', 'idx', 'recorded_at', 'payload'])
    .where('kind', 'in', ROW_KINDS)
    .where('stream', 'in', (eb) => eb.selectFrom('ledger_entries').select('stream').where('kind', '=', ENTRY_KINDS.request))
    .orderBy('idx')
    .execute();
  const byStream = new Map<string, RowState>();
  for (const r of rows) {
    const payload = JSON.parse(r.payload) as Record<string, unknown>;
    let s = byStream.get(r.stream);
    if (r.kind === ENTRY_KINDS.request) {
      s = { requestIdx: Number(r.idx), question: String(payload.question ?? ''), requestedAt: String(payload.startedAt ?? r.recorded_at), score: null, policy: null, humanReview: null, outcome: null, manifest: null };
      byStream.set(r.stream, s);
      continue;
    }
    if (!s) continue;
    if (r.kind === ENTRY_KINDS.aggregate) s.score = Number(payload.score);
    else if (r.kind === ENTRY_KINDS.policy) s.policy = payload as RowState['policy'];
    else if (r.kind === ENTRY_KINDS.humanReview) s.humanReview = payload;
    else if (r.kind === ENTRY_KINDS.outcome) s.outcome = payload as RowState['outcome'];
    else if (r.kind === ENTRY_KINDS.manifest) s.manifest = payload as unknown as PaperManifest;
  }
  const all: CatalogRow[] = [...byStream.entries()]
    .sort((a, b) => b[1].requestIdx - a[1].requestIdx)
    .map(([synthesisId, s]) => {
      const m = s.manifest;
      const grading = s.policy?.grading;
      return {
        synthesisId,
        title: m?.title ?? s.question,
        status: statusOf(s),
        score: m?.review.score ?? s.score,
        verificationLevel: m?.verification.level ?? grading?.verification?.level ?? null,
        verificationLabel: m?.verification.label ?? grading?.verification?.label ?? null,
        tier: m?.qualityTier.tier ?? grading?.qualityTier?.tier ?? null,
        date: m?.publishedAt ?? s.requestedAt,
        manifestVersion: m?.manifestVersion ?? null,
      };
    });
  const matching = options.status ? all.filter((r) => r.status === options.status) : all;
  return { rows: matching.slice((page - 1) * pageSize, page * pageSize), page, pageSize, total: matching.length };
}
