/**
 * Attempts and the last failure of each stage of a timeline, for `status`:
 * what an operator needs to see that a stage was retried and why, for a
 * running and a closed run alike (the server's pending activities only cover
 * activities still scheduled on a running workflow).
 */
import type { Timeline } from './timeline-model';

/** The last failure recorded in a stage. */
export interface StageFailure {
  activityType: string;
  /** The attempt that failed, or null when history does not say. */
  attempt: number | null;
  message: string;
  /** Our error code or the failure kind (`timeout:START_TO_CLOSE`, …). */
  type: string | null;
}

/** One stage (and round) of a run, by attempts. */
export interface StageAttempts {
  stage: string;
  round: number | null;
  /** Activities the stage scheduled. */
  activities: number;
  /** The highest attempt one of its activities reached (1: none was retried; 0: none started yet). */
  attempts: number;
  /** Attempts beyond the first, summed over its activities. */
  retries: number;
  /** The last failure recorded in the stage (a retry cause or a final failure), or null. */
  lastFailure: StageFailure | null;
}

/** Attempts and last failure per stage, in the order the stages ran. */
export function stageAttempts(timeline: Timeline): StageAttempts[] {
  return timeline.stages.map((s) => {
    let lastFailure: StageFailure | null = null;
    for (const a of s.activities) {
      const f = a.failures[a.failures.length - 1];
      if (f) lastFailure = { activityType: a.activityType, attempt: f.attempt, message: f.message, type: f.type };
    }
    return {
      stage: s.stage, round: s.round, activities: s.activities.length,
      attempts: Math.max(0, ...s.activities.map((a) => a.attempts)),
      retries: s.activities.reduce((n, a) => n + Math.max(0, a.attempts - 1), 0),
      lastFailure,
    };
  });
}
