import { DefaultLogger, LogEntry, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

/**
 * Tests read their own assertions, not the worker's chatter: warnings and errors only. Import
 * this first in suites that start Temporal; installing it elsewhere would leave a runtime open.
 */
const warnings = new DefaultLogger('WARN');
/** Failures a suite provokes on purpose and asserts itself: a webhook receiver that is down (alert delivery). */
const provoked = (entry: LogEntry) =>
  entry.message === 'Activity failed' && (entry.meta?.error as { type?: string } | undefined)?.type === 'DeliveryAttemptFailed';

const install = () =>
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => {
      if (!provoked(entry)) warnings.log(entry.level, entry.message, entry.meta);
    }),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
  });

// A runtime that no worker or test server ever uses is never released, and holds the process open.
// So not against a cluster (BANLI_E2E_CLUSTER: a suite starts no Temporal of its own), and in Jest
// only once a test of the file is to run (a hook of the file's top level, before its suites' own):
// `jest -t` that leaves a file no test to run leaves it no runtime either. Elsewhere (the bench, the
// recorders) at once.
const jestBeforeAll = (globalThis as { beforeAll?: (hook: () => unknown) => void }).beforeAll;
if (!process.env.BANLI_E2E_CLUSTER) {
  if (jestBeforeAll) jestBeforeAll(install);
  else install();
}
