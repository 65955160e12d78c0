import { Client } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, WorkerOptions, WorkerPlugin } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { AlertDispatcher } from '../../../activities/delivery/alert-dispatcher';
import { AlertDeliverer, type DelivererLogger } from '../../../activities/delivery/delivery.activities';
import { JurisdictionCalendars } from '../../../libs/calendar/jurisdiction-calendars';
import { AlertLog } from '../../../activities/notify/alert-log';
import { WorkingCalendar } from '../../../libs/calendar';
import type { SmtpSettings } from '../../../activities/delivery/email-sender';
import type { Db } from '../../../libs/db';
import type { DeliveryRetry } from '../../../libs/contract';
import { CASE_TASK_QUEUE } from '../../../libs/contract';
import type { ActivityMetrics } from '../../../libs/telemetry';
import { tracingClientInterceptors } from '../../../libs/telemetry';
import { tracingWorkerOptions } from '../../../libs/telemetry/worker-tracing';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  calendar?: WorkingCalendar;
  /**
   * Where offices' calendar versions are read (jurisdiction calendars), and where emitted alerts
   * are stored for delivery (sent at once by emitAlert; one a receiver did not take gets a
   * delivery workflow, started with this connection's client), and where armed alerts are read
   * and sent at their instant while the worker runs (dispatchArmedAlerts). Without it every case
   * counts on `calendar` and alerts are only logged.
   */
  db?: Db;
  /** Where emitted alerts are written (see activities/notify/alert-log.ts). */
  alertLog: AlertLog;
  /** Email alerts' SMTP server and From address; without it email deliveries fail (and are retried). */
  smtp?: SmtpSettings;
  /** The internal hosts webhooks may reach besides public addresses (BANLI_WEBHOOK_ALLOW_HOSTS), read at each attempt. */
  webhookAllowHosts?: () => string;
  /** The delivery retry policy's timings (tests shorten them); left out: the 26-hour default. */
  deliveryRetry?: Partial<DeliveryRetry>;
  /** A prebuilt bundle (tests build one per suite); otherwise the workflows are bundled now. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** What the activities count (alerts, deliveries, launches); without it nothing is. */
  metrics?: ActivityMetrics;
  /** A launch's next batch waits until the task queue's backlog is under this (default LAUNCH_MAX_BACKLOG). */
  launchMaxBacklog?: number;
  /** The workflow cache's size; left out: the SDK's default (sized from the machine's memory). */
  maxCachedWorkflows?: number;
  /**
   * Whether the worker sends armed alerts at their instant while it runs (case workflow v12,
   * activities/delivery/alert-dispatcher.ts). Left out: it does when it has `db`. false: armed
   * alerts wait for their workflows' own emits, as with a dispatcher that is down.
   */
  dispatchArmedAlerts?: boolean;
}

export const WORKFLOWS_PATH = require.resolve('../../../workflows');

/**
 * A worker on the time-skipping test server: no dispatcher of armed alerts. It times alerts by this
 * machine's clock, which the server's skipped time runs ahead of; the workflows' own emits send them.
 */
export const TIME_SKIPPING_WORKER = { dispatchArmedAlerts: false } as const satisfies Partial<CaseWorkerOptions>;

/** The one place a case worker is assembled, for the worker app and the tests alike. */
export function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const calendar = options.calendar ?? WorkingCalendar.official();
  const namespace = options.namespace ?? 'default';
  const taskQueue = options.taskQueue ?? CASE_TASK_QUEUE;
  const { db } = options;
  // With tracing on (started by main.ts), the workflows the activities start or update continue their trace.
  const client = new Client({ connection: options.connection, namespace, interceptors: tracingClientInterceptors() });
  const { metrics } = options;
  const dispatcher = db && options.dispatchArmedAlerts !== false ? armedAlertDispatcher(db, options) : undefined;
  return Worker.create({
    connection: options.connection,
    namespace,
    taskQueue,
    activities: createActivities({
      calendar,
      ...(db ? { calendars: new JurisdictionCalendars(db, calendar) } : {}),
      alertLog: options.alertLog,
      ...(metrics ? { metrics } : {}),
      ...(db
        ? {
            delivery: { db, client, taskQueue, retry: options.deliveryRetry },
            deliveryChannels: { db, smtp: options.smtp, metrics, webhookAllowHosts: options.webhookAllowHosts },
            launches: { db, client, taskQueue, namespace, metrics, ...(options.launchMaxBacklog === undefined ? {} : { maxBacklog: options.launchMaxBacklog }) },
          }
        : {}),
    }),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
    ...(dispatcher ? { plugins: [runningWithWorker(dispatcher)] } : {}),
    // With tracing on: the workflow interceptors in the bundle, the activity interceptors, the span sink.
    ...tracingWorkerOptions(),
  });
}

/**
 * The dispatcher of armed alerts, sending with the delivery activities' settings (SMTP, allowed
 * webhook hosts, metrics) and logging where the activities do (the SDK runtime's logger).
 */
function armedAlertDispatcher(db: Db, options: CaseWorkerOptions): AlertDispatcher {
  // Read at each line: the runtime is the one Worker.create installed (main.ts's, with its metrics).
  const logger: DelivererLogger = {
    info: (message, meta) => Runtime.instance().logger.info(message, meta),
    warn: (message, meta) => Runtime.instance().logger.warn(message, meta),
  };
  const deliverer = new AlertDeliverer({ db, smtp: options.smtp, metrics: options.metrics, webhookAllowHosts: options.webhookAllowHosts, logger });
  return new AlertDispatcher({ db, deliverer, log: (message, meta) => logger.warn(message, meta) });
}

/**
 * Runs the dispatcher exactly while the worker runs: started with run() (or runUntil()), stopped
 * before run() settles. Whoever awaits the worker's run — the worker service before the Temporal
 * connection and the database pool are closed, a suite's teardown — has the dispatcher stopped
 * with it, its sends finished and no timer of its left.
 */
function runningWithWorker(dispatcher: AlertDispatcher): WorkerPlugin {
  return {
    name: 'banli-armed-alert-dispatcher',
    async runWorker(worker, next) {
      // A second run() of the worker fails (it runs already): the dispatcher stays with the first.
      if (worker.getState() !== 'INITIALIZED') return next(worker);
      dispatcher.start();
      try {
        await next(worker);
      } finally {
        await dispatcher.stop();
      }
    },
  };
}
