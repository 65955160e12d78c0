import { createDatabase, type Db, migrateToLatest } from '../../libs/db';
import { spawnEmbeddedPostgres } from './postgres';
import type { Teardown } from './teardown';

/**
 * A migrated embedded PostgreSQL for suites that run a case worker without the whole system: the
 * worker's activities store alerts, launches and the read model there (v10 cases project into it).
 * Both the server and the pool are stopped by `teardown`.
 */
export async function migratedDatabase(teardown: Teardown): Promise<Db> {
  const postgres = teardown.add('embedded PostgreSQL', await spawnEmbeddedPostgres(), (p) => p.stop());
  const db = teardown.add('database pool', createDatabase(postgres.url), (d) => d.destroy());
  await migrateToLatest(db);
  return db;
}
