// Workflow code must replay identically for years: this makes the sandbox rules mechanical
// (docs/architecture.md, "The layers"). Run by `npm test` (scripts/test.sh) and `npm run lint`.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'timers', 'process'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`)].map((name) => ({
          name,
          message: 'Workflow code runs in a deterministic sandbox: no Node builtins (use an activity).',
        })),
        patterns: [
          { group: ['@nestjs/*', 'class-validator', 'class-transformer', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Not in workflow code: it belongs to the API, the worker or an activity.' },
          { group: ['libs/*', 'apps/*', 'activities/*'], message: 'Imports inside workflows/ are relative: the workflow bundler ignores tsconfig paths.' },
        ],
      }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Use new Date() (deterministic in the sandbox) or workflowInfo().' },
        { object: 'Math', property: 'random', message: 'Use the SDK’s uuid4() or data from an activity.' },
      ],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'Use sleep() or condition(fn, timeout) from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use a loop with sleep() from @temporalio/workflow.' },
        { name: 'structuredClone', message: 'Not in the workflow sandbox.' },
        { name: 'console', message: 'Use log from @temporalio/workflow.' },
      ],
    },
  },
);
