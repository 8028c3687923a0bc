/**
 * The synthesis-specific steps of deep verification: what a synthesis
 * stream's entries mean (claims, sources, spans, the deterministic
 * verification, the workflow history, the report's citations, corrections),
 * checked from the files of an evidence bundle. Pure: the bytes come in as a
 * map, nothing is read here. Every input is attacker-controlled.
 */
import { claimIdFor, sourceText } from '../activities/stages/extract-claims';
import { verifyClaims } from '../activities/stages/verify-claims';
import { needsCrossMethodAgreement } from '../activities/stages/verification-levels';
import type { Claim, ClaimVerification, Paper } from '../activities/model';
import { canonicalize } from '../ledger/core/canonical-json';
import { sha256 } from '../ledger/core/hash';
import { evidenceFailure as fail, type EvidenceCheck, type EvidenceEntry } from '../ledger/core/verify-evidence';
import { CORRECTION_RECORD_CONTRACT, SOURCE_PROVENANCE_CONTRACT } from '../schemas/contract-names';
import { redistributable } from './redistribution';
import { historyActivities, historyWorkflowId, type HistoryActivity } from './workflow-history';

/** The bundle's files by relative path (`evidence/index.json`, `report.md`, …). */
export type BundleFiles = ReadonlyMap<string, Uint8Array>;

/** The parts of a manifest these checks read (shape already checked by the receipt steps). */
interface ManifestView {
  claims?: Array<{ claimId: string; text: string; verified: boolean; confidence: number; sourceIds: string[]; recordHash: string }>;
  sources?: Array<{ sourceId: string; provenanceHash: string }>;
  workflow?: { historyDigest?: { lastEventId: number; sha256: string } };
  verification?: { level?: string };
  correction?: { status: string; records: string[] };
  artifacts?: Array<{ name: string }>;
}

/** Entry kinds these checks look for (the catalogue's names; repeated here because the verifier reads data, not the catalogue). */
const KIND = { claim: 'claim.record', verification: 'claim.verification', historyArchive: 'history.archive' } as const;

/** The parts of a `history.archive` payload these checks read (activities/history-archive.ts). */
interface ArchiveRecord {
  workflowId: string;
  runId: string;
  lastEventId: number;
  sha256: string;
}

const runKey = (workflowId: unknown, runId: unknown): string => (typeof workflowId === 'string' && typeof runId === 'string'
  ? `${workflowId} run ${runId}` : 'no workflow run (the actor names none)');
const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString('utf8'));
const hex = (hash: string): string => hash.replace(/^sha256:/, '');
const payload = <T>(e: EvidenceEntry): T => JSON.parse(e.payloadJson) as T;

