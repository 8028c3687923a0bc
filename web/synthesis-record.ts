/**
 * Everything the site shows about one synthesis, read from its ledger
 * stream and the blobs the stream names: the request, each tribunal round
 * (reviews, aggregate, rebuttal), the policy decision and its grading, the
 * human review, the final draft state (claims, verifications, sources with
 * their text), the report, every manifest version with its receipt, and the
 * corrections.
 */
import { ENTRY_KINDS, type Claim, type ClaimVerification, type RankedPaper, type RebuttalPoint, type Review } from '../runtime';
import { LedgerError } from '../common/errors';
import type { Ledger, LedgerEntry } from '../ledger';
import { CORRECTION_RECORD_CONTRACT, PAPER_MANIFEST_CONTRACT, type CorrectionRecord, type PaperManifest, type Receipt, type SourceProvenance } from '../schemas';
import { statusOf, type SiteStatus } from './synthesis-status';

/** One tribunal round as recorded. */
export interface RoundRecord {
  round: number;
  reviews: Array<{ review: Review; recordHash: string }>;
  aggregate: { score: number; decision: string; method?: string } | null;
  /** The point-by-point answer written after this round's reviews, when a revision ran. */
  rebuttal: RebuttalPoint[] | null;
}

/** One published manifest version. */
export interface ManifestVersion {
  manifest: PaperManifest;
  manifestHash: string;
  entry: LedgerEntry;
  /** The receipt stored for it (null when the publication record is missing). */
  receipt: Receipt | null;
}

/** The policy decision entry's payload. */
export interface PolicyRecord {
  outcome: 'AUTO_APPROVE' | 'HUMAN_REVIEW' | 'REJECT';
  score: number;
  tribunalDecision: string;
  policyConfigHash: string;
  policy: { name: string; autoApproveScore: number; humanReviewScore: number };
  grading: {
    verification: { level: string; label: string; claimsExtracted: number; claimsVerified: number; threshold: number };
    provenance: { publicLevel: string; label: string };
    qualityTier: { tier: string; basis: string };
    qualityDimensions: Record<string, string>;
    dimensionRules: Record<string, string>;
  };
}

/** A synthesis as the site shows it. */
export interface SynthesisRecord {
  synthesisId: string;
  status: SiteStatus;
  question: string;
  publisher: string | null;
  requestedAt: string | null;
  entries: LedgerEntry[];
  rounds: RoundRecord[];
  policy: PolicyRecord | null;
  humanReview: { decision: string; reviewer: string | null; note: string | null; timedOut: boolean } | null;
  outcome: { status: string; reason: string } | null;
  /** The latest report and the draft state it was rendered from. */
  report: { markdown: string; sha256: string; round: number } | null;
  claims: Claim[];
  verifications: Map<string, ClaimVerification>;
  /** Sources in reference order, with the text their claims' spans point into. */
  sources: RankedPaper[];
  provenance: Map<string, SourceProvenance>;
  manifests: ManifestVersion[];
  corrections: Array<{ record: CorrectionRecord; hash: string; entry: LedgerEntry }>;
}

const parse = <T>(e: LedgerEntry): T => JSON.parse(e.payloadJson) as T;

