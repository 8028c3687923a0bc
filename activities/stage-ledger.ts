/**
 * Ledger writes of one pipeline stage call: every entry goes to the
 * synthesis stream under an idempotency key `<workflowId>/<activityId>/<name>`,
 * so a retried activity finds its entries instead of writing them again.
 */
import type { AppendRequest, Ledger, LedgerEntry } from '../ledger';
import type { ContractName } from '../schemas/contracts';
import type { CallIdentity } from './activity-context';
import type { EntryKind } from './catalogue/entry-kinds';

/** One entry to write from a stage. */
export interface StageRecord {
  /** Stable per-call name, unique within the activity call (e.g. `provenance/corpus:abc`). */
  name: string;
  kind: EntryKind;
  contract: ContractName | null;
  payload: unknown;
}

/** Writes a stage's entries to the synthesis stream. */
export class StageLedger {
  constructor(private readonly ledger: Ledger, private readonly stream: string, private readonly call: CallIdentity) {}

  /** The idempotency key for `name` in this call. */
  key(name: string): string {
    return `${this.call.keyPrefix}/${name}`;
  }

  /** The Temporal run this call belongs to, or undefined outside a workflow (in-process runs). */
  run(): { workflowId: string; runId: string } | undefined {
    const { workflowId, runId } = this.call.actor;
    return workflowId && runId && runId !== 'in-process' ? { workflowId, runId } : undefined;
  }

  /** Appends `records` atomically (or returns the entries written by an earlier attempt). */
  async write(records: StageRecord[]): Promise<LedgerEntry[]> {
    const requests: AppendRequest[] = records.map((r) => ({
      stream: this.stream, kind: r.kind, contract: r.contract, payload: r.payload, idempotencyKey: this.key(r.name), actor: this.call.actor,
    }));
    return this.ledger.appendAll(requests);
  }

  /** Appends one record. */
  async writeOne(record: StageRecord): Promise<LedgerEntry> {
    const [entry] = await this.write([record]);
    return entry!;
  }

  /**
   * For non-deterministic work (a model call, a timestamp): returns the payload
   * recorded by an earlier attempt under `name`, else computes, records and
   * returns it. Replays and retries never call the model twice.
   */
  async once<T>(name: string, kind: EntryKind, compute: () => Promise<T>): Promise<{ payload: T; entry: LedgerEntry }> {
    const prior = await this.ledger.reader.entryByIdempotencyKey(this.key(name));
    if (prior) return { payload: JSON.parse(prior.payloadJson) as T, entry: prior };
    const payload = await compute();
    const entry = await this.writeOne({ name, kind, contract: null, payload });
    return { payload: JSON.parse(entry.payloadJson) as T, entry };
  }
}
