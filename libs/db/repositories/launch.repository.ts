import { sql } from 'kysely';
import type { LaunchRow } from '../schema';
import { Repository } from './repository';

/**
 * Launches (`launches`) and their cases (`launch_cases`): a launch is recorded with every case it
 * starts, then the launch workflow takes them batch by batch and counts them as started.
 */
export class LaunchRepository extends Repository {
  /** Records a launch of `total` cases as running, none started yet. */
  async create(launch: { id: string; cycleId: string; total: number }): Promise<LaunchRow> {
    return this.db
      .insertInto('launches')
      .values({ id: launch.id, cycle_id: launch.cycleId, status: 'running', total: launch.total, started: 0, error: null, finished_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Records a launch and its cases in one transaction: all of them, or nothing. */
  async createWithCases(launch: { id: string; cycleId: string }, cases: { caseId: string; input: object }[]): Promise<LaunchRow> {
    return this.withTransaction(async (launches) => {
      const row = await launches.create({ ...launch, total: cases.length });
      for (let from = 0; from < cases.length; from += 500) {
        await launches.db
          .insertInto('launch_cases')
          .values(cases.slice(from, from + 500).map((c, i) => ({
            launch_id: launch.id, seq: from + i, case_id: c.caseId, input: JSON.stringify(c.input), started_at: null,
          })))
          .execute();
      }
      return row;
    });
  }

  async findById(id: string): Promise<LaunchRow | undefined> {
    return this.db.selectFrom('launches').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Launches still running that have their cases stored (the launch workflow takes them). */
  async runningWithCases(): Promise<LaunchRow[]> {
    return this.db.selectFrom('launches').selectAll()
      .where('status', '=', 'running')
      .where((eb) => eb.exists(eb.selectFrom('launch_cases').select('seq').whereRef('launch_cases.launch_id', '=', 'launches.id')))
      .orderBy('created_at')
      .execute();
  }

  /** The next cases not yet started, in the launch's order. */
  async casesToStart(launchId: string, limit: number): Promise<{ seq: number; caseId: string; input: Record<string, unknown> }[]> {
    const rows = await this.db.selectFrom('launch_cases').select(['seq', 'case_id', 'input'])
      .where('launch_id', '=', launchId).where('started_at', 'is', null)
      .orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ seq: r.seq, caseId: r.case_id, input: r.input }));
  }

  /** Counts cases as started and the launch's progress with them; returns how many are started and left. */
  async markStarted(launchId: string, seqs: number[], at: Date = new Date()): Promise<{ started: number; remaining: number }> {
    return this.withTransaction(async (launches) => {
      if (seqs.length > 0) {
        await launches.db.updateTable('launch_cases').set({ started_at: at })
          .where('launch_id', '=', launchId).where('seq', 'in', seqs).where('started_at', 'is', null).execute();
      }
      const counts = await launches.db.selectFrom('launch_cases')
        .select([sql<string>`count(started_at)`.as('started'), sql<string>`count(*) - count(started_at)`.as('remaining')])
        .where('launch_id', '=', launchId).executeTakeFirstOrThrow();
      const started = Number(counts.started);
      await launches.progress(launchId, started);
      return { started, remaining: Number(counts.remaining) };
    });
  }

  /** How many cases the launch has started so far; a launch no longer running is left as it ended. */
  async progress(id: string, started: number): Promise<void> {
    await this.db.updateTable('launches').set({ started }).where('id', '=', id).where('status', '=', 'running').execute();
  }

  /** The launch completed, `started` cases launched (or already running). */
  async finish(id: string, started: number, at: Date = new Date()): Promise<void> {
    await this.db.updateTable('launches').set({ status: 'completed', started, finished_at: at }).where('id', '=', id).execute();
  }

  /** The launch stopped after `started` cases, for `error`. */
  async fail(id: string, started: number, error: string, at: Date = new Date()): Promise<void> {
    await this.db.updateTable('launches').set({ status: 'failed', started, error, finished_at: at }).where('id', '=', id).execute();
  }
}
