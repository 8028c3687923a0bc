import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rocAuc } from '../../eval/roc-auc';
import { figures, parseSciFact, runPairs, splitTuneHeldOut, wrongSources, type ClaimVerifier } from '../../eval/scifact-evaluation';
import { parseDevQuestions } from '../../eval/synthesis-evaluation';
import { renderSciFactSection } from '../../eval/render-evaluation';
import { MODEL_NOT_MEASURED, sciFactResults } from '../../eval/scifact-run';
import { ChatEntailmentJudge } from '../../activities/providers/chat-answer-writer';
import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import { RecordedHttpServer, type RecordedRequest } from '../support/recorded-http-server';

const row = (input: string, text: string, answer: 'true' | 'false') => JSON.stringify({ input, gold_ctx: [{ title: 't', text }], answer });

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 for ties', () => {
    expect(rocAuc([3, 4], [1, 2])).toBe(1);
    expect(rocAuc([1, 2], [3, 4])).toBe(0);
    expect(rocAuc([1, 1], [1, 1])).toBe(0.5);
  });
  it('matches the pairwise count', () => {
    // Pairs (p > n): 0.8>0.3, 0.8>0.5, 0.4>0.3 → 3 of 4 pairs; 0.4 vs 0.5 loses.
    expect(rocAuc([0.8, 0.4], [0.3, 0.5])).toBe(0.75);
  });
  it('is NaN without positives or negatives', () => {
    expect(rocAuc([], [1])).toBeNaN();
  });
});

describe('parseSciFact', () => {
  it('reads claims, joined abstracts and labels', () => {
    const rows = parseSciFact([row('A raises B', 'A raised B.', 'true'), '', row('A lowers B', 'A raised B.', 'false')].join('\n'));
    expect(rows).toEqual([
      { index: 0, claim: 'A raises B', source: 'A raised B.', supported: true },
      { index: 1, claim: 'A lowers B', source: 'A raised B.', supported: false },
    ]);
  });
  it('names the line and field of a bad row', () => {
    expect(() => parseSciFact(row('x', 'y', 'true') + '\n{"input":"x","gold_ctx":[{"text":"y"}],"answer":"maybe"}'))
      .toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: 'line 2.answer' })] }));
    expect(() => parseSciFact('not json')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('the SciFact figures', () => {
  const rows = parseSciFact([
    row('A raises B', 'A raised B.', 'true'),
    row('A lowers B', 'A raised B.', 'false'),
    row('C raises D', 'C raised D.', 'true'),
    row('C lowers D', 'C raised D.', 'false'),
  ].join('\n'));
  // A toy verifier: supports when the claim's first letter is in the source and its verb is "raises".
  const toy: ClaimVerifier = {
    name: 'toy', description: 'toy',
    verify(claim, source) {
      const attached = source.startsWith(claim[0]);
      const verdict = !attached ? 'NOT_ENOUGH_INFO' : claim.includes('raises') ? 'SUPPORTS' : 'REFUTES';
      return { verdict, score: attached ? (verdict === 'SUPPORTS' ? 1 : 0.5) : 0, attachment: attached ? 1 : 0 };
    },
  };

  it('pairs each claim only with abstracts of other claims', () => {
    expect(wrongSources(rows, rows[0])).toEqual(['C raised D.']);
  });
  it('computes AUCs, pass rates and the confusion', async () => {
    const outputs = await runPairs(rows, toy);
    const f = figures(rows, outputs, splitTuneHeldOut(rows).all);
    expect(f.counts).toEqual({ supported: 2, contradicted: 2, wrongPairs: 4 });
    expect(f.supportedVsContradictedAuc).toBe(1);
    expect(f.rightVsWrongAuc).toBe(1);
    expect(f.passRates).toEqual({ supported: 1, contradicted: 0, wrongSource: 0 });
    expect(f.confusion.contradicted).toEqual({ SUPPORTS: 0, REFUTES: 2, NOT_ENOUGH_INFO: 0 });
    expect(f.confusion['wrong source']).toEqual({ SUPPORTS: 0, REFUTES: 0, NOT_ENOUGH_INFO: 4 });
  });
  it('splits even rows into tune and odd rows into held-out', () => {
    const s = splitTuneHeldOut(rows);
    expect([...s.tune]).toEqual([0, 2]);
    expect([...s.heldOut]).toEqual([1, 3]);
  });
});

describe('parseDevQuestions', () => {
  it('reads the committed development set', () => {
    const questions = parseDevQuestions(readFileSync(join(__dirname, '..', '..', 'eval', 'dev-questions.json'), 'utf8'));
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.some((q) => !q.answerable && q.relevant.length === 0)).toBe(true);
  });
  it('names the first bad field', () => {
    expect(() => parseDevQuestions(JSON.stringify({ questions: [{ id: 'x', question: 'q', answerable: 'yes', relevant: [] }] })))
      .toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', issues: [expect.objectContaining({ path: '$.questions[0].answerable' })] }));
  });
});

