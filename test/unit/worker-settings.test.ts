import { Client, Connection } from '@temporalio/client';
import { generateSigningKey, parseSignerKey } from '../../ledger/core/signing-key';
import { Ledger } from '../../ledger/store/ledger';
import { CHECKPOINT_INTERVAL_ENV } from '../../runtime/services/checkpoint-settings';
import { readRuntimeConfig } from '../../runtime/services/runtime-config';
import { IN_PROCESS_STAGES_ENV, inProcessPlacementFromEnv } from '../../runtime/services/stage-placement';
import { workerSettingsFromEnv } from '../../runtime/services/worker-settings';
import { createWorker } from '../../runtime/temporal/create-worker';

describe('inProcessPlacementFromEnv', () => {
  it('runs the in-process stages locally when nothing is set', () => {
    expect(inProcessPlacementFromEnv({})).toBe('local');
    expect(inProcessPlacementFromEnv({ [IN_PROCESS_STAGES_ENV]: ' ' })).toBe('local');
  });

  it('takes `local` and `regular`', () => {
    expect(inProcessPlacementFromEnv({ [IN_PROCESS_STAGES_ENV]: 'regular' })).toBe('regular');
    expect(inProcessPlacementFromEnv({ [IN_PROCESS_STAGES_ENV]: ' local ' })).toBe('local');
  });

  it.each(['Regular', 'remote', '0', 'local,regular'])('refuses %s with CONFIG_INVALID naming the variable and its values', (value) => {
    expect(() => inProcessPlacementFromEnv({ [IN_PROCESS_STAGES_ENV]: value })).toThrow(expect.objectContaining({
      code: 'CONFIG_INVALID', details: { variable: IN_PROCESS_STAGES_ENV },
      message: `${IN_PROCESS_STAGES_ENV} must be one of "local", "regular", got ${JSON.stringify(value)}`,
    }));
  });
});

describe('workerSettingsFromEnv', () => {
  it('reads the checkpoint timing and the stage placement together', () => {
    expect(workerSettingsFromEnv({ [IN_PROCESS_STAGES_ENV]: 'regular' })).toEqual({ checkpoints: { intervalMs: 1_000, waitMs: 4_000 }, inProcessStages: 'regular' });
  });
});

describe('createWorker', () => {
  describe('when a worker setting in the environment is bad', () => {
    it.each([[CHECKPOINT_INTERVAL_ENV, 'often'], [IN_PROCESS_STAGES_ENV, 'sometimes']])('refuses %s=%s with CONFIG_INVALID before it connects to anything', async (variable, value) => {
      // Nothing listens on port 1: a connection attempt would fail with SERVICE_UNAVAILABLE instead.
      const config = readRuntimeConfig({ [variable]: value, TEMPORAL_ADDRESS: '127.0.0.1:1' });
      const ledger = Ledger.open('postgres://synthledger@127.0.0.1:1/none');
      const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
      try {
        await expect(createWorker(config, ledger, client, parseSignerKey(generateSigningKey('synthledger.local/log').signerKey)))
          .rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { variable } });
      } finally {
        await ledger.close();
        await client.connection.close();
      }
    });
  });
});
