// `npm run test:faults`: the fault tests (test/faults/) — processes killed with SIGKILL, servers
// stopped and started — each file its own system of real processes. Kept out of `npm test`'s
// projects; .ci/run runs them after it and counts both runs.
const base = require('./jest.config.js');
const e2e = base.projects.find((p) => p.displayName === 'e2e');

module.exports = {
  testTimeout: 600_000,
  projects: [{ ...e2e, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] }],
};
