import { Injectable } from '@nestjs/common';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { BanliEnv } from '../../../../libs/config';
import { ensureSearchAttributes } from '../../../../libs/temporal/search-attributes';
import type { caseWorkflow } from '../../../../workflows/case/case.workflow';
import { CASE_SEARCH_ATTRIBUTES, CASE_WORKFLOW_TYPE, CaseInput, CaseSearch, CaseStage } from '../../../../libs/contract';

/** Starts case workflows; a case that already exists (running or closed) is left as it is. */
@Injectable()
export class CaseStarter {
  private searchAttributesReady?: Promise<unknown>;

  constructor(
    private readonly client: Client,
    private readonly connection: Connection,
    private readonly env: BanliEnv,
  ) {}

  /** Cases start with their search attributes, so they must exist even before a worker ran once. */
  async ensureSearchAttributes(): Promise<void> {
    this.searchAttributesReady ??= ensureSearchAttributes(this.connection, this.env.TEMPORAL_NAMESPACE, CASE_SEARCH_ATTRIBUTES);
    await this.searchAttributesReady.catch((err: unknown) => {
      this.searchAttributesReady = undefined; // try again on the next launch
      throw err;
    });
  }

  async start(input: CaseInput): Promise<void> {
    try {
      await this.client.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW_TYPE, {
        workflowId: input.caseId,
        taskQueue: this.env.TEMPORAL_TASK_QUEUE,
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
}
