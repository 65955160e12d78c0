import type { Client } from '@temporalio/client';
import { CASE_WORKFLOW_TYPE, CaseView, CoUnitView, coUnitWorkflowId, getCoUnitStateQuery, getStateQuery, ReindexPage } from '../../libs/contract';
import type { Db } from '../../libs/db';
import { CaseViewRepository } from '../../libs/db/repositories';

export interface ReadModelActivityDeps {
  db: Db;
  client: Client;
  /** The namespace the workflows run in (for listing them). */
  namespace?: string;
}

/** Executions projected per reindex activity. */
const REINDEX_PAGE_SIZE = 100;

/**
 * The read model's projections (v10): the workflow asks after its changes, with nothing but its
 * id (its history stays small); the activity reads the state by query and stores it, unless a
 * later projection is stored already.
 */
export function createReadModelActivities({ db, client, namespace = 'default' }: ReadModelActivityDeps) {
  const views = new CaseViewRepository(db);
  return {
    /** Projects the case as it is now; answers the revision it read (at least the one asked for). */
    async projectCase({ caseId }: { caseId: string; revision: number }): Promise<{ revision: number }> {
      const view = await client.workflow.getHandle(caseId).query(getStateQuery);
      await views.upsertCase(view);
      return { revision: view.revision ?? 0 };
    },

    async projectCoUnit({ caseId, unit }: { caseId: string; unit: string; revision: number }): Promise<{ revision: number }> {
      const view = await client.workflow.getHandle(coUnitWorkflowId(caseId, unit)).query(getCoUnitStateQuery);
      await views.upsertCoUnit(view);
      return { revision: view.revision ?? 0 };
    },

    /**
     * Projects one page of a workflow type's executions, running or closed: a completed case by its
     * result (its last state), any other by query (Temporal replays a closed one to answer it).
     */
    async reindexPage({ workflowType, pageToken }: { workflowType: string; pageToken?: string }): Promise<ReindexPage> {
      const page = await client.workflowService.listWorkflowExecutions({
        namespace,
        pageSize: REINDEX_PAGE_SIZE,
        query: `WorkflowType = '${workflowType}'`,
        ...(pageToken ? { nextPageToken: Buffer.from(pageToken, 'base64') } : {}),
      });
      let projected = 0;
      for (const execution of page.executions ?? []) {
        const id = execution.execution?.workflowId;
        if (!id) continue;
        const handle = client.workflow.getHandle(id, execution.execution?.runId ?? undefined);
        const completed = execution.status === 2; // WORKFLOW_EXECUTION_STATUS_COMPLETED
        if (workflowType === CASE_WORKFLOW_TYPE) {
          const view: CaseView = completed ? await handle.result() : await handle.query(getStateQuery);
          await views.upsertCase(view);
        } else {
          const view: CoUnitView = await handle.query(getCoUnitStateQuery);
          await views.upsertCoUnit(view);
        }
        projected++;
      }
      const next = page.nextPageToken && page.nextPageToken.length > 0 ? Buffer.from(page.nextPageToken).toString('base64') : undefined;
      return { projected, ...(next ? { nextPageToken: next } : {}) };
    },
  };
}

export type ReadModelActivities = ReturnType<typeof createReadModelActivities>;
