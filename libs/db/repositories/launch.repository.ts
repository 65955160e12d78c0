import type { LaunchRow } from '../schema';
import { Repository } from './repository';

/** Background launches (`launches`): how many of a launch's cases have been started, and how it ended. */
export class LaunchRepository extends Repository {
  /** Records a launch of `total` cases as running, none started yet. */
  async create(launch: { id: string; cycleId: string; total: number }): Promise<LaunchRow> {
    return this.db
      .insertInto('launches')
      .values({ id: launch.id, cycle_id: launch.cycleId, status: 'running', total: launch.total, started: 0, error: null, finished_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async findById(id: string): Promise<LaunchRow | undefined> {
    return this.db.selectFrom('launches').selectAll().where('id', '=', id).executeTakeFirst();
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
