/**
 * Running the system: finding and starting the services (`services/`), the
 * Temporal client, connection and worker (`temporal/`), and the operations a
 * front end offers on top of them (`operations/`: export, timeline, replay,
 * audit, corrections). The CLI reaches activities, workflows and the ledger
 * store only through these names.
 */
export { readRuntimeConfig, DEFAULT_TEMPORAL_ADDRESS, DEFAULT_DATABASE_NAME } from './services/runtime-config';
export type { RuntimeConfig } from './services/runtime-config';
export { openLedger } from './services/open-ledger';
export type { LedgerHandle } from './services/open-ledger';
export { redact } from './services/redact';
export { cacheDir } from './services/cache-dir';
export { startTemporalDevServer } from './services/temporal-server';
export type { TemporalDevServer, DevServerOptions } from './services/temporal-server';
export { resolveSigningKey, logSigningKey, defaultKeyFile, loadSigningKey, SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV } from './services/key-store';
export type { LoadSigningKeyOptions, ResolvedSigningKey } from './services/key-store';
export { loadTrustRoots, ledgerTrustRoots, readCapped } from './services/trust-roots';
export type { TrustRootOptions } from './services/trust-roots';
export { startWitnessServer, DEFAULT_WITNESS_PORT } from './services/witness-server';
export type { RunningWitness, WitnessServerOptions } from './services/witness-server';
export { witnessedLogs, parseWitnessEndpoints, WITNESSES_ENV } from './services/witness-config';
export type { WitnessEndpoint } from './services/witness-config';
export { generateWitnessKeyFile, loadWitnessKey } from './services/witness-key-store';
export { requestCosignature } from './services/witness-client';
export { cosignCheckpoint, witnessesFromEnv, witnessesAt } from './services/witness-cosigning';
export type { CosignedCheckpoint } from './services/witness-cosigning';
export { providersFromEnv } from './services/providers';
export type { Providers } from './services/providers';

export { connectTemporal } from './temporal/temporal-connection';
export type { TemporalHandle } from './temporal/temporal-connection';
export { installRuntime } from './temporal/install-runtime';
export { createWorker } from './temporal/create-worker';
export type { WorkerHandle } from './temporal/create-worker';
export { createSynthesisWorker, DEFAULT_TASK_QUEUE } from './temporal/synthesis-worker';
export type { SynthesisWorkerOptions } from './temporal/synthesis-worker';
export { startSynthesis, getProgress, getSummary, submitReview, runCorrection } from './temporal/synthesis-client';

export { loadPublished, writeBundle } from './operations/bundle-export';
export type { PublishedBundle } from './operations/bundle-export';
export { loadEvidence, loadFullBundle, redistributable, EVIDENCE_FORMAT } from './operations/evidence-export';
export type { EvidenceIndex, EvidenceSource, EvidenceStreamLine } from './operations/evidence-export';
export { fetchTimeline, formatTimeline } from './operations/timeline';
export type { Timeline } from './operations/timeline';
export { replayHistoryFile, replayWorkflow, toHistoryFile } from './operations/replay';
export type { ReplayResult } from './operations/replay';
export { auditSynthesis, formatAudit } from './operations/audit';
export type { AuditReport } from './operations/audit';
export { completeCorrection } from './operations/complete-correction';
export { fetchHistoryOrArchive, loadArchivedHistory, isWorkflowGone } from './operations/archived-history';
export type { LoadedHistory } from './operations/archived-history';
export { archivedStatus } from './operations/archived-status';
export { writeTiles } from './operations/write-tiles';
export type { WrittenTiles } from './operations/write-tiles';
export type { ArchivedStatus } from './operations/archived-status';
export { rotateLogKey, LOG_KEYS_STREAM, KEY_ROTATION_KIND } from './operations/key-rotation';
export type { KeyRotationOutcome } from './operations/key-rotation';

// The synthesis request as a client builds it: its types and the pure validation the recordRequest activity also runs.
export { synthesisRequestIssues, SYNTHESIS_ID_PATTERN } from '../activities/synthesis-request';
export type { SynthesisInput, SynthesisParams, SynthesisProgress, SynthesisSummary, HumanReviewDecision } from '../activities/synthesis-types';
