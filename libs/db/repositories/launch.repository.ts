import { sql } from 'kysely';
import type { ExistingCase } from '../../launch-sheet/compare';
import type { LaunchCaseTable, LaunchRow } from '../schema';
import { Repository } from './repository';

export type CaseOutcome = NonNullable<LaunchCaseTable['outcome']>;

/** What the launch workflow did with one of its cases. */
export interface HandledCase {
  seq: number;
  outcome: CaseOutcome;
  /** For `changed`: where the launch differs from the case. */
  differences?: unknown[];
}

/** A case of a launch as the launch resource reports it. */
export interface LaunchCaseOutcome {
  seq: number;
  caseId: string;
  row: number | null;
  outcome: CaseOutcome | null;
  differences: unknown[] | null;
}

/** A case as the read model has it, with what a launch compares (not its whole view: views are large). */
export interface CaseViewFields extends ExistingCase {
  caseId: string;
  stage: string;
}

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

  /** Records a launch and its cases (with the sheet row each came from) in one transaction: all of them, or nothing. */
  async createWithCases(launch: { id: string; cycleId: string }, cases: { caseId: string; input: object; row?: number }[]): Promise<LaunchRow> {
    return this.withTransaction(async (launches) => {
      const row = await launches.create({ ...launch, total: cases.length });
      for (let from = 0; from < cases.length; from += 500) {
        await launches.db
          .insertInto('launch_cases')
          .values(cases.slice(from, from + 500).map((c, i) => ({
            launch_id: launch.id, seq: from + i, case_id: c.caseId, input: JSON.stringify(c.input), started_at: null, row: c.row ?? null,
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

  /**
   * Records what the launch did with these cases (each once: a case already handled keeps its
   * outcome) and the launch's progress with them; returns how many are handled and how many left.
   */
  async markHandled(launchId: string, handled: HandledCase[], at: Date = new Date()): Promise<{ started: number; remaining: number }> {
    return this.withTransaction(async (launches) => {
      const plain = new Map<CaseOutcome, number[]>();
      for (const h of handled) {
        if (h.differences && h.differences.length > 0) {
          await launches.db.updateTable('launch_cases').set({ started_at: at, outcome: h.outcome, differences: JSON.stringify(h.differences) })
            .where('launch_id', '=', launchId).where('seq', '=', h.seq).where('started_at', 'is', null).execute();
        } else {
          plain.set(h.outcome, [...(plain.get(h.outcome) ?? []), h.seq]);
        }
      }
      for (const [outcome, seqs] of plain) {
        await launches.db.updateTable('launch_cases').set({ started_at: at, outcome })
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

  /** How many of the launch's cases had each outcome so far (cases not yet handled are not counted). */
  async outcomeCounts(launchId: string): Promise<Partial<Record<CaseOutcome, number>>> {
    const rows = await this.db.selectFrom('launch_cases').select(['outcome', sql<string>`count(*)`.as('n')])
      .where('launch_id', '=', launchId).where('outcome', 'is not', null).groupBy('outcome').execute();
    return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
  }

  /** The launch's cases in its order, with their outcomes; only those with one of `outcomes` if given. */
  async caseOutcomes(launchId: string, outcomes?: (CaseOutcome | null)[]): Promise<LaunchCaseOutcome[]> {
    let q = this.db.selectFrom('launch_cases').select(['seq', 'case_id', 'row', 'outcome', 'differences']).where('launch_id', '=', launchId);
    if (outcomes) {
      const named = outcomes.filter((o): o is CaseOutcome => o !== null);
      q = q.where((eb) => eb.or([
        ...(named.length > 0 ? [eb('outcome', 'in', named)] : []),
        ...(outcomes.includes(null) ? [eb('outcome', 'is', null)] : []),
      ]));
    }
    const rows = await q.orderBy('seq').execute();
    return rows.map((r) => ({ seq: r.seq, caseId: r.case_id, row: r.row, outcome: r.outcome, differences: r.differences }));
  }

  /**
   * The cases with these ids the read model has, with the fields a launch compares; a case not
   * yet projected (or never started) is missing from the map.
   */
  async caseViews(caseIds: string[]): Promise<Map<string, CaseViewFields>> {
    const found = new Map<string, CaseViewFields>();
    for (let from = 0; from < caseIds.length; from += 1000) {
      const ids = caseIds.slice(from, from + 1000);
      if (ids.length === 0) continue;
      const rows = await this.db.selectFrom('case_views')
        .select([
          'case_id', 'kind', 'session', 'number', 'title', 'lead_unit', 'co_units', 'key_supervised', 'stage',
          sql<string[]>`view->'submitters'`.as('submitters'),
          sql<boolean | null>`(view->>'closedSession')::boolean`.as('closed_session'),
          sql<boolean | null>`(view->>'complex')::boolean`.as('complex'),
        ])
        .where('case_id', 'in', ids).execute();
      for (const r of rows) {
        found.set(r.case_id, {
          caseId: r.case_id, kind: r.kind, session: r.session, number: r.number, title: r.title, submitters: r.submitters ?? [],
          leadUnit: r.lead_unit, coUnits: r.co_units, keySupervised: r.key_supervised, stage: r.stage,
          ...(r.closed_session !== null ? { closedSession: r.closed_session } : {}),
          ...(r.complex !== null ? { complex: r.complex } : {}),
        });
      }
    }
    return found;
  }

  /**
   * Every case id the cycle is known to have: in the read model, or recorded by one of its
   * launches (`started` only: those a launch has handled, i.e. that exist).
   */
  async knownCaseIds(cycleId: string, { started = false }: { started?: boolean } = {}): Promise<Set<string>> {
    let launched = this.db.selectFrom('launch_cases').innerJoin('launches', 'launches.id', 'launch_cases.launch_id')
      .select('launch_cases.case_id').where('launches.cycle_id', '=', cycleId);
    if (started) launched = launched.where('launch_cases.started_at', 'is not', null);
    const [views, launches] = await Promise.all([
      this.db.selectFrom('case_views').select('case_id').where('cycle_id', '=', cycleId).execute(),
      launched.execute(),
    ]);
    return new Set([...views, ...launches].map((r) => r.case_id));
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
