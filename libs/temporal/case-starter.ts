import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { CASE_WORKFLOW_TYPE, CaseInput, CaseSearch, CaseStage } from '../contract';

/**
 * Starts a case's workflow, its id the case's, with the search attributes it is found by and the
 * launch that started it in its memo (`launchId`). A case that exists (running or closed) is left
 * as it is: launching again is safe. Answers whether this call started it (false: it existed).
 */
export async function startCase(client: Client, taskQueue: string, input: CaseInput, { launchId }: { launchId?: string } = {}): Promise<boolean> {
  try {
    await client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: input.caseId,
      taskQueue,
      args: [input],
      // FAIL (not USE_EXISTING): an existing case answers ALREADY_EXISTS, so the launch knows it did not start it.
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { title: input.title, session: input.session, ...(launchId ? { launchId } : {}) },
      typedSearchAttributes: [
        { key: CaseSearch.cycle, value: input.cycleId },
        { key: CaseSearch.kind, value: input.kind },
        { key: CaseSearch.leadUnit, value: input.leadUnit },
        ...(input.coUnits.length > 0 ? [{ key: CaseSearch.coUnits, value: input.coUnits }] : []),
        { key: CaseSearch.stage, value: CaseStage.Assigned },
        { key: CaseSearch.overdue, value: false },
        { key: CaseSearch.keySupervised, value: input.keySupervised },
      ],
    });
    return true;
  } catch (err) {
    // A case with this id exists, running or closed: launching again must not start it anew.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/** Whether the case's workflow was started by this launch (its memo says so): an earlier attempt of a retried batch. */
export async function startedByLaunch(client: Client, caseId: string, launchId: string): Promise<boolean> {
  try {
    const { memo } = await client.workflow.getHandle(caseId).describe();
    return memo?.launchId === launchId;
  } catch (err) {
    // Only in the read model (past Temporal's retention): not started by this launch.
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
