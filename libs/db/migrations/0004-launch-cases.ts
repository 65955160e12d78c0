import { type Kysely } from 'kysely';

/**
 * The cases of a launch, stored with it before anything starts: the launch workflow starts them
 * from here, batch by batch, whatever becomes of the API that accepted the launch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('launch_cases')
    .addColumn('launch_id', 'text', (c) => c.notNull().references('launches.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addPrimaryKeyConstraint('launch_cases_pkey', ['launch_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('launch_cases').ifExists().execute();
}
