/**
 * Running the system: finding and starting the services (`services/`), the
 * Temporal client, connection and worker (`temporal/`), and the operations a
 * front end offers on top of them (`operations/`: export, timeline, replay,
 * audit, corrections). The CLI reaches activities, workflows and the ledger
 * store only through these names.
 *
 * Modules that load the worker, the activities, the database driver or the
 * Temporal protos are required on first call (see `lazy-module.ts`), so a
 * command pays only for what it uses.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- deferred loading needs a synchronous require; the types come from import() types */
import { lazyModule } from './lazy-module';

export { readRuntimeConfig, DEFAULT_TEMPORAL_ADDRESS, DEFAULT_DATABASE_NAME } from './services/runtime-config';
export type { RuntimeConfig } from './services/runtime-config';
export { resolveTemporalSettings, DEFAULT_NAMESPACE } from './services/temporal-settings';
export type { TemporalFlags, TemporalSettings } from './services/temporal-settings';
const openLedgerModule = lazyModule(() => require('./services/open-ledger') as typeof import('./services/open-ledger'));
/** `openLedger` of `services/open-ledger.ts`, loaded on first call. */
export const openLedger: typeof import('./services/open-ledger').openLedger = (...args) => openLedgerModule().openLedger(...args);
export type { LedgerHandle } from './services/open-ledger';
const migrateModule = lazyModule(() => require('./services/migrate-ledger-database') as typeof import('./services/migrate-ledger-database'));
/** `migrateLedgerDatabase` of `services/migrate-ledger-database.ts`, loaded on first call (it loads the database driver). */
export const migrateLedgerDatabase: typeof import('./services/migrate-ledger-database').migrateLedgerDatabase = (...args) => migrateModule().migrateLedgerDatabase(...args);
export type { MigrationReport } from './services/migrate-ledger-database';
export { appPasswordFile, readAppPassword, storeAppPassword } from './services/app-credentials';
export type { AppPassword } from './services/app-credentials';
const locateDatabaseModule = lazyModule(() => require('./services/locate-database') as typeof import('./services/locate-database'));
/** `locateDatabase` of `services/locate-database.ts`, loaded on first call. */
export const locateDatabase: typeof import('./services/locate-database').locateDatabase = (...args) => locateDatabaseModule().locateDatabase(...args);
export type { LocatedDatabase } from './services/locate-database';
export { redact } from './services/redact';
export { checkpointSettingsFromEnv, CHECKPOINT_INTERVAL_ENV, CHECKPOINT_WAIT_ENV } from './services/checkpoint-settings';
export { workerSettingsFromEnv, type WorkerSettings } from './services/worker-settings';
export { IN_PROCESS_STAGES_ENV } from './services/stage-placement';
export type { CheckpointSettings } from './services/checkpoint-settings';
export { cacheDir } from './services/cache-dir';
const temporalServerModule = lazyModule(() => require('./services/temporal-server') as typeof import('./services/temporal-server'));
/** `startTemporalDevServer` of `services/temporal-server.ts`, loaded on first call. */
export const startTemporalDevServer: typeof import('./services/temporal-server').startTemporalDevServer = (...args) => temporalServerModule().startTemporalDevServer(...args);
export type { TemporalDevServer, DevServerOptions } from './services/temporal-server';
export { SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV } from './services/signing-key-env';
const keyStoreModule = lazyModule(() => require('./services/key-store') as typeof import('./services/key-store'));
/** `resolveSigningKey` of `services/key-store.ts`, loaded on first call. */
export const resolveSigningKey: typeof import('./services/key-store').resolveSigningKey = (...args) => keyStoreModule().resolveSigningKey(...args);
/** `logSigningKey` of `services/key-store.ts`, loaded on first call. */
export const logSigningKey: typeof import('./services/key-store').logSigningKey = (...args) => keyStoreModule().logSigningKey(...args);
/** `defaultKeyFile` of `services/key-store.ts`, loaded on first call. */
export const defaultKeyFile: typeof import('./services/key-store').defaultKeyFile = (...args) => keyStoreModule().defaultKeyFile(...args);
/** `loadSigningKey` of `services/key-store.ts`, loaded on first call. */
export const loadSigningKey: typeof import('./services/key-store').loadSigningKey = (...args) => keyStoreModule().loadSigningKey(...args);
export type { LoadSigningKeyOptions, ResolvedSigningKey } from './services/key-store';
const trustRootsModule = lazyModule(() => require('./services/trust-roots') as typeof import('./services/trust-roots'));
/** `loadTrustRoots` of `services/trust-roots.ts`, loaded on first call. */
export const loadTrustRoots: typeof import('./services/trust-roots').loadTrustRoots = (...args) => trustRootsModule().loadTrustRoots(...args);
/** `ledgerTrustRoots` of `services/trust-roots.ts`, loaded on first call. */
export const ledgerTrustRoots: typeof import('./services/trust-roots').ledgerTrustRoots = (...args) => trustRootsModule().ledgerTrustRoots(...args);
/** `readCapped` of `services/trust-roots.ts`, loaded on first call. */
export const readCapped: typeof import('./services/trust-roots').readCapped = (...args) => trustRootsModule().readCapped(...args);
export type { TrustRootOptions } from './services/trust-roots';
export { bundleLocation, readBundleBytes, readSinceInput, MAX_BUNDLE_FILES, MAX_BUNDLE_BYTES } from './services/bundle-reader';
export type { BundleLocation } from './services/bundle-reader';
export { startWitnessServer, DEFAULT_WITNESS_PORT } from './services/witness-server';
export type { RunningWitness, WitnessServerOptions } from './services/witness-server';
export { witnessedLogs, parseWitnessEndpoints, WITNESSES_ENV } from './services/witness-config';
export type { WitnessEndpoint } from './services/witness-config';
export { generateWitnessKeyFile, loadWitnessKey } from './services/witness-key-store';
export { requestCosignature } from './services/witness-client';
export { cosignCheckpoint, witnessesFromEnv, witnessesAt } from './services/witness-cosigning';
export type { CosignedCheckpoint } from './services/witness-cosigning';
const providersModule = lazyModule(() => require('./services/providers') as typeof import('./services/providers'));
/** `providersFromEnv` of `services/providers.ts`, loaded on first call. */
export const providersFromEnv: typeof import('./services/providers').providersFromEnv = (...args) => providersModule().providersFromEnv(...args);
export type { Providers } from './services/providers';

