/**
 * 交办 and 并案 as workflows: a launch starts its stored cases batch by batch and records how it
 * ended; a merge links each case to the others. Both go on whatever becomes of the API that
 * accepted them (docs/architecture.md, "Launches and merges").
 */
import { ActivityFailure, proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { LaunchActivities } from '../../activities/launch/launch.activities';
import {
  LaunchWorkflowInput,
  LaunchWorkflowResult,
  MergeWorkflowInput,
  MergeWorkflowResult,
  PERMANENT_ERROR_TYPES,
} from '../../libs/contract';

const retry: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: [...PERMANENT_ERROR_TYPES, 'StepNotAllowed', 'InvalidStepInput'] };
const { finishLaunch, linkCase } = proxyActivities<LaunchActivities>({ startToCloseTimeout: '5 minutes', retry });
/**
 * A batch heartbeats while it waits for the worker and after each start: a worker killed in the
 * middle of a batch is noticed within the heartbeat timeout and the batch retried on another
 * (it starts only what is not started yet), not after the 5 minutes of its start-to-close timeout.
 */
const { startLaunchBatch } = proxyActivities<LaunchActivities>({ startToCloseTimeout: '5 minutes', heartbeatTimeout: '30 seconds', retry });

export async function launchWorkflow({ launchId, batchSize = 64 }: LaunchWorkflowInput): Promise<LaunchWorkflowResult> {
  let started = 0;
  try {
    for (;;) {
      const batch = await startLaunchBatch({ launchId, size: batchSize });
      started = batch.started;
      if (batch.remaining === 0) break;
    }
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const error = err.cause?.message ?? err.message;
    await finishLaunch({ launchId, error });
    return { launchId, status: 'failed', started, error };
  }
  await finishLaunch({ launchId });
  return { launchId, status: 'completed', started };
}

export async function mergeWorkflow({ cases, reason, actor, updateId }: MergeWorkflowInput): Promise<MergeWorkflowResult> {
  const result: MergeWorkflowResult = { linked: [], refused: [] };
  for (const caseId of cases) {
    try {
      await linkCase({ caseId, links: cases.filter((c) => c !== caseId), reason, ...(actor ? { actor } : {}), updateId });
      result.linked.push(caseId);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      result.refused.push({ caseId, reason: err.cause?.message ?? err.message });
    }
  }
  return result;
}
