import { type Kysely, sql } from 'kysely';

/** The years a calendar version loads whole (the November notice for next year): they stop being provisional. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('calendar_versions')
    .addColumn('covers_years', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('calendar_versions').dropColumn('covers_years').execute();
}
