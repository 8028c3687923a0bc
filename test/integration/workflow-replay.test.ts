import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyEventsJson } from '../../activities/history-digest';
import { parseHistoryFile, replayHistoryFile, type HistoryFile } from '../../runtime/operations/replay';
import { COMPOSE_ANSWER_PATCH, PATCHES_ASKED_AT_START } from '../../activities/synthesis-steps';
import { patchIds } from '../support/patch-markers';
import { IN_PROCESS_BATCH_PATCH, REQUEST_IN_BATCH_PATCH } from '../../workflows/catalogued-activities';
import { SHAPE_PATCH } from '../../workflows/shape-patch';

const HISTORIES = join(__dirname, '..', 'histories');
const CHANGED_WORKFLOWS = require.resolve('../support/changed-synthesis-workflow');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json')).sort();

describe('workflow replay', () => {
  describe('when replaying the committed histories of real runs (scripts/record-histories.ts)', () => {
    it('finds histories of both workflows and of every path, from today\'s code, from before the shape patch, from before request-in-batch-v1, from before in-process-batch-v1, from before the at-start patches, from before in-process-stages-v1 and from before local-activities-v1', () => {
      const paths = ['published', 'revised', 'human-approved', 'human-timeout', 'cancelled'];
      expect(files).toEqual(expect.arrayContaining([
        ...paths.map((p) => `synthesis-${p}.json`), ...paths.map((p) => `synthesis-${p}.2026-12-03d.json`), ...paths.map((p) => `synthesis-${p}.2026-12-03c.json`),
        ...paths.map((p) => `synthesis-${p}.2026-12-03b.json`), ...paths.map((p) => `synthesis-${p}.2026-12-03.json`),
        ...paths.map((p) => `synthesis-${p}.2026-12-02.json`), ...paths.map((p) => `synthesis-${p}.2026-11-23.json`),
        'correction-correction.json', 'correction-retraction.json',
      ]));
    });

    it('has one patch and the request and the stages up to the policy in one marker today, each patch before the shape patch, the request apart before request-in-batch-v1, each as a marker before in-process-batch-v1, the cheap ones only before in-process-stages-v1, and none before local-activities-v1', () => {
      const text = (file: string) => readFileSync(join(HISTORIES, file), 'utf8');
      const markers = (file: string) => (text(file).match(/"markerName": "core_local_activity"/g) ?? []).length;
      const scheduled = (file: string) => (text(file).match(/"eventType": "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED"/g) ?? []).length;
      const patches = (file: string) => patchIds(parseHistoryFile(text(file)).history.events ?? []);
      // synthesis-revised: two rounds of search, extraction, verification, answer, draft and tribunal, then publication.
      // Today: the request and every stage up to the policy in one local activity (runInProcessStages), then publication.
      // Today one patch stands for every change (docs/adr/0024); before it, each was asked.
      expect(markers('synthesis-revised.json')).toBe(1);
      expect(scheduled('synthesis-revised.json')).toBe(1);
      expect(patches('synthesis-revised.json')).toEqual([SHAPE_PATCH]);
      expect(markers('synthesis-revised.2026-12-03d.json')).toBe(1);
      expect(scheduled('synthesis-revised.2026-12-03d.json')).toBe(1);
      expect(patches('synthesis-revised.2026-12-03d.json')).toEqual(expect.arrayContaining(['in-process-stages-v1', IN_PROCESS_BATCH_PATCH, REQUEST_IN_BATCH_PATCH]));
      expect(patches('synthesis-revised.2026-12-03d.json')).not.toContain(SHAPE_PATCH);
      // Before request-in-batch-v1: the request, then the stages in one local activity.
      expect(markers('synthesis-revised.2026-12-03c.json')).toBe(2);
      expect(scheduled('synthesis-revised.2026-12-03c.json')).toBe(1);
      expect(patches('synthesis-revised.2026-12-03c.json')).toEqual(expect.arrayContaining([IN_PROCESS_BATCH_PATCH]));
      expect(patches('synthesis-revised.2026-12-03c.json')).not.toContain(REQUEST_IN_BATCH_PATCH);
      expect(markers('synthesis-revised.2026-12-03b.json')).toBeGreaterThan(20);
      expect(scheduled('synthesis-revised.2026-12-03b.json')).toBe(1);
      expect(patches('synthesis-revised.2026-12-03b.json')).toContain('in-process-stages-v1');
      expect(patches('synthesis-revised.2026-12-03b.json')).not.toContain(IN_PROCESS_BATCH_PATCH);
      // Since 2026-12-03b runs ask the steps' later patches at the start under their at-start ids; those of 2026-12-03 asked the originals where they are used.
      for (const file of ['synthesis-revised.2026-12-03d.json', 'synthesis-revised.2026-12-03c.json', 'synthesis-revised.2026-12-03b.json']) {
        expect(patches(file)).toEqual(expect.arrayContaining(Object.values(PATCHES_ASKED_AT_START)));
        expect(patches(file)).not.toContain(COMPOSE_ANSWER_PATCH);
      }
      expect(patches('synthesis-revised.2026-12-03.json')).toEqual(expect.arrayContaining(['in-process-stages-v1', COMPOSE_ANSWER_PATCH]));
      expect(patches('synthesis-revised.2026-12-03.json')).not.toContain(PATCHES_ASKED_AT_START[COMPOSE_ANSWER_PATCH]);
      expect(markers('synthesis-revised.2026-12-02.json')).toBeGreaterThan(5);
      expect(scheduled('synthesis-revised.2026-12-02.json')).toBeGreaterThan(5);
      expect(patches('synthesis-revised.2026-12-02.json')).toEqual(expect.arrayContaining(['local-activities-v1']));
      expect(patches('synthesis-revised.2026-12-02.json')).not.toContain('in-process-stages-v1');
      expect(markers('synthesis-revised.2026-11-23.json')).toBe(0);
    });

    it.each(files)('replays %s with today\'s workflow code', async (file) => {
      const result = await replayHistoryFile(join(HISTORIES, file));
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ ok: true });
      expect(result.events).toBeGreaterThan(10);
    });
  });

  describe('when the history comes in another exported form', () => {
    const dir = mkdtempSync(join(tmpdir(), 'histories-'));
    const ours = JSON.parse(readFileSync(join(HISTORIES, 'synthesis-published.json'), 'utf8')) as HistoryFile;

    it('replays the bare protojson `temporal workflow show --output json` prints', async () => {
      const path = join(dir, 'cli.json');
      writeFileSync(path, JSON.stringify(ours.history));
      expect(await replayHistoryFile(path)).toMatchObject({ ok: true, workflowId: 'cli', workflowType: 'synthesisWorkflow' });
    });

    it('replays the toObject form that `synthledger history --json` and the historyDigest use', async () => {
      const path = join(dir, 'digest-form.json');
      writeFileSync(path, JSON.stringify({ events: historyEventsJson(parseHistoryFile(JSON.stringify(ours)).history) }));
      expect(await replayHistoryFile(path)).toMatchObject({ ok: true, workflowType: 'synthesisWorkflow' });
    });

    it('accepts the PascalCase event types older Temporal CLIs print', () => {
      const legacy = { events: (ours.history as { events: Array<Record<string, unknown>> }).events.map((e) => ({
        ...e, eventType: String(e.eventType).replace('EVENT_TYPE_', '').toLowerCase().replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase()),
      })) };
      expect((legacy.events[0] as { eventType: string }).eventType).toBe('WorkflowExecutionStarted');
      const parsed = parseHistoryFile(JSON.stringify(legacy));
      expect(parsed.history.events?.[0]?.eventType).toBe(1);
      expect(parsed.history.events).toHaveLength(legacy.events.length);
    });

    it('reports a file that is not a history as an input error', async () => {
      const path = join(dir, 'nonsense.json');
      writeFileSync(path, JSON.stringify({ hello: 'world' }));
      expect(await replayHistoryFile(path)).toMatchObject({ ok: false, errorKind: 'input', error: expect.stringContaining('expected { "events": [ ... ] }') });
    });
  });

  describe('when the workflow code changed incompatibly', () => {
    it.each([
      // Recorded before any patch: the extra activity meets the first scheduled one.
      ['synthesis-published.2026-11-23.json', "Activity type of scheduled event 'recordRequest' does not match activity type of activity command 'planQueries'"],
      // Recorded before the shape patch: the extra activity comes before the patch markers of the first workflow task.
      ['synthesis-published.2026-12-03d.json', 'Non-deprecated patch marker encountered for change local-activities-v1, but there is no corresponding change command!'],
      // Recorded today: the extra activity comes before the shape's one patch marker.
      ['synthesis-published.json', `Non-deprecated patch marker encountered for change ${SHAPE_PATCH}, but there is no corresponding change command!`],
    ])('fails replay of %s and names the first divergence', async (file, divergence) => {
      const result = await replayHistoryFile(join(HISTORIES, file), { workflowsPath: CHANGED_WORKFLOWS });
      expect(result).toMatchObject({ ok: false, errorKind: 'determinism', workflowId: 'hist-published', workflowType: 'synthesisWorkflow' });
      expect(result.error).toBe(`synthesisWorkflow hist-published diverges from its history: Nondeterminism error: ${divergence}`);
    });
  });
});
