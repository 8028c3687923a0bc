/**
 * Reading a Temporal workflow history as the bundle ships it (the archived
 * JSON form of activities/history-digest.ts: protobufjs `toObject` with
 * int64, enum and bytes as strings): which activities the run scheduled.
 * A regular activity leaves an ACTIVITY_TASK_SCHEDULED event naming its id
 * and type; a local activity leaves no scheduled event but a MARKER_RECORDED
 * event named `core_local_activity` whose `data` payload (JSON) carries its
 * id and type. The timeline (runtime/operations/timeline/) reads the same
 * markers from live protobuf histories with the marker name and field
 * reading below. Pure: every input is attacker-controlled.
 */

/** The marker name the SDK core gives a local activity's result. */
export const LOCAL_ACTIVITY_MARKER_NAME = 'core_local_activity';

/** One activity a history records: its id and type, the event that records it, and whether it ran as a local activity. */
export interface HistoryActivity {
  activityId: string;
  activityType: string;
  eventId: number;
  local: boolean;
}

/**
 * Id and type of a local activity from its marker's decoded `data` payload
 * (the SDK core writes `activity_id`/`activity_type`; camelCase is read too).
 * `?` where the marker does not say.
 */
export function localActivityIdentity(data: Record<string, unknown>): { activityId: string; activityType: string } {
  return { activityId: String(data.activity_id ?? data.activityId ?? '?'), activityType: String(data.activity_type ?? data.activityType ?? '?') };
}

/** A shipped history's JSON event, as far as this module reads it. */
interface JsonEvent {
  eventId?: unknown;
  workflowExecutionStartedEventAttributes?: { workflowId?: unknown };
  activityTaskScheduledEventAttributes?: { activityId?: unknown; activityType?: { name?: unknown } };
  markerRecordedEventAttributes?: { markerName?: unknown; details?: { data?: { payloads?: Array<{ data?: unknown }> } } };
}

/** The workflow id the history's first (WorkflowExecutionStarted) event names, or null when it names none. */
export function historyWorkflowId(events: readonly unknown[]): string | null {
  const id = (events[0] as JsonEvent | undefined)?.workflowExecutionStartedEventAttributes?.workflowId;
  return typeof id === 'string' ? id : null;
}

/** Every activity the JSON `events` schedule (regular) or record as a local-activity marker, in event order. */
export function historyActivities(events: readonly unknown[]): HistoryActivity[] {
  const out: HistoryActivity[] = [];
  for (const raw of events) {
    const e = (raw ?? {}) as JsonEvent;
    const eventId = Number(e.eventId);
    const s = e.activityTaskScheduledEventAttributes;
    if (s && typeof s.activityId === 'string' && typeof s.activityType?.name === 'string') {
      out.push({ activityId: s.activityId, activityType: s.activityType.name, eventId, local: false });
      continue;
    }
    const m = e.markerRecordedEventAttributes;
    if (m?.markerName !== LOCAL_ACTIVITY_MARKER_NAME) continue;
    const data = decodeJsonPayload(m.details?.data?.payloads?.[0]?.data);
    if (data) out.push({ ...localActivityIdentity(data), eventId, local: true });
  }
  return out;
}

/** A JSON payload's `data` (base64 in the archived form) as an object, or undefined when it is not one. */
function decodeJsonPayload(data: unknown): Record<string, unknown> | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
