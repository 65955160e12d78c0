import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { DeliveryRepository, type NewDeliveryAttempt } from './delivery.repository';
import { SubscriptionRepository } from './subscription.repository';

/** A generated timestamp column's new value (Kysely types generated JSON/timestamp columns loosely). */
const stamp = (iso: string) => new Date(iso) as never;

function attemptOf(subscriptionId: string, attempt: number, over: Partial<NewDeliveryAttempt> = {}): NewDeliveryAttempt {
  return { alert_id: 'a1', subscription_id: subscriptionId, channel: 'webhook', attempt, status: 'failed', status_code: 503, error: 'HTTP 503', ...over };
}

describe('DeliveryRepository (embedded PostgreSQL)', () => {
  const teardown = useTeardown();
  let db: Db | undefined;
  let deliveries: DeliveryRepository;

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    deliveries = new DeliveryRepository(db);
    await new SubscriptionRepository(db).create({
      id: 'sub_1', name: '督查室', channel: 'webhook', target: 'http://127.0.0.1:9/hook', secret: 'whsec_x', recipient: null, unit: null, rungs: null,
    });
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db!.deleteFrom('deliveries').execute();
  });

  it('finds the attempt that delivered, not the failed ones', async () => {
    await deliveries.record(attemptOf('sub_1', 1));
    expect(await deliveries.findDelivered('a1', 'sub_1')).toBeUndefined();
    await deliveries.record(attemptOf('sub_1', 2, { status: 'delivered', status_code: 200, error: null }));
    expect(await deliveries.findDelivered('a1', 'sub_1')).toEqual({ attempt: 2 });
    expect(await deliveries.findDelivered('a1', 'sub_2')).toBeUndefined();
    expect(await deliveries.findDelivered('a2', 'sub_1')).toBeUndefined();
  });

  it("logs an alert's attempts oldest first, with the subscription's target where it is known", async () => {
    await deliveries.record(attemptOf('sub_gone', 1, { channel: 'email', status_code: null, error: 'SMTP_URL is not set' }));
    await deliveries.record(attemptOf('sub_1', 1));
    await deliveries.record(attemptOf('sub_1', 2, { status: 'delivered', status_code: 200, error: null }));
    await deliveries.record(attemptOf('sub_1', 1, { alert_id: 'a2' }));
    // the same instant for all: the order they were recorded in decides
    await db!.updateTable('deliveries').set({ attempted_at: stamp('2024-06-01T00:00:00Z') }).execute();
    const log = await deliveries.logOf('a1');
    expect(log).toEqual([
      { subscription_id: 'sub_gone', target: null, channel: 'email', attempt: 1, status: 'failed', status_code: null, error: 'SMTP_URL is not set', attempted_at: new Date('2024-06-01T00:00:00Z') },
      { subscription_id: 'sub_1', target: 'http://127.0.0.1:9/hook', channel: 'webhook', attempt: 1, status: 'failed', status_code: 503, error: 'HTTP 503', attempted_at: new Date('2024-06-01T00:00:00Z') },
      { subscription_id: 'sub_1', target: 'http://127.0.0.1:9/hook', channel: 'webhook', attempt: 2, status: 'delivered', status_code: 200, error: null, attempted_at: new Date('2024-06-01T00:00:00Z') },
    ]);
    expect(await deliveries.logOf('none')).toEqual([]);
  });
});
