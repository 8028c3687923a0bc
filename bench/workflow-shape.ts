/**
 * The shape of a synthesis as its Temporal history records it: the waves of
 * activity calls it made one after another, each wave the calls made at
 * once (the search variants, the three reviewers), each call regular or
 * local. The floor workflow (bench/floor-workflow.ts) replays a shape with
 * activities that do nothing.
 */
import type { temporal } from '@temporalio/proto';
import { localActivityMarker } from '../runtime/operations/timeline';

/** One activity call of a wave. */
export interface FloorCall {
  activityType: string;
  local: boolean;
}

/** Calls made at once; the workflow waits for all of them before the next wave. */
export type FloorWave = FloorCall[];

/**
 * The waves of `history`: regular activities scheduled by the same workflow
 * task completion form one wave (a workflow task can only schedule what
 * needs no result of another). Markers do not say which local activities ran
 * at once (all of a workflow task's are recorded with its completion): here
 * consecutive markers of one activity type form one wave, as the synthesis
 * calls its search variants and its reviewers at once and every other stage
 * after the one before.
 */
export function shapeOfHistory(history: temporal.api.history.v1.IHistory): FloorWave[] {
  const waves: FloorWave[] = [];
  let open: { task: string; wave: FloorWave } | null = null;
  for (const e of history.events ?? []) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const task = String(scheduled.workflowTaskCompletedEventId);
      if (!open || open.task !== task) {
        open = { task, wave: [] };
        waves.push(open.wave);
      }
      open.wave.push({ activityType: scheduled.activityType?.name ?? '?', local: false });
      continue;
    }
    const marker = localActivityMarker(e);
    if (marker) {
      const last = waves[waves.length - 1];
      const sameWave = last !== undefined && last.every((c) => c.local && c.activityType === marker.activityType);
      if (sameWave) last.push({ activityType: marker.activityType, local: true });
      else waves.push([{ activityType: marker.activityType, local: true }]);
      open = null;
    }
  }
  return waves;
}

/** `waves` with every call regular (`local` false) or every call local. */
export function allCalls(waves: FloorWave[], local: boolean): FloorWave[] {
  return waves.map((w) => w.map((c) => ({ ...c, local })));
}

/** Counts of a shape: calls, waves, local calls, and waves with a regular call (each costs at least one activity task round trip). */
export function shapeCounts(waves: FloorWave[]): { calls: number; waves: number; local: number; regularWaves: number } {
  const calls = waves.flat();
  return { calls: calls.length, waves: waves.length, local: calls.filter((c) => c.local).length, regularWaves: waves.filter((w) => w.some((c) => !c.local)).length };
}

/** `recordRequest (local) → searchSources ×4 → …`. */
export function describeShape(waves: FloorWave[]): string {
  return waves.map((w) => `${w[0]!.activityType}${w.length > 1 ? ` ×${w.length}` : ''}${w.every((c) => c.local) ? ' (local)' : ''}`).join(' → ');
}
