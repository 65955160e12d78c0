import { ActivityFailure, log, proxyActivities } from '@temporalio/workflow';
import type { DeliveryActivities } from '../../activities/delivery/delivery.activities';
import {
  AlertDeliveryInput,
  AlertDeliveryResult,
  DEFAULT_DELIVERY_RETRY,
  DELIVERY_ATTEMPT_TIMEOUT_MS,
  DELIVERY_BACKOFF_COEFFICIENT,
  DeliveryErrorType,
  DeliveryOutcome,
  DeliveryRetry,
  DeliveryTarget,
} from '../../libs/contract/alert-delivery';

/**
 * Delivers one emitted alert to every subscription it matches, each on its own: a receiver that
 * is down is retried with exponential backoff for the whole retry window while the others are
 * already served. emitAlert has made the first attempt itself (`attemptsMade`) and starts this
 * workflow only when some receiver did not take it; deliverAlert skips those that did. Every attempt is written to the delivery log by the activity; receivers dedupe
 * on the alert id (the webhook-id), so an attempt repeated after a lost answer is harmless.
 */
export async function alertDeliveryWorkflow(input: AlertDeliveryInput): Promise<AlertDeliveryResult> {
  const retry: DeliveryRetry = { ...DEFAULT_DELIVERY_RETRY, ...input.retry };
  const policy = {
    initialInterval: retry.initialIntervalMs,
    backoffCoefficient: DELIVERY_BACKOFF_COEFFICIENT,
    maximumInterval: retry.maximumIntervalMs,
    nonRetryableErrorTypes: [DeliveryErrorType.AlertMissing],
  };
  const { findSubscriptions } = proxyActivities<DeliveryActivities>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: retry.windowMs,
    retry: policy,
  });
  const { deliverAlert } = proxyActivities<DeliveryActivities>({
    startToCloseTimeout: Math.min(DELIVERY_ATTEMPT_TIMEOUT_MS, retry.windowMs),
    scheduleToCloseTimeout: retry.windowMs,
    retry: policy,
  });

  const targets = await findSubscriptions(input.alertId);
  // Only the activity's input changes with it (no command does): older runs replay as they ran.
  const attemptsMade = input.attemptsMade ? { attemptsMade: input.attemptsMade } : {};
  const deliverTo = async (target: DeliveryTarget): Promise<DeliveryOutcome> => {
    try {
      const report = await deliverAlert({ alertId: input.alertId, subscriptionId: target.subscriptionId, ...attemptsMade });
      return { ...target, status: report.status, attempt: report.attempt };
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const reason = err.cause?.message ?? err.message;
      log.warn('alert delivery gave up', { alertId: input.alertId, subscriptionId: target.subscriptionId, reason });
      return { ...target, status: 'gave-up', error: reason };
    }
  };
  const outcomes = await Promise.all(targets.map(deliverTo));
  return { alertId: input.alertId, outcomes };
}
