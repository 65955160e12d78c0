import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/** A query builder over a PostgreSQL connection pool: a real server, or the embedded one (PGlite). */
export function createDatabase(url: string, poolSize = 5): Db {
  const pool = new Pool({ connectionString: url, max: poolSize });
  // A lost idle connection (the server restarted) is dropped by the pool; unlistened, its 'error' would end the process.
  pool.on('error', (err) => console.warn(`database: an idle connection was lost (${err.message}); the pool opens a new one when needed`));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Runs every migration not yet applied; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