const loggerModule = lazyModule(() => require('./services/logger') as typeof import('./services/logger'));
/** `createLogger` of `services/logger.ts` (pino), loaded on first call. */
export const createLogger: typeof import('./services/logger').createLogger = (...args) => loggerModule().createLogger(...args);
/** `logFormatFrom` of `services/logger.ts`, loaded on first call. */
export const logFormatFrom: typeof import('./services/logger').logFormatFrom = (...args) => loggerModule().logFormatFrom(...args);
/** `errorFields` of `services/logger.ts`, loaded on first call. */
export const errorFields: typeof import('./services/logger').errorFields = (...args) => loggerModule().errorFields(...args);
export type { LogFormat, LoggerOptions, ProcessLogger } from './services/logger';

const temporalConnectionModule = lazyModule(() => require('./temporal/temporal-connection') as typeof import('./temporal/temporal-connection'));
/** `connectTemporal` of `temporal/temporal-connection.ts`, loaded on first call. */
const reachabilityModule = lazyModule(() => require('./temporal/reachability') as typeof import('./temporal/reachability'));
/**
 * `connectTemporal` of `temporal/temporal-connection.ts`, loaded on first call; a refused
 * address fails before the Temporal client and its protobuf definitions are loaded.
 */
export const connectTemporal: typeof import('./temporal/temporal-connection').connectTemporal = async (config, address = config.temporalAddress) => {
  const { refusedFast, temporalUnreachable } = reachabilityModule();
  await refusedFast(address).catch((cause: unknown) => {
    throw temporalUnreachable(address, cause, address === config.temporal.address ? config.temporal : undefined);
  });
  return temporalConnectionModule().connectTemporal(config, address);
};
export type { TemporalHandle } from './temporal/temporal-connection';
const installRuntimeModule = lazyModule(() => require('./temporal/install-runtime') as typeof import('./temporal/install-runtime'));
/** `installRuntime` of `temporal/install-runtime.ts`, loaded on first call. */
export const installRuntime: typeof import('./temporal/install-runtime').installRuntime = (...args) => installRuntimeModule().installRuntime(...args);
const createWorkerModule = lazyModule(() => require('./temporal/create-worker') as typeof import('./temporal/create-worker'));
/** `createWorker` of `temporal/create-worker.ts`, loaded on first call. */
export const createWorker: typeof import('./temporal/create-worker').createWorker = (...args) => createWorkerModule().createWorker(...args);
export type { WorkerHandle } from './temporal/create-worker';
const synthesisWorkerModule = lazyModule(() => require('./temporal/synthesis-worker') as typeof import('./temporal/synthesis-worker'));
/** `createSynthesisWorker` of `temporal/synthesis-worker.ts`, loaded on first call. */
export const createSynthesisWorker: typeof import('./temporal/synthesis-worker').createSynthesisWorker = (...args) => synthesisWorkerModule().createSynthesisWorker(...args);
export { DEFAULT_TASK_QUEUE } from './temporal/task-queue';
export type { SynthesisWorkerOptions } from './temporal/synthesis-worker';
const synthesisClientModule = lazyModule(() => require('./temporal/synthesis-client') as typeof import('./temporal/synthesis-client'));
/** `startSynthesis` of `temporal/synthesis-client.ts`, loaded on first call. */
export const startSynthesis: typeof import('./temporal/synthesis-client').startSynthesis = (...args) => synthesisClientModule().startSynthesis(...args);
/** `getProgress` of `temporal/synthesis-client.ts`, loaded on first call. */
export const getProgress: typeof import('./temporal/synthesis-client').getProgress = (...args) => synthesisClientModule().getProgress(...args);
/** `getSummary` of `temporal/synthesis-client.ts`, loaded on first call. */
export const getSummary: typeof import('./temporal/synthesis-client').getSummary = (...args) => synthesisClientModule().getSummary(...args);
/** `submitReview` of `temporal/synthesis-client.ts`, loaded on first call. */
export const submitReview: typeof import('./temporal/synthesis-client').submitReview = (...args) => synthesisClientModule().submitReview(...args);
/** `runCorrection` of `temporal/synthesis-client.ts`, loaded on first call. */
export const runCorrection: typeof import('./temporal/synthesis-client').runCorrection = (...args) => synthesisClientModule().runCorrection(...args);

