import { migratedDatabase } from '../../../test/support/database';
import { HOOK_TIMEOUT, useTeardown } from '../../../test/support/teardown';
import type { Db } from '../database';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

describe('IdempotencyKeyRepository (embedded PostgreSQL)', () => {
  const teardown = useTeardown();
  let db: Db | undefined;
  let keys: IdempotencyKeyRepository;

  beforeAll(async () => {
    db = await migratedDatabase(teardown);
    keys = new IdempotencyKeyRepository(db);
  }, HOOK_TIMEOUT.postgres);
  beforeEach(async () => {
    await db!.deleteFrom('idempotency_keys').execute();
  });

  it('claims a new key for the body sent with it', async () => {
    expect(await keys.claim('case-1', 'sign:k1', 'hash-a')).toBe('hash-a');
    const rows = await db!.selectFrom('idempotency_keys').select(['scope', 'key', 'body_hash']).execute();
    expect(rows).toEqual([{ scope: 'case-1', key: 'sign:k1', body_hash: 'hash-a' }]);
  });

  it('answers the first body hash to every later claim, whatever body it sends', async () => {
    await keys.claim('case-1', 'sign:k1', 'hash-a');
    expect(await keys.claim('case-1', 'sign:k1', 'hash-a')).toBe('hash-a');
    expect(await keys.claim('case-1', 'sign:k1', 'hash-b')).toBe('hash-a');
    expect(await db!.selectFrom('idempotency_keys').select('body_hash').execute()).toEqual([{ body_hash: 'hash-a' }]);
  });

  it('keeps keys of different scopes, and different keys of one scope, apart', async () => {
    await keys.claim('case-1', 'sign:k1', 'hash-a');
    expect(await keys.claim('case-2', 'sign:k1', 'hash-b')).toBe('hash-b');
    expect(await keys.claim('case-1', 'sign:k2', 'hash-c')).toBe('hash-c');
  });

  it('gives concurrent claims of one key the same first hash', async () => {
    const answers = await Promise.all(['h1', 'h2', 'h3', 'h4'].map((h) => keys.claim('case-1', 'sign:race', h)));
    expect(new Set(answers).size).toBe(1);
    expect(['h1', 'h2', 'h3', 'h4']).toContain(answers[0]);
  });

  it('release frees the key for the next body; releasing an unknown key does nothing', async () => {
    await keys.claim('case-1', 'sign:k1', 'hash-a');
    await keys.claim('case-2', 'sign:k1', 'hash-a');
    await keys.release('case-1', 'sign:k1');
    expect(await keys.claim('case-1', 'sign:k1', 'hash-b')).toBe('hash-b');
    expect(await keys.claim('case-2', 'sign:k1', 'hash-b')).toBe('hash-a');
    await expect(keys.release('case-9', 'sign:none')).resolves.toBeUndefined();
  });
});
