import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { migrationProvider, RENAMED_MIGRATIONS } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/** A query builder over a PostgreSQL connection pool: a real server, or the embedded one (PGlite). */
export function createDatabase(url: string, poolSize = 5): Db {
  const pool = new Pool({ connectionString: url, max: poolSize });
  // A lost idle connection (the server restarted) is dropped by the pool; unlistened, its 'error' would end the process.
  pool.on('error', (err) => console.warn(`database: an idle connection was lost (${err.message}); the pool opens a new one when needed`));
  // The pool listens only while a connection is idle. One lost while checked out between two
  // queries (a transaction's) would end the process the same way: here its next query fails
  // instead ("not queryable"), and the pool drops it when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Runs every migration not yet applied; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  await renameAppliedMigrations(db);
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

/** Records of migrations applied under their former names get their current ones (idempotent). */
async function renameAppliedMigrations(db: Db): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ table: string | null }>`select to_regclass('kysely_migration')::text as table`.execute(tx);
    if (!rows[0]?.table) return; // a new database: nothing applied yet
    for (const [from, to] of RENAMED_MIGRATIONS) {
      await sql`update kysely_migration set name = ${to} where name = ${from}`.execute(tx);
    }
  });
}
