/** Shared setup for workflow tests: a ledger, a signing key, a client and workers on the global Temporal dev server. */
import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { Ledger } from '../../ledger/store/ledger';
import type { SigningKey } from '../../ledger/core/signing-key';
import { createSynthesisWorker, type SynthesisWorkerOptions } from '../../runtime/temporal/synthesis-worker';
import { appUrl, temporalAddress, testSigner } from './services';

/** A connected harness; call `close()` in afterAll. */
export interface WorkflowHarness {
  env: TestWorkflowEnvironment;
  ledger: Ledger;
  signer: SigningKey;
  taskQueue: string;
  worker(options?: Partial<SynthesisWorkerOptions>): Promise<Worker>;
  close(): Promise<void>;
}

/** Short timeouts so retry and human-review paths run in seconds. */
export const FAST_TIMEOUTS = { activityMs: 20_000, retryInitialMs: 100, humanReviewMs: 3_000 };

/** Connects to the global dev server and the test database. */
export async function openHarness(tag: string): Promise<WorkflowHarness> {
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: temporalAddress() });
  const ledger = Ledger.open(appUrl());
  const signer = testSigner();
  const taskQueue = `${tag}-${randomBytes(4).toString('hex')}`;
  return {
    env, ledger, signer, taskQueue,
    worker: (options = {}) => createSynthesisWorker({ connection: env.nativeConnection, taskQueue, ledger, signer, client: env.client, ...options }),
    close: async () => {
      await ledger.close();
      await env.teardown();
    },
  };
}

/** A fresh synthesis id. */
export function newSynthesisId(tag = 'syn'): string {
  return `${tag}-${randomBytes(6).toString('hex')}`;
}
