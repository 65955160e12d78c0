import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { JurisdictionCalendars } from '../../../activities/deadlines/jurisdiction-calendars';
import { AlertLog } from '../../../activities/notify/alert-log';
import { WorkingCalendar } from '../../../libs/calendar';
import type { Db } from '../../../libs/db';
import { CASE_TASK_QUEUE } from '../../../workflows/case/case.definitions';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  calendar?: WorkingCalendar;
  /** Where offices' calendar versions are read (jurisdiction calendars); without it every case counts on `calendar`. */
  db?: Db;
  /** Where emitted alerts are written (see activities/notify/alert-log.ts). */
  alertLog: AlertLog;
  /** A prebuilt bundle (tests build one per suite); otherwise the workflows are bundled now. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export const WORKFLOWS_PATH = require.resolve('../../../workflows');

/** The one place a case worker is assembled, for the worker app and the tests alike. */
export function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const calendar = options.calendar ?? WorkingCalendar.official();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? CASE_TASK_QUEUE,
    activities: createActivities({
      calendar,
      ...(options.db ? { calendars: new JurisdictionCalendars(options.db, calendar) } : {}),
      alertLog: options.alertLog,
    }),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
