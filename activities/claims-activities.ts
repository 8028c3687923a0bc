/**
 * Claims activities: extract the claims that bear on the question, verify
 * each against its source, compose the answer, and render the report from them (stored by hash so
 * workflow histories stay small).
 */
import { heartbeat } from './activity-context';
import { judgeClaims, withSemanticVerdicts } from './claim-semantic-entailment';
import { composeWithModel } from './model-answer';
import { ENTRY_KINDS } from './catalogue/entry-kinds';
import type { Claim, ClaimVerification, RankedPaper } from './model';
import type { ReviewPoint } from './providers/chat-answer-writer';
import { draftReport as renderReport, type DraftReportInput } from './stages/draft-report';
import { composeAnswer as composeExtractive, type Answer } from './stages/compose-answer';
import { extractClaims as extractHeuristic, gateModelClaims, QUESTION_CLAIM_METHOD, withRelevance, type GatedClaim } from './stages/extract-claims';
import { addEmbeddingAgreement, verifyClaims as verifyTfidf } from './stages/verify-claims';
import type { SynthesisContext } from './synthesis-context';
import type { DraftOutput, ProviderMode } from './synthesis-types';

/** Media type of the report artifact. */
export const REPORT_MEDIA_TYPE = 'text/markdown; charset=utf-8';
/** Media type of a stored draft state. */
export const DRAFT_MEDIA_TYPE = 'application/vnd.synthledger.draft-state+json';

