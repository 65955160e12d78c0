import type { CycleRow } from '../schema';
import { Repository } from './repository';

export interface NewCycle {
  id: string;
  title: string;
  jurisdiction: string | null;
  sessionClosedOn: string | null;
  policies: Record<string, unknown>;
  policyOverrides: Record<string, unknown> | null;
}

/** Launched cycles (`cycles`): written at a cycle's first launch, never changed. */
export class CycleRepository extends Repository {
  /** Stores the cycle unless it is stored already; answers the cycle as stored (by its first launch). */
  async insertOnce(cycle: NewCycle): Promise<CycleRow> {
    await this.db
      .insertInto('cycles')
      .values({
        id: cycle.id,
        title: cycle.title,
        jurisdiction: cycle.jurisdiction,
        session_closed_on: cycle.sessionClosedOn,
        policies: JSON.stringify(cycle.policies),
        policy_overrides: cycle.policyOverrides === null ? null : JSON.stringify(cycle.policyOverrides),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return this.db.selectFrom('cycles').selectAll().where('id', '=', cycle.id).executeTakeFirstOrThrow();
  }

  async findById(id: string): Promise<CycleRow | undefined> {
    return this.db.selectFrom('cycles').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
