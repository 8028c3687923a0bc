/**
 * What an operator sees of syntheses without reading histories: one row per
 * synthesis (question, status, decision, score, manifest version) and the
 * activities a synthesis is retrying right now (attempt, last error).
 */
import type { Client } from '@temporalio/client';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import type { CorrectionResult } from '../../workflows/correction-workflow';
import { questionFromMemo } from './synthesis-memo';

/** Status of a synthesis as `list` shows it. */
export type ListedStatus = 'PUBLISHED' | 'REJECTED' | 'WAITING_FOR_REVIEW' | 'CORRECTED' | 'RETRACTED' | 'FAILED' | 'RUNNING';

/** One row of `list`. */
export interface ListedSynthesis {
  synthesisId: string;
  question: string | null;
  status: ListedStatus;
  decision: string | null;
  score: number | null;
  manifestVersion: number | null;
  /** Temporal's execution status (RUNNING, COMPLETED, FAILED, TERMINATED, …). */
  workflowStatus: string;
  startTime: string;
  closeTime: string | null;
}

/** An activity the server is scheduling, running or retrying. */
export interface PendingActivity {
  activityType: string;
  state: string;
  attempt: number;
  lastFailure: string | null;
  /** When the last attempt started, ISO 8601, or null before the first. */
  lastStartedTime: string | null;
}

const SUMMARY_QUERY_TIMEOUT_MS = 2000;

/**
 * The newest `limit` syntheses. Closed ones report their result, running ones
 * their `summary` query (RUNNING when no worker answers within 2 s), failed or
 * terminated ones FAILED; a completed correction workflow overrides status and
 * version (CORRECTED, RETRACTED, …).
 */
export async function listSyntheses(client: Client, limit: number): Promise<ListedSynthesis[]> {
  const executions = [];
  for await (const w of client.workflow.list({ query: `WorkflowType = 'synthesisWorkflow'` })) {
    executions.push(w);
    if (executions.length >= limit) break;
  }
  const corrections = new Map<string, { result: CorrectionResult; closeTime: number }>();
  if (executions.length > 0) {
    for await (const w of client.workflow.list({ query: `WorkflowType = 'correctionWorkflow' AND ExecutionStatus = 'Completed'` })) {
      const synthesisId = w.workflowId.replace(/^correction:/, '');
      const closeTime = w.closeTime?.getTime() ?? 0;
      if (!executions.some((e) => e.workflowId === synthesisId) || (corrections.get(synthesisId)?.closeTime ?? -1) > closeTime) continue;
      const result = await client.workflow.getHandle(w.workflowId, w.runId).result().catch(() => null) as CorrectionResult | null;
      if (result) corrections.set(synthesisId, { result, closeTime });
    }
  }
  return Promise.all(executions.map(async (w): Promise<ListedSynthesis> => {
    const handle = client.workflow.getHandle(w.workflowId, w.runId);
    let summary: SynthesisSummary | null = null;
    if (w.status.name === 'COMPLETED') summary = await handle.result().catch(() => null) as SynthesisSummary | null;
    else if (w.status.name === 'RUNNING') summary = await withTimeout(handle.query<SynthesisSummary>('summary'), SUMMARY_QUERY_TIMEOUT_MS).catch(() => null);
    const correction = corrections.get(w.workflowId)?.result;
    let status: ListedStatus = w.status.name === 'RUNNING' ? 'RUNNING' : w.status.name === 'COMPLETED' ? 'PUBLISHED' : 'FAILED';
    if (summary && (w.status.name === 'COMPLETED' || summary.status === 'WAITING_FOR_REVIEW')) status = summary.status as ListedStatus;
    if (correction) status = correction.status === 'RETRACTED' ? 'RETRACTED' : 'CORRECTED';
    return {
      synthesisId: w.workflowId,
      // A failed or terminated run has no result and answers no query: its memo still has the question.
      question: summary?.question ?? questionFromMemo(w.memo),
      status,
      decision: summary?.decision ?? null,
      score: summary?.score ?? null,
      manifestVersion: correction?.manifestVersion ?? summary?.manifestVersion ?? null,
      workflowStatus: w.status.name,
      startTime: w.startTime.toISOString(),
      closeTime: w.closeTime?.toISOString() ?? null,
    };
  }));
}

/**
 * The pending activities of a workflow (from `describe()`), with their
 * attempt and last failure. Local activities are not among them: the server
 * learns of one only when the workflow task that ran it completes (its
 * marker); while one runs, the progress query's stage names it.
 */
export async function pendingActivities(client: Client, workflowId: string): Promise<PendingActivity[]> {
  const d = await client.workflow.getHandle(workflowId).describe();
  return (d.raw.pendingActivities ?? []).map((a) => ({
    activityType: a.activityType?.name ?? '?',
    state: stateName(a.state),
    attempt: a.attempt ?? 1,
    lastFailure: a.lastFailure?.message ?? null,
    lastStartedTime: a.lastStartedTime?.seconds != null ? new Date(Number(a.lastStartedTime.seconds) * 1000).toISOString() : null,
  }));
}

function stateName(state: number | null | undefined): string {
  return ['UNSPECIFIED', 'SCHEDULED', 'STARTED', 'CANCEL_REQUESTED', 'PAUSED', 'PAUSE_REQUESTED'][state ?? 0] ?? String(state);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}