/** The named synthesis checks, in the order docs/VERIFYING.md lists them. */
export function synthesisEvidenceChecks(manifestDoc: unknown, files: BundleFiles): EvidenceCheck[] {
  const manifest = (manifestDoc ?? {}) as ManifestView;
  const sourceTexts = new Map<string, string>();
  /** The archived histories that checkHistoryDigest found shipped and intact, for checkEntryOrigins. */
  const histories: Array<{ entryIndex: number; workflowId: string; runId: string; lastEventId: number; activities: HistoryActivity[] }> = [];

  return [
    {
      step: 'checkEvidenceFiles',
      run() {
        const index = text(files.get('evidence/index.json'));
        if (index === undefined) throw fail('EVIDENCE_MISSING', 'evidence/index.json is missing (a --minimal bundle cannot be deep-verified)');
        const listed = (JSON.parse(index) as { files?: Array<{ path: string; sha256: string }> }).files ?? [];
        for (const f of listed) {
          const bytes = files.get(f.path);
          if (!bytes) throw fail('EVIDENCE_MISSING', `${f.path} is listed in evidence/index.json but missing`);
          if (sha256(Buffer.from(bytes)) !== f.sha256) throw fail('HASH_MISMATCH', `${f.path} does not hash to ${f.sha256}`);
        }
        return `${listed.length} evidence files present with the listed hashes`;
      },
    },
    {
      step: 'checkClaimRecords',
      run(entries) {
        const claims = manifest.claims ?? [];
        for (const c of claims) {
          const v = withPayloadHash(entries, c.recordHash)[0];
          if (!v) throw fail('CLAIM_MISMATCH', `claim ${c.claimId}: recordHash ${c.recordHash} is not an entry of this stream`);
          if (v.header.kind !== KIND.verification || payload<ClaimVerification>(v).claimId !== c.claimId) throw fail('CLAIM_MISMATCH', `claim ${c.claimId}: recordHash names entry ${v.header.index} (${v.header.kind}), not this claim's verification`);
          const rec = claimRecord(entries, c.claimId, v.header.index);
          if (!rec) throw fail('CLAIM_MISMATCH', `claim ${c.claimId}: no claim record before its verification`);
          if (rec.text !== c.text || c.sourceIds.length !== 1 || rec.sourceId !== c.sourceIds[0]) throw fail('CLAIM_MISMATCH', `claim ${c.claimId}: the manifest's text or source ids differ from its claim record (entry ${rec.index})`);
          if (claimIdFor(rec.sourceId, rec.text) !== c.claimId) throw fail('CLAIM_MISMATCH', `claim ${c.claimId}: the id does not derive from its source and text`);
        }
        return `${claims.length} claims name verification entries of this stream whose claim records carry their text and source`;
      },
    },
    {
      step: 'checkSources',
      run(entries) {
        const sources = manifest.sources ?? [];
        let shipped = 0;
        for (const s of sources) {
          const e = withPayloadHash(entries, s.provenanceHash).find((x) => x.header.contract === SOURCE_PROVENANCE_CONTRACT);
          if (!e) throw fail('SOURCE_MISMATCH', `source ${s.sourceId}: provenanceHash ${s.provenanceHash} is not a provenance entry of this stream`);
          const p = payload<{ sourceId: string; contentHash: string; adapter: string; license: string | null }>(e);
          if (p.sourceId !== s.sourceId) throw fail('SOURCE_MISMATCH', `source ${s.sourceId}: its provenance entry names ${p.sourceId}`);
          const bytes = files.get(`evidence/sources/${hex(p.contentHash)}.txt`);
          if (!bytes) {
            // Withholding is decided by the signed provenance entry, never by the unsigned index: a text that may be shipped must be.
            if (redistributable(p)) throw fail('EVIDENCE_MISSING', `source ${s.sourceId}: its text ${p.contentHash} is not shipped, but its provenance (adapter ${p.adapter}, licence ${p.license ?? 'none'}) allows redistribution`);
            continue;
          }
          const got = sha256(Buffer.from(bytes));
          if (got !== p.contentHash) throw fail('SOURCE_MISMATCH', `source ${s.sourceId}: shipped text hashes to ${got}, provenance says ${p.contentHash}`);
          sourceTexts.set(s.sourceId, Buffer.from(bytes).toString('utf8'));
          shipped++;
        }
        return `${sources.length} sources are provenance entries of this stream; ${shipped} texts shipped and hash to their contentHash${shipped < sources.length ? `, ${sources.length - shipped} withheld under their licence (hash and locator only)` : ''}`;
      },
    },
    {
      step: 'checkEvidenceSpans',
      run(entries) {
        let checked = 0;
        for (const c of manifest.claims ?? []) {
          const rec = claimRecord(entries, c.claimId);
          const src = rec ? sourceTexts.get(rec.sourceId) : undefined;
          if (!rec || src === undefined) continue;
          if (src.slice(rec.span.start, rec.span.end) !== rec.span.sentence) throw fail('SPAN_MISMATCH', `claim ${c.claimId}: the source text at ${rec.span.start}..${rec.span.end} is not its evidence sentence`);
          checked++;
        }
        return `${checked} evidence spans occur in their source texts at their offsets`;
      },
    },
    {
      step: 'checkReverification',
      run(entries) {
        let checked = 0;
        const papers = new Map<string, Paper>();
        for (const e of entries.filter((x) => x.header.contract === SOURCE_PROVENANCE_CONTRACT)) {
          const p = payload<{ sourceId: string; title: string; authors: string[]; year: number | null; locator: string; adapter: string; license: string | null }>(e);
          const t = sourceTexts.get(p.sourceId);
          if (t !== undefined) papers.set(p.sourceId, { id: p.sourceId, title: p.title, abstract: t, authors: p.authors, year: p.year, locator: p.locator, adapter: p.adapter, license: p.license });
        }
        for (const c of manifest.claims ?? []) {
          const v = withPayloadHash(entries, c.recordHash)[0];
          const rec = v ? claimRecord(entries, c.claimId, v.header.index) : undefined;
          if (!v || !rec || !papers.has(rec.sourceId)) continue;
          const recorded = payload<ClaimVerification>(v);
          const paper = papers.get(rec.sourceId)!;
          if (sourceText(paper) !== sourceTexts.get(rec.sourceId)) continue;
          const [again] = verifyClaims([rec], [paper], { threshold: recorded.threshold });
          const diff = (['verified', 'confidence', 'bestSentence'] as const).find((k) => again![k] !== recorded[k])
            ?? (canonicalize(again!.consistency) !== canonicalize(recorded.consistency) ? 'consistency' : undefined);
          if (diff) throw fail('REVERIFICATION_MISMATCH', `claim ${c.claimId}: recomputed ${diff} ${JSON.stringify(again![diff])}, recorded ${JSON.stringify(recorded[diff])}`);
          if (c.verified !== recorded.verified || c.confidence !== recorded.confidence) throw fail('REVERIFICATION_MISMATCH', `claim ${c.claimId}: the manifest says verified ${c.verified} at ${c.confidence}, the record ${recorded.verified} at ${recorded.confidence}`);
          checked++;
        }
        const semantic = semanticLevelBasis(entries, manifest);
        return `${checked} of ${(manifest.claims ?? []).length} claims re-verified from the shipped texts (${recordedMethod(entries)}): confidence and verdict reproduce exactly${semantic}`;
      },
    },
    {
      step: 'checkHistoryDigest',
      run(entries) {
        const d = manifest.workflow?.historyDigest;
        if (!d) throw fail('HISTORY_MISMATCH', 'the manifest names no history digest');
        const bytes = files.get(`evidence/history/${hex(d.sha256)}.json`);
        if (!bytes) throw fail('EVIDENCE_MISSING', `the history ${d.sha256} is not shipped`);
        const got = sha256(Buffer.from(bytes));
        if (got !== d.sha256) throw fail('HISTORY_MISMATCH', `the shipped history hashes to ${got}, the manifest says ${d.sha256}`);
        const events = historyEvents(bytes);
        if (events.length !== d.lastEventId || Number((events[events.length - 1] as { eventId?: unknown } | undefined)?.eventId) !== d.lastEventId) throw fail('HISTORY_MISMATCH', `the shipped history has ${events.length} events, the manifest says 1..${d.lastEventId}`);
        // Every archived history of the stream, not only the publication's: each hashes to its history.archive entry and is of the run it names.
        const archives = entries.filter((e) => e.header.kind === KIND.historyArchive);
        for (const e of archives) {
          const a = payload<ArchiveRecord>(e);
          const file = `evidence/history/${hex(String(a.sha256))}.json`;
          const shipped = files.get(file);
          if (!shipped) throw fail('EVIDENCE_MISSING', `the history archived by entry ${e.header.index} (${a.workflowId} run ${a.runId}) is not shipped as ${file}`);
          const hash = sha256(Buffer.from(shipped));
          if (hash !== a.sha256) throw fail('HISTORY_MISMATCH', `${file} hashes to ${hash}, its history.archive entry ${e.header.index} says ${a.sha256}`);
          const ev = historyEvents(shipped);
          if (ev.length !== a.lastEventId || Number((ev[ev.length - 1] as { eventId?: unknown } | undefined)?.eventId) !== a.lastEventId) throw fail('HISTORY_MISMATCH', `${file} has ${ev.length} events, its history.archive entry ${e.header.index} says 1..${a.lastEventId}`);
          const started = historyWorkflowId(ev);
          if (started !== null && started !== a.workflowId) throw fail('HISTORY_MISMATCH', `${file} is a history of workflow ${started}, its history.archive entry ${e.header.index} says ${a.workflowId}`);
          histories.push({ entryIndex: e.header.index, workflowId: a.workflowId, runId: a.runId, lastEventId: a.lastEventId, activities: historyActivities(ev) });
        }
        if (!archives.some((e) => payload<ArchiveRecord>(e).sha256 === d.sha256)) throw fail('HISTORY_MISMATCH', `the manifest's history ${d.sha256} is not archived by a history.archive entry of this stream`);
        return `events 1..${d.lastEventId} digest to ${d.sha256}; ${archives.length} archived histories hash to their history.archive entries`;
      },
    },
    {
      step: 'checkEntryOrigins',
      run(entries) {
        // The activities each archived run scheduled (its archives are prefixes of one history; the union is the latest), and where its last archive was entered.
        const runs = new Map<string, { activities: Map<string, HistoryActivity>; lastArchive: number; lastEventId: number }>();
        for (const h of histories) {
          const key = runKey(h.workflowId, h.runId);
          const run = runs.get(key) ?? { activities: new Map<string, HistoryActivity>(), lastArchive: -1, lastEventId: 0 };
          for (const a of h.activities) if (!run.activities.has(a.activityId)) run.activities.set(a.activityId, a);
          run.lastArchive = Math.max(run.lastArchive, h.entryIndex);
          run.lastEventId = Math.max(run.lastEventId, h.lastEventId);
          runs.set(key, run);
        }
        let tied = 0;
        const untied = new Map<string, { entries: number; reason: string }>();
        const report = (key: string, reason: string) => untied.set(key, { entries: (untied.get(key)?.entries ?? 0) + 1, reason });
        for (const e of entries) {
          const a = (e.header.actor ?? {}) as { workflowId?: unknown; runId?: unknown; activityType?: unknown; activityId?: unknown };
          const key = runKey(a.workflowId, a.runId);
          const run = runs.get(key);
          const what = `entry ${e.header.index} (${e.header.kind})`;
          if (!run) {
            report(key, 'no archived history of that run is shipped');
            continue;
          }
          const act = run.activities.get(String(a.activityId));
          if (!act && e.header.index > run.lastArchive) {
            // Appended after the run's last archive was taken: no shipped history can hold its activity yet.
            report(key, `appended after the run's last archived history (entry ${run.lastArchive})`);
            continue;
          }
          if (!act) throw fail('HISTORY_MISMATCH', `${what}: its actor, ${String(a.activityType)} #${String(a.activityId)} of ${String(a.workflowId)} run ${String(a.runId)}, is neither scheduled nor recorded as a local activity in that run's archived history (events 1..${run.lastEventId})`);
          if (act.activityType !== a.activityType) throw fail('HISTORY_MISMATCH', `${what}: its actor says activity #${act.activityId} is ${String(a.activityType)}, the run's history ${act.local ? 'records local activity' : 'schedules'} ${act.activityType} (event ${act.eventId})`);
          tied++;
        }
        const notTied = [...untied].map(([key, u]) => `${u.entries} of ${key} (${u.reason})`);
        return `${tied} of ${entries.length} entries name an activity that their run's archived history schedules or records as a local activity (${runs.size} archived runs)`
          + (notTied.length ? `; NOT TIED to a workflow event: ${notTied.join('; ')}` : '');
      },
    },
    {
      step: 'checkReportCitations',
      run(entries) {
        const report = text(files.get('report.md'));
        if (report === undefined) throw fail('EVIDENCE_MISSING', 'report.md is missing');
        const refs = report.split('\n## References')[1] ?? '';
        const locators = new Map<number, string>();
        // The last <…> of a reference line is the source text's locator (`… <locator>` or `… Source text: <locator>.`).
        for (const m of refs.matchAll(/^(\d+)\. .*<([^>]+)>\.?$/gm)) locators.set(Number(m[1]), m[2]!);
        const sourceIds = new Set((manifest.sources ?? []).map((s) => s.sourceId));
        const byLocator = new Map<string, string>();
        for (const e of entries.filter((x) => x.header.contract === SOURCE_PROVENANCE_CONTRACT)) {
          const p = payload<{ sourceId: string; locator: string }>(e);
          if (sourceIds.has(p.sourceId)) byLocator.set(p.locator, p.sourceId);
        }
        for (const [n, loc] of locators) if (!byLocator.has(loc)) throw fail('CITATION_UNRESOLVED', `reference [${n}] <${loc}> is not a source of the manifest`);
        const body = report.split('\n## References')[0]!;
        const cited = [...body.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
        for (const n of cited) if (!locators.has(n)) throw fail('CITATION_UNRESOLVED', `citation [${n}] has no reference`);
        for (const m of body.matchAll(/`((?:corpus|arxiv):[^`]+)`/g)) if (!sourceIds.has(m[1]!)) throw fail('CITATION_UNRESOLVED', `source ${m[1]} cited in the report is not a manifest source`);
        return `${cited.length} citations resolve to ${locators.size} references, each a manifest source`;
      },
    },
    {
      step: 'checkCorrectionChain',
      run(entries) {
        const corrections = entries.filter((e) => e.header.contract === CORRECTION_RECORD_CONTRACT);
        let previous: string | null = null;
        corrections.forEach((e, i) => {
          const c = payload<{ previousCorrectionHash: string | null; correctionId: string }>(e);
          if (c.previousCorrectionHash !== previous) throw fail('CORRECTION_CHAIN_BROKEN', `correction ${c.correctionId} names previous ${c.previousCorrectionHash ?? 'null'}, expected ${previous ?? 'null'}`);
          const file = files.get(`evidence/corrections/${String(i + 1).padStart(3, '0')}.json`);
          if (!file || sha256(Buffer.from(file)) !== e.header.payloadHash) throw fail('CORRECTION_CHAIN_BROKEN', `evidence/corrections/${String(i + 1).padStart(3, '0')}.json is not correction ${c.correctionId}`);
          previous = e.header.payloadHash;
        });
        const listed = manifest.correction?.records ?? [];
        const inStream = corrections.map((e) => e.header.payloadHash);
        if (canonicalize(listed) !== canonicalize(inStream.slice(0, listed.length)) || listed.length !== inStream.length) {
          throw fail('CORRECTION_CHAIN_BROKEN', `the manifest lists ${listed.length} corrections, the stream holds ${inStream.length} before the checkpoint`);
        }
        return `${corrections.length} corrections chain by previousCorrectionHash and match the manifest`;
      },
    },
  ];
}

/**
 * At L3 and above, the level's basis: every verified manifest claim's recorded
 * verification carries lexical SUPPORTS and a semantic SUPPORTS verdict (the
 * judge's, with its method). A level the records do not support fails with
 * REVERIFICATION_MISMATCH; returns the clause the step's message adds.
 */
function semanticLevelBasis(entries: EvidenceEntry[], manifest: ManifestView): string {
  const level = manifest.verification?.level;
  if (!level || !needsCrossMethodAgreement(level)) return '';
  let judged = 0;
  const methods = new Set<string>();
  for (const c of manifest.claims ?? []) {
    if (!c.verified) continue;
    const v = withPayloadHash(entries, c.recordHash)[0];
    const recorded = v ? payload<ClaimVerification>(v) : undefined;
    if (recorded?.entailment?.verdict !== 'SUPPORTS' || recorded.semantic?.verdict !== 'SUPPORTS') {
      throw fail('REVERIFICATION_MISMATCH', `the manifest says ${level}, but claim ${c.claimId}'s record carries ${recorded?.semantic ? `the semantic verdict ${String(recorded.semantic.verdict)}` : 'no semantic verdict'} beside lexical ${String(recorded?.entailment?.verdict ?? 'none')} (${level} needs both to say SUPPORTS)`);
    }
    methods.add(recorded.semantic.method);
    judged++;
  }
  return `; ${level}: all ${judged} verified claims carry lexical and semantic SUPPORTS (${[...methods].join(', ') || 'no verified claims'})`;
}

/** Lookups built once per stream: entries by payload hash, claim records by claim id (each in stream order). */
interface StreamIndex {
  byPayloadHash: Map<string, EvidenceEntry[]>;
  claims: Map<string, Array<Claim & { index: number }>>;
}
const streamIndexes = new WeakMap<EvidenceEntry[], StreamIndex>();

function streamIndex(entries: EvidenceEntry[]): StreamIndex {
  let index = streamIndexes.get(entries);
  if (!index) {
    index = { byPayloadHash: new Map(), claims: new Map() };
    for (const e of entries) {
      const same = index.byPayloadHash.get(e.header.payloadHash);
      if (same) same.push(e);
      else index.byPayloadHash.set(e.header.payloadHash, [e]);
      if (e.header.kind !== KIND.claim) continue;
      const c = payload<Claim>(e);
      const records = index.claims.get(c.claimId);
      if (records) records.push({ ...c, index: e.header.index });
      else index.claims.set(c.claimId, [{ ...c, index: e.header.index }]);
    }
    streamIndexes.set(entries, index);
  }
  return index;
}

/** The entries whose payload hash is `hash`, in stream order. */
function withPayloadHash(entries: EvidenceEntry[], hash: string): EvidenceEntry[] {
  return streamIndex(entries).byPayloadHash.get(hash) ?? [];
}

/** The newest claim record of `claimId` (before stream position `beforeIndex` when given). */
function claimRecord(entries: EvidenceEntry[], claimId: string, beforeIndex = Infinity): (Claim & { index: number }) | undefined {
  const records = streamIndex(entries).claims.get(claimId) ?? [];
  let found: (Claim & { index: number }) | undefined;
  for (const r of records) if (r.index < beforeIndex) found = r;
  return found;
}

/** The `events` of a shipped history, or [] when it is not a JSON object with an events array. */
function historyEvents(bytes: Uint8Array): unknown[] {
  try {
    const events = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { events?: unknown } | null)?.events;
    return Array.isArray(events) ? events : [];
  } catch {
    return [];
  }
}

function recordedMethod(entries: EvidenceEntry[]): string {
  const v = entries.find((e) => e.header.kind === KIND.verification);
  return v ? payload<ClaimVerification>(v).method : 'no verification records';
}
