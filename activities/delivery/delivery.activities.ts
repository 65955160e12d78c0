import { asyncLocalStorage, Context, log as activityLog } from '@temporalio/activity';
import { ApplicationFailure, type Logger } from '@temporalio/common';
import { createHash } from 'node:crypto';
import type { AlertRow, Db, SubscriptionRow } from '../../libs/db';
import { AlertRepository, DeliveryRepository, type NewDeliveryAttempt, SubscriptionRepository } from '../../libs/db/repositories';
import {
  DeliveryChannel,
  DeliveryErrorType,
  DeliveryReport,
  DeliveryRequest,
  DeliveryTarget,
} from '../../libs/contract';
import { alertEmail, webhookPayload } from '../../libs/alerts/alert-message';
import { EmailSender, SmtpSettings } from './email-sender';
import { AttemptResult, sendWebhook, WEBHOOK_TIMEOUT_MS } from './webhook-sender';
import { subscriptionMatches } from './subscription-match';
import { WebhookTargets } from '../../libs/net/webhook-targets';
import { type ActivityMetrics, NO_ACTIVITY_METRICS } from '../../libs/telemetry/activity-metrics';

export interface DeliveryActivityDeps {
  db: Db;
  /** Without it, email attempts fail (and are retried) saying SMTP is not configured. */
  smtp?: SmtpSettings;
  webhookTimeoutMs?: number;
  /**
   * The internal hosts and networks webhooks may reach besides public addresses
   * (BANLI_WEBHOOK_ALLOW_HOSTS), read at each attempt; left out: public addresses only.
   */
  webhookAllowHosts?: () => string;
  /** Counts the attempts, by channel and result. */
  metrics?: ActivityMetrics;
  /**
   * Where the deliverer logs when no activity is running it — the armed-alert dispatcher sends at
   * an alert's instant with no activity around it (alert-dispatcher.ts). In an activity it logs
   * to the activity's logger. Left out: nothing is logged outside activities.
   */
  logger?: DelivererLogger;
}

export type DelivererLogger = Pick<Logger, 'info' | 'warn'>;

const SILENT: DelivererLogger = { info: () => undefined, warn: () => undefined };

/**
 * How long emitAlert waits for its first attempts before it hands the alert to the delivery
 * workflow: under the emitting activity's 1-minute start-to-close, above the webhook's 15 s
 * timeout (an SMTP session may hang longer).
 */
export const FIRST_ATTEMPTS_BOUND_MS = 20_000;

/** What withinBound answers when the bound passed before the work settled. */
const BOUND = Symbol('bound');

/** How many alerts of a burst are signed and sent before the event loop lets their sockets connect. */
const SEND_SLICE = 100;

/** A burst's attempts are recorded this many to a statement, or after RECORD_WAIT_MS, whichever comes first. */
const RECORD_BATCH = 100;
const RECORD_WAIT_MS = 20;

/** How one attempt to deliver an alert to one subscription went (or why none was made). */
export type DeliveryAttempt =
  | { status: 'delivered'; attempt: number; alreadyDelivered?: boolean }
  | { status: 'skipped'; attempt: number }
  | { status: 'failed'; attempt: number; channel: DeliveryChannel; error: string };

/** How emitAlert's first attempts went: settled (each matched subscription tried) or cut by the bound. */
export type FirstAttempts = { settled: true; matched: number; undelivered: number } | { settled: false };

/**
 * Sends an alert to the subscriptions it matches and writes every attempt to the `deliveries`
 * table: what the delivery workflow's activities and emitAlert's first attempt share.
 */
export class AlertDeliverer {
  private readonly mailer?: EmailSender;
  private readonly metrics: ActivityMetrics;
  private readonly alerts: AlertRepository;
  private readonly subscriptions: SubscriptionRepository;
  private readonly deliveries: DeliveryRepository;

  constructor(private readonly deps: DeliveryActivityDeps) {
    this.mailer = deps.smtp?.url ? new EmailSender(deps.smtp) : undefined;
    this.metrics = deps.metrics ?? NO_ACTIVITY_METRICS;
    this.alerts = new AlertRepository(deps.db);
    this.subscriptions = new SubscriptionRepository(deps.db);
    this.deliveries = new DeliveryRepository(deps.db);
  }

