/**
 * Cross-checks one synthesis's ledger stream against the Temporal histories
 * of the workflows that wrote it (the synthesis workflow and every
 * correction run): every completed ledger-writing activity (regular, or local
 * and recorded as a marker) has exactly its entries, no entry comes from an activity that never completed, no
 * duplicates, the chain verifies, and each manifest names the stream head,
 * the entry count and a history digest that recomputes. Reports per item.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { LedgerError } from '../../common/errors';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { activitySpec, expectedEntries, expectedEntriesOfCall } from '../../activities/catalogue/activity-catalogue';
import { digestEvents, historyEventsJson } from '../../activities/history-digest';
import type { Ledger, LedgerEntry } from '../../ledger';
import { PAPER_MANIFEST_SUBJECT } from '../../schemas/paper-manifest-subject';
import { verifyReceipt } from '../../ledger/core/verify-receipt';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import { CORRECTION_RECORD_CONTRACT, PAPER_MANIFEST_CONTRACT } from '../../schemas/contract-names';
import type { CorrectionRecord } from '../../schemas/correction-record.schema';
import type { PaperManifest } from '../../schemas/paper-manifest.schema';
import { clientOf, connectingOnce, fetchHistoryOrArchive, type TemporalSource } from './archived-history';
import { resolveClaimChecks } from '../temporal/claim-check-codec';
import { loadPublished } from './bundle-export';
import { ledgerTrustRoots } from '../services/trust-roots';
import { buildTimeline, localActivityMarker, type Timeline, type TimelineActivity } from './timeline';
import { correctionWorkflowId } from '../../workflows/workflow-ids';

type History = temporal.api.history.v1.IHistory;

/** Status of one audit item. */
export type AuditStatus = 'ok' | 'failed' | 'warning';

/** One checked item. */
export interface AuditItem {
  check:
    | 'history' | 'activity-entries' | 'entry-origin' | 'duplicates' | 'chain'
    | 'manifest-stream-head' | 'manifest-entry-count' | 'history-digest' | 'receipt' | 'correction-chain';
  status: AuditStatus;
  /** What was checked: a run, an activity (`<workflowId>#<activityId>`), an entry (`#<index>`) or a manifest version. */
  subject: string;
  detail: string;
}

/** The audit of one synthesis. */
export interface AuditReport {
  synthesisId: string;
  /** True when no item failed (warnings allowed). */
  ok: boolean;
  counts: Record<AuditStatus, number>;
  items: AuditItem[];
  /** The workflow runs whose histories were read. */
  runs: Array<{ workflowId: string; runId: string; workflowType: string | null; status: Timeline['status']; events: number }>;
  entries: number;
  /** Why Temporal was not asked, when it could not be reached and the histories came from the ledger's archive. */
  temporalUnreachable?: string;
}

/** Options of {@link auditSynthesis}. */
export interface AuditOptions {
  /** Also list correction runs through Temporal visibility (default true; runs named by ledger entries are always read). */
  listCorrectionRuns?: boolean;
}

/**
 * Audits the synthesis `synthesisId` (its workflow id) against its ledger
 * stream. Given a function that connects to Temporal rather than a client,
 * it connects once, and when Temporal cannot be reached it reads the
 * histories the ledger archived (fetchHistoryOrArchive) and says so in
 * `temporalUnreachable`; a run archived nowhere then fails its `history` item.
 */
