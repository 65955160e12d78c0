/**
 * `banli reindex`: rebuilds the read model from Temporal — every case, then every co-unit's part,
 * a page at a time, each projected anew (a projection never replaces a later one). For a read model
 * that was lost, or a projection that changed, or cases started before it existed (before v10).
 */
import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { ReadModelActivities } from '../../activities/read-model/read-model.activities';
import { CASE_WORKFLOW_TYPE, CO_UNIT_WORKFLOW_TYPE, PERMANENT_ERROR_TYPES, ReindexProgress, reindexProgressQuery, ReindexWorkflowInput } from '../../libs/contract';

const { reindexPage } = proxyActivities<ReadModelActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: [...PERMANENT_ERROR_TYPES] },
});

export async function reindexWorkflow({ reindexId }: ReindexWorkflowInput): Promise<ReindexProgress> {
  const progress: ReindexProgress = { reindexId, status: 'running', cases: 0, coUnits: 0 };
  setHandler(reindexProgressQuery, () => progress);
  for (const [type, counter] of [[CASE_WORKFLOW_TYPE, 'cases'], [CO_UNIT_WORKFLOW_TYPE, 'coUnits']] as const) {
    let pageToken: string | undefined;
    do {
      const page = await reindexPage({ workflowType: type, ...(pageToken ? { pageToken } : {}) });
      progress[counter] += page.projected;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }
  progress.status = 'completed';
  return progress;
}
