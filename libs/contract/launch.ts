/**
 * Launching a cycle's cases (交办) and merging cases (并案) run as workflows of their own, so that
 * an API stopped halfway loses nothing: what they need and what they answer.
 */

/** One launch workflow per launch; its cases are stored with the launch (table launch_cases). */
export interface LaunchWorkflowInput {
  launchId: string;
  /** Cases started per activity (each batch at most 16 at a time). */
  batchSize?: number;
}

export interface LaunchWorkflowResult {
  launchId: string;
  status: 'completed' | 'failed';
  started: number;
  error?: string;
}

/** What one launch activity did: cases started so far, and how many are left. */
export interface LaunchBatch {
  started: number;
  remaining: number;
}

/** 并案: every case named is linked to all the others, each by its own update (applied once per request). */
export interface MergeWorkflowInput {
  /** The case the office merged from, then the others. */
  cases: string[];
  reason: string;
  actor?: string;
  /** The update id every case's merge is applied under (the request's Idempotency-Key, or its content). */
  updateId: string;
}

export interface MergeWorkflowResult {
  linked: string[];
  /** Cases that refused the link (e.g. replied meanwhile), with the reason. */
  refused: { caseId: string; reason: string }[];
}

export interface LinkRequest {
  caseId: string;
  links: string[];
  reason: string;
  actor?: string;
  updateId: string;
}

/** Rebuilding the read model from Temporal (`banli reindex`): one workflow per request. */
export interface ReindexWorkflowInput {
  reindexId: string;
}

/** How far a reindex has come: the cases and co-units' parts projected anew. */
export interface ReindexProgress {
  reindexId: string;
  status: 'running' | 'completed';
  cases: number;
  coUnits: number;
}

/** One page of a workflow type's executions, projected: how many, and where the next page starts. */
export interface ReindexPage {
  projected: number;
  /** Base64 of Temporal's page token; absent on the last page. */
  nextPageToken?: string;
}
