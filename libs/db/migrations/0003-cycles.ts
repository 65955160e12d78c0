import { type Kysely, sql } from 'kysely';

/** Launched cycles: their title, jurisdiction and policies, so cases can be added to them later (闭会件). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cycles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('jurisdiction', 'text')
    .addColumn('session_closed_on', 'text')
    .addColumn('policies', 'jsonb', (c) => c.notNull())
    .addColumn('policy_overrides', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cycles').ifExists().execute();
}
