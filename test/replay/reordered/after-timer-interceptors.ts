/**
 * Test-only workflow interceptors (test/replay/timer-paths.replay-spec.ts): whenever a timer
 * FIRES, the workflow sleeps 1 ms more before its code goes on. The workflow code is unchanged
 * everywhere else — a change that only the code running after a fired timer (reminders, overdue
 * alerts, escalations, notices, survey windows, deadline watches) can notice. Histories in which
 * no timer fires replay on it; every history in which one fires must fail.
 */
import { sleep, WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let inserting = false; // per workflow: the factory runs once for each
  return {
    outbound: [
      {
        async startTimer(input, next) {
          await next(input); // a cancelled timer rejects here: nothing is inserted
          if (inserting) return;
          inserting = true;
          try {
            await sleep(1);
          } finally {
            inserting = false;
          }
        },
      },
    ],
  };
};
