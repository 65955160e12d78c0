import { sql } from 'kysely';
import type { DeliveryTable } from '../schema';
import { Repository } from './repository';

/** One attempt to deliver an alert to a subscription. */
export interface NewDeliveryAttempt {
  alert_id: string;
  subscription_id: string;
  channel: DeliveryTable['channel'];
  attempt: number;
  status: DeliveryTable['status'];
  status_code: number | null;
  error: string | null;
}

/** An attempt as the delivery log shows it, with the subscription's target (null if it is gone). */
export interface DeliveryLogEntry {
  subscription_id: string;
  target: string | null;
  channel: DeliveryTable['channel'];
  attempt: number;
  status: DeliveryTable['status'];
  status_code: number | null;
  error: string | null;
  attempted_at: Date;
}

/** The delivery log (`deliveries`): every attempt to deliver an alert to a subscription. */
export class DeliveryRepository extends Repository {
  /** Records attempts, in one statement (the dispatcher's burst records a hundred at a time). */
  async record(...attempts: NewDeliveryAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.db.insertInto('deliveries').values(attempts).execute();
  }

  /** The attempt that delivered the alert to the subscription, if one did. */
  async findDelivered(alertId: string, subscriptionId: string): Promise<{ attempt: number } | undefined> {
    return this.db
      .selectFrom('deliveries')
      .select('attempt')
      .where('alert_id', '=', alertId)
      .where('subscription_id', '=', subscriptionId)
      .where('status', '=', 'delivered')
      .executeTakeFirst();
  }

  /** The subscriptions with any attempt on record for the alert, each with whether one delivered it. */
  async triedSubscriptions(alertId: string): Promise<Map<string, { delivered: boolean }>> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['subscription_id', sql<boolean>`bool_or(status = 'delivered')`.as('delivered')])
      .where('alert_id', '=', alertId)
      .groupBy('subscription_id')
      .execute();
    return new Map(rows.map((r) => [r.subscription_id, { delivered: r.delivered }]));
  }

  /** Every attempt to deliver the alert, oldest first. */
  async logOf(alertId: string): Promise<DeliveryLogEntry[]> {
    const rows = await this.db
      .selectFrom('deliveries as d')
      .leftJoin('subscriptions as s', 's.id', 'd.subscription_id')
      .select(['d.subscription_id', 's.target', 'd.channel', 'd.attempt', 'd.status', 'd.status_code', 'd.error', 'd.attempted_at'])
      .where('d.alert_id', '=', alertId)
      .orderBy('d.attempted_at')
      .orderBy('d.id')
      .execute();
    // attempted_at is Generated<Timestamp>, which Kysely's Selectable leaves unwrapped: a Date at run time.
    return rows as unknown as DeliveryLogEntry[];
  }
}
