import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { RankedPaper, Source } from '../../activities/model';
import { CorpusSource } from '../../activities/sources/corpus';
import { HashedNgramEmbedder } from '../../activities/stages/local-embedder';
import { DEFAULT_POLICY_CONFIG } from '../../activities/stages/policy';
import type { SynthesisSummary } from '../../activities/synthesis-types';
import { auditSynthesis } from '../../runtime/operations/audit';
import { replayWorkflow } from '../../runtime/operations/replay';
import { CLAIM_CHECK_ENCODING, ClaimCheckCodec, DEFAULT_CLAIM_CHECK_BYTES, eachPayloadList, isClaimCheck, resolveClaimChecks } from '../../runtime/temporal/claim-check-codec';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import type { SynthledgerError } from '../../common/errors';
import type { BlobStore } from '../../ledger';
import { caught } from '../support/caught';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';
import { SEED_QUESTION } from '../../data/example-question';

/** Temporal's default limit on one payload (the server refuses larger ones). */
const TEMPORAL_PAYLOAD_LIMIT = 2 * 1024 * 1024;
/** 100 of these are 5 MB: over Temporal's payload limit when they travel inline. */
const FULL_TEXT_BYTES = 50_000;
/** A default synthesis's history stays under this (protobuf, as Temporal stores it). */
const DEFAULT_HISTORY_LIMIT = 40 * 1024;

/**
 * The bundled corpus, each paper's text padded to about `bytes` with numbered
 * copies of its own sentences ("full texts"; 0: the abstracts as they are);
 * the search hits, then the rest of the corpus at lower scores, so every
 * query returns `limit` papers.
 */
class PaddedSource implements Source {
  readonly name = 'padded';
  constructor(private readonly corpus: CorpusSource, private readonly bytes: number) {}
  async search(query: string, limit: number): Promise<RankedPaper[]> {
    const hits = await this.corpus.search(query, limit);
    const seen = new Set(hits.map((h) => h.paper.id));
    const rest = this.corpus.papers.filter((p) => !seen.has(p.id)).slice(0, limit - hits.length);
    const lowest = hits.length ? hits[hits.length - 1]!.score : 1;
    const ranked = [...hits, ...rest.map((paper, i) => ({ paper, query, rank: hits.length + i + 1, score: lowest / (i + 2) }))];
    return ranked.map((h) => ({ ...h, paper: { ...h.paper, abstract: padded(h.paper.abstract, this.bytes) } }));
  }
}

