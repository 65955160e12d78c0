import type { Db } from '../database';

/**
 * What every repository shares: the executor its queries run on (the connection pool, or a
 * transaction), and a way to run several queries — its own and other repositories' — in one
 * transaction.
 */
export abstract class Repository {
  constructor(protected readonly db: Db) {}

  /** The same repository on another executor, e.g. a transaction another repository started. */
  using(executor: Db): this {
    return new (this.constructor as new (db: Db) => this)(executor);
  }

  /**
   * Runs `fn` in one transaction with this repository bound to it; `tx` binds others
   * (`other.using(tx)`). A throw rolls it all back. Already in a transaction: runs in that one.
   */
  withTransaction<T>(fn: (repository: this, tx: Db) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this, this.db);
    return this.db.transaction().execute((tx) => fn(this.using(tx), tx));
  }
}
