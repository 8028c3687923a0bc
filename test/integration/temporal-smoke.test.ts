import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporalAddress } from '../support/services';

describe('Temporal dev server (global setup)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: temporalAddress() });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  describe('when a trivial workflow runs', () => {
    it('returns its result through a real worker', async () => {
      const taskQueue = `smoke-${Date.now()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowsPath: require.resolve('../support/smoke-workflow'),
      });
      const result = await worker.runUntil(
        env.client.workflow.execute('smokeWorkflow', { args: ['ledger'], taskQueue, workflowId: `smoke-${Date.now()}` }),
      );
      expect(result).toBe('hello, ledger');
    });
  });
});
