import { type Kysely, sql } from 'kysely';

/**
 * The read model: every case and co-unit as its workflow last projected it (v10), so lists,
 * search and statistics are SQL, and a closed case can be read for years without Temporal.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_views')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('cycle_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('session', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lead_unit', 'text', (c) => c.notNull())
    .addColumn('co_units', 'jsonb', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('overdue', 'boolean', (c) => c.notNull())
    .addColumn('key_supervised', 'boolean', (c) => c.notNull())
    .addColumn('needs_attention', 'boolean', (c) => c.notNull())
    .addColumn('closed_as', 'text')
    .addColumn('finished', 'boolean', (c) => c.notNull())
    .addColumn('assigned_on', 'text', (c) => c.notNull())
    .addColumn('reply_due_at', 'timestamptz')
    .addColumn('replied_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('version', 'integer')
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('view', 'jsonb', (c) => c.notNull())
    .addColumn('projected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('case_views_cycle').on('case_views').columns(['cycle_id', 'case_id']).execute();
  await db.schema.createIndex('case_views_lead_unit').on('case_views').columns(['lead_unit', 'stage']).execute();
  await db.schema.createIndex('case_views_stage').on('case_views').columns(['stage']).execute();
  await db.schema
    .createTable('co_unit_views')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('overdue', 'boolean', (c) => c.notNull())
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addColumn('view', 'jsonb', (c) => c.notNull())
    .addColumn('projected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('co_unit_views_pkey', ['case_id', 'unit'])
    .execute();
  await db.schema.createIndex('co_unit_views_unit').on('co_unit_views').columns(['unit']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('co_unit_views').ifExists().execute();
  await db.schema.dropTable('case_views').ifExists().execute();
}
