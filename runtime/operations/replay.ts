/**
 * Replays workflow histories against today's workflow code: a live
 * workflow by id, or a history file (the protojson that
 * `temporal workflow show --output json` and Temporal's tools write, or the
 * `toObject` form of `synthledger history --json`). A divergence means the
 * code changed in a way that running workflows would not survive; see
 * docs/VERSIONING.md.
 */
import { basename, dirname } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { ValidationError } from '../../common/errors';
import { MAX_HISTORY_FILE_BYTES, readBoundedFile } from '../services/read-bounded-file';
import type { BlobStore, Ledger } from '../../ledger';
import { workflowBundle } from '../temporal/synthesis-worker';
import { clientOf, fetchHistoryOrArchive, type LoadedHistory, type TemporalSource } from './archived-history';
import { resolveClaimChecks } from '../temporal/claim-check-codec';

type History = temporal.api.history.v1.IHistory;

/** The outcome of replaying one history. */
export interface ReplayResult {
  ok: boolean;
  workflowId: string;
  /** Workflow type named in the history. */
  workflowType: string | null;
  /** Events replayed. */
  events: number;
  /** The first divergence (or other replay error), stated for a human. */
  error?: string;
  /** `determinism` when today's code makes different decisions than the history records. */
  errorKind?: 'determinism' | 'replay' | 'input';
  /** The SDK's full error text. */
  detail?: string;
}

/** What to replay against: today's bundle (default), or a bundle of other workflow code (tests, migrations). */
export interface ReplayOptions {
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** Path of a workflows module to bundle instead of `workflows/` (bundled on every call). */
  workflowsPath?: string;
  /** The blob store holding the history's claim-check payloads (opened only when the history has any). */
  blobs?: () => Promise<BlobStore> | BlobStore;
}

/** A history file as we export it: the history plus the identity of the run it came from. */
export interface HistoryFile {
  /** Format marker of our export. */
  format: 'synthledger-history-v1';
  workflowId: string;
  runId: string;
  workflowType: string;
  /** What the run was recorded to show (free text). */
  description?: string;
  /** The history in Temporal's protojson form (what `temporal workflow show --output json` prints). */
  history: unknown;
}

/**
 * Replays the current history of the workflow `workflowId` (latest run, or `runId`), from the archive when given a
 * ledger and Temporal forgot it (or, given a function that connects, cannot be reached: see fetchHistoryOrArchive).
 */
export async function replayWorkflow(client: TemporalSource, workflowId: string, options: ReplayOptions & { runId?: string; ledger?: Ledger } = {}): Promise<ReplayResult & { temporalUnreachable?: string }> {
  // With a ledger, a run Temporal no longer has is replayed from the history archive.
  const loaded: Pick<LoadedHistory, 'history' | 'temporalUnreachable'> = options.ledger
    ? await fetchHistoryOrArchive(client, options.ledger, workflowId, options.runId)
    : { history: await (await clientOf(client)).workflow.getHandle(workflowId, options.runId).fetchHistory() };
  const ledger = options.ledger;
  const result = await replayHistory(loaded.history, workflowId, { blobs: ledger ? () => ledger.blobs : undefined, ...options });
  return loaded.temporalUnreachable ? { ...result, temporalUnreachable: loaded.temporalUnreachable } : result;
}

/**
 * Reads a history file (ours, protojson or `toObject` form) and replays it.
 * The file is read through readBoundedFile: a link, FIFO or device (such as
 * `/dev/zero`) is refused with INVALID_ARGUMENT, a file over
 * {@link MAX_HISTORY_FILE_BYTES} with PAYLOAD_TOO_LARGE, both naming `<history.json>`.
 */
export async function replayHistoryFile(path: string, options: ReplayOptions = {}): Promise<ReplayResult> {
  const text = readBoundedFile(path, { field: '<history.json>', maxBytes: MAX_HISTORY_FILE_BYTES }).toString('utf8');
  let loaded: { history: History; workflowId: string };
  try {
    loaded = parseHistoryFile(text, basename(path).replace(/\.json$/, ''));
  } catch (e) {
    return { ok: false, workflowId: basename(path), workflowType: null, events: 0, error: `${path}: not a workflow history: ${(e as Error).message}`, errorKind: 'input' };
  }
  return replayHistory(loaded.history, loaded.workflowId, options);
}

/** Replays one parsed history against the workflow code; never throws for a divergence. */
export async function replayHistory(history: History, workflowId: string, options: ReplayOptions = {}): Promise<ReplayResult> {
  const events = history.events ?? [];
  const workflowType = events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? null;
  const base = { workflowId, workflowType, events: events.length };
  const workerOptions = options.workflowsPath
    ? { workflowsPath: options.workflowsPath }
    : { workflowBundle: options.workflowBundle ?? (await workflowBundle()) };
  try {
    const blobs = options.blobs;
    const readable = await resolveClaimChecks(history, () => {
      if (!blobs) throw ValidationError.single('INVALID_ARGUMENT', '$.history', 'claim-check', 'the history carries claim-check payloads: replaying it needs the ledger whose blob store holds them (DATABASE_URL)');
      return blobs();
    });
    await Worker.runReplayHistory({ ...workerOptions, replayName: 'synthledger-replay' }, readable, workflowId);
    return { ok: true, ...base };
  } catch (e) {
    if (e instanceof DeterminismViolationError) {
      return { ok: false, ...base, errorKind: 'determinism', error: `${workflowType ?? 'workflow'} ${workflowId} diverges from its history: ${firstDivergence(e.message)}`, detail: e.message };
    }
    return { ok: false, ...base, errorKind: 'replay', error: `${workflowType ?? 'workflow'} ${workflowId} could not be replayed: ${(e as Error).message}` };
  }
}