const synthesisListingModule = lazyModule(() => require('./temporal/synthesis-listing') as typeof import('./temporal/synthesis-listing'));
/** `listSyntheses` of `temporal/synthesis-listing.ts`, loaded on first call. */
export const listSyntheses: typeof import('./temporal/synthesis-listing').listSyntheses = (...args) => synthesisListingModule().listSyntheses(...args);
/** `pendingActivities` of `temporal/synthesis-listing.ts`, loaded on first call. */
export const pendingActivities: typeof import('./temporal/synthesis-listing').pendingActivities = (...args) => synthesisListingModule().pendingActivities(...args);
export type { ListedSynthesis, ListedStatus, PendingActivity } from './temporal/synthesis-listing';
const searchAttributeSetupModule = lazyModule(() => require('./temporal/search-attribute-setup') as typeof import('./temporal/search-attribute-setup'));
/** `registerSearchAttributes` of `temporal/search-attribute-setup.ts`, loaded on first call. */
export const registerSearchAttributes: typeof import('./temporal/search-attribute-setup').registerSearchAttributes = (...args) => searchAttributeSetupModule().registerSearchAttributes(...args);
/** `missingSearchAttributes` of `temporal/search-attribute-setup.ts`, loaded on first call. */
export const missingSearchAttributes: typeof import('./temporal/search-attribute-setup').missingSearchAttributes = (...args) => searchAttributeSetupModule().missingSearchAttributes(...args);
/** `operatorCommandLine` of `temporal/search-attribute-setup.ts`, loaded on first call. */
export const operatorCommandLine: typeof import('./temporal/search-attribute-setup').operatorCommandLine = (...args) => searchAttributeSetupModule().operatorCommandLine(...args);
export type { SearchAttributeState } from './temporal/search-attribute-setup';
export { correctionWorkflowId } from '../workflows/workflow-ids';

