import { ARMED_ALERT_RETENTION_MS } from '../../libs/contract/alert-arming';
import type { Db, SubscriptionRow } from '../../libs/db';
import { type ArmedAlertContent, ArmedAlertRepository } from '../../libs/db/repositories';
import { alertRowOf, storeAlerts } from './alert-store';
import { type AlertDeliverer, FIRST_ATTEMPTS_BOUND_MS } from './delivery.activities';

export interface AlertDispatcherOptions {
  db: Db;
  /** Sends a stored alert to its subscriptions: the same one (same settings) the delivery activities use. */
  deliverer: AlertDeliverer;
  /** How long a send waits for its first attempts (left out: FIRST_ATTEMPTS_BOUND_MS, as emitAlert's). */
  firstAttemptsBoundMs?: number;
  /** How often the armed alerts due soon are read (default 500 ms). */
  pollMs?: number;
  /** How far ahead of now a poll reads them (default 2 s): each is timed to its instant from then on. */
  lookaheadMs?: number;
  /** How long a row is kept after its instant (default ARMED_ALERT_RETENTION_MS, 30 days). */
  retentionMs?: number;
  /** How often older rows are swept (default an hour; a sweep that found a full batch goes on at the next poll). */
  sweepEveryMs?: number;
  /** How many rows one sweep deletes at most (default 1,000): one poll is never held up long. */
  sweepBatch?: number;
  /** The clock alerts are timed and stamped by (milliseconds, like Date.now, its default). */
  now?: () => number;
  /** Told of each alert sent: once its first attempts were made (within their bound), whatever the receivers answered. */
  onSent?: (alertId: string, at: Date) => void;
  /** Where failures go (a poll, a claim, an instant's sends); left out: nowhere. */
  log?: (message: string, meta: Record<string, unknown>) => void;
}

/** How many due alerts one poll reads at most: far more than any instant has (a cycle is a few thousand cases). */
const DUE_LIMIT = 20_000;

/** How many alerts of an instant one claim takes: the first webhooks leave after the first claim. */
const CLAIM_SLICE = 100;

/**
 * Sends armed alerts at their instant (case workflow v12, libs/contract/alert-arming.ts), with no
 * workflow task in between: hundreds of cases' alerts due at one minute would otherwise wait for
 * their workflow tasks, one after another, on one worker.
 *
 * Every `pollMs` it reads the armed alerts due within `lookaheadMs`, times each to its instant
 * and reads what each holds (it never changes once armed). At an instant it claims the alerts
 * due then, a hundred to a statement — the claim is the atomic move out of `armed`, so of two
 * dispatchers (two workers) only one gets each alert, and a held or disarmed one is never sent —
 * reading the subscriptions meanwhile, and makes each claim's first attempts as soon as it is
 * back, built in memory, while it stores them: the database's part before the first webhook
 * leaves is one hundred-row claim. What those attempts
 * leave undelivered is not its business: the workflow emits the alert at its instant as before,
 * finds it stored and tried, and its delivery workflow retries the rest. For the same reason a
 * failure here loses nothing: it is logged, and the workflow's emit sends the alert.
 */
export class AlertDispatcher {
  private readonly armed: ArmedAlertRepository;
  private readonly pollMs: number;
  private readonly lookaheadMs: number;
  private readonly boundMs: number;
  private readonly now: () => number;
  private readonly log: NonNullable<AlertDispatcherOptions['log']>;
  private running = false;
  private pollTimer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  /** Whether the last poll failed: a database that is down is logged once, not every poll. */
  private pollFailing = false;
  /** When the next sweep of rows past their retention is due (epoch ms): at the first poll. */
  private nextSweepAt = 0;
  /** The alerts timed or being claimed: a poll does not time them again. */
  private readonly known = new Set<string>();
  /** What the alerts timed hold, read ahead of their instant (one whose read failed is read after its claim). */
  private readonly prepared = new Map<string, ArmedAlertContent>();
  /** The instants timed (epoch ms), each with the alerts due at it. */
  private readonly instants = new Map<number, { timer: NodeJS.Timeout; alertIds: string[] }>();
  /** Claims and sends under way: stop() waits for them. */
  private readonly inFlight = new Set<Promise<void>>();
  /**
   * The alerts claimed since the last poll's read began: that read may have listed them as still
   * armed, and would time them again (for a claim that finds nothing) once they are forgotten.
   */
  private readonly claimedSinceRead = new Set<string>();

