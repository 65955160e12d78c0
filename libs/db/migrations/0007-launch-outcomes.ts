import { type Kysely, sql } from 'kysely';

/**
 * What a launch did with each of its cases (launch_cases): the sheet row it came from, and once
 * handled its outcome — started (`created`), found with the same content (`unchanged`), found
 * with other content (`changed`, the differences kept), or found but not comparable (`existing`:
 * not yet in the read model). Launches recorded before this migration have no outcomes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('launch_cases')
    .addColumn('row', 'integer')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('created', 'unchanged', 'changed', 'existing')`))
    .addColumn('differences', 'jsonb')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('launch_cases').dropColumn('differences').dropColumn('outcome').dropColumn('row').execute();
}
