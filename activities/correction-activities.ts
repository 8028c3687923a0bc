/**
 * Corrections are additive: a `correction-record-v1` is validated against
 * the current published version, appended to the synthesis stream, and
 * manifest version n+1 is published listing every correction so far.
 */
import type { Client } from '@temporalio/client';
import { CORRECTION_RECORD_CONTRACT, PAPER_MANIFEST_CONTRACT } from '../schemas/contract-names';
import { ENTRY_KINDS } from './catalogue/entry-kinds';
import { LedgerError, ValidationError, type ValidationIssue } from '../common/errors';
import type { Ledger, LedgerEntry } from '../ledger';
import { contractIssues } from '../schemas/contracts';
import type { CorrectionRecord } from '../schemas/correction-record.schema';
import type { PaperManifest } from '../schemas/paper-manifest.schema';
import type { SigningKey } from '../ledger/core/signing-key';
import { currentCall, withFailureClassification } from './activity-context';
import { correctedManifest, statusAfter } from './manifest-builder';
import { StageLedger } from './stage-ledger';
import { finishPublication } from './publication-activities';
import { archiveHistory } from './history-archive';
import type { ActivityDeps } from './synthesis-context';
import { withCorrectionNotice } from './stages/correction-notice';

/** Dependencies of the correction activities. */
export interface CorrectionDeps {
  ledger: Ledger;
  signer: SigningKey;
  /** How long the publication of version n+1 waits for a covering checkpoint (see ActivityDeps). */
  checkpointWaitMs?: ActivityDeps['checkpointWaitMs'];
  /** Archives the correction run's history at its publication; omitted in-process. */
  temporal?: Client;
  now?: () => Date;
}

/** The latest published manifest of a synthesis and the state of its correction chain. */
export interface PublishedState {
  manifest: PaperManifest;
  manifestHash: string;
  manifestEntry: LedgerEntry;
  lastCorrectionHash: string | null;
  /** The whole stream as read (its last entry is the current head). */
  stream: LedgerEntry[];
}

/** Reads the latest manifest version and correction of `synthesisId` from its stream; throws NOT_FOUND if never published. */
export async function publishedState(ledger: Ledger, synthesisId: string): Promise<PublishedState> {
  const stream = await ledger.reader.stream(synthesisId);
  const manifests = stream.filter((e) => e.header.contract === PAPER_MANIFEST_CONTRACT);
  const corrections = stream.filter((e) => e.header.contract === CORRECTION_RECORD_CONTRACT);
  const last = manifests[manifests.length - 1];
  if (!last) throw new LedgerError('NOT_FOUND', `synthesis ${synthesisId} has no published manifest`);
  return {
    manifest: JSON.parse(last.payloadJson) as PaperManifest,
    manifestHash: last.header.payloadHash,
    manifestEntry: last,
    lastCorrectionHash: corrections.length ? corrections[corrections.length - 1]!.header.payloadHash : null,
    stream,
  };
}

/** Issues of a schema-valid correction against the current published state (target, chain, status rules). */
export function correctionIssues(c: CorrectionRecord, synthesisId: string, state: PublishedState): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (c.synthesisId !== synthesisId) issues.push({ code: 'const', path: '$.correction.synthesisId', message: `must be ${JSON.stringify(synthesisId)}` });
  if (c.target.manifestHash !== state.manifestHash) {
    issues.push({ code: 'current-version', path: '$.correction.target.manifestHash', message: `must name the current manifest ${state.manifestHash} (version ${state.manifest.manifestVersion})` });
  }
  if (c.previousCorrectionHash !== state.lastCorrectionHash) {
    issues.push({ code: 'chain', path: '$.correction.previousCorrectionHash', message: `must be ${JSON.stringify(state.lastCorrectionHash)} (the latest correction of this synthesis)` });
  }
  const expected = statusAfter(c.type);
  if (c.resultingStatus !== expected) issues.push({ code: 'status-rule', path: '$.correction.resultingStatus', message: `a ${c.type} results in ${expected}` });
  if (state.manifest.correction.status === 'RETRACTED' || state.manifest.correction.status === 'WITHDRAWN') {
    issues.push({ code: 'terminal', path: '$.correction.type', message: `synthesis is already ${state.manifest.correction.status}; no further corrections` });
  }
  return issues;
}

