// The end-to-end suites that run against a cluster (test/cluster/subset.ts), for
// scripts/cluster.sh test: the e2e project of jest.config.js, limited to those files.
const { join } = require('node:path');
const base = require('../../jest.config.js');

const rootDir = join(__dirname, '..', '..');
const e2e = base.projects.find((p) => p.displayName === 'e2e');
const suites = (process.env.BANLI_CLUSTER_SUITES ?? '').split(',').filter(Boolean);

module.exports = {
  rootDir,
  testTimeout: base.testTimeout,
  projects: [{
    ...e2e,
    rootDir,
    displayName: 'cluster-e2e',
    testMatch: suites.map((s) => `<rootDir>/test/${s}.e2e-spec.ts`),
  }],
};
