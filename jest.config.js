// Three tiers (see README.md): unit and workflow specs beside the code, end-to-end suites
// against a real Temporal dev server in test/, and replay of recorded histories in test/replay/.
const transform = {
  '^.+\\.ts$': ['@swc/jest', {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
  }],
};
const common = {
  // Node's, plus a check that no server a test file spawned outlives it.
  testEnvironment: '<rootDir>/test/support/environment.ts',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // A default for tests on a busy 2-core CI machine (Jest's is 5 s); suites set their own, and every
  // hook that starts or stops a server passes its own timeout (test/support/teardown.ts, HOOK_TIMEOUT).
  // No forceExit: it would hide whatever a suite leaves running.
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,activities,workflows,test/support}/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'replay', testMatch: ['<rootDir>/test/replay/**/*.replay-spec.ts'] },
  ],
};