describe('the model verifier in the SciFact section (chat entailment judge on a scripted server on loopback)', () => {
  const file = [
    row('A raises B', 'A raised B.', 'true'),
    row('A lowers B', 'A raised B.', 'false'),
    row('C raises D', 'C raised D.', 'true'),
    row('C lowers D', 'C raised D.', 'false'),
  ].join('\n');
  let server: RecordedHttpServer;
  beforeEach(async () => {
    server = await RecordedHttpServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  /** SUPPORTS "raises" and REFUTES "lowers" against its own source, NOT_ENOUGH_INFO against another; one answer breaks its schema. */
  function judge(req: RecordedRequest) {
    const { statement, evidence } = JSON.parse((JSON.parse(req.body) as { messages: Array<{ content: string }> }).messages[1]!.content) as { statement: string; evidence: string };
    const attached = evidence.startsWith(statement[0]!);
    const content = statement === 'C lowers D' && attached
      ? '{"verdict": "MAYBE", "reason": ""}'
      : JSON.stringify({ verdict: !attached ? 'NOT_ENOUGH_INFO' : statement.includes('raises') ? 'SUPPORTS' : 'REFUTES', reason: 'scripted' });
    return { body: { model: 'judge', choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 50, completion_tokens: 10 } } };
  }

  it('measures the model verifier next to the offline ones and says how', async () => {
    server.route('POST', '/v1/chat/completions', judge);
    const rows = parseSciFact(file);
    const { results, modelLine } = await sciFactResults(rows, new ChatEntailmentJudge(new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'judge', timeoutMs: 2000 })));
    expect(results.map((r) => r.verifier.name)).toEqual(['lexical-entailment-v1', 'stemmed attachment only (ablation)', 'tfidf-source-attachment-v1 (baseline)', 'chat-entailment-v1:judge']);
    const model = results[3]!;
    // 4 right pairs and 1 wrong pair per claim (the only other abstract).
    expect(server.requestsTo('/v1/chat/completions')).toHaveLength(8);
    expect(model.all.supportedVsContradictedAuc).toBe(1);
    expect(model.all.confusion).toEqual({
      supported: { SUPPORTS: 2, REFUTES: 0, NOT_ENOUGH_INFO: 0 },
      contradicted: { SUPPORTS: 0, REFUTES: 1, NOT_ENOUGH_INFO: 1 },
      'wrong source': { SUPPORTS: 0, REFUTES: 0, NOT_ENOUGH_INFO: 4 },
    });
    expect(modelLine).toBe('model verifier: chat-entailment-v1:judge (entail.v1), on every right pair and 3 wrong sources per claim; 1 answer(s) that broke their schema counted as NOT_ENOUGH_INFO');
    const section = renderSciFactSection(results, { file: 'tiny.jsonl', sha256: 'sha256:x', rows: rows.length }, modelLine).join('\n');
    expect(section).toContain('| chat-entailment-v1:judge | all (2+2, 4 wrong) | 1.00 |');
    expect(section).toContain(`${modelLine}.`);
  });

  it('says the model verifier was not measured without a chat endpoint, and calls nothing', async () => {
    const rows = parseSciFact(file);
    const { results, modelLine } = await sciFactResults(rows);
    expect(results).toHaveLength(3);
    expect(modelLine).toBe(MODEL_NOT_MEASURED);
    expect(renderSciFactSection(results, { file: 'tiny.jsonl', sha256: 'sha256:x', rows: 4 }, modelLine)).toContain('model verifier: not measured (no SYNTHLEDGER_CHAT_* set).');
    expect(server.requests).toHaveLength(0);
  });
});
