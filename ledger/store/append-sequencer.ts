/**
 * How a writer's batches reach the log: directly (`ledger_append`, the
 * caller takes the sequencer lock itself, migration 0002) or handed to the
 * batch sequencer (`ledger_submit` + `ledger_integrate`, migration 0005,
 * docs/adr/0014). Both return `ledger_append`'s result per group.
 */
import { sql, type Kysely } from 'kysely';
import type { LedgerDatabase } from './database-schema';

/** `ledger_append`'s result for one group (an `error` only from `ledger_integrate`, for a submission refused outright). */
export type GroupResult =
  | { ok: true; entries: Array<[header: string, entryHash: string]> }
  | { ok: false; conflict: { idempotencyKey: string; existingIndex: number; existingPayloadHash: string; payloadHash: string } }
  | { ok: false; error: { sqlstate: string; message: string } };

/** A batch handed over: `results` settles when it is in the log (or refused). */
export interface SubmittedBatch {
  results: Promise<GroupResult[]>;
}

/** Takes batches (the JSON `ledger_append` takes: an array of groups of items) to the log. */
export interface AppendSequencer {
  /**
   * Hands `batchJson` (an array of `groups` groups) over. Resolves as soon
   * as the next batch may follow (in order after this one), with the promise
   * of this batch's results.
   */
  submit(batchJson: string, groups: number): Promise<SubmittedBatch>;
  /** Releases what the sequencer holds (connections, timers); pending results are refused. */
  close(): Promise<void>;
}

/** Appends each batch with one `ledger_append` statement, holding the sequencer lock through its commit. */
export class DirectSequencer implements AppendSequencer {
  constructor(private readonly db: Kysely<LedgerDatabase>) {}

  async submit(batchJson: string): Promise<SubmittedBatch> {
    const { rows } = await sql<{ result: GroupResult[] }>`SELECT ledger_append(${batchJson}::jsonb) AS result`.execute(this.db);
    return { results: Promise.resolve(rows[0]?.result ?? []) };
  }

  async close(): Promise<void> {}
}