  /** The running activity's logger (the activity's attributes with each line), or the deps' own outside activities. */
  private get log(): DelivererLogger {
    return asyncLocalStorage.getStore() ? activityLog : (this.deps.logger ?? SILENT);
  }

  async alertOrFail(alertId: string): Promise<AlertRow> {
    const alert = await this.alerts.findById(alertId);
    if (!alert) throw ApplicationFailure.nonRetryable(`alert ${alertId} is not stored`, DeliveryErrorType.AlertMissing);
    return alert;
  }

  /** The active subscriptions whose filters (recipient, unit, rungs) the alert matches. */
  async matching(alert: AlertRow): Promise<SubscriptionRow[]> {
    return matchIn(await this.subscriptions.listActive(), alert);
  }

  /**
   * The delivery workflow's attempt to deliver the alert to one subscription: nothing is sent
   * again to a receiver that already has it, nor to a subscription deleted meanwhile.
   */
  async attempt(alertId: string, subscriptionId: string, attemptNo: number): Promise<DeliveryAttempt> {
    const done = await this.deliveries.findDelivered(alertId, subscriptionId);
    if (done) return { status: 'delivered', attempt: done.attempt, alreadyDelivered: true };
    const sub = await this.subscriptions.findById(subscriptionId);
    if (!sub || sub.disabled_at) {
      this.log.info('subscription deleted before delivery', { alertId, subscriptionId });
      return { status: 'skipped', attempt: attemptNo };
    }
    return this.deliver(await this.alertOrFail(alertId), sub, attemptNo);
  }

  /** Sends the alert to the subscription, and records (by `record`: at once, or in a burst's batch) and counts the attempt. */
  private async deliver(alert: AlertRow, sub: SubscriptionRow, attemptNo: number, record: AttemptRecord = (a) => this.deliveries.record(a)): Promise<DeliveryAttempt> {
    const alertId = alert.alert_id;
    const result = await this.send(alert, sub);
    await record({
      alert_id: alertId,
      subscription_id: sub.id,
      channel: sub.channel,
      attempt: attemptNo,
      status: result.ok ? 'delivered' : 'failed',
      status_code: result.statusCode ?? null,
      error: result.error ?? null,
    });
    this.metrics.deliveryAttempt(sub.channel, result.ok ? 'delivered' : 'failed');
    if (!result.ok) return { status: 'failed', attempt: attemptNo, channel: sub.channel, error: result.error ?? 'failed' };
    this.log.info('alert delivered', { alertId, subscriptionId: sub.id, channel: sub.channel, attempt: attemptNo });
    return { status: 'delivered', attempt: attemptNo };
  }

  /**
   * emitAlert's first attempt (attempt 1) to every subscription the stored alert matches, all at
   * once, waited for at most `boundMs`. A subscription with an attempt on record already (the
   * emit is a retry, or a duplicate) gets none: its retries are the delivery workflow's. Past
   * the bound the attempts still running go on unwatched; the caller starts the workflow, and a
   * late attempt racing the workflow's is harmless: receivers dedupe on the alert id (the
   * webhook-id header, the email's Message-ID).
   */
  async firstAttempts(alertId: string, boundMs: number): Promise<FirstAttempts> {
    const attempts = (async (): Promise<FirstAttempts> => {
      const alert = await this.alertOrFail(alertId);
      const [subs, tried] = await Promise.all([this.matching(alert), this.deliveries.triedSubscriptions(alertId)]);
      return this.firstAttemptsTo(alert, subs, tried);
    })();
    const first = await this.withinBound(attempts, boundMs, 'a first delivery attempt failed after its bound', { alertId });
    return first === BOUND ? { settled: false } : first;
  }

  /**
   * Waits until every subscription the alert matches has an attempt on record, or until `untilMs`
   * (epoch ms): the first attempts someone else is making (the armed-alert dispatcher's) are
   * recorded before a later emit of the same alert makes its own, so no receiver gets it twice.
   * The subscriptions are matched once; each poll reads only the attempts on record. (Hundreds of
   * emits wait like this at a burst's instant, while the dispatcher sends.)
   */
  async attemptsRecorded(alertId: string, untilMs: number, pollMs = 200): Promise<void> {
    const subs = await this.matching(await this.alertOrFail(alertId));
    for (;;) {
      const tried = await this.deliveries.triedSubscriptions(alertId);
      if (subs.every((s) => tried.has(s.id))) return;
      const left = untilMs - Date.now();
      if (left <= 0) return;
      await new Promise((r) => setTimeout(r, Math.min(pollMs, left)));
    }
  }

