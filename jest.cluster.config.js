/**
 * Jest for the cluster tests (`npm run test:cluster`, opt-in with SYNTHLEDGER_CLUSTER_TESTS=1):
 * a Temporal server built from Go modules on PostgreSQL persistence, with worker processes.
 */
const base = require('./jest.config.js');
module.exports = {
  ...base,
  testMatch: ['**/test/cluster/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/setup/cluster-global-setup.ts',
  testTimeout: 600000,
};
