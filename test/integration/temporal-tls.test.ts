/**
 * The Temporal connection over TLS and mTLS, for real: certificates made by
 * openssl, a node:tls proxy on loopback in front of the dev server (which has
 * no TLS of its own), and the runtime's own client and worker connection code
 * configured through the TEMPORAL_TLS_* variables a deployment would set.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTemporal, type TemporalHandle } from '../../runtime/temporal/temporal-connection';
import { createWorker, type WorkerHandle } from '../../runtime/temporal/create-worker';
import { startSynthesis } from '../../runtime/temporal/synthesis-client';
import { readRuntimeConfig } from '../../runtime/services/runtime-config';
import { SEED_QUESTION } from '../../data/example-question';
import { generatePki, startTlsProxy, type TestPki, type TlsProxy } from '../support/tls-proxy';
import { FAST_TIMEOUTS, newSynthesisId, openHarness, type WorkflowHarness } from '../support/workflow-harness';
import { temporalAddress } from '../support/services';
import { caught } from '../support/caught';

describe('Temporal connection', () => {
  let pki: TestPki;
  let h: WorkflowHarness;
  const proxies: TlsProxy[] = [];

  beforeAll(async () => {
    pki = generatePki(mkdtempSync(join(tmpdir(), 'synthledger-pki-')));
    h = await openHarness('tls');
  });
  afterAll(async () => {
    for (const p of proxies) await p.close();
    await h?.close();
  });
  const proxy = async (requireClientCert: boolean) => {
    const p = await startTlsProxy(pki, temporalAddress(), { requireClientCert });
    proxies.push(p);
    return p;
  };

  describe('when the server requires mutual TLS', () => {
    it('a worker and a client configured with TEMPORAL_TLS_CA/CERT/KEY run a synthesis to its end', async () => {
      const p = await proxy(true);
      const config = readRuntimeConfig({
        TEMPORAL_ADDRESS: p.address, TEMPORAL_TLS_CA: pki.caCert, TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: pki.clientKey,
        TEMPORAL_TLS_SERVER_NAME: 'localhost', SYNTHLEDGER_TASK_QUEUE: h.taskQueue,
      });
      let temporal: TemporalHandle | undefined;
      let worker: WorkerHandle | undefined;
      try {
        temporal = await connectTemporal(config);
        worker = await createWorker(config, h.ledger, temporal.client, h.signer);
        const running = worker.worker.run();
        try {
          const synthesisId = newSynthesisId('tls');
          const handle = await startSynthesis(temporal.client, { synthesisId, question: SEED_QUESTION, params: { maxRounds: 0 }, timeouts: FAST_TIMEOUTS, humanReviewDefault: 'APPROVE' }, h.taskQueue);
          const summary = await handle.result();
          expect(summary).toMatchObject({ synthesisId });
          expect(summary.status).toBe('PUBLISHED');
          const described = await temporal.client.workflow.getHandle(synthesisId).describe();
          expect(described.status.name).toBe('COMPLETED');
        } finally {
          worker.worker.shutdown();
          await running;
        }
      } finally {
        await worker?.close();
        await temporal?.close();
      }
    }, 180_000);

    it('a client without a certificate is refused: SERVICE_UNAVAILABLE naming the TLS settings', async () => {
      const p = await proxy(true);
      const config = readRuntimeConfig({ TEMPORAL_ADDRESS: p.address, TEMPORAL_TLS_CA: pki.caCert, TEMPORAL_TLS_SERVER_NAME: 'localhost' });
      const err = await caught(connectTemporal(config));
      expect(err).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { setting: 'TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME' } });
      expect((err as Error).message).toContain(`over TLS at ${p.address}`);
    }, 30_000);
  });

  describe('when the server has TLS without client certificates', () => {
    it('the client connects with the flags --tls-ca and --tls-server-name', async () => {
      const p = await proxy(false);
      const config = readRuntimeConfig({}, { address: p.address, tlsCa: pki.caCert, tlsServerName: 'localhost' });
      const temporal = await connectTemporal(config);
      try {
        const info = await temporal.connection.workflowService.getSystemInfo({});
        expect(info.serverVersion).toBeTruthy();
      } finally {
        await temporal.close();
      }
    }, 30_000);

    it('a wrong CA fails with SERVICE_UNAVAILABLE naming TEMPORAL_TLS_CA', async () => {
      const p = await proxy(false);
      const config = readRuntimeConfig({ TEMPORAL_ADDRESS: p.address, TEMPORAL_TLS_CA: pki.otherCaCert, TEMPORAL_TLS_SERVER_NAME: 'localhost' });
      const err = await caught(connectTemporal(config));
      expect(err).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect((err as Error).message).toMatch(/check TEMPORAL_TLS_CA/);
    }, 30_000);

    it('a CA file that does not exist is CONFIG_INVALID naming --tls-ca before any connection', () => {
      expect(() => readRuntimeConfig({}, { address: '127.0.0.1:1', tlsCa: join(tmpdir(), 'no-such-ca.pem') }))
        .toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', details: expect.objectContaining({ setting: '--tls-ca' }) }));
    });

    it('a client certificate without its key is CONFIG_INVALID naming the setting', () => {
      expect(() => readRuntimeConfig({ TEMPORAL_TLS_CERT: pki.clientCert }))
        .toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', details: { setting: 'TEMPORAL_TLS_CERT' } }));
    });
  });
});
