import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { WorkingCalendar } from '../../../libs/calendar';
import { CASE_TASK_QUEUE } from '../../../workflows/case/case.definitions';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  calendar?: WorkingCalendar;
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
    activities: createActivities({ calendar }),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
