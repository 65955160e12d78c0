/**
 * The activities case and co-unit workflows call, with their timeouts and retry policies. Cases
 * before v9 keep the policy they ran with: retried forever, whatever the error. From v9, an error
 * that retrying cannot mend (a calendar or policy value out of range, a broken request) fails at
 * once and the workflow raises attention instead of stalling silently; anything else is retried
 * with backoff.
 */
import { proxyActivities, proxyLocalActivities, type RetryPolicy } from '@temporalio/workflow';
import type { DeadlineActivities } from '../../activities/deadlines/deadline.activities';
import type { AlertActivities, ArmingActivities } from '../../activities/notify/alert.activities';
import type { ReadModelActivities } from '../../activities/read-model/read-model.activities';
import { PERMANENT_ERROR_TYPES } from '../../libs/contract';
import { ARMED_EMIT_GRACE_MS } from '../../libs/contract/alert-arming';
import type { Deadline, DeadlineHost } from './tracking-host';

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

/** From v9: an error retrying cannot mend fails at once; anything else is retried with backoff. */
const PLANNING_RETRY: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: [...PERMANENT_ERROR_TYPES] };

const planning = proxyActivities<DeadlineActivities & AlertActivities>({
  startToCloseTimeout: '30 seconds',
  retry: PLANNING_RETRY,
});
const emitting = proxyActivities<AlertActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: [...PERMANENT_ERROR_TYPES] },
});

/** The read model (v10): a case's or a co-unit's state, read by query and stored. Retried like planning. */
export const projecting = proxyActivities<ReadModelActivities>({
  startToCloseTimeout: '30 seconds',
  retry: PLANNING_RETRY,
});

/** Cases and co-units of v9 and v10. */
export const activities: CaseActivities = {
  computeDueDate: planning.computeDueDate,
  planAlerts: planning.planAlerts,
  emitAlert: emitting.emitAlert,
  emitAttentionAlert: emitting.emitAttentionAlert,
};

/**
 * v11: a due date and an alert plan are short computations on the calendar, so they run as local
 * activities — in the worker, within the workflow task that asks for them, their results recorded
 * as markers — and cost the server no task of their own. Same timeout and retries as `planning`
 * (a long retry backs off on a timer). Alerts stay activities: they go out on their own.
 */
const localPlanning = proxyLocalActivities<DeadlineActivities & AlertActivities>({
  startToCloseTimeout: '30 seconds',
  retry: PLANNING_RETRY,
});
const localActivities: CaseActivities = {
  computeDueDate: localPlanning.computeDueDate,
  planAlerts: localPlanning.planAlerts,
  emitAlert: emitting.emitAlert,
  emitAttentionAlert: emitting.emitAttentionAlert,
};

/** The activities of a case or co-unit from v9 on (before v9: `legacyActivities`); v11 plans locally. */
export function engineActivities(localPlanning: boolean): CaseActivities {
  return localPlanning ? localActivities : activities;
}

/**
 * v12: arming an alert ahead and disarming it are one row each in the database, so they run as
 * local activities like planning, and are retried like it.
 */
const localArming = proxyLocalActivities<ArmingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: PLANNING_RETRY,
});

/**
 * A deadline host's arming activities: v12's, or none before (its alerts wait for their workflow
 * task) — the properties left out rather than set to undefined; from v13 with the grace after an
 * armed alert's instant before its ladder emits it.
 */
export function armingOf({ armsAlerts, emitsArmedLater }: { armsAlerts: boolean; emitsArmedLater?: boolean }): Pick<DeadlineHost<Deadline>, 'arming' | 'armedEmitGraceMs'> {
  if (!armsAlerts) return {};
  const arming = { armAlert: localArming.armAlert, disarmAlert: localArming.disarmAlert };
  return emitsArmedLater ? { arming, armedEmitGraceMs: ARMED_EMIT_GRACE_MS } : { arming };
}
