/**
 * `runInProcessStages` (docs/adr/0021, 0022): the request, and the stages
 * from the plan to the policy of a synthesis whose every provider is
 * deterministic, run in one local activity over the stage functions
 * themselves, as the in-process baseline runs them. Each stage call still appends its own entries, under
 * idempotency keys of this activity (`<workflowId>/<activityId>/<callName>/…`),
 * so a retry, or a re-run after a lost worker, finds every entry an earlier
 * attempt wrote; its result lists the calls (type, call name, round, times,
 * counts), from which the timeline shows each stage and the audit counts
 * each stage's entries.
 */
import { currentCall, runAsInnerCall, throwIfCancelled, withFailureClassification, type InnerCall } from './activity-context';
import { itemCounts } from './catalogue/activity-catalogue';
import { compactOutcome, requestSynthesis, runStagesAfterRequest, type CompactStagesOutcome, type StagesOutcome, type StepsOutcome } from './synthesis-steps';
import type { StageActivities } from './synthesis-activities';
import type { SynthesisInput, SynthesisParams } from './synthesis-types';

/** One stage call made by `runInProcessStages`, as its result reports it. */
export interface InProcessCall {
  activityType: string;
  /** The call name its entries' idempotency keys carry after the activity's own prefix (e.g. `extract-0`). */
  callName: string;
  /** The `round` of its input, when it has one. */
  round: number | null;
  startedAtMs: number;
  closedAtMs: number;
  /** The lengths of its result's arrays by which the catalogue counts its entries. */
  counts: Record<string, number>;
}

/**
 * The input of `runInProcessStages`: what the workflow would pass the steps.
 * Without `request` (patch `request-in-batch-v1`), the activity records the
 * request first, as `recordRequest` would, and runs the stages only when it
 * reports every provider deterministic.
 */
export interface InProcessStagesInput {
  input: SynthesisInput;
  params: SynthesisParams;
  request?: StepsOutcome['request'];
}

/**
 * Its result: the stages' outcome (null when the request it recorded reports
 * a network provider: the workflow then runs the stages one activity each),
 * the request when it recorded it, and the calls made, in the order they
 * were made. Results recorded before 2026-12-03c carry the whole `draft`
 * instead of `tally` ({@link compactOutcome} reads both).
 */
export interface InProcessStagesOutput {
  request?: StepsOutcome['request'];
  outcome: CompactStagesOutcome | StagesOutcome | null;
  calls: InProcessCall[];
}

/** Builds `runInProcessStages` over the stage activity functions `stages`. */
export function createInProcessActivities(stages: StageActivities) {
  return {
    async runInProcessStages(input: InProcessStagesInput): Promise<InProcessStagesOutput> {
      const outer = currentCall({ synthesisId: input.input.synthesisId, activityType: 'runInProcessStages', callName: 'stages' });
      const calls: InProcessCall[] = [];
      const tracing = {} as Record<string, (arg: unknown) => Promise<unknown>>;
      for (const [name, fn] of Object.entries(stages) as Array<[string, (arg: unknown) => Promise<unknown>]>) {
        tracing[name] = async (arg: unknown) => {
          // Cancelled (its workflow was): no further stage starts, so nothing is appended after the cancellation is recorded.
          throwIfCancelled();
          const call: InnerCall = { outer, callName: null };
          const round = (arg as { round?: unknown } | null)?.round;
          // Listed when it starts, so calls made at once keep the order they were made in.
          const traced: InProcessCall = { activityType: name, callName: name, round: typeof round === 'number' ? round : null, startedAtMs: Date.now(), closedAtMs: 0, counts: {} };
          calls.push(traced);
          const result = await runAsInnerCall(call, () => fn(arg));
          Object.assign(traced, { callName: call.callName ?? name, closedAtMs: Date.now(), counts: itemCounts(name, result) });
          return result;
        };
      }
      const traced = tracing as unknown as StageActivities;
      const request = input.request ?? await requestSynthesis(traced, input.input, input.params);
      const recorded = input.request ? {} : { request };
      if (!request.inProcess) return { ...recorded, outcome: null, calls };
      return { ...recorded, outcome: compactOutcome(await runStagesAfterRequest(traced, input.input, input.params, request)), calls };
    },
  };
}

/**
 * `activities` with `runInProcessStages` built over its own stage functions,
 * as the worker registers them: a worker whose stages are wrapped (a test
 * that slows or fails one) runs the wrapped ones inside the one call too.
 */
export function withInProcessStages<T extends StageActivities>(activities: T): T & ReturnType<typeof createInProcessActivities> {
  return { ...activities, ...withFailureClassification(createInProcessActivities(activities)) };
}
