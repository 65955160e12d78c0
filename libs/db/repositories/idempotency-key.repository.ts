import { Repository } from './repository';

/** Idempotency keys (`idempotency_keys`): which body a key was first sent with, per scope. */
export class IdempotencyKeyRepository extends Repository {
  /**
   * Claims the key for `bodyHash` unless it is claimed already; answers the body hash the key
   * belongs to (this one, or the first one sent with it).
   */
  async claim(scope: string, key: string, bodyHash: string): Promise<string> {
    await this.db
      .insertInto('idempotency_keys')
      .values({ scope, key, body_hash: bodyHash })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .execute();
    const first = await this.db
      .selectFrom('idempotency_keys')
      .select('body_hash')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    return first.body_hash;
  }

  /** Frees the key: the next claim takes it with its own body. */
  async release(scope: string, key: string): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
  }
}