function padded(abstract: string, bytes: number): string {
  const parts = [abstract];
  let size = abstract.length;
  for (let section = 1; size < bytes; section++) {
    const part = ` Section ${section}. ${abstract}`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

function payloadsOf(history: temporal.api.history.v1.IHistory): Payload[] {
  const out: Payload[] = [];
  eachPayloadList(history.events, (h) => out.push(...h.payloads));
  return out;
}

describe('claim-check payloads', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await openHarness('claimcheck');
  });
  afterAll(async () => {
    await h.close();
  });

  describe('when the codec meets small and large payloads', () => {
    const codec = () => new ClaimCheckCodec(() => h.ledger.blobs, 1024);

    it('leaves a payload under the threshold inline and stores a larger one by reference, restoring it exactly', async () => {
      const small = defaultPayloadConverter.toPayload({ note: 'short' })!;
      const large = defaultPayloadConverter.toPayload({ text: 'x'.repeat(10_000) })!;
      const [encodedSmall, encodedLarge] = await codec().encode([small, large]);
      expect(encodedSmall).toBe(small);
      expect(isClaimCheck(encodedLarge!)).toBe(true);
      expect(encodedLarge!.data!.length).toBeLessThan(200);
      // A fresh codec (no cache) reads it back from the blob store.
      const [decoded] = await codec().decode([encodedLarge!]);
      expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ text: 'x'.repeat(10_000) });
    });

    it('stores the same bytes once per codec: a payload it stored or read before costs no round trip', async () => {
      const puts: string[] = [];
      const counting = { put: async (bytes: Buffer, mediaType: string) => { const hash = await h.ledger.blobs.put(bytes, mediaType); puts.push(hash); return hash; }, get: (hash: string) => h.ledger.blobs.get(hash) };
      const c = new ClaimCheckCodec(() => counting as unknown as BlobStore, 1024);
      const large = defaultPayloadConverter.toPayload({ text: 'y'.repeat(10_000), at: Date.now() })!;
      const [first] = await c.encode([large]);
      const [again] = await c.encode([large]);
      expect(puts).toHaveLength(1);
      expect(again).toEqual(first);
      // Read back by a second codec, then passed on by it: no store either.
      const reader = new ClaimCheckCodec(() => counting as unknown as BlobStore, 1024);
      const [decoded] = await reader.decode([first!]);
      await reader.encode([decoded!]);
      expect(puts).toHaveLength(1);
      // Other bytes are stored.
      await c.encode([defaultPayloadConverter.toPayload({ text: 'z'.repeat(10_000) })!]);
      expect(puts).toHaveLength(2);
    });

    it('refuses a reference to a blob the store does not hold', async () => {
      const ref: Payload = {
        metadata: { encoding: new TextEncoder().encode(CLAIM_CHECK_ENCODING) },
        data: new TextEncoder().encode(JSON.stringify({ sha256: `sha256:${'0'.repeat(64)}`, size: 10 })),
      };
      expect((await caught<SynthledgerError>(codec().decode([ref]))).code).toBe('NOT_FOUND');
    });

    it('refuses a malformed reference', async () => {
      const ref: Payload = { metadata: { encoding: new TextEncoder().encode(CLAIM_CHECK_ENCODING) }, data: new TextEncoder().encode('{"sha256":"../etc"}') };
      expect((await caught<SynthledgerError>(codec().decode([ref]))).code).toBe('MALFORMED_INPUT');
    });
  });

  /** A synthesis of `question` over `source`: its summary, and its history and that history's size as Temporal stores it (protobuf). */
  async function synthesize(question: string, source: Source, params: Record<string, number>): Promise<{ synthesisId: string; summary: SynthesisSummary; history: temporal.api.history.v1.IHistory; historyBytes: number }> {
    const synthesisId = newSynthesisId('claimcheck');
    const worker = await h.worker({
      // Under the name `corpus`, the source a synthesis searches by default.
      sources: { corpus: source }, embedder: new HashedNgramEmbedder(),
      policy: { ...DEFAULT_POLICY_CONFIG, autoApproveScore: 0, humanReviewScore: 0, autoApprovePartial: true },
    });
    const handle = await startSynthesis(h.env.client, { synthesisId, question, params, timeouts: { ...FAST_TIMEOUTS, activityMs: 120_000 } }, h.taskQueue);
    const summary = await worker.runUntil(handle.result() as Promise<SynthesisSummary>);
    const history = await h.env.client.workflow.getHandle(synthesisId).fetchHistory();
    return { synthesisId, summary, history, historyBytes: temporal.api.history.v1.History.encode(history as temporal.api.history.v1.History).finish().length };
  }

  describe('when a synthesis has the default parameters', () => {
    it(`keeps its history under ${DEFAULT_HISTORY_LIMIT / 1024} KiB`, async () => {
      const { summary, historyBytes } = await synthesize(SEED_QUESTION, CorpusSource.fromFile(), {});
      expect(summary.status).toBe('PUBLISHED');
      expect(historyBytes).toBeLessThan(DEFAULT_HISTORY_LIMIT);
    }, 300_000);
  });

  describe(`when a synthesis reads 100 sources of ${FULL_TEXT_BYTES / 1000} KB full text`, () => {
    const question = 'How do dense passage retrievers compare with BM25 on open-domain question answering?';
    const params = { topK: 100, maxRounds: 0, maxClaimsPerSource: 1 };
    let synthesisId: string;
    let summary: SynthesisSummary;
    let history: temporal.api.history.v1.IHistory;
    let historyBytes: number;
    let abstractsHistoryBytes: number;

    beforeAll(async () => {
      ({ synthesisId, summary, history, historyBytes } = await synthesize(question, new PaddedSource(CorpusSource.fromFile(), FULL_TEXT_BYTES), params));
      ({ historyBytes: abstractsHistoryBytes } = await synthesize(question, new PaddedSource(CorpusSource.fromFile(), 0), params));
    }, 600_000);

    it('completes with the 100 sources', () => {
      expect(summary.sources).toBe(100);
      expect(['PUBLISHED', 'REJECTED']).toContain(summary.status);
    });

    it('keeps the history small: no payload over the threshold is inline, and the whole history is under 64 KiB', () => {
      const inline = payloadsOf(history).filter((p) => !isClaimCheck(p));
      expect(Math.max(...inline.map((p) => p.data?.length ?? 0))).toBeLessThanOrEqual(DEFAULT_CLAIM_CHECK_BYTES);
      expect(payloadsOf(history).filter(isClaimCheck).length).toBeGreaterThan(5);
      expect(historyBytes).toBeLessThan(64 * 1024);
    });

    it('keeps the history flat: within 10 % of the same synthesis over the abstracts alone', () => {
      expect(Math.abs(historyBytes - abstractsHistoryBytes)).toBeLessThanOrEqual(abstractsHistoryBytes * 0.1);
    });

    it('carries inputs that Temporal could not hold inline (one is over its 2 MiB payload limit)', async () => {
      const resolved = await resolveClaimChecks(history, () => h.ledger.blobs);
      expect(Math.max(...payloadsOf(resolved).map((p) => p.data?.length ?? 0))).toBeGreaterThan(TEMPORAL_PAYLOAD_LIMIT);
    });

    it('passes the audit and replays, reading the payloads from the blob store', async () => {
      const report = await auditSynthesis(h.env.client, h.ledger, synthesisId);
      expect(report.items.filter((i) => i.status === 'failed')).toEqual([]);
      expect(await replayWorkflow(h.env.client, synthesisId, { ledger: h.ledger })).toMatchObject({ ok: true });
    });

    it('cannot be replayed without the blob store, and says why', async () => {
      const result = await replayWorkflow(h.env.client, synthesisId);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/claim-check payloads/);
    });
  });
});
