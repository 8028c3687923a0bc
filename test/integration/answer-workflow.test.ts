import type { Answer } from '../../activities/stages/compose-answer';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { loadPublished } from '../../runtime/operations/bundle-export';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';
import { SEED_QUESTION } from '../../data/example-question';
import { ChatAnswerWriter, ChatEntailmentJudge } from '../../activities/providers/chat-answer-writer';
import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import { RecordedHttpServer, type RecordedRequest } from '../support/recorded-http-server';

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

  describe('when a chat model writes the answer and the tribunal asks for a revision', () => {
    let server: RecordedHttpServer;
    beforeAll(async () => {
      server = await RecordedHttpServer.start();
    });
    afterAll(async () => {
      await server.close();
    });

    /** The writer quotes its first evidence sentence with its number and adds one sentence citing a number it was not given; the judge agrees. */
    function scripted(req: RecordedRequest) {
      const body = JSON.parse(req.body) as { messages: Array<{ content: string }>; response_format: { json_schema: { name: string } } };
      const user = JSON.parse(body.messages[1]!.content) as { evidence?: Array<{ n: number; text: string }> };
      const content = body.response_format.json_schema.name === 'entailment'
        ? { verdict: 'SUPPORTS', reason: 'scripted' }
        : { refused: false, reason: '', sentences: [{ text: `${user.evidence![0]!.text.replace(/\.$/, '')} [${user.evidence![0]!.n}].`, gap: false }, { text: 'The method solves every benchmark [99].', gap: false }] };
      return { body: { model: 'test-chat', choices: [{ message: { role: 'assistant', content: JSON.stringify(content) }, finish_reason: 'stop' }], usage: { prompt_tokens: 100, completion_tokens: 20 } } };
    }

    it('records the removal, and the rewrite in the next round gets the review points on the answer', async () => {
      server.route('POST', '/v1/chat/completions', scripted);
      const chat = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'test-chat', timeoutMs: 5000 });
      const worker = await h.worker({ chat: { answerWriter: new ChatAnswerWriter(chat), entailmentJudge: new ChatEntailmentJudge(chat) }, policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true, humanReviewScore: 0 } });
      const synthesisId = newSynthesisId('answer');
      const summary = await worker.runUntil(async () => {
        const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: { revisionThreshold: 10, maxRounds: 1 } }, h.taskQueue);
        return (await handle.result()) as SynthesisSummary;
      });
      const stream = await h.ledger.reader.stream(synthesisId);
      const answers = stream.filter((e) => e.header.kind === 'answer.record').map((e) => JSON.parse(e.payloadJson) as Answer & { round: number });
      expect(answers.map((a) => [a.round, a.model?.status, a.model?.removed.map((r) => r.reason)])).toEqual([[0, 'used', ['invented-citation']], [1, 'used', ['invented-citation']]]);
      const writes = server.requestsTo('/v1/chat/completions')
        .map((r) => JSON.parse((JSON.parse(r.body) as { messages: Array<{ content: string }> }).messages[1]!.content) as { question?: string; reviewPoints?: Array<{ comment: string; response: string }> })
        .filter((u) => u.question === SEED_QUESTION);
      expect(writes).toHaveLength(2);
      expect(writes[0]!.reviewPoints).toBeUndefined();
      expect(writes[1]!.reviewPoints!.map((p) => p.comment)).toContainEqual(expect.stringContaining('were not supported by the evidence they cite (1 removed)'));
      for (const p of writes[1]!.reviewPoints!) expect(p.response).toContain('given to the model that rewrites the answer');
      const report = (await h.ledger.blobs.get(summary.reportHash!)).bytes.toString('utf8');
      expect(report).toContain('Removed (invented-citation): "The method solves every benchmark [99]."');
    });
  });
});
