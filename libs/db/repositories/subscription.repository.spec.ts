import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { type NewSubscription, SubscriptionRepository } from './subscription.repository';

/** A generated timestamp column's new value (Kysely types generated JSON/timestamp columns loosely). */
const stamp = (iso: string) => new Date(iso) as never;

function subscriptionOf(id: string, over: Partial<NewSubscription> = {}): NewSubscription {
  return { id, name: id, channel: 'email', target: `${id}@example.org`, secret: null, recipient: null, unit: null, rungs: null, ...over };
}

describe('SubscriptionRepository (embedded PostgreSQL)', () => {
  const teardown = useTeardown();
  let db: Db | undefined;
  let subscriptions: SubscriptionRepository;

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    subscriptions = new SubscriptionRepository(db);
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db!.deleteFrom('subscriptions').execute();
  });

  it('stores the rungs filter as a JSON array (an empty one too), or null for every rung', async () => {
    const some = await subscriptions.create(subscriptionOf('s1', { rungs: ['overdue', 'escalation'], recipient: 'supervisor', unit: '区民政局' }));
    expect(some).toMatchObject({ id: 's1', rungs: ['overdue', 'escalation'], recipient: 'supervisor', unit: '区民政局', disabled_at: null });
    expect(some.created_at).toBeInstanceOf(Date);
    expect((await subscriptions.create(subscriptionOf('s2', { rungs: [] }))).rungs).toEqual([]);
    expect((await subscriptions.create(subscriptionOf('s3'))).rungs).toBeNull();
    expect(await subscriptions.findById('s1')).toEqual(some);
  });

  it('disables a subscription once: it leaves the active list and stays findable', async () => {
    for (const id of ['s2', 's1', 's3']) await subscriptions.create(subscriptionOf(id));
    await db!.updateTable('subscriptions').set({ created_at: stamp('2024-06-01T00:00:00Z') }).execute();
    expect((await subscriptions.listActive()).map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    const at = new Date('2024-06-02T00:00:00Z');
    expect(await subscriptions.disable('s2', at)).toBe(true);
    expect(await subscriptions.disable('s2')).toBe(false);
    expect(await subscriptions.disable('none')).toBe(false);
    expect((await subscriptions.listActive()).map((s) => s.id)).toEqual(['s1', 's3']);
    expect(await subscriptions.findById('s2')).toMatchObject({ disabled_at: at });
  });
});
