/**
 * Jest global setup of the cluster tests (`npm run test:cluster`): the fresh,
 * migrated ledger database of test/setup/global-setup.ts, but no dev server
 * (each test starts its own Temporal server on PostgreSQL). Nothing at all
 * unless SYNTHLEDGER_CLUSTER_TESTS=1: the tests then skip themselves.
 */
import { setupServices } from './global-setup';
import { clusterTestsEnabled } from '../cluster/cluster-tests-enabled';

export default async function clusterGlobalSetup(): Promise<void> {
  if (!clusterTestsEnabled()) return;
  await setupServices({ temporalDevServer: false });
}
