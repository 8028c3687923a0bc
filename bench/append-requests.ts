/**
 * The ledger bench's append requests: realistic `source-provenance-v1`
 * entries, each writer on its own streams of {@link STREAM_LENGTH} entries.
 * Shared by the in-process writers of bench/ledger-bench.ts and the writer
 * processes of bench/ledger-writer-process.ts.
 */
import { ENTRY_KINDS } from '../activities/catalogue/entry-kinds';
import { SOURCE_PROVENANCE_CONTRACT } from '../schemas/contract-names';
import type { AppendRequest } from '../ledger/core/append-request';
import { sha256 } from '../ledger/core/hash';

/** Entries per stream before a writer moves to a new stream (a synthesis-sized chain). */
export const STREAM_LENGTH = 200;

/** The recorded actor of every bench entry. */
export const ACTOR = { workflowId: 'synthesis-7f3a9c2e', runId: '0193e1a4-5b7c-7d2e-9f10-2a3b4c5d6e7f', activityType: 'recordSources', activityId: '12' };

/** A realistic `source-provenance-v1` payload (~500 bytes of canonical JSON). */
export function payloadFor(writer: number, i: number): Record<string, unknown> {
  return {
    contract: SOURCE_PROVENANCE_CONTRACT,
    sourceId: `arxiv:2401.${String(10_000 + ((writer * 7919 + i) % 89_999)).padStart(5, '0')}`,
    title: 'Retrieval-augmented synthesis of trial evidence with verifiable provenance',
    authors: ['A. Researcher', 'B. Scientist', 'C. Analyst'],
    year: 2024,
    locator: `https://arxiv.org/abs/2401.${10_000 + i}v${1 + (i % 3)}`,
    adapter: 'arxiv',
    retrievedAt: '2025-01-15T10:20:30.123Z',
    query: 'effect of intervention on outcome in adults',
    rank: (i % 50) + 1,
    relevanceScore: Math.round(((i * 37) % 1000)) / 1000,
    contentHash: sha256(`content-${writer}-${i}`),
    contentKind: 'abstract',
    license: 'CC-BY-4.0',
    retrieval: { workflowId: ACTOR.workflowId, activityId: ACTOR.activityId },
    usedByClaims: null,
  };
}

/** Generates the append requests of one writer: its own streams of STREAM_LENGTH entries. */
export class RequestSource {
  private i = 0;
  constructor(private readonly tag: string, private readonly writer: number) {}
  next(n: number): AppendRequest[] {
    const out: AppendRequest[] = [];
    for (let k = 0; k < n; k++, this.i++) {
      const stream = `bench-${this.tag}-w${this.writer}-s${Math.floor(this.i / STREAM_LENGTH)}`;
      out.push({ stream, kind: ENTRY_KINDS.provenance, contract: SOURCE_PROVENANCE_CONTRACT, payload: payloadFor(this.writer, this.i), idempotencyKey: `${stream}/${this.i}`, actor: ACTOR });
    }
    return out;
  }
}
