/**
 * The one list of activities: for each, its stage (the workflow's progress
 * stage, which the history timeline shows), its family (the factory that
 * builds it), its retry class (which retry policy the workflow gives it) and
 * the entry kinds it writes when it completes (which the audit checks).
 * Pure data: imported by workflow code, activities and runtime operations.
 */
import type { Stage } from '../synthesis-types';
import { ENTRY_KINDS, type EntryKind } from './entry-kinds';

/**
 * How an activity may be retried: `local` stages are deterministic and only
 * infrastructure (the database) can fail them; `network` stages may call a
 * source or model, where rate limits and 5xx deserve patience; `committed`
 * stages come after a decision to publish (recording a human decision,
 * publication, the outcome, a correction): giving up would lose an approved
 * result, so they retry transient faults until they succeed.
 */
export type RetryClass = 'local' | 'network' | 'committed';

/** The factory that builds an activity (one file each under `activities/`). */
export type ActivityFamily = 'retrieval' | 'claims' | 'tribunal' | 'publication' | 'correction' | 'in-process';

/**
 * How many entries of one kind a completed call writes: an exact number; one
 * per element of an array field of its result (`{ perItemOf: 'claims' }`);
 * or `any`, for provider calls, recorded only when a network provider ran
 * (none offline, one per call otherwise).
 */
export type EntryCount = number | { perItemOf: string } | 'any';

/** What the catalogue says about one activity. */
export interface ActivitySpec {
  /** Pipeline stage (a {@link Stage}) or `correction`. */
  stage: Stage | 'correction';
  family: ActivityFamily;
  retry: RetryClass;
  /** Entry kinds written by one completed call, with their counts. */
  writes: Readonly<Partial<Record<EntryKind, EntryCount>>>;
  /** Entry kinds a call writes before it fails for good (at most one each), recording why. */
  writesWhenFailing?: readonly EntryKind[];
  /**
   * Runs as a Temporal local activity (once patch `local-activities-v1`
   * applies, workflows/catalogued-activities.ts): executed by the worker that
   * runs the workflow, inside its workflow task, with its result recorded in
   * history as a marker, so it costs no activity task round trip through the
   * server. Only for cheap stages that compute and append a few entries and
   * call no network source or model (retry class `local`): a local activity
   * has no heartbeat, and a lost worker retries it only when its workflow task
   * times out.
   */
  local?: true;
  /**
   * Runs as a local activity too, like `local`, in a synthesis whose every
   * provider is deterministic, as its `recordRequest` reports (the bundled
   * corpus, the local embedder, the heuristic extractor and reviewers, no chat
   * model; patch `in-process-stages-v1`, workflows/synthesis-workflow.ts).
   * Such a stage computes in the worker's process and appends a few entries:
   * a round trip through the server per call costs more than its work. With
   * a network source or model it stays a regular activity, with heartbeats
   * and its own attempts.
   */
  inProcess?: true;
  /**
   * Runs the stages from the plan to the policy in one call, in the worker's
   * process (docs/adr/0021): the workflow's choice, behind patch
   * `in-process-batch-v1`, in a synthesis whose every provider is
   * deterministic; behind `request-in-batch-v1` it records the request
   * first (docs/adr/0022). It writes no entry of its own: its entries are those of
   * the stage calls its result lists (`calls`), each counted as that stage's
   * catalogue entry says.
   */
  runsStages?: true;
}

const K = ENTRY_KINDS;