/** Builds the correction activities. */
export function createCorrectionActivities(deps: CorrectionDeps) {
  const now = deps.now ?? (() => new Date());
  const stage = (synthesisId: string, type: string, name: string) => new StageLedger(deps.ledger, synthesisId, currentCall({ synthesisId, activityType: type, callName: name }));
  const activities = {
    /** Refuses an invalid correction with every issue named; writes nothing. */
    async validateCorrection(input: { synthesisId: string; correction: unknown }) {
      const state = await publishedState(deps.ledger, input.synthesisId);
      const schema = contractIssues(CORRECTION_RECORD_CONTRACT, input.correction, '$.correction');
      if (schema.length > 0) throw new ValidationError('SCHEMA_INVALID', schema);
      const issues = correctionIssues(input.correction as CorrectionRecord, input.synthesisId, state);
      if (issues.length > 0) throw new ValidationError('INVALID_ARGUMENT', issues);
      return { manifestVersion: state.manifest.manifestVersion };
    },

    /** Appends the correction record (idempotent per correctionId). */
    async appendCorrection(input: { synthesisId: string; correction: CorrectionRecord }) {
      const entry = await stage(input.synthesisId, 'appendCorrection', `correction-${input.correction.correctionId}`)
        .writeOne({ name: `correction/${input.correction.correctionId}`, kind: ENTRY_KINDS.correction, contract: CORRECTION_RECORD_CONTRACT, payload: input.correction });
      return { correctionHash: entry.header.payloadHash };
    },

    /** Publishes manifest version n+1 with the correction, a checkpoint that covers it and its receipt. */
    async publishCorrectedManifest(input: { synthesisId: string; correction: CorrectionRecord; correctionHash: string }) {
      const s = stage(input.synthesisId, 'publishCorrectedManifest', `publish-${input.correction.correctionId}`);
      const name = `manifest/${input.correction.correctionId}`;
      let entry = await deps.ledger.reader.entryByIdempotencyKey(s.key(name));
      if (!entry) {
        const run = s.run();
        if (deps.temporal && run) await archiveHistory(deps.ledger, deps.temporal, s, run, 'correction', `history/${input.correction.correctionId}`);
        const state = await publishedState(deps.ledger, input.synthesisId);
        const stream = state.stream;
        const report = await correctedReport(deps.ledger, state.manifest, input.correction, input.correctionHash);
        const manifest = correctedManifest(state.manifest, state.manifestHash, input.correctionHash, input.correction,
          { streamHead: stream[stream.length - 1]!.entryHash, entryCount: stream.length }, now().toISOString(), report);
        entry = await s.writeOne({ name, kind: ENTRY_KINDS.manifest, contract: PAPER_MANIFEST_CONTRACT, payload: manifest });
      }
      const published = await finishPublication(deps, s, entry, `receipt/${input.correction.correctionId}`);
      const manifest = JSON.parse(entry.payloadJson) as PaperManifest;
      return { ...published, status: manifest.correction.status, tier: manifest.qualityTier.tier };
    },
  };
  return withFailureClassification(activities);
}

/** Stores the report of `manifest` with the correction's notice on top; its artifact entry for version n+1 (undefined when there is no report). */
async function correctedReport(ledger: Ledger, manifest: PaperManifest, correction: CorrectionRecord, correctionHash: string): Promise<PaperManifest['artifacts'][number] | undefined> {
  const current = manifest.artifacts.find((a) => a.name === 'report.md');
  if (!current) return undefined;
  const text = withCorrectionNotice((await ledger.blobs.get(current.sha256)).bytes.toString('utf8'), correction, correctionHash);
  const sha256 = await ledger.blobs.put(text, current.mediaType);
  return { ...current, bytes: Buffer.byteLength(text, 'utf8'), sha256 };
}

/** The correction activities registered with the worker. */
export type CorrectionActivities = ReturnType<typeof createCorrectionActivities>;
