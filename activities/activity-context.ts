/**
 * The activity boundary: who is writing (the entry actor), the idempotency
 * key of each ledger write, and the translation of our errors into
 * Temporal failures (bad input → non-retryable, transient I/O → retryable).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import { toTemporalFailure } from '../common/temporal-failure';
import type { EntryActor } from '../schemas/entry-header.schema';

/** Identity of the current call: inside a Temporal activity, its info; outside (in-process runs), a stand-in. */
export interface CallIdentity {
  actor: EntryActor;
  /** Prefix of idempotency keys: `<workflowId>/<activityId>` (never the attempt number). */
  keyPrefix: string;
}

/**
 * One stage call made inside `runInProcessStages` (docs/adr/0021): its
 * entries carry that activity's actor and idempotency keys under
 * `<workflowId>/<activityId>/<callName>/`, so a retried run of all the stages
 * finds every entry its earlier attempt wrote.
 */
export interface InnerCall {
  /** The identity of the activity that runs the stages. */
  outer: CallIdentity;
  /** Its call name (e.g. `extract-0`), set by the stage when it asks for its identity. */
  callName: string | null;
}

const innerCalls = new AsyncLocalStorage<InnerCall>();

/** Runs `fn` as the stage call `call`: {@link currentCall} inside it answers with the outer activity's identity. */
export function runAsInnerCall<T>(call: InnerCall, fn: () => Promise<T>): Promise<T> {
  return innerCalls.run(call, fn);
}

/** The identity of the running activity, or an in-process stand-in built from `fallback`. */
export function currentCall(fallback: { synthesisId: string; activityType: string; callName: string }): CallIdentity {
  const inner = innerCalls.getStore();
  if (inner) {
    inner.callName = fallback.callName;
    return { actor: inner.outer.actor, keyPrefix: `${inner.outer.keyPrefix}/${fallback.callName}` };
  }
  let info: ReturnType<typeof Context.current>['info'] | undefined;
  try {
    info = Context.current().info;
  } catch {
    info = undefined;
  }
  if (info?.workflowExecution) {
    const actor = { workflowId: info.workflowExecution.workflowId, runId: info.workflowExecution.runId, activityType: info.activityType, activityId: info.activityId };
    return { actor, keyPrefix: `${actor.workflowId}/${actor.activityId}` };
  }
  const actor = { workflowId: fallback.synthesisId, runId: 'in-process', activityType: fallback.activityType, activityId: fallback.callName };
  return { actor, keyPrefix: `${fallback.synthesisId}/in-process/${fallback.callName}` };
}

/** The context of the running regular activity, or undefined outside an activity and inside a local activity (which cannot heartbeat). */
function heartbeatingContext(): ReturnType<typeof Context.current> | undefined {
  try {
    const ctx = Context.current();
    return ctx.info.isLocal ? undefined : ctx;
  } catch {
    return undefined;
  }
}

/**
 * Throws the activity's cancellation when the running activity (regular or
 * local) has been asked to stop, e.g. with its workflow cancelled; no-op
 * outside an activity. For work made of steps, checked between them.
 */
export function throwIfCancelled(): void {
  let ctx: ReturnType<typeof Context.current>;
  try {
    ctx = Context.current();
  } catch {
    return;
  }
  if (ctx.cancellationSignal.aborted) throw new CancelledFailure(`${ctx.info.activityType} cancelled: ${String(ctx.cancellationSignal.reason ?? 'cancel requested')}`);
}

/** Reports liveness to Temporal when inside a regular activity (no-op otherwise: in-process runs, local activities). */
export function heartbeat(details?: unknown): void {
  heartbeatingContext()?.heartbeat(details);
}

/** Shortest interval between liveness heartbeats, whatever the heartbeat timeout. */
const MIN_LIVENESS_INTERVAL_MS = 100;

/**
 * Wraps every function of an activities object so that, while it runs as a
 * Temporal activity scheduled with a heartbeat timeout, it heartbeats at a
 * third of that timeout. A live worker thus never misses a heartbeat, and an
 * attempt lost with a killed worker times out after the heartbeat timeout
 * (seconds) instead of its start-to-close timeout. The worker applies it
 * outermost, so time spent in any wrapper counts as alive. Outside an
 * activity (in-process runs) and in a local activity (no heartbeat exists:
 * the workflow task it runs in is what times out with a lost worker) it
 * calls the function unchanged.
 */
export function withLivenessHeartbeat<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    const named = {
      async [name](...args: never[]) {
        const ctx = heartbeatingContext();
        const timeoutMs = ctx?.info.heartbeatTimeoutMs;
        if (!ctx || !timeoutMs) return fn(...args);
        const timer = setInterval(() => ctx.heartbeat(), Math.max(MIN_LIVENESS_INTERVAL_MS, Math.floor(timeoutMs / 3)));
        try {
          return await fn(...args);
        } finally {
          clearInterval(timer);
        }
      },
    };
    wrapped[name] = named[name];
  }
  return wrapped as T;
}

/**
 * Wraps every function of an activities object so our errors cross the
 * boundary classified ({@link toTemporalFailure}); every activity factory
 * returns its activities through this one function.
 */
export function withFailureClassification<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    const named = {
      async [name](...args: never[]) {
        try {
          return await fn(...args);
        } catch (err) {
          throw toTemporalFailure(err);
        }
      },
    };
    wrapped[name] = named[name];
  }
  return wrapped as T;
}