/** Reads synthesis `synthesisId`; NOT_FOUND when its stream holds no synthesis request. */
export async function loadSynthesis(ledger: Ledger, synthesisId: string): Promise<SynthesisRecord> {
  const entries = await ledger.reader.stream(synthesisId);
  const request = entries.find((e) => e.header.kind === ENTRY_KINDS.request);
  if (!request) throw new LedgerError('NOT_FOUND', `no synthesis ${JSON.stringify(synthesisId)} in the ledger`);
  const req = parse<{ question: string; publisher?: string | null; startedAt?: string }>(request);
  const ofKind = (kind: string) => entries.filter((e) => e.header.kind === kind);
  const last = (kind: string) => ofKind(kind).at(-1) ?? null;

  const rounds = new Map<number, RoundRecord>();
  const roundOf = (n: number) => {
    let r = rounds.get(n);
    if (!r) rounds.set(n, (r = { round: n, reviews: [], aggregate: null, rebuttal: null }));
    return r;
  };
  for (const e of ofKind(ENTRY_KINDS.review)) {
    const p = parse<Review & { round: number }>(e);
    roundOf(p.round).reviews.push({ review: p, recordHash: e.header.payloadHash });
  }
  for (const e of ofKind(ENTRY_KINDS.aggregate)) {
    const p = parse<{ round: number; score: number; decision: string; method?: string }>(e);
    roundOf(p.round).aggregate = { score: p.score, decision: p.decision, method: p.method };
  }
  for (const e of ofKind(ENTRY_KINDS.revision)) {
    const p = parse<{ round: number; rebuttal: RebuttalPoint[] }>(e);
    roundOf(p.round).rebuttal = p.rebuttal;
  }

  const reportEntry = last(ENTRY_KINDS.report);
  let report: SynthesisRecord['report'] = null;
  let draft: { claims: Claim[]; verifications: ClaimVerification[]; sources: RankedPaper[] } = { claims: [], verifications: [], sources: [] };
  if (reportEntry) {
    const p = parse<{ sha256: string; round: number; draftStateHash: string }>(reportEntry);
    const [md, state] = await Promise.all([ledger.blobs.get(p.sha256), ledger.blobs.get(p.draftStateHash)]);
    report = { markdown: md.bytes.toString('utf8'), sha256: p.sha256, round: p.round };
    draft = (JSON.parse(state.bytes.toString('utf8')) as { draft: typeof draft }).draft;
  }

  const manifests: ManifestVersion[] = [];
  const receipts = new Map(ofKind(ENTRY_KINDS.receipt).map((e) => {
    const p = parse<{ manifestHash: string; receiptHash: string }>(e);
    return [p.manifestHash, p.receiptHash] as const;
  }));
  for (const e of entries.filter((x) => x.header.contract === PAPER_MANIFEST_CONTRACT)) {
    const receiptHash = receipts.get(e.header.payloadHash);
    const receipt = receiptHash ? JSON.parse((await ledger.blobs.get(receiptHash)).bytes.toString('utf8')) as Receipt : null;
    manifests.push({ manifest: parse<PaperManifest>(e), manifestHash: e.header.payloadHash, entry: e, receipt });
  }

  const policyEntry = last(ENTRY_KINDS.policy);
  const humanEntry = last(ENTRY_KINDS.humanReview);
  const outcomeEntry = last(ENTRY_KINDS.outcome);
  const policy = policyEntry ? parse<PolicyRecord>(policyEntry) : null;
  const humanReview = humanEntry ? parse<NonNullable<SynthesisRecord['humanReview']>>(humanEntry) : null;
  const outcome = outcomeEntry ? parse<NonNullable<SynthesisRecord['outcome']>>(outcomeEntry) : null;
  return {
    synthesisId,
    status: statusOf({ manifest: manifests.at(-1)?.manifest ?? null, outcome, policy, humanReview }),
    question: req.question,
    publisher: req.publisher ?? null,
    requestedAt: req.startedAt ?? request.header.recordedAt,
    entries,
    rounds: [...rounds.values()].sort((a, b) => a.round - b.round),
    policy, humanReview, outcome, report,
    claims: draft.claims,
    verifications: new Map(draft.verifications.map((v) => [v.claimId, v])),
    sources: draft.sources,
    provenance: new Map(ofKind(ENTRY_KINDS.provenance).map((e) => {
      const p = parse<SourceProvenance>(e);
      return [p.sourceId, p] as const;
    })),
    manifests,
    corrections: entries.filter((e) => e.header.contract === CORRECTION_RECORD_CONTRACT).map((e) => ({ record: parse<CorrectionRecord>(e), hash: e.header.payloadHash, entry: e })),
  };
}
