import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

/**
 * Tests read their own assertions, not the worker's chatter: warnings and errors only. Import
 * this first in suites that start Temporal; installing it elsewhere would leave a runtime open.
 */
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
});
