/**
 * Ids and names every process agrees on: the task queue, workflow types, and how a business id
 * (a case, a co-unit's part, a launch, a merge) becomes a workflow id.
 */
import type { CaseKind } from '../policy/policy.types';

export const CASE_TASK_QUEUE = 'banli-cases';

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';
export const CO_UNIT_WORKFLOW_TYPE = 'coUnitWorkflow';
export const LAUNCH_WORKFLOW_TYPE = 'launchWorkflow';
export const MERGE_WORKFLOW_TYPE = 'mergeWorkflow';
export const REINDEX_WORKFLOW_TYPE = 'reindexWorkflow';

/** A case's id, which is also its workflow id: cycle, kind and number. */
export function caseIdOf(cycleId: string, kind: CaseKind, number: string): string {
  return `${cycleId}.${kind}.${number}`;
}

/** A co-unit's child workflow id. */
export function coUnitWorkflowId(caseId: string, unit: string): string {
  return `${caseId}/co/${unit}`;
}

/**
 * The case a workflow id belongs to: a case's own id, or the case of a co-unit's part (case ids
 * hold no '/': cycle ids and case numbers are letters, digits and hyphens).
 */
export function caseFamilyOf(workflowId: string): string {
  const coUnit = workflowId.indexOf('/co/');
  return coUnit < 0 ? workflowId : workflowId.slice(0, coUnit);
}

/** One launch workflow per launch (a sheet or a JSON cycle), whatever happens to the API. */
export function launchWorkflowId(launchId: string): string {
  return `launch:${launchId}`;
}

/** One reindex workflow per request (`banli reindex`). */
export function reindexWorkflowId(reindexId: string): string {
  return `reindex:${reindexId}`;
}

/** One merge workflow per merge request (the case and the request's key or its cases). */
export function mergeWorkflowId(caseId: string, requestKey: string): string {
  return `merge:${caseId}:${requestKey}`;
}