export { loadPublished, writeBundle, checkBundleTarget, bundleFiles } from './operations/bundle-export';
export type { PublishedBundle, WriteBundleOptions } from './operations/bundle-export';
export { buildRoCrateMetadata, roCrateMetadataJson, RO_CRATE_METADATA_FILE } from './operations/ro-crate-metadata';
export type { RoCrateDocument, CrateEntity } from './operations/ro-crate-metadata';
export {
  readBoundedFile, MAX_CORRECTION_FILE_BYTES, MAX_MANIFEST_FILE_BYTES, MAX_RECEIPT_FILE_BYTES, MAX_PUBLIC_KEY_FILE_BYTES, MAX_ARTIFACT_FILE_BYTES,
} from './services/read-bounded-file';
export type { ReadBoundedFileOptions } from './services/read-bounded-file';
const historyTimelineModule = lazyModule(() => require('./operations/timeline') as typeof import('./operations/timeline'));
/** `fetchTimeline` of `operations/timeline/`, loaded on first call. */
export const fetchTimeline: typeof import('./operations/timeline').fetchTimeline = (...args) => historyTimelineModule().fetchTimeline(...args);
/** `timelineOfLoaded` of `operations/timeline/`, loaded on first call. */
export const timelineOfLoaded: typeof import('./operations/timeline').timelineOfLoaded = (...args) => historyTimelineModule().timelineOfLoaded(...args);
/** `archivedTimelines` of `operations/timeline/`, loaded on first call: a synthesis's timelines from the ledger's history archive alone. */
export const archivedTimelines: typeof import('./operations/timeline').archivedTimelines = (...args) => historyTimelineModule().archivedTimelines(...args);
/** `archivedRuns` of `operations/timeline/`, loaded on first call. */
export const archivedRuns: typeof import('./operations/timeline').archivedRuns = (...args) => historyTimelineModule().archivedRuns(...args);
/** `formatTimeline` of `operations/timeline/`, loaded on first call. */
export const formatTimeline: typeof import('./operations/timeline').formatTimeline = (...args) => historyTimelineModule().formatTimeline(...args);
/** `stageAttempts` of `operations/timeline/`, loaded on first call. */
export const stageAttempts: typeof import('./operations/timeline').stageAttempts = (...args) => historyTimelineModule().stageAttempts(...args);
const evidenceExportModule = lazyModule(() => require('./operations/evidence-export') as typeof import('./operations/evidence-export'));
/** `loadEvidence` of `operations/evidence-export.ts`, loaded on first call. */
export const loadEvidence: typeof import('./operations/evidence-export').loadEvidence = (...args) => evidenceExportModule().loadEvidence(...args);
/** `loadFullBundle` of `operations/evidence-export.ts`, loaded on first call. */
export const loadFullBundle: typeof import('./operations/evidence-export').loadFullBundle = (...args) => evidenceExportModule().loadFullBundle(...args);
export type { EvidenceIndex, EvidenceSource, EvidenceStreamLine } from './operations/evidence-export';
export type { Timeline, StageAttempts } from './operations/timeline';
const replayModule = lazyModule(() => require('./operations/replay') as typeof import('./operations/replay'));
/** `replayHistoryFile` of `operations/replay.ts`, loaded on first call. */
export const replayHistoryFile: typeof import('./operations/replay').replayHistoryFile = (...args) => replayModule().replayHistoryFile(...args);
/** `replayWorkflow` of `operations/replay.ts`, loaded on first call. */
export const replayWorkflow: typeof import('./operations/replay').replayWorkflow = (...args) => replayModule().replayWorkflow(...args);
/** `toHistoryFile` of `operations/replay.ts`, loaded on first call. */
export const toHistoryFile: typeof import('./operations/replay').toHistoryFile = (...args) => replayModule().toHistoryFile(...args);
export type { ReplayResult } from './operations/replay';
const auditModule = lazyModule(() => require('./operations/audit') as typeof import('./operations/audit'));
/** `auditSynthesis` of `operations/audit.ts`, loaded on first call. */
export const auditSynthesis: typeof import('./operations/audit').auditSynthesis = (...args) => auditModule().auditSynthesis(...args);
/** `formatAudit` of `operations/audit.ts`, loaded on first call. */
export const formatAudit: typeof import('./operations/audit').formatAudit = (...args) => auditModule().formatAudit(...args);
export type { AuditReport } from './operations/audit';
const completeCorrectionModule = lazyModule(() => require('./operations/complete-correction') as typeof import('./operations/complete-correction'));
/** `completeCorrection` of `operations/complete-correction.ts`, loaded on first call. */
export const completeCorrection: typeof import('./operations/complete-correction').completeCorrection = (...args) => completeCorrectionModule().completeCorrection(...args);
const archivedHistoryModule = lazyModule(() => require('./operations/archived-history') as typeof import('./operations/archived-history'));
/** `fetchHistoryOrArchive` of `operations/archived-history.ts`, loaded on first call. */
export const fetchHistoryOrArchive: typeof import('./operations/archived-history').fetchHistoryOrArchive = (...args) => archivedHistoryModule().fetchHistoryOrArchive(...args);
/** `isWorkflowGone` of `operations/archived-history.ts`, loaded on first call: Temporal answered that it does not know the workflow or run. */
export const isWorkflowGone: typeof import('./operations/archived-history').isWorkflowGone = (...args) => archivedHistoryModule().isWorkflowGone(...args);
export type { LoadedHistory } from './operations/archived-history';
const archivedStatusModule = lazyModule(() => require('./operations/archived-status') as typeof import('./operations/archived-status'));
/** `archivedStatus` of `operations/archived-status.ts`, loaded on first call. */
export const archivedStatus: typeof import('./operations/archived-status').archivedStatus = (...args) => archivedStatusModule().archivedStatus(...args);
export type { ArchivedStatus } from './operations/archived-status';
const writeTilesModule = lazyModule(() => require('./operations/write-tiles') as typeof import('./operations/write-tiles'));
/** `writeTiles` of `operations/write-tiles.ts`, loaded on first call. */
export const writeTiles: typeof import('./operations/write-tiles').writeTiles = (...args) => writeTilesModule().writeTiles(...args);
export type { WrittenTiles } from './operations/write-tiles';
const keyRotationModule = lazyModule(() => require('./operations/key-rotation') as typeof import('./operations/key-rotation'));
/** `rotateLogKey` of `operations/key-rotation.ts`, loaded on first call. */
export const rotateLogKey: typeof import('./operations/key-rotation').rotateLogKey = (...args) => keyRotationModule().rotateLogKey(...args);
export type { KeyRotationOutcome } from './operations/key-rotation';