/** The core SDK's own sentence (`[TMPRL1100] Nondeterminism error: …`) out of the replay error text, or the text itself. */
export function firstDivergence(message: string): string {
  const m = /\[TMPRL1100\]\s*([^"]*)/.exec(message);
  return m ? m[1]!.replace(/\\'/g, "'").trim() : message;
}

/**
 * Parses a history document: our {@link HistoryFile}, Temporal's protojson
 * (`{ events: [...] }` with string timestamps) or protobufjs `toObject`
 * JSON (timestamps as `{ seconds, nanos }`, as `synthledger history --json`
 * and the manifest's historyDigest use). Input is untrusted: shape checked first.
 */
export function parseHistoryFile(text: string, fallbackWorkflowId = 'replay'): { history: History; workflowId: string; runId: string | null } {
  const doc = JSON.parse(text) as unknown;
  if (typeof doc !== 'object' || doc === null) throw ValidationError.single('INVALID_ARGUMENT', '$', 'type', 'expected a JSON object');
  const ours = doc as Partial<HistoryFile>;
  const raw = ours.format === 'synthledger-history-v1' ? ours.history : doc;
  const events = (raw as { events?: unknown }).events;
  if (!Array.isArray(events) || events.length === 0 || typeof events[0] !== 'object' || events[0] === null) {
    throw ValidationError.single('INVALID_ARGUMENT', '$.events', 'minItems', 'expected { "events": [ ... ] } with at least one event');
  }
  const first = events[0] as { eventTime?: unknown };
  const history = typeof first.eventTime === 'object' && first.eventTime !== null
    ? temporal.api.history.v1.History.fromObject(raw as Record<string, unknown>)
    : historyFromProtoJson(raw as { events: unknown[] });
  return { history, workflowId: ours.workflowId ?? fallbackWorkflowId, runId: ours.runId ?? null };
}

/** Serializes a history as our {@link HistoryFile} (its `history` is protojson, readable by Temporal's tools too). */
export function toHistoryFile(history: History, identity: { workflowId: string; runId: string; description?: string }): HistoryFile {
  const workflowType = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '?';
  return {
    format: 'synthledger-history-v1', workflowId: identity.workflowId, runId: identity.runId, workflowType,
    ...(identity.description ? { description: identity.description } : {}),
    history: historyToProtoJson(history),
  };
}

/*
 * Protojson codec. `historyFromJSON`/`historyToJSON` of @temporalio/common
 * break when npm installs two copies of protobufjs (one under
 * @temporalio/common, one under @temporalio/proto: "type must be a Type"),
 * so we use the protojson extension of the protobufjs copy that
 * @temporalio/proto's reflection root was built with.
 */
interface ProtoJsonCodec {
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): History | null;
  toJson(type: unknown, message: unknown): unknown;
}
let codec: { protojson: ProtoJsonCodec; historyType: unknown } | undefined;
function protoJsonCodec(): { protojson: ProtoJsonCodec; historyType: unknown } {
  if (!codec) {
    const protoDir = dirname(require.resolve('@temporalio/proto'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const protojson = require(require.resolve('protobufjs/ext/protojson', { paths: [protoDir] })) as ProtoJsonCodec;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const root = require('@temporalio/proto/protos/json-module.js') as { lookupType(name: string): unknown };
    codec = { protojson, historyType: root.lookupType('temporal.api.history.v1.History') };
  }
  return codec;
}

/** Parses Temporal's protojson history (accepting the PascalCase enum names older CLIs print). */
export function historyFromProtoJson(json: { events: unknown[] }): History {
  const { protojson, historyType } = protoJsonCodec();
  const loaded = protojson.fromJson(historyType, { events: json.events.map((e) => fixEnumNames(e)) }, { ignoreUnknownFields: true });
  if (!loaded) throw ValidationError.single('INVALID_ARGUMENT', '$.events', 'protojson', 'invalid protojson history');
  return loaded;
}

/** Renders a history as Temporal's protojson (the form `temporal workflow show --output json` prints). */
export function historyToProtoJson(history: History): unknown {
  const { protojson, historyType } = protoJsonCodec();
  const message = (historyType as { fromObject(o: unknown): unknown }).fromObject(temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, { longs: String, enums: String, bytes: String }));
  return protojson.toJson(historyType, message);
}

const ENUM_PREFIXES: Record<string, string> = {
  eventType: 'EVENT_TYPE', kind: 'TASK_QUEUE_KIND', parentClosePolicy: 'PARENT_CLOSE_POLICY',
  workflowIdReusePolicy: 'WORKFLOW_ID_REUSE_POLICY', initiator: 'CONTINUE_AS_NEW_INITIATOR', retryState: 'RETRY_STATE',
};

function fixEnumNames(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => fixEnumNames(v));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fixEnumNames(v, k)]));
  }
  const prefix = ENUM_PREFIXES[key];
  if (prefix && typeof value === 'string' && !value.startsWith(prefix)) {
    return `${prefix}_${value.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toUpperCase()}`;
  }
  return value;
}
