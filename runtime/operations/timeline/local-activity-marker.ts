/**
 * Local activities as a workflow history records them: no scheduled, started
 * or completed events, but one MARKER_RECORDED event per call, named
 * `core_local_activity` by the SDK core, written with the workflow task that
 * ran it. Its details hold `data` (JSON: sequence number, attempt, activity
 * id and type, completion time in workflow time) and, when it completed,
 * `result` (the payload the activity returned, or its claim-check reference);
 * a failure is the marker's `failure`. Its summary is the event's user metadata.
 * The marker name and the id and type fields are read as the offline verifier
 * reads them from an archived history (verification/workflow-history.ts).
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { LOCAL_ACTIVITY_MARKER_NAME, localActivityIdentity } from '../../../verification/workflow-history';

/** The marker name the SDK core gives a local activity's result (defined with the verifier's history reading). */
export { LOCAL_ACTIVITY_MARKER_NAME };

/** One local activity call, read from its marker event. */
export interface LocalActivityMarker {
  activityId: string;
  activityType: string;
  /** The attempt that produced the recorded outcome (1 unless it was retried). */
  attempt: number;
  /** When it completed, in workflow time (the start of its workflow task plus the time it ran), or null when not recorded. */
  completedAtMs: number | null;
  /** The payload it returned (absent when it failed). */
  result: temporal.api.common.v1.IPayload | undefined;
  failure: temporal.api.failure.v1.IFailure | null;
  /** Its one-line summary (workflows/activity-summaries.ts), or null. */
  summary: string | null;
}

/** The local activity a history event records, or undefined when `e` is not a local activity marker. */
export function localActivityMarker(e: temporal.api.history.v1.IHistoryEvent): LocalActivityMarker | undefined {
  const at = e.markerRecordedEventAttributes;
  if (!at || at.markerName !== LOCAL_ACTIVITY_MARKER_NAME) return undefined;
  const data = decode(at.details?.data?.payloads?.[0]) as Record<string, unknown> | undefined;
  if (!data) return undefined;
  const summary = decode(e.userMetadata?.summary ?? undefined);
  return {
    ...localActivityIdentity(data),
    attempt: typeof data.attempt === 'number' && data.attempt > 0 ? data.attempt : 1,
    completedAtMs: timestampMs(data.complete_time ?? data.completeTime),
    result: at.details?.result?.payloads?.[0] ?? undefined,
    failure: at.failure ?? null,
    summary: typeof summary === 'string' ? summary : null,
  };
}

function decode(p: temporal.api.common.v1.IPayload | null | undefined): unknown {
  if (!p) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(p);
  } catch {
    return undefined;
  }
}

/** A protobuf Timestamp as the core serializes it to JSON (`{ seconds, nanos }`), or an RFC 3339 string, in ms. */
function timestampMs(v: unknown): number | null {
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : ms;
  }
  if (typeof v === 'object' && v !== null) {
    const t = v as { seconds?: unknown; nanos?: unknown };
    const seconds = Number(t.seconds ?? 0);
    const nanos = Number(t.nanos ?? 0);
    if (Number.isFinite(seconds) && Number.isFinite(nanos)) return seconds * 1000 + Math.floor(nanos / 1e6);
  }
  return null;
}
