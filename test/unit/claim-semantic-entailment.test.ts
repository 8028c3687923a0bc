import { JUDGE_CONCURRENCY, judgeClaims, withSemanticVerdicts } from '../../activities/claim-semantic-entailment';
import type { ClaimVerification } from '../../activities/model';
import { ChatEntailmentJudge } from '../../activities/providers/chat-answer-writer';
import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import { extractClaims } from '../../activities/stages/extract-claims';
import { gradeSynthesis } from '../../activities/stages/policy';
import { verifyClaims } from '../../activities/stages/verify-claims';
import { RecordedHttpServer, type RecordedRequest } from '../support/recorded-http-server';
import { hit, paper, params, snapshotOf } from './fixtures/stage-fixtures';

const QUESTION = 'What is the effect of dexamethasone on postoperative bleeding after tonsillectomy?';
const A = paper('corpus:00000000000a', 'Dexamethasone in tonsillectomy', 'Dexamethasone increased the risk of postoperative bleeding in children after tonsillectomy.');
const B = paper('corpus:00000000000b', 'A second trial', 'In adults, dexamethasone increased postoperative bleeding after tonsillectomy by 4%.');

function chat(content: string) {
  return { body: { model: 'qwen2.5:7b', choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 80, completion_tokens: 12 } } };
}

/** A scripted judge: `verdict` for statements about adults, SUPPORTS otherwise. */
function judgeSaying(verdict: string) {
  return (request: RecordedRequest) => {
    const { statement } = JSON.parse((JSON.parse(request.body) as { messages: Array<{ content: string }> }).messages[1].content) as { statement: string };
    return chat(JSON.stringify({ verdict: /adults/i.test(statement) ? verdict : 'SUPPORTS', reason: 'scripted' }));
  };
}