/** Every activity registered with the worker, in pipeline order. */
export const ACTIVITY_CATALOGUE = {
  recordRequest: { stage: 'start', family: 'retrieval', retry: 'local', writes: { [K.request]: 1 }, local: true },
  planQueries: { stage: 'plan', family: 'retrieval', retry: 'local', writes: { [K.plan]: 1 }, local: true },
  searchSources: { stage: 'search', family: 'retrieval', retry: 'network', writes: { [K.searchResults]: 1 }, inProcess: true },
  mergeSources: { stage: 'merge', family: 'retrieval', retry: 'local', writes: { [K.provenance]: { perItemOf: 'provenance' }, [K.merged]: 1 }, local: true },
  indexSources: { stage: 'index', family: 'retrieval', retry: 'network', writes: { [K.index]: 1 }, inProcess: true },
  extractClaims: { stage: 'extract', family: 'claims', retry: 'network', writes: { [K.claim]: { perItemOf: 'claims' }, [K.claimsExtracted]: 1, [K.providerCall]: 'any' }, inProcess: true },
  verifyClaims: { stage: 'verify', family: 'claims', retry: 'network', writes: { [K.verification]: { perItemOf: 'verifications' }, [K.providerCall]: 'any' }, inProcess: true },
  // Deterministic offline, but with a chat model configured it calls the model: then a regular activity, heartbeats and all.
  composeAnswer: { stage: 'answer', family: 'claims', retry: 'local', writes: { [K.answer]: 1, [K.providerCall]: 'any' }, inProcess: true },
  draftReport: { stage: 'draft', family: 'claims', retry: 'local', writes: { [K.report]: 1 }, local: true },
  reviewAs: { stage: 'tribunal', family: 'tribunal', retry: 'network', writes: { [K.review]: 1, [K.providerCall]: 'any' }, inProcess: true },
  aggregateTribunal: { stage: 'tribunal', family: 'tribunal', retry: 'local', writes: { [K.aggregate]: 1 }, local: true },
  reviseDraft: { stage: 'revise', family: 'tribunal', retry: 'local', writes: { [K.revision]: 1 }, local: true },
  decidePolicy: { stage: 'policy', family: 'publication', retry: 'local', writes: { [K.policy]: 1 }, local: true },
  runInProcessStages: { stage: 'start', family: 'in-process', retry: 'local', writes: {}, inProcess: true, runsStages: true },
  recordHumanReview: { stage: 'human-review', family: 'publication', retry: 'committed', writes: { [K.humanReview]: 1 } },
  // `committed`, though publication asks the configured witnesses (SYNTHLEDGER_WITNESSES) to cosign over the network: after approval it retries until it succeeds; a witness refusal is non-retryable and fails it at once.
  publishSynthesis: { stage: 'publish', family: 'publication', retry: 'committed', writes: { [K.historyArchive]: 1, [K.manifest]: 1, [K.receipt]: 1 }, writesWhenFailing: [K.historyArchive, K.witnessRefusal] },
  recordOutcome: { stage: 'done', family: 'publication', retry: 'committed', writes: { [K.historyArchive]: 1, [K.outcome]: 1 } },
  validateCorrection: { stage: 'correction', family: 'correction', retry: 'local', writes: {} },
  appendCorrection: { stage: 'correction', family: 'correction', retry: 'committed', writes: { [K.correction]: 1 } },
  publishCorrectedManifest: { stage: 'correction', family: 'correction', retry: 'committed', writes: { [K.historyArchive]: 1, [K.manifest]: 1, [K.receipt]: 1 }, writesWhenFailing: [K.historyArchive, K.witnessRefusal] },
} as const satisfies Record<string, ActivitySpec>;

/** The name of a catalogued activity. */
export type ActivityName = keyof typeof ACTIVITY_CATALOGUE;

/** The catalogue entry of `name`, or undefined for a name it does not list (an activity of other code). */
export function activitySpec(name: string): ActivitySpec | undefined {
  return Object.prototype.hasOwnProperty.call(ACTIVITY_CATALOGUE, name) ? ACTIVITY_CATALOGUE[name as ActivityName] : undefined;
}

/** Names of the activities of one family, in catalogue order. */
export function activitiesOfFamily(family: ActivityFamily): ActivityName[] {
  return (Object.keys(ACTIVITY_CATALOGUE) as ActivityName[]).filter((n) => ACTIVITY_CATALOGUE[n].family === family);
}

/**
 * Entry kinds one completed call of `name` must have written, given its
 * decoded result: kind → exact count. `any` counts stay `any`. For an
 * activity that runs stages (`runsStages`), the sum over the calls its result
 * lists. Undefined for an activity the catalogue does not list.
 */
export function expectedEntries(name: string, result: unknown): Record<string, number | 'any'> | undefined {
  const spec = activitySpec(name);
  if (!spec) return undefined;
  if (spec.runsStages) {
    const out: Record<string, number | 'any'> = {};
    const calls = (result as { calls?: unknown } | null)?.calls;
    for (const c of Array.isArray(calls) ? (calls as StageCallCounts[]) : []) {
      for (const [kind, n] of Object.entries(expectedEntriesOfCall(c.activityType, c.counts) ?? {})) {
        const had = out[kind];
        out[kind] = had === 'any' || n === 'any' ? 'any' : (had ?? 0) + n;
      }
    }
    return out;
  }
  const r = (result ?? {}) as Record<string, unknown>;
  return expectedEntriesOfCall(name, itemCounts(name, r));
}

/** What an activity that runs stages reports of each stage call, as the audit needs it. */
export interface StageCallCounts {
  activityType: string;
  /** The lengths of the result's arrays the catalogue counts entries by ({@link itemCounts}). */
  counts: Record<string, number>;
}

/** The lengths of the arrays of a call's result by which the catalogue counts its entries (`perItemOf`), 0 for one absent. */
export function itemCounts(name: string, result: unknown): Record<string, number> {
  const r = (result ?? {}) as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const count of Object.values(activitySpec(name)?.writes ?? {}) as EntryCount[]) {
    if (typeof count === 'object') {
      const items = r[count.perItemOf];
      out[count.perItemOf] = Array.isArray(items) ? items.length : 0;
    }
  }
  return out;
}

/** Entry kinds one completed call of `name` must have written, given its {@link itemCounts}. */
export function expectedEntriesOfCall(name: string, counts: Readonly<Record<string, number>>): Record<string, number | 'any'> | undefined {
  const spec = activitySpec(name);
  if (!spec) return undefined;
  const out: Record<string, number | 'any'> = {};
  for (const [kind, count] of Object.entries(spec.writes) as Array<[EntryKind, EntryCount]>) {
    out[kind] = typeof count === 'object' ? counts[count.perItemOf] ?? 0 : count;
  }
  return out;
}
