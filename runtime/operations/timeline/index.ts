/** The history timeline: model, parse (a handler table keyed by event type), format, and fetching. */
export { buildTimeline } from './build-timeline';
export { fetchTimeline, timelineOfLoaded } from './fetch-timeline';
export { archivedRuns, archivedTimelines, type ArchivedRun } from './archived-timelines';
export { streamOfWorkflow } from '../../../workflows/workflow-ids';
export { formatTimeline, formatMs } from './format-timeline';
export { stageAttempts, type StageAttempts, type StageFailure } from './stage-attempts';
export { HISTORY_EVENT_HANDLERS } from './history-event-handlers';
export { LOCAL_ACTIVITY_MARKER_NAME, localActivityMarker, type LocalActivityMarker } from './local-activity-marker';
export type { HistoryEvent, HistoryEventHandler, TimelineState } from './history-event-handlers';
export type {
  ActivityStatus, AttemptFailure, HistoryIdentity, Timeline, TimelineActivity, TimelineEntry, TimelineEvent, TimelineStage,
} from './timeline-model';
