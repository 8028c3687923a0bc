import type { Answer } from '../../activities/stages/compose-answer';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { loadPublished } from '../../runtime/operations/bundle-export';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';
import { SEED_QUESTION } from '../../data/example-question';

/** A question the bundled corpus (machine-learning abstracts) holds nothing on, though BM25 retrieves sources for it. */
const OFF_CORPUS_QUESTION = 'What is the impact of remote work on employee productivity and team communication?';

describe('the composeAnswer stage in synthesisWorkflow', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await openHarness('answer');
  });
  afterAll(async () => {
    await h.close();
  });
  // Policy thresholds at 0: any draft the tribunal does not reject would be auto-approved, so only the answer can stop it.
  const run = async (question: string) => {
    const worker = await h.worker({ policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true, humanReviewScore: 0 } });
    const synthesisId = newSynthesisId('answer');
    const summary = await worker.runUntil(async () => {
      const handle = await startSynthesis(h.env.client, { synthesisId, question, timeouts: FAST_TIMEOUTS, params: { revisionThreshold: 0, queries: 2, topK: 5 } }, h.taskQueue);
      return (await handle.result()) as SynthesisSummary;
    });
    const stream = await h.ledger.reader.stream(synthesisId);
    const payloads = (kind: string) => stream.filter((e) => e.header.kind === kind).map((e) => JSON.parse(e.payloadJson) as Record<string, unknown>);
    return { synthesisId, summary, stream, payloads };
  };

  describe('when the collection holds no evidence on the question', () => {
    it('records a NO_EVIDENCE answer, counts nothing as verified and rejects instead of publishing', async () => {
      const { summary, payloads } = await run(OFF_CORPUS_QUESTION);
      const [answer] = payloads('answer.record') as unknown as Answer[];
      expect(answer).toMatchObject({ answerability: 'NO_EVIDENCE', method: 'extractive-answer-v1', counts: { evidenceSentences: 0 } });
      expect(summary).toMatchObject({ status: 'REJECTED', decision: 'REJECT', manifestHash: null, verified: 0 });
      expect(payloads('policy.decision')[0]).toMatchObject({ outcome: 'REJECT', answerability: 'NO_EVIDENCE' });
      const report = (await h.ledger.blobs.get(summary.reportHash!)).bytes.toString('utf8');
      expect(report).toMatch(/\n## Answer\n\nThe searched collection holds no evidence on this question: none of the \d+ retrieved sources has a verified finding on "remote work", "employee productivity" and "team communication"\./);
      expect(summary.sources).toBeGreaterThan(0);
    });
  });

  describe('when the collection answers the question in part', () => {
    it('publishes a report that opens with the cited answer, below DOI-grade', async () => {
      const { synthesisId, summary, payloads } = await run(SEED_QUESTION);
      expect(summary.status).toBe('PUBLISHED');
      const answers = payloads('answer.record') as unknown as Array<Answer & { round: number }>;
      expect(answers.map((a) => a.round)).toEqual([0]);
      expect(answers[0].answerability).toBe('PARTIAL');
      expect(answers[0].counts.evidenceSentences).toBeGreaterThan(0);
      expect(answers[0].sentences.filter((s) => s.kind === 'evidence').every((s) => s.citations.length > 0 && s.supported === true)).toBe(true);
      const claims = payloads('claim.record');
      expect(claims.every((c) => typeof c.relevance === 'number' && (c.relevance as number) >= 0.6 && c.aspect !== null)).toBe(true);
      expect(payloads('claim.verification').every((v) => (v.entailment as { verdict: string }).verdict === 'SUPPORTS' || v.verified === false)).toBe(true);
      const published = await loadPublished(h.ledger, synthesisId);
      const report = published.artifacts.get('report.md')!.toString('utf8');
      expect(report.indexOf('## Answer')).toBeLessThan(report.indexOf('## Abstract'));
      expect(report).toContain('The searched collection answers this question only in part');
      expect(published.manifest.qualityTier.tier).toBe('Watchlist');
      expect(published.manifest.qualityTier.basis).toMatch(/the answer covers \d of \d aspects of the question/);
    });
  });
});
