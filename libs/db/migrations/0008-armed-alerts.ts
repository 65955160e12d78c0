import { type Kysely, sql } from 'kysely';

/**
 * Armed alerts (case workflow v12, libs/contract/alert-arming.ts): an alert a ladder armed ahead
 * of its instant, whole, for the worker's dispatcher to send at that instant with no workflow
 * task in between. `state` is where it stands; a row only ever leaves `armed` (or `held`) once,
 * by one conditional update, which is what keeps two dispatchers, the API and the workflow from
 * both acting on it. The partial index is what the dispatcher polls: the armed rows by instant.
 * `family_id` is the case the alert belongs to (a co-unit's alerts belong to its case): the API
 * holds a case's family before it sends the case or a co-unit a step.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('armed_alerts')
    .addColumn('alert_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('family_id', 'text', (c) => c.notNull())
    .addColumn('deliver_at', 'timestamptz', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('armed', 'held', 'disarmed', 'claimed', 'emitted')`))
    .addColumn('alert', 'jsonb', (c) => c.notNull())
    .addColumn('armed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('armed_alerts_family').on('armed_alerts').column('family_id').execute();
  await db.schema.createIndex('armed_alerts_due').on('armed_alerts').column('deliver_at').where(sql.ref('state'), '=', 'armed').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('armed_alerts').ifExists().execute();
}