  /** The subscriptions not deleted: read once for a burst of alerts, each matched in memory. */
  async activeSubscriptions(): Promise<SubscriptionRow[]> {
    return this.subscriptions.listActive();
  }

  /**
   * firstAttempts of many alerts nobody has tried yet — the armed alerts of one of the dispatcher's
   * claims at an instant (a claimed alert was never emitted, so no attempt of it is on record). They come
   * built in memory (they may not be stored yet: no attempt needs them to be) with the active
   * subscriptions read once for them all, and every alert goes to each subscription it matches
   * at once, waited for at most `boundMs`. The requests leave a slice at a time, each slice's
   * sockets connecting while the next is signed, rather than all signed before any connects.
   * By alert id, how each went (`settled: false`: still running at the bound, or failed, logged).
   * `onSettled` is told of each alert as its attempts settle within the bound.
   */
  async firstAttemptsOfNew(
    alerts: AlertRow[],
    active: SubscriptionRow[],
    boundMs: number,
    onSettled?: (alertId: string, first: FirstAttempts) => void,
  ): Promise<Map<string, FirstAttempts>> {
    const results = new Map<string, FirstAttempts>();
    let bounded = false;
    const untried = new Map<string, { delivered: boolean }>();
    // A statement per hundred attempts, not one each: a thousand inserts would keep the database
    // busy on the same two cores as the sends and their receivers.
    const batch = new AttemptBatch(this.deliveries);
    const attempts = (async (): Promise<void> => {
      const running: Promise<void>[] = [];
      for (const [i, alert] of alerts.entries()) {
        if (i > 0 && i % SEND_SLICE === 0) await new Promise((r) => setImmediate(r));
        running.push(
          this.firstAttemptsTo(alert, matchIn(active, alert), untried, batch.record)
            .catch((err: unknown) => {
              // An attempt not recorded (the database failed): the workflow's emit of the alert tries again.
              this.log.warn('first delivery attempts of an alert failed', { alertId: alert.alert_id, error: String(err) });
              return { settled: false } as const;
            })
            .then((first) => {
              if (bounded) return;
              results.set(alert.alert_id, first);
              if (first.settled) onSettled?.(alert.alert_id, first);
            }),
        );
      }
      await Promise.all(running);
    })();
    if ((await this.withinBound(attempts, boundMs, 'first delivery attempts failed after their bound', { alerts: alerts.length })) === BOUND) {
      bounded = true;
      for (const alert of alerts) if (!results.has(alert.alert_id)) results.set(alert.alert_id, { settled: false });
    }
    return results;
  }

  /**
   * What `work` settles to, or BOUND once `boundMs` has passed first: the work goes on unwatched,
   * and a failure of it after the bound is logged (`lateFailure`), not thrown.
   */
  private async withinBound<T>(work: Promise<T>, boundMs: number, lateFailure: string, meta: Record<string, unknown>): Promise<T | typeof BOUND> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<typeof BOUND>((resolve) => {
      timer = setTimeout(() => resolve(BOUND), boundMs);
    });
    try {
      const result = await Promise.race([work, bound]);
      if (result === BOUND) work.catch((err) => this.log.warn(lateFailure, { ...meta, error: String(err) }));
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Attempt 1 to each subscription of `subs` with none on record (`tried`), all at once. */
  private async firstAttemptsTo(alert: AlertRow, subs: SubscriptionRow[], tried: Map<string, { delivered: boolean }>, record?: AttemptRecord): Promise<FirstAttempts> {
    const delivered = await Promise.all(
      subs.map(async (sub) => {
        const before = tried.get(sub.id);
        if (before) return before.delivered;
        return (await this.deliver(alert, sub, 1, record)).status !== 'failed';
      }),
    );
    return { settled: true, matched: subs.length, undelivered: delivered.filter((d) => !d).length };
  }

  private async send(alert: AlertRow, sub: SubscriptionRow): Promise<AttemptResult> {
    const alertId = alert.alert_id;
    if (sub.channel === 'webhook') {
      if (!sub.secret) return { ok: false, error: 'subscription has no signing secret' };
      const payload = JSON.stringify(webhookPayload(alert));
      const targets = WebhookTargets.fromSetting(this.deps.webhookAllowHosts?.() ?? '');
      return sendWebhook({ url: sub.target, secret: sub.secret }, { id: alertId, payload, at: new Date() }, this.deps.webhookTimeoutMs ?? WEBHOOK_TIMEOUT_MS, targets);
    }
    if (!this.mailer) return { ok: false, error: 'SMTP_URL is not set: email cannot be sent' };
    const { subject, text } = alertEmail(alert);
    const messageId = `<${createHash('sha256').update(alertId).digest('hex').slice(0, 32)}.${sub.id}@banli>`;
    return this.mailer.send({ to: sub.target, subject, text, messageId, alertId });
  }
}

/** Writes one attempt to the delivery log; resolves once it is written. */
type AttemptRecord = (attempt: NewDeliveryAttempt) => Promise<void>;

/**
 * A burst's attempts, recorded RECORD_BATCH to a statement, or RECORD_WAIT_MS after the first of
 * a batch came: each attempt's promise settles with its statement, so an attempt counts as made
 * (and a waiting emit sees it) only once it is on record, as with one statement each.
 */
class AttemptBatch {
  private rows: NewDeliveryAttempt[] = [];
  private waiting: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly deliveries: DeliveryRepository) {}

