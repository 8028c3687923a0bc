/**
 * Runs the background checkpointer (ledger/store/background-checkpointer.ts)
 * for exactly as long as a worker runs: a Temporal worker plugin whose
 * `runWorker` starts it before the worker polls and stops it once `run()`
 * (or `runUntil`) has returned or failed, so nothing outlives the worker.
 */
import { Runtime, type WorkerPlugin } from '@temporalio/worker';
import { startBackgroundCheckpointer, type CheckpointerEvent } from '../../ledger/store/background-checkpointer';
import type { LedgerDatabase } from '../../ledger/store/database-schema';
import type { SigningKey } from '../../ledger/core/signing-key';
import type { Kysely } from 'kysely';

/** Options of {@link checkpointerPlugin}. */
export interface CheckpointerPluginOptions {
  db: Kysely<LedgerDatabase>;
  /** The ledger database's URL, to hear publications ask for a checkpoint; without it, checkpoints come on the clock only. */
  listenUrl?: string;
  signer: SigningKey;
  intervalMs: number;
  /** Also told of every event (tests count signatures); logging happens either way. */
  onEvent?: (event: CheckpointerEvent) => void;
}

/** The plugin; events are logged through the Temporal runtime's logger (the process logger when one is installed). */
export function checkpointerPlugin(o: CheckpointerPluginOptions): WorkerPlugin {
  return {
    name: 'synthledger-background-checkpointer',
    async runWorker(worker, next) {
      const checkpointer = startBackgroundCheckpointer(o.db, o.signer, {
        intervalMs: o.intervalMs,
        listenUrl: o.listenUrl,
        onEvent: (event) => {
          logEvent(event, o.intervalMs);
          o.onEvent?.(event);
        },
      });
      try {
        await next(worker);
      } finally {
        await checkpointer.stop();
      }
    },
  };
}

function logEvent(event: CheckpointerEvent, intervalMs: number): void {
  const logger = Runtime.instance().logger;
  const fields = { source: 'checkpointer' };
  switch (event.type) {
    case 'lease':
      logger.info(event.held ? `holds the checkpoint lease: signs a checkpoint every ${intervalMs} ms while the log grows, and when a publication asks` : 'gave the checkpoint lease up', fields);
      return;
    case 'failing':
      logger.warn(`background checkpoint failed (${event.error.code}): ${event.error.message}; trying again every ${intervalMs} ms`, { ...fields, error: event.error });
      return;
    case 'recovered':
      logger.info('background checkpoints work again', fields);
      return;
    case 'signed':
      logger.debug(`signed the checkpoint of size ${event.checkpoint.treeSize}`, fields);
  }
}