  constructor(private readonly options: AlertDispatcherOptions) {
    this.armed = new ArmedAlertRepository(options.db);
    this.pollMs = options.pollMs ?? 500;
    this.lookaheadMs = options.lookaheadMs ?? 2_000;
    this.boundMs = options.firstAttemptsBoundMs ?? FIRST_ATTEMPTS_BOUND_MS;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
  }

  /** Polls from now on (the first poll at once). Starting a started dispatcher does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.pollAfter(0);
  }

  /**
   * Stops polling and timing, and waits for the claims and sends under way (a send waits for its
   * first attempts at most `firstAttemptsBoundMs`). Alerts timed but not yet claimed stay armed:
   * another dispatcher, or their workflow, sends them. No timer of its own remains.
   */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    for (const [, instant] of this.instants) {
      clearTimeout(instant.timer);
      this.forget(instant.alertIds);
    }
    this.instants.clear();
    await this.polling;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** No longer timed nor read ahead: a poll that finds them still armed times them again. */
  private forget(alertIds: string[]): void {
    for (const id of alertIds) {
      this.known.delete(id);
      this.prepared.delete(id);
    }
  }

  private pollAfter(ms: number): void {
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        if (this.running) this.pollAfter(this.pollMs);
      });
    }, ms);
  }

  /** Times each armed alert due within the lookahead that is not timed yet. */
  private async poll(): Promise<void> {
    let due: { alertId: string; deliverAt: Date }[];
    this.claimedSinceRead.clear();
    try {
      due = await this.armed.due(new Date(this.now() + this.lookaheadMs), DUE_LIMIT);
    } catch (err) {
      if (!this.pollFailing) this.log('armed alerts could not be read: polling on (their workflows send them meanwhile)', { error: String(err) });
      this.pollFailing = true;
      return;
    }
    if (this.pollFailing) this.log('armed alerts read again', {});
    this.pollFailing = false;
    if (!this.running) return;
    const fresh: string[] = [];
    for (const { alertId, deliverAt } of due) {
      if (this.known.has(alertId) || this.claimedSinceRead.has(alertId)) continue;
      this.known.add(alertId);
      fresh.push(alertId);
      const at = deliverAt.getTime();
      const instant = this.instants.get(at);
      if (instant) instant.alertIds.push(alertId);
      else this.instants.set(at, { timer: this.timerFor(at), alertIds: [alertId] });
    }
    await this.prepare(fresh);
    // After the alerts due soon are timed and read: a sweep never delays them.
    if (this.running && this.now() >= this.nextSweepAt) await this.sweep();
  }

  /**
   * Deletes a batch of rows past their retention. A full batch leaves more: the next poll goes on;
   * otherwise the next sweep is `sweepEveryMs` away. A failure is logged and tried again then.
   */
  private async sweep(): Promise<void> {
    const batch = this.options.sweepBatch ?? 1_000;
    let deleted = 0;
    try {
      deleted = await this.armed.sweep(new Date(this.now() - (this.options.retentionMs ?? ARMED_ALERT_RETENTION_MS)), batch);
    } catch (err) {
      this.log('armed alerts past their retention could not be deleted: tried again later', { error: String(err) });
    }
    if (deleted < batch) this.nextSweepAt = this.now() + (this.options.sweepEveryMs ?? 3_600_000);
  }

  /** Reads what the alerts just timed hold, ahead of their instant; if the read fails, the claim reads it. */
  private async prepare(alertIds: string[]): Promise<void> {
    if (alertIds.length === 0) return;
    try {
      const contents = await this.armed.contents(alertIds);
      // Those dispatched meanwhile (an instant already past) no longer wait for it.
      for (const [id, alert] of contents) if (this.known.has(id)) this.prepared.set(id, alert);
    } catch (err) {
      this.log('armed alerts could not be read ahead: they are read when claimed', { alerts: alertIds.length, error: String(err) });
    }
  }

  private timerFor(at: number): NodeJS.Timeout {
    return setTimeout(() => this.fire(at), Math.max(0, at - this.now()));
  }

  /** At an instant: claims and sends what is due then, never before it. */
  private fire(at: number): void {
    const instant = this.instants.get(at);
    if (!instant || !this.running) return;
    // A timer may fire a little before the clock reads its instant: then it waits the rest.
    if (this.now() < at) {
      instant.timer = this.timerFor(at);
      return;
    }
    this.instants.delete(at);
    const dispatch = this.dispatch(instant.alertIds).finally(() => this.inFlight.delete(dispatch));
    this.inFlight.add(dispatch);
  }

  /**
   * Claims the alerts of one instant a slice at a time (reading the subscriptions meanwhile) and
   * makes each slice's first attempts as soon as its claim is back, built in memory from what was
   * read ahead, while the next slice is claimed and this one stored: the first webhooks leave
   * after a hundred-row claim, not after the whole instant's. A claim that fails leaves its slice
   * and those after it armed: the next poll times them again (now, their instant being past).
   */
  private async dispatch(alertIds: string[]): Promise<void> {
    const subscriptions = this.options.deliverer.activeSubscriptions();
    subscriptions.catch(() => undefined); // awaited by each slice, once its claim went through
    const sends: Promise<number>[] = [];
    for (let i = 0; i < alertIds.length; i += CLAIM_SLICE) {
      const slice = alertIds.slice(i, i + CLAIM_SLICE);
      let claimed: Set<string>;
      try {
        claimed = new Set(await this.armed.claim(slice));
      } catch (err) {
        const left = alertIds.slice(i);
        this.forget(left);
        this.log('armed alerts could not be claimed: the next poll tries again', { alerts: left.length, error: String(err) });
        break;
      }
      const ready = new Map<string, ArmedAlertContent>();
      for (const id of slice) {
        const content = this.prepared.get(id);
        if (content && claimed.has(id)) ready.set(id, content);
      }
      // Claimed or moved on, they are no longer armed (a read under way may not know it yet).
      this.forget(slice);
      for (const id of slice) this.claimedSinceRead.add(id);
      if (claimed.size > 0) sends.push(this.send(claimed, ready, subscriptions));
    }
    const unsettled = (await Promise.all(sends)).reduce((sum, n) => sum + n, 0);
    if (unsettled > 0) this.log('first attempts of armed alerts not settled (their bound reached, or failed): their workflows take over', { alerts: unsettled });
  }

  /**
   * Makes the first attempts of the alerts of one claim (`ready`: those read ahead), then stores
   * them. Says how many did not settle within the bound; a failure is logged here (the alerts'
   * workflows send them when they emit them).
   */
  private async send(claimed: Set<string>, ready: Map<string, ArmedAlertContent>, subscriptions: Promise<SubscriptionRow[]>): Promise<number> {
    try {
      const unread = [...claimed].filter((id) => !ready.has(id));
      if (unread.length > 0) for (const [id, content] of await this.armed.contents(unread)) ready.set(id, content);
      const active = await subscriptions;
      const emittedAt = new Date(this.now()).toISOString();
      const alerts = [...ready.values()].map((content) => ({ ...content, emittedAt }));
      const sent = (alertId: string) => this.options.onSent?.(alertId, new Date(this.now()));
      const attempts = this.options.deliverer.firstAttemptsOfNew(alerts.map(alertRowOf), active, this.boundMs, sent);
      // Stored once the slice's requests are on their way (an async function runs to its first await at once).
      const stored = storeAlerts(this.options.db, alerts).catch((err: unknown) => {
        this.log('armed alerts sent could not be stored: their workflows store them when they emit them', { alerts: alerts.length, error: String(err) });
      });
      const [firsts] = await Promise.all([attempts, stored]);
      return [...firsts.values()].filter((f) => !f.settled).length;
    } catch (err) {
      this.log('armed alerts claimed were not sent: their workflows send them when they emit them', { alerts: claimed.size, error: String(err) });
      return 0;
    }
  }
}