  readonly record: AttemptRecord = (attempt) =>
    new Promise<void>((resolve, reject) => {
      this.rows.push(attempt);
      this.waiting.push({ resolve, reject });
      if (this.rows.length >= RECORD_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), RECORD_WAIT_MS);
    });

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = this.waiting;
    const rows = this.rows;
    this.rows = [];
    this.waiting = [];
    this.deliveries.record(...rows).then(
      () => waiting.forEach((w) => w.resolve()),
      (err: unknown) => waiting.forEach((w) => w.reject(err)),
    );
  }
}

/** The subscriptions of `active` whose filters (recipient, unit, rungs) the alert matches. */
function matchIn(active: SubscriptionRow[], alert: AlertRow): SubscriptionRow[] {
  const matchable = { recipients: alert.recipients, unit: alert.unit, kind: alert.kind, rungId: alert.rung_id };
  return active.filter((s) => subscriptionMatches({ recipient: s.recipient, unit: s.unit, rungs: s.rungs }, matchable));
}

/**
 * The activities of the alert delivery workflow: which subscriptions an alert goes to, and one
 * attempt to deliver it to one of them. Every attempt is written to the `deliveries` table.
 * Given the deliverer emitAlert uses, the two share one mailer.
 */
export function createDeliveryActivities(deps?: DeliveryActivityDeps, deliverer = deps && new AlertDeliverer(deps)) {
  const required = (): AlertDeliverer => {
    if (!deliverer) throw ApplicationFailure.nonRetryable('this worker has no database: alerts are not delivered', 'DeliveryNotConfigured');
    return deliverer;
  };

  return {
    /** The active subscriptions whose filters (recipient, unit, rungs) the alert matches. */
    async findSubscriptions(alertId: string): Promise<DeliveryTarget[]> {
      const d = required();
      const subs = await d.matching(await d.alertOrFail(alertId));
      return subs.map((s) => ({ subscriptionId: s.id, channel: s.channel }));
    },

    /**
     * One attempt to deliver the alert to one subscription, recorded in the delivery log. A
     * failed attempt throws (the workflow's retry policy tries again); once the receiver has
     * accepted it, a repeated attempt sends nothing. Attempts are numbered on from those made
     * before the workflow (`attemptsMade`).
     */
    async deliverAlert({ alertId, subscriptionId, attemptsMade = 0 }: DeliveryRequest): Promise<DeliveryReport> {
      const attemptNo = Context.current().info.attempt + attemptsMade;
      const outcome = await required().attempt(alertId, subscriptionId, attemptNo);
      if (outcome.status === 'failed') {
        throw ApplicationFailure.retryable(
          `${outcome.channel} delivery of ${alertId} to subscription ${subscriptionId} failed (attempt ${attemptNo}): ${outcome.error}`,
          DeliveryErrorType.AttemptFailed,
        );
      }
      return outcome;
    },
  };
}

export type DeliveryActivities = ReturnType<typeof createDeliveryActivities>;
