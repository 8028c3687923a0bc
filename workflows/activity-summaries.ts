/**
 * One-line summaries of activity calls, which Temporal stores with each
 * scheduled activity and the Web UI shows in the event history and timeline:
 * the stage, the activity, and what tells parallel calls apart (reviewer
 * role, round, query variant). Built from catalogue constants and numbers
 * only, never from the question or a source text. Deterministic. A local
 * activity's input is not in history, so the timeline reads its round back
 * from its summary ({@link summaryRound}).
 */
import { ACTIVITY_CATALOGUE } from '../activities/catalogue/activity-catalogue';

const SEPARATOR = ' · ';
const ROUND_PART = 'round ';

/** The summary of one call of activity `name` with `input` (its first argument), followed by `extra` parts. */
export function activitySummary(name: string, input: unknown, extra: readonly string[] = []): string {
  const stage = (ACTIVITY_CATALOGUE as Record<string, { stage: string } | undefined>)[name]?.stage ?? 'activity';
  const i = (typeof input === 'object' && input !== null ? input : {}) as { role?: unknown; round?: unknown; variant?: unknown };
  const parts = [`${stage}: ${name}`];
  if (typeof i.role === 'string' && /^[A-Z_]{1,40}$/.test(i.role)) parts.push(`as ${i.role}`);
  if (typeof i.variant === 'number') parts.push(`query ${i.variant + 1}`);
  if (typeof i.round === 'number') parts.push(`${ROUND_PART}${i.round}`);
  parts.push(...extra);
  return parts.join(SEPARATOR);
}

/**
 * The parts that say how a synthesis ended, for the summary of its final
 * `recordOutcome` call: the outcome and the tribunal score, e.g.
 * `done: recordOutcome · REJECTED · score 4.1`. The workflow completes even
 * when it rejects (docs/adr/0010), so this is what the Web UI's timeline
 * shows of the rejection without a worker to query.
 */
export function outcomeSummaryParts(input: unknown, score: number | null): string[] {
  const status = typeof input === 'object' && input !== null ? (input as { status?: unknown }).status : undefined;
  const parts: string[] = [];
  if (typeof status === 'string' && /^[A-Z_]{1,20}$/.test(status)) parts.push(status);
  if (typeof score === 'number' && Number.isFinite(score)) parts.push(`score ${score.toFixed(1)}`);
  return parts;
}

/** The round that a summary written by {@link activitySummary} names, or null when it names none. */
export function summaryRound(summary: string): number | null {
  const part = summary.split(SEPARATOR).find((p) => p.startsWith(ROUND_PART) && /^\d{1,6}$/.test(p.slice(ROUND_PART.length)));
  return part === undefined ? null : Number(part.slice(ROUND_PART.length));
}
