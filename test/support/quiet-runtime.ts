import { DefaultLogger, LogEntry, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

/**
 * Tests read their own assertions, not the worker's chatter: warnings and errors only. Import
 * this first in suites that start Temporal; installing it elsewhere would leave a runtime open.
 */
const warnings = new DefaultLogger('WARN');
/** Failures a suite provokes on purpose and asserts itself: a webhook receiver that is down (alert delivery). */
const provoked = (entry: LogEntry) =>
  entry.message === 'Activity failed' && (entry.meta?.error as { type?: string } | undefined)?.type === 'DeliveryAttemptFailed';

// Against a cluster (BANLI_E2E_CLUSTER) a suite starts no Temporal of its own: a runtime installed
// there would never be released by a worker or a test server, and would hold Jest open at the end.
if (!process.env.BANLI_E2E_CLUSTER) {
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => {
      if (!provoked(entry)) warnings.log(entry.level, entry.message, entry.meta);
    }),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
  });
}
