import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { createCheckpoint } from '../../ledger/store/checkpointer';
import { verifyLog } from '../../ledger/core/verify-log';
import { verifyStreamRows } from '../../ledger/core/verify-stream';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

const QUESTIONS = [
  'What is the impact of negative sampling versus domain-specific fine-tuning on exact match and F1 in MRQA 2019?',
  'How well do extractive question answering models generalize to out-of-domain datasets?',
  'Which retrieval methods improve open-domain question answering accuracy?',
  'Does data augmentation help reading comprehension models under distribution shift?',
];
const RUNS = 20;

describe('workflow concurrency', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await openHarness('concurrency');
  });
  afterAll(async () => {
    await h.close();
  });

  describe(`when ${RUNS} syntheses run at once on one worker`, () => {
    const ids = Array.from({ length: RUNS }, (_, i) => newSynthesisId(`conc${i}`));
    let summaries: SynthesisSummary[];

    beforeAll(async () => {
      const worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true } });
      summaries = await worker.runUntil(async () => {
        const handles = await Promise.all(ids.map((synthesisId, i) => startSynthesis(h.env.client, {
          synthesisId, question: QUESTIONS[i % QUESTIONS.length]!, params: { revisionThreshold: 0, queries: 3, topK: 6 }, timeouts: FAST_TIMEOUTS,
        }, h.taskQueue)));
        return Promise.all(handles.map((handle) => handle.result() as Promise<SynthesisSummary>));
      });
    }, 180_000);

    it('completes every one of them', () => {
      expect(summaries.map((s) => s.status)).toEqual(ids.map(() => 'PUBLISHED'));
      expect(new Set(summaries.map((s) => s.manifestHash)).size).toBe(RUNS);
    });

    it('leaves one valid log: every stream chains and the global index has no gap', async () => {
      for (const id of ids) {
        const v = verifyStreamRows(id, await h.ledger.reader.streamRows(id));
        expect({ id, ok: v.ok, broken: v.firstBroken }).toEqual({ id, ok: true, broken: null });
      }
      const { size } = await h.ledger.reader.logState();
      const rows = await h.ledger.reader.rowsInRange(0, size);
      expect(rows.map((r) => Number(r.idx))).toEqual(Array.from({ length: size }, (_, i) => i));
      const ours = rows.filter((r) => ids.includes(r.stream));
      const perStream = new Map<string, number[]>();
      for (const r of ours) perStream.set(r.stream, [...(perStream.get(r.stream) ?? []), r.stream_index]);
      for (const [, indexes] of perStream) expect(indexes).toEqual(indexes.map((_, i) => i));
      expect(perStream.size).toBe(RUNS);
    });

    it('recomputes the Merkle root of the whole log to a fresh signed checkpoint', async () => {
      const checkpoint = await createCheckpoint(h.ledger.db, h.signer);
      const v = await verifyLog((from, to) => h.ledger.reader.rowsInRange(from, to), checkpoint, h.signer.verifierKey);
      expect(v).toMatchObject({ ok: true, firstBroken: null, entriesChecked: checkpoint.treeSize });
    });
  });
});
