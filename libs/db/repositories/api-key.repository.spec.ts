import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { ApiKeyRepository, type NewApiKeyRecord } from './api-key.repository';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

/** A generated timestamp column's new value (Kysely types generated JSON/timestamp columns loosely). */
const stamp = (iso: string) => new Date(iso) as never;

const NOW = new Date('2024-06-01T00:00:00Z');

function keyOf(id: string, over: Partial<NewApiKeyRecord> = {}): NewApiKeyRecord {
  return { id, prefix: `banli_${id}`, hash: `hash-${id}`, name: id, role: 'office', unit: null, expiresAt: null, ...over };
}

describe('ApiKeyRepository (embedded PostgreSQL)', () => {
  const teardown = useTeardown();
  let db: Db | undefined;
  let keys: ApiKeyRepository;

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    keys = new ApiKeyRepository(db);
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db!.deleteFrom('api_keys').execute();
    await db!.deleteFrom('idempotency_keys').execute();
  });

  it('creates a key and finds it by its hash', async () => {
    const created = await keys.create(keyOf('k1', { role: 'unit-handler', unit: '区民政局', expiresAt: NOW }));
    expect(created).toMatchObject({ id: 'k1', hash: 'hash-k1', role: 'unit-handler', unit: '区民政局', expires_at: NOW, revoked_at: null, last_used_at: null });
    expect(await keys.findByHash('hash-k1')).toEqual(created);
    expect(await keys.findByHash('hash-none')).toBeUndefined();
  });

  it('lists every key oldest first', async () => {
    await keys.create(keyOf('k2'));
    await keys.create(keyOf('k1'));
    await db!.updateTable('api_keys').set({ created_at: stamp('2024-01-01T00:00:00Z') }).execute();
    await db!.updateTable('api_keys').set({ created_at: stamp('2023-01-01T00:00:00Z') }).where('id', '=', 'k2').execute();
    expect((await keys.list()).map((k) => k.id)).toEqual(['k2', 'k1']);
    await db!.updateTable('api_keys').set({ created_at: stamp('2024-01-01T00:00:00Z') }).execute();
    expect((await keys.list()).map((k) => k.id)).toEqual(['k1', 'k2']);
  });

  it('counts a key of the role as active unless revoked, expired or left out', async () => {
    expect(await keys.hasActive('office', NOW)).toBe(false);
    await keys.create(keyOf('unit', { role: 'unit-handler', unit: '区民政局' }));
    await keys.create(keyOf('expired', { expiresAt: new Date('2024-05-31T23:59:59Z') }));
    await keys.create(keyOf('revoked'));
    await keys.revoke('revoked', NOW);
    expect(await keys.hasActive('office', NOW)).toBe(false);
    await keys.create(keyOf('expiring', { expiresAt: new Date('2024-06-01T00:00:01Z') }));
    expect(await keys.hasActive('office', NOW)).toBe(true);
    expect(await keys.hasActive('office', NOW, 'expiring')).toBe(false);
    expect(await keys.hasActive('office', new Date('2024-06-02T00:00:00Z'))).toBe(false);
    expect(await keys.hasActive('unit-handler', NOW, 'expiring')).toBe(true);
  });

  it('revokes a key and records its use', async () => {
    await keys.create(keyOf('k1'));
    expect(await keys.revoke('k1', NOW)).toMatchObject({ id: 'k1', revoked_at: NOW });
    await keys.recordUse('k1', new Date('2024-06-02T00:00:00Z'));
    expect(await keys.findByHash('hash-k1')).toMatchObject({ revoked_at: NOW, last_used_at: new Date('2024-06-02T00:00:00Z') });
  });

  it('runs a transaction whole: a throw rolls back every repository bound to it', async () => {
    await keys.create(keyOf('k1'));
    await expect(
      keys.withTransaction(async (tx, executor) => {
        const locked = await tx.findByIdForUpdate('k1');
        expect(locked).toMatchObject({ id: 'k1' });
        await tx.revoke('k1', NOW);
        await new IdempotencyKeyRepository(db!).using(executor).claim('c1', 'k', 'h');
        // a nested transaction is the same one
        await tx.withTransaction(async (inner) => inner.create(keyOf('k2')));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await keys.findByHash('hash-k1')).toMatchObject({ revoked_at: null });
    expect(await keys.findByHash('hash-k2')).toBeUndefined();
    expect(await db!.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
  });

  it('commits a transaction that ends normally and answers its value', async () => {
    await keys.create(keyOf('k1'));
    const revoked = await keys.withTransaction(async (tx) => tx.revoke('k1', NOW));
    expect(revoked.revoked_at).toEqual(NOW);
    expect(await keys.findByHash('hash-k1')).toMatchObject({ revoked_at: NOW });
    expect(await keys.findByIdForUpdate('none')).toBeUndefined();
  });
});