/** Builds the claims activities (see the catalogue, family `claims`). */
export function createClaimsActivities(ctx: SynthesisContext) {
  const { deps, stage, use } = ctx;
  return {
    /**
     * Extracts claims with their source spans, relevance and aspect; one claim
     * record each. Offline: the sentences that bear on the question
     * (question-focused-v1). A chat model's claims are scored for relevance
     * the same way and pass the same gates (`gateModelClaims`); the ones
     * that do not are listed with their reason in the summary record. `question` is optional only for retries of activities
     * scheduled before it was passed (they extract as heuristic-v1 did).
     */
    async extractClaims(input: { synthesisId: string; round: number; sources: RankedPaper[]; maxClaimsPerSource: number; providers?: ProviderMode; question?: string }) {
      const s = stage(input.synthesisId, 'extractClaims', `extract-${input.round}`);
      const { extractor } = use(input.providers);
      let claims: Claim[];
      let gated: GatedClaim[] = [];
      if (extractor) {
        // Each model call is recorded once (prompt/response hashes, tokens); a retry reuses the record.
        const bySource: Claim[][] = [];
        for (const r of input.sources) {
          const { payload } = await s.once(`chat-extract/${r.paper.id}`, ENTRY_KINDS.providerCall, async () => {
            const out = await extractor.extract(r.paper);
            return { stage: 'extractClaims', sourceId: r.paper.id, call: out.call, claims: out.claims, rejected: out.rejected };
          });
          bySource.push(payload.claims);
          heartbeat({ extracted: bySource.flat().length });
        }
        // With the question, the model's claims pass the offline path's gates (finding, relevance, on-topic source) before the per-source limit.
        const gate = input.question !== undefined ? gateModelClaims(input.question, bySource.flat(), input.sources.map((r) => r.paper)) : null;
        gated = gate?.rejected ?? [];
        const keep = gate ? new Set(gate.kept.map((c) => c.claimId)) : null;
        claims = bySource.flatMap((list) => list.filter((c) => !keep || keep.has(c.claimId)).slice(0, input.maxClaimsPerSource));
      } else {
        claims = extractHeuristic(input.sources.map((r) => r.paper), { maxClaimsPerSource: input.maxClaimsPerSource, question: input.question });
      }
      if (input.question !== undefined) claims = withRelevance(input.question, claims, input.sources.map((r) => r.paper));
      await s.write([
        ...claims.map((c) => ({ name: `claim/${c.claimId}`, kind: ENTRY_KINDS.claim, contract: null, payload: { ...c, round: input.round } })),
        { name: 'summary', kind: ENTRY_KINDS.claimsExtracted, contract: null, payload: { round: input.round, count: claims.length, method: extractor?.method ?? claims[0]?.method ?? QUESTION_CLAIM_METHOD, ...(extractor && input.question !== undefined ? { rejected: gated } : {}) } },
      ]);
      return { claims };
    },

    /**
     * Checks each claim against its source: TF-IDF source attachment,
     * numbers/negation consistency, the entailment verdict
     * (lexical-entailment-v1; verified means SUPPORTS) and embedding
     * agreement; with a chat model, the semantic entailment verdict
     * (entail.v1) of every verified claim, its calls recorded once.
     */
    async verifyClaims(input: { synthesisId: string; round: number; claims: Claim[]; sources: RankedPaper[]; threshold: number; providers?: ProviderMode }) {
      const { embedder, entailmentJudge } = use(input.providers);
      const papers = input.sources.map((r) => r.paper);
      const s = stage(input.synthesisId, 'verifyClaims', `verify-${input.round}`);
      const lexical = verifyTfidf(input.claims, papers, { threshold: input.threshold, entailment: true });
      let verifications = embedder.deterministic
        ? await addEmbeddingAgreement(input.claims, lexical, embedder)
        : (await s.once('embedding-agreement', ENTRY_KINDS.providerCall, async () => {
          const started = Date.now();
          const out = await addEmbeddingAgreement(input.claims, lexical, embedder);
          return { stage: 'verifyClaims', provider: embedder.name, model: embedder.model, durationMs: Date.now() - started, verifications: out };
        })).payload.verifications;
      if (entailmentJudge && verifications.some((v) => v.verified)) {
        // The judge's calls and verdicts are recorded once; a retry reuses them.
        const judged = verifications;
        const { payload } = await s.once('semantic-entailment', ENTRY_KINDS.providerCall, async () => (
          { stage: 'verifyClaims', method: entailmentJudge.method, prompt: entailmentJudge.promptId, ...await judgeClaims(input.claims, judged, entailmentJudge) }));
        verifications = withSemanticVerdicts(verifications, payload.verdicts);
      }
      heartbeat({ verified: verifications.length });
      const entries = await s
        .write(verifications.map((v) => ({ name: `verification/${v.claimId}`, kind: ENTRY_KINDS.verification, contract: null, payload: v })));
      const recordHashes: Record<string, string> = {};
      verifications.forEach((v, i) => { recordHashes[v.claimId] = entries[i]!.header.payloadHash; });
      return { verifications, recordHashes };
    },

    /**
     * Composes the Answer (extractive-answer-v1) from the verified claims that
     * bear on the question, and records it: per aspect the cited evidence,
     * agreement, disagreement and gaps, the answerability and the sentence
     * checks. One record per round. With a chat model the model writes the
     * answer; in a revision round it is given `reviewPoints` (the revision's
     * comments on the answer with their responses).
     */
    async composeAnswer(input: {
      synthesisId: string; round: number; question: string; sources: RankedPaper[]; claims: Claim[]; verifications: ClaimVerification[]; providers?: ProviderMode;
      reviewPoints?: ReviewPoint[];
    }): Promise<{ answer: Answer; recordHash: string }> {
      // Activities scheduled before `providers` was passed composed extractively; a retry of one does too.
      const { answerWriter, entailmentJudge } = use(input.providers ?? 'offline');
      const s = stage(input.synthesisId, 'composeAnswer', `answer-${input.round}`);
      let answer = composeExtractive(input);
      if (answerWriter && answer.answerability !== 'NO_EVIDENCE') {
        // The model calls and the checked answer are recorded once; a retry reuses them.
        const extractive = answer;
        const { payload } = await s.once('chat-answer', ENTRY_KINDS.providerCall, async () => ({ stage: 'composeAnswer', answer: await composeWithModel(extractive, input, answerWriter, entailmentJudge, input.reviewPoints ?? []) }));
        answer = payload.answer;
      }
      const entry = await s.writeOne({
        name: 'answer', kind: ENTRY_KINDS.answer, contract: null, payload: { ...answer, round: input.round },
      });
      return { answer, recordHash: entry.header.payloadHash };
    },

    /**
     * Renders the report from the draft state and stores both as blobs; later
     * stages receive the draft by hash, which keeps workflow histories small.
     */
    async draftReport(input: { synthesisId: string; round: number; draft: DraftReportInput }): Promise<DraftOutput> {
      const report = renderReport(input.draft);
      await deps.ledger.blobs.put(report.markdown, REPORT_MEDIA_TYPE);
      const draftHash = await deps.ledger.blobs.put(JSON.stringify({ draft: input.draft, disclosures: report.disclosures }), DRAFT_MEDIA_TYPE);
      const entry = await stage(input.synthesisId, 'draftReport', `draft-${input.round}`).writeOne({
        name: 'report', kind: ENTRY_KINDS.report, contract: null,
        payload: { name: 'report.md', mediaType: REPORT_MEDIA_TYPE, round: input.round, bytes: report.bytes, sha256: report.sha256, draftStateHash: draftHash },
      });
      return { reportHash: report.sha256, bytes: report.bytes, draftHash, entryHash: entry.entryHash };
    },

  };
}