export async function auditSynthesis(temporal: TemporalSource, ledger: Ledger, synthesisId: string, options: AuditOptions = {}): Promise<AuditReport> {
  const source = connectingOnce(temporal);
  let temporalUnreachable: string | undefined;
  const items: AuditItem[] = [];
  const add = (check: AuditItem['check'], status: AuditStatus, subject: string, detail: string) => items.push({ check, status, subject, detail });
  const [entries, rows] = await Promise.all([ledger.reader.stream(synthesisId), ledger.reader.streamRows(synthesisId)]);
  if (entries.length === 0) await assertWorkflowExists(await clientOf(source), synthesisId);

  // 1. The histories: the synthesis run, and every correction run (named by entries or listed by visibility).
  const runs = new Map<string, { workflowId: string; runId: string; history: History; readable: History; timeline: Timeline }>();
  const runKey = (workflowId: string, runId: string) => `${workflowId} ${runId}`;
  const loadRun = async (workflowId: string, runId?: string) => {
    try {
      const loaded = await fetchHistoryOrArchive(source, ledger, workflowId, runId);
      temporalUnreachable ??= loaded.temporalUnreachable;
      const resolvedRunId = loaded.runId;
      if (runs.has(runKey(workflowId, resolvedRunId))) return;
      // As recorded (the history digest is over it), and with claim-check payloads resolved (what activities were given and returned).
      const history = loaded.history;
      const readable = await resolveClaimChecks(history, () => ledger.blobs);
      const timeline = buildTimeline(readable, entries, { workflowId, runId: resolvedRunId });
      runs.set(runKey(workflowId, resolvedRunId), { workflowId, runId: resolvedRunId, history, readable, timeline });
      const status: AuditStatus = timeline.status === 'completed' ? 'ok' : timeline.status === 'failed' && workflowId !== synthesisId ? 'ok' : 'warning';
      const failedBecause = timeline.events.find((e) => e.type === 'failed')?.detail;
      const archived = loaded.archive ? `; from the ledger archive (${loaded.archive.reason}, ${loaded.temporalUnreachable ? 'Temporal cannot be reached' : 'Temporal no longer has the run'})` : '';
      // An archived run ends at its archiving activity, so it reads as running: that is expected, not a warning.
      const archivedOk = loaded.archive !== undefined && timeline.status === 'running';
      add('history', archivedOk ? 'ok' : status, `${workflowId} ${resolvedRunId}`,
        `${timeline.workflowType ?? '?'} ${timeline.status}, ${timeline.lastEventId} events, ${timeline.activities.length} activities${failedBecause ? ` (${failedBecause})` : ''}${archived}`);
    } catch (e) {
      add('history', 'failed', `${workflowId} ${runId ?? '(latest run)'}`, `history not found: ${(e as Error).message}`);
    }
  };
  await loadRun(synthesisId);
  const correctionId = correctionWorkflowId(synthesisId);
  const namedRuns = new Set<string>();
  for (const e of entries) {
    const a = e.header.actor;
    if (a.workflowId && a.runId && !(a.workflowId === synthesisId && [...runs.values()].some((r) => r.runId === a.runId))) namedRuns.add(runKey(a.workflowId, a.runId));
  }
  if (options.listCorrectionRuns ?? true) {
    try {
      const client = await clientOf(source);
      for await (const w of client.workflow.list({ query: `WorkflowId = '${correctionId.replace(/'/g, "\\'")}'` })) namedRuns.add(runKey(w.workflowId, w.runId));
    } catch {
      // Visibility (or Temporal) unavailable: the runs named by ledger entries are still audited.
    }
  }
  for (const key of namedRuns) {
    const [workflowId, runId] = key.split(' ') as [string, string];
    if (workflowId === synthesisId || workflowId === correctionId) await loadRun(workflowId, runId);
  }

  // 2. Every completed ledger-writing activity has exactly its entries.
  const activityOf = new Map<string, { run: string; activity: TimelineActivity }>();
  /** Entries a stage call made inside another activity wrote, by their ledger index. */
  const inStageCall = new Set<number>();
  for (const run of runs.values()) {
    const results = completedResults(run.readable);
    for (const a of run.timeline.activities) {
      activityOf.set(`${run.workflowId} ${run.runId} ${a.activityId}`, { run: run.workflowId, activity: a });
      // A stage call's entries name the activity that ran it (docs/adr/0021).
      if (a.ranIn) {
        activityOf.set(`${run.workflowId} ${run.runId} ${a.ranIn.activityId}`, { run: run.workflowId, activity: a });
        for (const en of a.entries) inStageCall.add(en.index);
      }
      if (a.status !== 'completed') continue;
      const subject = `${run.workflowId}#${a.activityId} ${a.activityType}`;
      const expected = a.ranIn ? expectedEntriesOfCall(a.activityType, a.ranIn.counts) : expectedEntries(a.activityType, results.get(a.scheduledEventId));
      if (expected === undefined) {
        add('activity-entries', 'warning', subject, `unknown activity type: ${a.entries.length} entries not checked`);
        continue;
      }
      const found: Record<string, number> = {};
      for (const en of a.entries) found[en.kind] = (found[en.kind] ?? 0) + 1;
      const problems = [...new Set([...Object.keys(expected), ...Object.keys(found)])]
        .filter((k) => expected[k] !== 'any' && (expected[k] ?? 0) !== (found[k] ?? 0))
        .map((k) => `${k}: expected ${expected[k] ?? 0}, found ${found[k] ?? 0}`);
      add('activity-entries', problems.length ? 'failed' : 'ok', subject,
        problems.length ? problems.join('; ') : `${a.entries.length} entries${a.attempts > 1 ? ` (after ${a.attempts} attempts)` : ''}${a.ranIn ? `, run in ${a.ranIn.activityType} #${a.ranIn.activityId}` : a.local ? ', local activity' : ''}`);
    }
  }

  // 3. No entry comes from an activity that never completed.
  let fromCompleted = 0;
  let recordsFailure = 0;
  for (const e of entries) {
    const a = e.header.actor;
    const subject = `#${e.header.index} ${e.header.kind}`;
    const hit = activityOf.get(`${a.workflowId} ${a.runId} ${a.activityId}`);
    const openRun = !hit ? runs.get(runKey(a.workflowId ?? '', a.runId ?? '')) : undefined;
    const spec = activitySpec(a.activityType ?? '');
    if (!hit && openRun?.timeline.status === 'running' && (spec?.local || spec?.runsStages)) {
      // A local activity's result enters the history with the workflow task that ran it: until that task completes
      // (or after it failed and before its retry re-runs the activity, which returns the same entries), an open run has
      // entries its history does not name yet.
      add('entry-origin', 'warning', subject, `written by the local activity ${a.activityType} #${a.activityId} of the open run ${a.runId}, whose history does not record it yet (it is recorded with the workflow task that ran it)`);
    } else if (!hit) {
      add('entry-origin', 'failed', subject, `written by ${a.workflowId ?? '?'} run ${a.runId ?? '?'} activity ${a.activityId ?? '?'} (${a.activityType ?? '?'}), which no audited history schedules`);
    } else if (hit.activity.ranIn && !inStageCall.has(e.header.index)) {
      add('entry-origin', 'failed', subject, `written by ${a.activityType ?? '?'} #${a.activityId ?? '?'} under idempotency key ${e.idempotencyKey}, which names none of the stage calls its result lists`);
    } else if (hit.activity.status === 'failed' && (activitySpec(hit.activity.activityType)?.writesWhenFailing as readonly string[] | undefined)?.includes(e.header.kind)) {
      // The catalogue says this activity records why it failed (a witness refusal): the entry is the audit trail, not a stray write.
      add('entry-origin', 'ok', subject, `written by ${hit.activity.activityType} #${hit.activity.activityId}, which then failed: it records why`);
      recordsFailure++;
    } else if (hit.activity.status !== 'completed') {
      add('entry-origin', 'warning', subject, `written by ${hit.activity.activityType} #${hit.activity.activityId}, which then ${hit.activity.status} (after ${hit.activity.attempts} attempts): the entry stands, the workflow did not use its result`);
    } else {
      fromCompleted++;
    }
  }
  add('entry-origin', fromCompleted + recordsFailure === entries.length ? 'ok' : 'warning', synthesisId,
    `${fromCompleted} of ${entries.length} entries come from completed activities${recordsFailure ? `, ${recordsFailure} record why an activity failed` : ''}`);

  // 4. No duplicates: one entry per idempotency key, and no two entries with the same kind and payload.
  const dupes = [
    ...duplicates(entries, (e) => e.idempotencyKey).map((g) => `idempotency key ${g.key} on entries ${g.indexes.join(', ')}`),
    ...duplicates(entries, (e) => `${e.header.kind} ${e.header.payloadHash}`).map((g) => `${g.key} on entries ${g.indexes.join(', ')}`),
  ];
  add('duplicates', dupes.length ? 'failed' : 'ok', synthesisId, dupes.length ? dupes.join('; ') : `${entries.length} entries, all distinct`);

  // 5. The chain verifies from the stored bytes.
  const chain = verifyStreamRows(synthesisId, rows);
  add('chain', chain.ok ? 'ok' : 'failed', synthesisId, chain.ok
    ? `${chain.entries.length} entries chained, head ${chain.head ?? 'none'}`
    : `entry ${chain.firstBroken!.index}: ${chain.firstBroken!.reason} (${chain.firstBroken!.field}: expected ${chain.firstBroken!.expected}, computed ${chain.firstBroken!.computed})`);

  // 6. Each manifest names the stream head before it, the entry count, a history digest that recomputes, and has a receipt that verifies.
  const manifests = entries.filter((e) => e.header.contract === PAPER_MANIFEST_CONTRACT);
  for (const m of manifests) await auditManifest(m, entries, runs, ledger, synthesisId, add);

  // 7. Corrections chain: each names its predecessor and the manifest current when it was issued.
  auditCorrections(entries, add);

  const counts = { ok: 0, failed: 0, warning: 0 };
  for (const i of items) counts[i.status]++;
  return {
    synthesisId, ok: counts.failed === 0, counts, items, entries: entries.length, ...(temporalUnreachable ? { temporalUnreachable } : {}),
    runs: [...runs.values()].map((r) => ({ workflowId: r.workflowId, runId: r.runId, workflowType: r.timeline.workflowType, status: r.timeline.status, events: r.timeline.lastEventId })),
  };
}

async function auditManifest(m: LedgerEntry, entries: LedgerEntry[], runs: Map<string, { workflowId: string; runId: string; history: History }>, ledger: Ledger, synthesisId: string,
  add: (check: AuditItem['check'], status: AuditStatus, subject: string, detail: string) => void): Promise<void> {
  const manifest = JSON.parse(m.payloadJson) as PaperManifest;
  const subject = `manifest v${manifest.manifestVersion} (#${m.header.index})`;
  const before = entries[m.header.streamIndex - 1];
  add('manifest-stream-head', before && manifest.ledger.streamHead === before.entryHash ? 'ok' : 'failed', subject,
    before && manifest.ledger.streamHead === before.entryHash
      ? `streamHead ${manifest.ledger.streamHead} is entry #${before.header.index}, the one before the manifest`
      : `streamHead ${manifest.ledger.streamHead} but the entry before the manifest is ${before ? `#${before.header.index} ${before.entryHash}` : 'absent'}`);
  add('manifest-entry-count', manifest.ledger.entryCount === m.header.streamIndex ? 'ok' : 'failed', subject,
    `entryCount ${manifest.ledger.entryCount}; ${m.header.streamIndex} entries precede the manifest in the stream`);

  const digest = manifest.workflow.historyDigest;
  const run = [...runs.values()].find((r) => r.workflowId === manifest.workflow.workflowId && r.runId === manifest.workflow.runId);
  if (!run) {
    add('history-digest', 'failed', subject, `history of ${manifest.workflow.workflowId} run ${manifest.workflow.runId} not available`);
  } else {
    const events = historyEventsJson(run.history, digest.lastEventId);
    const recomputed = digestEvents(events);
    const ok = recomputed.lastEventId === digest.lastEventId && recomputed.sha256 === digest.sha256;
    add('history-digest', ok ? 'ok' : 'failed', subject, ok
      ? `events 1..${digest.lastEventId} digest to ${digest.sha256}`
      : `manifest says events 1..${digest.lastEventId} → ${digest.sha256}; history gives 1..${recomputed.lastEventId} → ${recomputed.sha256}`);
  }

  try {
    const published = await loadPublished(ledger, synthesisId, manifest.manifestVersion);
    // The auditor pins the key the database binds to the log, never the receipt's own.
    const v = verifyReceipt({ subject: PAPER_MANIFEST_SUBJECT, manifest: published.manifest, receipt: published.receipt, artifacts: published.artifacts, trust: await ledgerTrustRoots(ledger) });
    const bad = v.steps.filter((s) => !s.ok);
    add('receipt', bad.length ? 'failed' : 'ok', subject, bad.length
      ? bad.map((s) => `${s.step}: ${s.message}`).join('; ')
      : `receipt verifies (${v.steps.map((s) => s.step).join(', ')})`);
  } catch (e) {
    add('receipt', 'failed', subject, `no verifiable receipt: ${(e as Error).message}`);
  }
}

function auditCorrections(entries: LedgerEntry[], add: (check: AuditItem['check'], status: AuditStatus, subject: string, detail: string) => void): void {
  let currentManifest: string | null = null;
  let previousCorrection: string | null = null;
  for (const e of entries) {
    if (e.header.contract === PAPER_MANIFEST_CONTRACT) currentManifest = e.header.payloadHash;
    if (e.header.contract !== CORRECTION_RECORD_CONTRACT) continue;
    const c = JSON.parse(e.payloadJson) as CorrectionRecord;
    const problems: string[] = [];
    if (c.target.manifestHash !== currentManifest) problems.push(`target.manifestHash ${c.target.manifestHash} is not the manifest current when it was appended (${currentManifest ?? 'none'})`);
    if (c.previousCorrectionHash !== previousCorrection) problems.push(`previousCorrectionHash ${c.previousCorrectionHash ?? 'null'} should be ${previousCorrection ?? 'null'}`);
    add('correction-chain', problems.length ? 'failed' : 'ok', `#${e.header.index} ${c.type} ${c.correctionId}`, problems.length ? problems.join('; ') : `${c.type} → ${c.resultingStatus}, linked to its predecessor and to the current manifest`);
    previousCorrection = e.header.payloadHash;
  }
}

/** The decoded result of each completed activity, by its timeline `scheduledEventId` (a local activity's: its marker event id). */
function completedResults(history: History): Map<number, unknown> {
  const out = new Map<number, unknown>();
  for (const e of history.events ?? []) {
    const at = e.activityTaskCompletedEventAttributes;
    const local = at ? undefined : localActivityMarker(e);
    const p = at ? at.result?.payloads?.[0] : local?.failure ? undefined : local?.result;
    if (!p) continue;
    try {
      out.set(Number(at ? at.scheduledEventId : e.eventId), defaultPayloadConverter.fromPayload(p));
    } catch {
      // An undecodable result counts as empty: the entry check then reports what it finds.
    }
  }
  return out;
}

function duplicates(entries: LedgerEntry[], keyOf: (e: LedgerEntry) => string): Array<{ key: string; indexes: number[] }> {
  const groups = new Map<string, number[]>();
  for (const e of entries) {
    const k = keyOf(e);
    groups.set(k, [...(groups.get(k) ?? []), e.header.index]);
  }
  return [...groups].filter(([, v]) => v.length > 1).map(([key, indexes]) => ({ key, indexes }));
}

/** Renders an audit report as text for a terminal. */
export function formatAudit(r: AuditReport): string {
  const mark = { ok: 'ok  ', failed: 'FAIL', warning: 'warn' } as const;
  const lines = [`audit of ${r.synthesisId}: ${r.ok ? 'OK' : 'FAILED'}  (${r.counts.ok} ok, ${r.counts.warning} warnings, ${r.counts.failed} failed; ${r.entries} entries, ${r.runs.length} runs)`];
  for (const i of r.items) lines.push(`  ${mark[i.status]} ${i.check.padEnd(20)} ${i.subject}: ${i.detail}`);
  return lines.join('\n') + '\n';
}

/** Throws NOT_FOUND when `synthesisId` names neither ledger entries (checked by the caller) nor a workflow: an unknown id, not a failed audit. */
async function assertWorkflowExists(client: Client, synthesisId: string): Promise<void> {
  try {
    await client.workflow.getHandle(synthesisId).describe();
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) throw new LedgerError('NOT_FOUND', `no synthesis ${JSON.stringify(synthesisId)}: no ledger entries and no workflow in this Temporal namespace`);
    throw e;
  }
}
