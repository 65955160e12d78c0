import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import type { Db, SubscriptionRow } from '../../libs/db';
import { AlertRepository, DeliveryRepository, SubscriptionRepository } from '../../libs/db/repositories';
import {
  DeliveryErrorType,
  DeliveryReport,
  DeliveryRequest,
  DeliveryTarget,
} from '../../libs/contract';
import { alertEmail, webhookPayload } from '../../libs/alerts/alert-message';
import { EmailSender, SmtpSettings } from './email-sender';
import { AttemptResult, sendWebhook, WEBHOOK_TIMEOUT_MS } from './webhook-sender';
import { subscriptionMatches } from './subscription-match';
import { type ActivityMetrics, NO_ACTIVITY_METRICS } from '../../libs/telemetry/activity-metrics';

export interface DeliveryActivityDeps {
  db: Db;
  /** Without it, email attempts fail (and are retried) saying SMTP is not configured. */
  smtp?: SmtpSettings;
  webhookTimeoutMs?: number;
  /** Counts the attempts, by channel and result. */
  metrics?: ActivityMetrics;
}

/**
 * The activities of the alert delivery workflow: which subscriptions an alert goes to, and one
 * attempt to deliver it to one of them. Every attempt is written to the `deliveries` table.
 */
export function createDeliveryActivities(deps?: DeliveryActivityDeps) {
  const mailer = deps?.smtp?.url ? new EmailSender(deps.smtp) : undefined;
  const metrics = deps?.metrics ?? NO_ACTIVITY_METRICS;
  const stores = deps && {
    alerts: new AlertRepository(deps.db),
    subscriptions: new SubscriptionRepository(deps.db),
    deliveries: new DeliveryRepository(deps.db),
  };
  const required = (): NonNullable<typeof stores> => {
    if (!stores) throw ApplicationFailure.nonRetryable('this worker has no database: alerts are not delivered', 'DeliveryNotConfigured');
    return stores;
  };

  const alertOrFail = async (alerts: AlertRepository, alertId: string) => {
    const alert = await alerts.findById(alertId);
    if (!alert) throw ApplicationFailure.nonRetryable(`alert ${alertId} is not stored`, DeliveryErrorType.AlertMissing);
    return alert;
  };

  const attempt = async (sub: SubscriptionRow, alertId: string, alerts: AlertRepository): Promise<AttemptResult> => {
    const alert = await alertOrFail(alerts, alertId);
    if (sub.channel === 'webhook') {
      if (!sub.secret) return { ok: false, error: 'subscription has no signing secret' };
      const payload = JSON.stringify(webhookPayload(alert));
      return sendWebhook({ url: sub.target, secret: sub.secret }, { id: alertId, payload, at: new Date() }, deps?.webhookTimeoutMs ?? WEBHOOK_TIMEOUT_MS);
    }
    if (!mailer) return { ok: false, error: 'SMTP_URL is not set: email cannot be sent' };
    const { subject, text } = alertEmail(alert);
    const messageId = `<${createHash('sha256').update(alertId).digest('hex').slice(0, 32)}.${sub.id}@banli>`;
    return mailer.send({ to: sub.target, subject, text, messageId, alertId });
  };

  return {
    /** The active subscriptions whose filters (recipient, unit, rungs) the alert matches. */
    async findSubscriptions(alertId: string): Promise<DeliveryTarget[]> {
      const { alerts, subscriptions } = required();
      const alert = await alertOrFail(alerts, alertId);
      const active = await subscriptions.listActive();
      const matchable = { recipients: alert.recipients, unit: alert.unit, kind: alert.kind, rungId: alert.rung_id };
      return active
        .filter((s) => subscriptionMatches({ recipient: s.recipient, unit: s.unit, rungs: s.rungs }, matchable))
        .map((s) => ({ subscriptionId: s.id, channel: s.channel }));
    },

    /**
     * One attempt to deliver the alert to one subscription, recorded in the delivery log. A
     * failed attempt throws (the workflow's retry policy tries again); once the receiver has
     * accepted it, a repeated attempt sends nothing.
     */
    async deliverAlert({ alertId, subscriptionId }: DeliveryRequest): Promise<DeliveryReport> {
      const { alerts, subscriptions, deliveries } = required();
      const attemptNo = Context.current().info.attempt;
      const done = await deliveries.findDelivered(alertId, subscriptionId);
      if (done) return { status: 'delivered', attempt: done.attempt, alreadyDelivered: true };
      const sub = await subscriptions.findById(subscriptionId);
      if (!sub || sub.disabled_at) {
        log.info('subscription deleted before delivery', { alertId, subscriptionId });
        return { status: 'skipped', attempt: attemptNo };
      }

      const result = await attempt(sub, alertId, alerts);
      await deliveries.record({
        alert_id: alertId,
        subscription_id: subscriptionId,
        channel: sub.channel,
        attempt: attemptNo,
        status: result.ok ? 'delivered' : 'failed',
        status_code: result.statusCode ?? null,
        error: result.error ?? null,
      });
      metrics.deliveryAttempt(sub.channel, result.ok ? 'delivered' : 'failed');
      if (!result.ok) {
        throw ApplicationFailure.retryable(
          `${sub.channel} delivery of ${alertId} to subscription ${subscriptionId} failed (attempt ${attemptNo}): ${result.error}`,
          DeliveryErrorType.AttemptFailed,
        );
      }
      log.info('alert delivered', { alertId, subscriptionId, channel: sub.channel, attempt: attemptNo });
      return { status: 'delivered', attempt: attemptNo };
    },
  };
}

export type DeliveryActivities = ReturnType<typeof createDeliveryActivities>;
