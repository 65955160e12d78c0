import type { SubscriptionRow, SubscriptionTable } from '../schema';
import { Repository } from './repository';

export interface NewSubscription {
  id: string;
  name: string;
  channel: SubscriptionTable['channel'];
  target: string;
  secret: string | null;
  recipient: string | null;
  unit: string | null;
  /** null: every rung. */
  rungs: string[] | null;
}

/** Where alerts go (`subscriptions`). A deleted subscription is disabled, not removed: the delivery log still names it. */
export class SubscriptionRepository extends Repository {
  async create(subscription: NewSubscription): Promise<SubscriptionRow> {
    return this.db
      .insertInto('subscriptions')
      .values({
        ...subscription,
        // jsonb: pg would send a JS array as a PostgreSQL array, so JSON goes as text
        rungs: subscription.rungs ? JSON.stringify(subscription.rungs) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The subscription, disabled or not. */
  async findById(id: string): Promise<SubscriptionRow | undefined> {
    return this.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The subscriptions not disabled, oldest first. */
  async listActive(): Promise<SubscriptionRow[]> {
    return this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('disabled_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Disables the subscription at `at`; false if there is no such subscription, or it is disabled already. */
  async disable(id: string, at: Date = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('subscriptions')
      .set({ disabled_at: at })
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
