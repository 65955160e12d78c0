import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { CASE_WORKFLOW_TYPE, CaseInput, CaseSearch, CaseStage } from '../contract';

/**
 * Starts a case's workflow, its id the case's, with the search attributes it is found by. A case
 * that exists (running or closed) is left as it is: launching again is safe.
 */
export async function startCase(client: Client, taskQueue: string, input: CaseInput): Promise<void> {
  try {
    await client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: input.caseId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      memo: { title: input.title, session: input.session },
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
  } catch (err) {
    // A closed case with this id: launching again must not start it anew.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