describe('the semantic entailment judge on claims (scripted OpenAI-compatible server on loopback)', () => {
  let server: RecordedHttpServer;
  let judge: ChatEntailmentJudge;
  const papers = [A, B];
  const claims = extractClaims(papers, { question: QUESTION });
  // Lexically verified and supported, with a semantic embedding agreeing on every claim.
  const lexical: ClaimVerification[] = verifyClaims(claims, papers, { entailment: true }).map((v) => ({ ...v, embedding: { similarity: 1, semantic: true, agrees: true } }));
  const level = (verifications: ClaimVerification[]) => gradeSynthesis({
    snapshot: snapshotOf({ question: QUESTION, queries: [QUESTION], sources: papers.map((p, i) => hit(p, 2 - i)), claims, verifications, parameters: params(), corpusSize: 2 }),
    score: 8.5, correctionStatus: 'CURRENT',
    provenance: { provenanceRecords: true, claimLineage: true, inclusionProofs: true },
    reproducibility: { deterministicProviders: false, providerCallsRecorded: true, configHashRecorded: true, historyDigestRecorded: true },
  }).verification.level;

  beforeEach(async () => {
    server = await RecordedHttpServer.start();
    judge = new ChatEntailmentJudge(new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'qwen2.5', timeoutMs: 2000 }));
  });
  afterEach(async () => {
    await server.close();
  });

  it('starts from two claims the lexical check supports', () => {
    expect(claims).toHaveLength(2);
    expect(lexical.every((v) => v.verified && v.entailment?.verdict === 'SUPPORTS')).toBe(true);
  });

  it('asks about each verified claim against its evidence sentence and records verdict, method and prompt version: L3 when all say SUPPORTS', async () => {
    server.route('POST', '/v1/chat/completions', judgeSaying('SUPPORTS'));
    const { verdicts, calls } = await judgeClaims(claims, lexical, judge);
    const sent = server.requests.map((r) => JSON.parse((JSON.parse(r.body) as { messages: Array<{ content: string }> }).messages[1].content) as { statement: string; evidence: string });
    // Asked concurrently: the requests may arrive in any order.
    const byStatement = (a: { statement: string }, b: { statement: string }) => a.statement.localeCompare(b.statement);
    expect(sent.sort(byStatement)).toEqual(claims.map((c, i) => ({ statement: c.text, evidence: lexical[i].entailment!.evidence })).sort(byStatement));
    expect(calls.map((c) => c.promptId)).toEqual(['entail.v1', 'entail.v1']);
    expect(verdicts[claims[0].claimId]).toEqual({ verdict: 'SUPPORTS', reason: 'scripted', evidence: A.abstract, method: 'chat-entailment-v1:qwen2.5', prompt: 'entail.v1' });
    expect(level(withSemanticVerdicts(lexical, verdicts))).toBe('L3');
  });

  it.each(['REFUTES', 'NOT_ENOUGH_INFO'])('keeps the synthesis at L2 when the judge says %s for one claim, though every embedding agrees', async (verdict) => {
    server.route('POST', '/v1/chat/completions', judgeSaying(verdict));
    const { verdicts } = await judgeClaims(claims, lexical, judge);
    const judged = withSemanticVerdicts(lexical, verdicts);
    expect(judged.map((v) => v.semantic?.verdict)).toEqual(['SUPPORTS', verdict]);
    expect(judged.every((v) => v.verified)).toBe(true);
    expect(level(judged)).toBe('L2');
  });

  it('records an unusable answer as no verdict with the error, and the synthesis stays at L2', async () => {
    server.route('POST', '/v1/chat/completions', judgeSaying('SUPPORTS'), chat('{"verdict": "PROBABLY"'));
    const { verdicts, calls } = await judgeClaims(claims, lexical, judge);
    expect(calls).toHaveLength(1);
    expect(verdicts[claims[1].claimId]).toMatchObject({ verdict: null, reason: expect.stringMatching(/^PROVIDER_RESPONSE_INVALID: /) });
    expect(level(withSemanticVerdicts(lexical, verdicts))).toBe('L2');
  });

  it('does not ask about a claim the lexical check did not verify', async () => {
    server.route('POST', '/v1/chat/completions', judgeSaying('SUPPORTS'));
    const { verdicts } = await judgeClaims(claims, [lexical[0], { ...lexical[1], verified: false }], judge);
    expect(server.requests).toHaveLength(1);
    expect(Object.keys(verdicts)).toEqual([claims[0].claimId]);
  });

  it(`asks at most ${JUDGE_CONCURRENCY} at a time and keeps claim order whatever order the answers come in`, async () => {
    const trials = Array.from({ length: 6 }, (_, k) => paper(`corpus:00000000010${k}`, `Trial ${k + 1}`, `In trial ${k + 1}, dexamethasone increased postoperative bleeding after tonsillectomy by ${k + 1}%.`));
    const many = extractClaims(trials, { question: QUESTION });
    const verified = verifyClaims(many, trials, { entailment: true });
    expect(verified.filter((v) => v.verified)).toHaveLength(6);
    const arrivals: number[] = [];
    const answeredAt: number[] = [];
    // The earlier a request arrives, the later it is answered: the first four answers come back in reverse.
    server.route('POST', '/v1/chat/completions', (request) => {
      const delayMs = 400 - 80 * (arrivals.length + 1);
      arrivals.push(Date.now());
      answeredAt.push(Date.now() + delayMs);
      const { statement } = JSON.parse((JSON.parse(request.body) as { messages: Array<{ content: string }> }).messages[1].content) as { statement: string };
      return { ...chat(JSON.stringify({ verdict: 'SUPPORTS', reason: statement })), delayMs };
    });
    const { verdicts, calls } = await judgeClaims(many, verified, judge);
    // Four in flight together (the fourth arrived before any answer left), and a fifth only after an answer.
    const firstAnswer = (n: number) => Math.min(...answeredAt.slice(0, n));
    expect(arrivals[JUDGE_CONCURRENCY - 1]!).toBeLessThan(firstAnswer(JUDGE_CONCURRENCY - 1));
    expect(arrivals[JUDGE_CONCURRENCY]! + 5).toBeGreaterThanOrEqual(firstAnswer(JUDGE_CONCURRENCY));
    expect(Object.keys(verdicts)).toEqual(many.map((c) => c.claimId));
    for (const c of many) expect(verdicts[c.claimId]!.reason).toBe(c.text);
    expect(calls).toHaveLength(6);
  });
});
