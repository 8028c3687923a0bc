/** Builds a worker that runs the synthesis and correction workflows with their activities. */
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { withLivenessHeartbeat } from '../../activities/activity-context';
import { createCorrectionActivities } from '../../activities/correction-activities';
import type { EmbeddingProvider, Source } from '../../activities/model';
import { createActivities, type ActivityDeps, type ChatProviders, type StageActivities } from '../../activities/synthesis-activities';
import { withInProcessStages } from '../../activities/in-process-activities';
import { providersFromEnv } from '../services/providers';
import type { Ledger } from '../../ledger';
import type { SigningKey } from '../../ledger/core/signing-key';
import type { CheckpointerEvent } from '../../ledger/store/background-checkpointer';
import { checkpointSettingsFromEnv } from '../services/checkpoint-settings';
import { inProcessPlacementFromEnv } from '../services/stage-placement';
import { ClaimCheckCodec, claimCheckBytesFromEnv } from './claim-check-codec';
import { checkpointerPlugin } from './checkpointer-plugin';
import { DEFAULT_TASK_QUEUE } from './task-queue';

export { DEFAULT_TASK_QUEUE };

/** Options of {@link createSynthesisWorker}. */
export interface SynthesisWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  ledger: Ledger;
  signer: SigningKey;
  /** Witnesses that must cosign each publication's checkpoint (default: none). */
  witnesses?: ActivityDeps['witnesses'];
  /** Client used to digest workflow histories at publication. */
  client: Client;
  /** Defaults for the three below come from {@link providersFromEnv}. */
  sources?: Record<string, Source>;
  embedder?: EmbeddingProvider;
  chat?: ChatProviders;
  /** 0 makes every workflow task replay from history (determinism check). */
  maxCachedWorkflows?: number;
  /**
   * How long a workflow task waits on this worker's sticky queue before the server hands it to
   * any worker of the task queue (Temporal's default: 10 s). Short where workers are killed:
   * the task of a dead worker's cached run moves on within this time.
   */
  stickyQueueScheduleToStartTimeoutMs?: number;
  /** Replace or wrap activities (tests: inject failures); `runInProcessStages` is then rebuilt over the wrapped stages. */
  wrapActivities?: (activities: Record<string, (...args: never[]) => Promise<unknown>>) => Record<string, (...args: never[]) => Promise<unknown>>;
  now?: ActivityDeps['now'];
  /** Publication policy (default: DEFAULT_POLICY_CONFIG). */
  policy?: ActivityDeps['policy'];
  /** Payloads above this many bytes travel as claim-check references to the ledger's blob store (default: SYNTHLEDGER_CLAIM_CHECK_BYTES, else 4096). */
  claimCheckBytes?: number;
  /**
   * Milliseconds between two looks of the background checkpointer at the log while the worker runs
   * (docs/adr/0015); null runs none. Default: SYNTHLEDGER_CHECKPOINT_INTERVAL_MS, else 1000.
   */
  checkpointIntervalMs?: number | null;
  /**
   * How long a publication waits for a checkpoint covering its manifest before it signs one itself; 0 signs at once.
   * Default: SYNTHLEDGER_CHECKPOINT_WAIT_MS, else three intervals and a second.
   */
  checkpointWaitMs?: number;
  /** Told of the background checkpointer's events (lease, signed, failing, recovered), which are logged anyway. */
  onCheckpointerEvent?: (event: CheckpointerEvent) => void;
  /**
   * Where a synthesis without network providers runs its search, index, extract, verify, answer and
   * review stages: `local` activities or `regular` ones (docs/adr/0020). Default: SYNTHLEDGER_IN_PROCESS_STAGES, else `local`.
   */
  inProcessStages?: ActivityDeps['inProcessStages'];
  /** A workflow bundle built earlier ({@link workflowBundle}, saved to a file): a restarted worker then polls in about a second instead of re-bundling. */
  workflowBundlePath?: string;
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per process (webpack takes seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietBundlerLogger });
  return bundle;
}

/**
 * Creates a worker for both workflows. While it runs, it also runs the background checkpointer
 * (unless `checkpointIntervalMs` is null), and its publications wait for the checkpoints it, or
 * another worker's, signs. Throws CONFIG_INVALID for a bad checkpoint or stage placement setting in the environment.
 */
export async function createSynthesisWorker(o: SynthesisWorkerOptions): Promise<Worker> {
  const fromEnv = o.sources && o.embedder ? null : providersFromEnv();
  // Both given: the environment is not read (createWorker has checked its own).
  const timing = o.checkpointIntervalMs !== undefined && o.checkpointWaitMs !== undefined
    ? { intervalMs: o.checkpointIntervalMs, waitMs: o.checkpointWaitMs }
    : checkpointSettingsFromEnv(process.env, { intervalMs: o.checkpointIntervalMs ?? undefined, waitMs: o.checkpointWaitMs });
  const intervalMs = o.checkpointIntervalMs === null ? null : timing.intervalMs;
  const deps: ActivityDeps = {
    ledger: o.ledger, signer: o.signer, temporal: o.client, witnesses: o.witnesses,
    sources: o.sources ?? fromEnv!.sources, embedder: o.embedder ?? fromEnv!.embedder, chat: o.chat ?? fromEnv?.chat,
    now: o.now, policy: o.policy, checkpointWaitMs: timing.waitMs, inProcessStages: o.inProcessStages ?? inProcessPlacementFromEnv(),
  };
  let activities: Record<string, (...args: never[]) => Promise<unknown>> = { ...createActivities(deps), ...createCorrectionActivities(deps) };
  // runInProcessStages calls the wrapped stages too (docs/adr/0021).
  if (o.wrapActivities) activities = withInProcessStages(o.wrapActivities(activities) as unknown as StageActivities);
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace ?? 'default',
    taskQueue: o.taskQueue ?? DEFAULT_TASK_QUEUE,
    workflowBundle: o.workflowBundlePath ? { codePath: o.workflowBundlePath } : await workflowBundle(),
    activities: withLivenessHeartbeat(activities),
    dataConverter: { payloadCodecs: [new ClaimCheckCodec(() => o.ledger.blobs, o.claimCheckBytes ?? claimCheckBytesFromEnv())] },
    maxCachedWorkflows: o.maxCachedWorkflows,
    // Only when set: the SDK reads a present but undefined duration as invalid.
    ...(o.stickyQueueScheduleToStartTimeoutMs === undefined ? {} : { stickyQueueScheduleToStartTimeout: o.stickyQueueScheduleToStartTimeoutMs }),
    plugins: intervalMs === null ? [] : [checkpointerPlugin({ db: o.ledger.db, listenUrl: o.ledger.url ?? undefined, signer: o.signer, intervalMs, onEvent: o.onCheckpointerEvent })],
  });
}

const quietBundlerLogger = {
  log: () => {}, trace: () => {}, debug: () => {}, info: () => {},
  warn: (m: string) => process.stderr.write(`[bundler] ${m}\n`), error: (m: string) => process.stderr.write(`[bundler] ${m}\n`),
};
