import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import type { LedgerEntry } from '../../ledger';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import { auditSynthesis, formatAudit } from '../../runtime/operations/audit';
import { fetchTimeline, formatTimeline } from '../../runtime/operations/timeline';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

const QUESTION = 'How does negative sampling compare with domain-specific fine-tuning for extractive question answering on MRQA?';
const PARAMS = { revisionThreshold: 0, queries: 3, topK: 6 };

type ActivityFn = (...args: never[]) => Promise<unknown>;

/** Counts entries per key; the keys seen more than once. */
function repeated(entries: LedgerEntry[], keyOf: (e: LedgerEntry) => string): string[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(keyOf(e), (counts.get(keyOf(e)) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([k]) => k);
}

function kindCounts(entries: LedgerEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[e.header.kind] = (out[e.header.kind] ?? 0) + 1;
  return out;
}

describe('workflow retries', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await openHarness('retry');
  });
  afterAll(async () => {
    await h.close();
  });

  describe('when activities fail their first two attempts', () => {
    const flakyId = newSynthesisId('flaky');
    const cleanId = newSynthesisId('clean');
    let flaky: SynthesisSummary;
    let clean: SynthesisSummary;

    beforeAll(async () => {
      // searchSources fails before it writes anything; composeAnswer and draftReport (a local activity) write their entry, then fail (a lost completion).
      const inject = (name: string, inner: ActivityFn, writeFirst: boolean): ActivityFn => async (...args: never[]) => {
        const info = Context.current().info;
        if (info.workflowExecution?.workflowId !== flakyId || info.attempt > 2) return inner(...args);
        if (writeFirst) await inner(...args);
        throw ApplicationFailure.retryable(`injected transient failure of ${name} attempt ${info.attempt}`, 'INJECTED_TRANSIENT');
      };
      // searchSources and composeAnswer as regular activities (the placement a synthesis with network providers gets), draftReport local.
      const worker = await h.worker({
        policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true },
        inProcessStages: 'regular',
        wrapActivities: (acts) => ({
          ...acts,
          searchSources: inject('searchSources', acts.searchSources!, false),
          composeAnswer: inject('composeAnswer', acts.composeAnswer!, true),
          draftReport: inject('draftReport', acts.draftReport!, true),
        }),
      });
      [flaky, clean] = await worker.runUntil(async () => {
        const start = async (synthesisId: string) => (await startSynthesis(h.env.client, { synthesisId, question: QUESTION, params: PARAMS, timeouts: FAST_TIMEOUTS }, h.taskQueue)).result() as Promise<SynthesisSummary>;
        return Promise.all([start(flakyId), start(cleanId)]);
      });
    });

    it('retries them and the synthesis completes like a clean run', () => {
      expect(flaky.status).toBe('PUBLISHED');
      expect(clean.status).toBe('PUBLISHED');
      expect(flaky.reportHash).toBe(clean.reportHash);
    });

    it('leaves no duplicate entry in the ledger', async () => {
      const [entries, cleanEntries] = await Promise.all([h.ledger.reader.stream(flakyId), h.ledger.reader.stream(cleanId)]);
      expect(repeated(entries, (e) => e.idempotencyKey)).toEqual([]);
      expect(repeated(entries, (e) => `${e.header.kind} ${e.header.payloadHash}`)).toEqual([]);
      expect(kindCounts(entries)).toEqual(kindCounts(cleanEntries));
      expect(entries.filter((e) => e.header.kind === 'artifact.report')).toHaveLength(1);
      expect(entries.filter((e) => e.header.kind === 'answer.record')).toHaveLength(1);
      expect(verifyStreamRows(flakyId, await h.ledger.reader.streamRows(flakyId)).ok).toBe(true);
    });

    it('shows the attempts and the retry cause in the timeline', async () => {
      const t = await fetchTimeline(h.env.client, h.ledger, flakyId);
      const answer = t.activities.find((a) => a.activityType === 'composeAnswer')!;
      expect(answer).toMatchObject({ status: 'completed', attempts: 3, local: false });
      expect(answer.failures).toEqual([expect.objectContaining({ attempt: 2, type: 'INJECTED_TRANSIENT', message: 'injected transient failure of composeAnswer attempt 2' })]);
      expect(answer.entries.map((e) => e.kind)).toEqual(['answer.record']);
      // A local activity retries inside its workflow task: its marker records the attempts, not why the earlier ones failed.
      const draft = t.activities.find((a) => a.activityType === 'draftReport')!;
      expect(draft).toMatchObject({ status: 'completed', attempts: 3, local: true, failures: [] });
      expect(draft.entries.map((e) => e.kind)).toEqual(['artifact.report']);
      const searches = t.activities.filter((a) => a.activityType === 'searchSources');
      expect(searches.map((a) => a.attempts)).toEqual([3, 3, 3]);
      expect(searches.every((a) => a.entries.length === 1)).toBe(true);
      expect(t.unmatchedEntries).toEqual([]);
      expect(t.stages.map((s) => s.stage)).toEqual(['start', 'plan', 'search', 'merge', 'index', 'extract', 'verify', 'answer', 'draft', 'tribunal', 'policy', 'publish']);
      const text = formatTimeline(t);
      expect(text).toContain('#');
      expect(text).toMatch(/composeAnswer {2}completed .* {2}3 attempts\n/);
      expect(text).toMatch(/draftReport {2}completed .* {2}3 attempts {2}local activity\n/);
      expect(text).toContain('attempt 2 failed: [INJECTED_TRANSIENT] injected transient failure of composeAnswer attempt 2');
      expect(text).toContain('artifact.report');
    });

    it('passes the audit, naming the retried activities', async () => {
      const report = await auditSynthesis(h.env.client, h.ledger, flakyId);
      expect(report.items.filter((i) => i.status !== 'ok')).toEqual([]);
      expect(report.ok).toBe(true);
      const draft = report.items.find((i) => i.check === 'activity-entries' && i.subject.endsWith('draftReport'))!;
      expect(draft.detail).toBe('1 entries (after 3 attempts), local activity');
      const answer = report.items.find((i) => i.check === 'activity-entries' && i.subject.endsWith('composeAnswer'))!;
      expect(answer.detail).toBe('1 entries (after 3 attempts)');
      expect(report.items.map((i) => i.check)).toEqual(expect.arrayContaining(['history', 'entry-origin', 'duplicates', 'chain', 'manifest-stream-head', 'manifest-entry-count', 'history-digest', 'receipt']));
      expect(formatAudit(report)).toContain(`audit of ${flakyId}: OK`);
    });

    it('fails the audit when an entry names an activity that no history has', async () => {
      await h.ledger.append({
        stream: cleanId, kind: 'search.results', contract: null, payload: { forged: true }, idempotencyKey: `${cleanId}/999/results`,
        actor: { workflowId: cleanId, runId: (await h.env.client.workflow.getHandle(cleanId).describe()).runId, activityType: 'searchSources', activityId: '999' },
      });
      const report = await auditSynthesis(h.env.client, h.ledger, cleanId);
      expect(report.ok).toBe(false);
      expect(report.items.filter((i) => i.status === 'failed')).toEqual([
        expect.objectContaining({ check: 'entry-origin', detail: expect.stringContaining('activity 999 (searchSources), which no audited history schedules') }),
      ]);
    });
  });
});
