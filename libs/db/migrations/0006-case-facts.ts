import { type Kysely } from 'kysely';

/**
 * The statistics' facts of each case and co-unit (libs/statistics/case-facts.ts), stored as text
 * beside the view when it is projected: a cycle's statistics read a few megabytes, not its views.
 * Rows projected before this (or under another `facts_version`) have none until reindexed; the
 * statistics read their views instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['case_views', 'co_unit_views']) {
    await db.schema.alterTable(table).addColumn('facts', 'text').execute();
    await db.schema.alterTable(table).addColumn('facts_version', 'integer').execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['case_views', 'co_unit_views']) {
    await db.schema.alterTable(table).dropColumn('facts_version').execute();
    await db.schema.alterTable(table).dropColumn('facts').execute();
  }
}