// The synthesis request as a client builds it: its types and the pure validation the recordRequest activity also runs.
export { synthesisRequestIssues, SYNTHESIS_ID_PATTERN, MAX_PUBLISHER_CHARS } from '../activities/synthesis-request';
const workflowDefinitionsModule = lazyModule(() => require('../workflows/definitions') as typeof import('../workflows/definitions'));
/** `reviewDecisionIssues` of `workflows/definitions.ts`, loaded on first call (it loads `@temporalio/workflow`). */
export const reviewDecisionIssues: typeof import('../workflows/definitions').reviewDecisionIssues = (...args) => workflowDefinitionsModule().reviewDecisionIssues(...args);
export type { SynthesisInput, SynthesisParams, SynthesisProgress, SynthesisSummary, HumanReviewDecision } from '../activities/synthesis-types';
// What a synthesis records, as the site shows it: the entry kinds, and the claims, verifications, sources, reviews and rebuttals in them.
export { ENTRY_KINDS } from '../activities/catalogue/entry-kinds';
export type { EntryKind } from '../activities/catalogue/entry-kinds';
export type { Claim, ClaimVerification, RankedPaper, RebuttalPoint, Review, ReviewComment } from '../activities/model';
// A reference's parts and links (arXiv, DOI, landing and project pages), as report.md and the site show them.
export { referenceParts } from '../activities/stages/reference';
export type { ReferenceParts, ReferenceLink } from '../activities/stages/reference';
