import { createActivities } from '../../activities/synthesis-activities';
import { ChatAnswerWriter, ChatEntailmentJudge } from '../../activities/providers/chat-answer-writer';
import { OpenAiCompatibleClient } from '../../activities/providers/openai-compatible-client';
import type { ClaimVerification, EmbeddingProvider } from '../../activities/model';
import { OpenAiEmbeddingProvider } from '../../activities/providers/openai-embedding-provider';
import { CorpusSource } from '../../activities/sources/corpus';
import { HashedNgramEmbedder } from '../../activities/stages/local-embedder';
import type { Answer } from '../../activities/stages/compose-answer';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import type { ChatProviders } from '../../activities/synthesis-context';
import { SEED_QUESTION } from '../../data/example-question';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundleFiles } from '../../cli/commands/evidence-verify';
import { loadPublished, writeBundle } from '../../runtime/operations/bundle-export';
import { loadFullBundle } from '../../runtime/operations/evidence-export';
import { verifySynthesisEvidence } from '../../verification';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { RecordedHttpServer, type RecordedRequest } from '../support/recorded-http-server';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';

type Verdict = 'SUPPORTS' | 'REFUTES' | 'NOT_ENOUGH_INFO';

/**
 * A chat model on loopback: as the answer writer it restates each evidence sentence with its
 * citation; as the entailment judge it answers `verdictFor(statement)`.
 */
function scriptedModel(verdictFor: (statement: string) => Verdict) {
  return (req: RecordedRequest) => {
    const body = JSON.parse(req.body) as { model: string; messages: Array<{ content: string }>; response_format: { json_schema: { name: string } } };
    const user = JSON.parse(body.messages[body.messages.length - 1]!.content) as { statement?: string; evidence: unknown };
    const content = body.response_format.json_schema.name === 'model_answer'
      ? { refused: false, reason: '', sentences: (user.evidence as Array<{ n: number; text: string }>).map((e) => ({ text: `${e.text} [${e.n}]`, gap: false })) }
      : { verdict: verdictFor(user.statement!), reason: 'scripted' };
    return { body: { id: 'x', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(content) }, finish_reason: 'stop' }], usage: { prompt_tokens: 50, completion_tokens: 10 } } };
  };
}

