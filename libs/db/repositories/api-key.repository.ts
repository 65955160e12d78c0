import type { ApiKeyRow } from '../schema';
import { Repository } from './repository';

/** A key to store: its hash and prefix, never the key itself. */
export interface NewApiKeyRecord {
  id: string;
  prefix: string;
  hash: string;
  name: string;
  role: string;
  unit: string | null;
  expiresAt: Date | null;
}

/** API keys (`api_keys`). Callers hash keys; this table holds only hashes and prefixes. */
export class ApiKeyRepository extends Repository {
  async create(key: NewApiKeyRecord): Promise<ApiKeyRow> {
    return this.db
      .insertInto('api_keys')
      .values({
        id: key.id,
        prefix: key.prefix,
        hash: key.hash,
        name: key.name,
        role: key.role,
        unit: key.unit,
        expires_at: key.expiresAt,
        revoked_at: null,
        last_used_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async findByHash(hash: string): Promise<ApiKeyRow | undefined> {
    return this.db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
  }

  /**
   * The key, its row locked until the transaction ends (FOR UPDATE): call it inside
   * `withTransaction`.
   */
  async findByIdForUpdate(id: string): Promise<ApiKeyRow | undefined> {
    return this.db.selectFrom('api_keys').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  /** Every key, revoked and expired ones too, oldest first. */
  async list(): Promise<ApiKeyRow[]> {
    return this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  /** Whether a key of `role` is neither revoked nor expired at `now`, leaving out the key `except`. */
  async hasActive(role: string, now: Date, except?: string): Promise<boolean> {
    let q = this.db
      .selectFrom('api_keys')
      .select('id')
      .where('role', '=', role)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
    if (except !== undefined) q = q.where('id', '<>', except);
    return (await q.executeTakeFirst()) !== undefined;
  }

  /** Marks the key revoked at `at`; answers it as it now is. */
  async revoke(id: string, at: Date): Promise<ApiKeyRow> {
    return this.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }

  async recordUse(id: string, at: Date): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
