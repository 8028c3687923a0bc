/** The patch ids a workflow history records (its `core_patch` markers), in order: for tests that check which versioned changes a run took. */
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

/** The ids of the `core_patch` markers of `events`, in history order. */
export function patchIds(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .map((e) => defaultPayloadConverter.fromPayload<{ id: string }>(e.markerRecordedEventAttributes!.details!['patch-data']!.payloads![0]!).id);
}