describe('the semantic entailment verdict in synthesisWorkflow (scripted chat model on loopback)', () => {
  let h: WorkflowHarness;
  let server: RecordedHttpServer;
  beforeAll(async () => {
    h = await openHarness('semantic');
    server = await RecordedHttpServer.start();
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  const client = () => new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'test-chat', timeoutMs: 5000 });
  // Policy thresholds at 0: the run is published whatever its score, so the manifest shows the level.
  const run = async (chat: ChatProviders, embedder: EmbeddingProvider = new HashedNgramEmbedder()) => {
    const worker = await h.worker({ chat, embedder, sources: { corpus: CorpusSource.fromFile() }, policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, autoApprovePartial: true, humanReviewScore: 0 } });
    const synthesisId = newSynthesisId('semantic');
    const summary = await worker.runUntil(async () => {
      const handle = await startSynthesis(h.env.client, { synthesisId, question: SEED_QUESTION, timeouts: FAST_TIMEOUTS, params: { revisionThreshold: 0, queries: 2, topK: 5 } }, h.taskQueue);
      return (await handle.result()) as SynthesisSummary;
    });
    expect(summary.status).toBe('PUBLISHED');
    const stream = await h.ledger.reader.stream(synthesisId);
    const payloads = (kind: string) => stream.filter((e) => e.header.kind === kind).map((e) => JSON.parse(e.payloadJson) as Record<string, unknown>);
    const published = await loadPublished(h.ledger, synthesisId);
    return { synthesisId, payloads, manifest: published.manifest, report: published.artifacts.get('report.md')!.toString('utf8') };
  };

  it('reaches L3 when the judge supports every verified claim and every answer sentence, and the manifest names both methods and the answer counts', async () => {
    server.route('POST', '/v1/chat/completions', scriptedModel(() => 'SUPPORTS'));
    const { synthesisId, payloads, manifest } = await run({ answerWriter: new ChatAnswerWriter(client()), entailmentJudge: new ChatEntailmentJudge(client()) });

    const verifications = payloads('claim.verification') as unknown as ClaimVerification[];
    const verified = verifications.filter((v) => v.verified);
    expect(verified.length).toBeGreaterThan(0);
    for (const v of verified) {
      expect(v.entailment?.verdict).toBe('SUPPORTS');
      expect(v.semantic).toEqual({ verdict: 'SUPPORTS', evidence: v.entailment!.evidence, reason: 'scripted', method: 'chat-entailment-v1:test-chat', prompt: 'entail.v1' });
    }
    // The judge's calls on the claims are one provider.call record, one call per verified claim.
    const judged = payloads('provider.call').filter((p) => p.stage === 'verifyClaims') as Array<{ calls: Array<{ promptId: string }> }>;
    expect(judged).toHaveLength(1);
    expect(judged[0].calls.map((c) => c.promptId)).toEqual(verified.map(() => 'entail.v1'));

    // Every sentence the model's answer kept passed both methods (a sentence removed by its checks is not in the answer, only counted).
    const [answer] = payloads('answer.record') as unknown as Answer[];
    expect(answer.model?.status).toBe('used');
    expect(answer.counts.supported).toBeGreaterThan(0);
    expect(answer.model?.semanticAgreed).toBe(answer.counts.supported);
    expect(manifest.verification.level).toBe('L3');
    expect(manifest.pipeline.providers).toEqual(expect.arrayContaining([
      { role: 'entailment:lexical', provider: 'lexical-rules', model: 'lexical-entailment-v1', deterministic: true },
      { role: 'entailment:semantic', provider: 'openai-compatible', model: 'chat-entailment-v1:test-chat', deterministic: false },
    ]));
    expect(manifest.verification.answer).toEqual({
      sentences: answer.counts.evidenceSentences, supported: answer.counts.supported, unsupported: answer.model!.removed.length,
      methods: ['lexical-entailment-v1', 'chat-entailment-v1:test-chat'],
    });
    expect(answer.counts.evidenceSentences).toBe(answer.counts.supported + answer.counts.unsupported);

    // A stranger's deep verification finds the level's basis in the shipped records.
    const full = await loadFullBundle(h.ledger, synthesisId);
    const dir = join(mkdtempSync(join(tmpdir(), 'synthledger-semantic-')), 'bundle');
    writeBundle(full.published, dir, { evidence: full.evidence });
    const checked = verifySynthesisEvidence({ manifest: full.published.manifest, receipt: full.published.receipt, files: readBundleFiles(dir) });
    expect(checked.steps.filter((x) => !x.ok)).toEqual([]);
    expect(checked.steps.find((x) => x.step === 'checkReverification')!.message).toMatch(/L3: all [1-9]\d* verified claims carry lexical and semantic SUPPORTS \(chat-entailment-v1:test-chat\)$/);
  });

  it('asks the judge once per verified claim: a retried verifyClaims reuses the recorded verdicts and calls no model', async () => {
    server.route('POST', '/v1/chat/completions', scriptedModel(() => 'SUPPORTS'));
    const corpus = CorpusSource.fromFile();
    const acts = createActivities({ ledger: h.ledger, signer: h.signer, sources: { corpus }, embedder: new HashedNgramEmbedder(), chat: { entailmentJudge: new ChatEntailmentJudge(client()) } });
    const synthesisId = newSynthesisId('semantic');
    const sources = await corpus.search('instruction tuning zero-shot generalization', 3);
    const { claims } = await acts.extractClaims({ synthesisId, round: 0, sources, maxClaimsPerSource: 2, question: 'Does instruction tuning improve zero-shot generalization?' });
    const calls = () => server.requestsTo('/v1/chat/completions').length;
    const before = calls();
    const first = await acts.verifyClaims({ synthesisId, round: 0, claims, sources, threshold: 0.15 });
    const asked = calls() - before;
    const again = await acts.verifyClaims({ synthesisId, round: 0, claims, sources, threshold: 0.15 });
    expect(asked).toBe(first.verifications.filter((v) => v.verified).length);
    expect(asked).toBeGreaterThan(0);
    expect(calls()).toBe(before + asked);
    expect(again).toEqual(first);
    // The offline mode asks no judge.
    const offline = await acts.verifyClaims({ synthesisId, round: 1, claims, sources, threshold: 0.15, providers: 'offline' });
    expect(calls()).toBe(before + asked);
    expect(offline.verifications.some((v) => v.semantic)).toBe(false);
  });

  it('stays at L2 when the judge says NOT_ENOUGH_INFO for one verified claim, records that verdict, and says so in the report', async () => {
    let doubted: string | undefined;
    server.route('POST', '/v1/chat/completions', scriptedModel((statement) => ((doubted ??= statement) === statement ? 'NOT_ENOUGH_INFO' : 'SUPPORTS')));
    // A semantic embedding endpoint that agrees on everything (every text at [1, 0, 0]): an embedding cosine is not an entailment verdict.
    server.route('POST', '/v1/embeddings', (req) => {
      const n = (JSON.parse(req.body) as { input: string[] }).input.length;
      return { body: { model: 'test-embed', data: Array.from({ length: n }, (_, index) => ({ index, embedding: [1, 0, 0] })), usage: { prompt_tokens: n, total_tokens: n } } };
    });
    const embedder = new OpenAiEmbeddingProvider({ client: new OpenAiCompatibleClient({ baseUrl: server.baseUrl, model: 'test-embed', timeoutMs: 5000 }), dimension: 3 });
    const { payloads, manifest, report } = await run({ entailmentJudge: new ChatEntailmentJudge(client()) }, embedder);

    const verifications = payloads('claim.verification') as unknown as ClaimVerification[];
    const claims = new Map((payloads('claim.record') as Array<{ claimId: string; text: string }>).map((c) => [c.claimId, c.text]));
    const verified = verifications.filter((v) => v.verified);
    expect(verified.length).toBeGreaterThan(1);
    const notSupported = verified.filter((v) => v.semantic?.verdict !== 'SUPPORTS');
    expect(notSupported.map((v) => [claims.get(v.claimId), v.semantic?.verdict])).toEqual([[doubted, 'NOT_ENOUGH_INFO']]);
    // Lexically every verified claim is supported: only the semantic verdict keeps the level down.
    expect(verified.every((v) => v.entailment?.verdict === 'SUPPORTS' && v.consistency.numbers && v.consistency.negation)).toBe(true);
    expect(verified.every((v) => v.embedding?.semantic === true && v.embedding.agrees)).toBe(true);
    expect(manifest.verification.level).toBe('L2');
    expect(manifest.verification.claimsVerified).toBe(verified.length);
    // The extractive answer (no writer configured) is checked by the lexical method only.
    const [answer] = payloads('answer.record') as unknown as Answer[];
    expect(manifest.verification.answer).toEqual({ sentences: answer.counts.evidenceSentences, supported: answer.counts.supported, unsupported: answer.counts.unsupported, methods: ['lexical-entailment-v1'] });
    expect(manifest.pipeline.providers.filter((p) => p.role.startsWith('entailment:')).map((p) => p.role)).toEqual(['entailment:lexical', 'entailment:semantic']);
    expect(report).toContain(`says SUPPORTS for ${verified.length - 1} of ${verified.length} verified claims; not for ${notSupported[0].claimId} (NOT_ENOUGH_INFO), so the verification level stays below L3`);
  });
});
