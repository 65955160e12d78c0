/**
 * The activities case and co-unit workflows call, with their timeouts and retry policies. Cases
 * before v9 keep the policy they ran with: retried forever, whatever the error. From v9, an error
 * that retrying cannot mend (a calendar or policy value out of range, a broken request) fails at
 * once and the workflow raises attention instead of stalling silently; anything else is retried
 * with backoff.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { DeadlineActivities } from '../../activities/deadlines/deadline.activities';
import type { AlertActivities } from '../../activities/notify/alert.activities';
import type { ReadModelActivities } from '../../activities/read-model/read-model.activities';
import { PERMANENT_ERROR_TYPES } from '../../libs/contract';

export type CaseActivities = Pick<DeadlineActivities & AlertActivities, 'computeDueDate' | 'planAlerts' | 'emitAlert' | 'emitAttentionAlert'>;

const legacyPlanning = proxyActivities<DeadlineActivities & AlertActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/** Alerts are retried until they are out: an alert is never lost (the log dedupes on its id). */
const legacyEmit = proxyActivities<AlertActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Cases before v9. */
export const legacyActivities: CaseActivities = {
  computeDueDate: legacyPlanning.computeDueDate,
  planAlerts: legacyPlanning.planAlerts,
  emitAlert: legacyEmit.emitAlert,
  emitAttentionAlert: legacyEmit.emitAttentionAlert,
};

const planning = proxyActivities<DeadlineActivities & AlertActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: [...PERMANENT_ERROR_TYPES] },
});
const emitting = proxyActivities<AlertActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: [...PERMANENT_ERROR_TYPES] },
});

/** The read model (v10): a case's or a co-unit's state, read by query and stored. Retried like planning. */
export const projecting = proxyActivities<ReadModelActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: [...PERMANENT_ERROR_TYPES] },
});

/** Cases from v9 on. */
export const activities: CaseActivities = {
  computeDueDate: planning.computeDueDate,
  planAlerts: planning.planAlerts,
  emitAlert: emitting.emitAlert,
  emitAttentionAlert: emitting.emitAttentionAlert,
};
