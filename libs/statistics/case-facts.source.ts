/**
 * The query the statistics need: every case of a cycle as CaseFacts — the row's columns and the
 * facts stored beside its view when it was projected — and every co-unit's part of the cycle's
 * cases. A row stored before the facts existed, or under another FACTS_VERSION, is read from its
 * whole view (slower) and gives the same facts.
 */
import { sql } from 'kysely';
import type { CaseView, CoUnitView } from '../contract';
import type { CaseKind } from '../policy';
import { Repository } from '../db/repositories/repository';
import { type CaseFacts, caseFactsOf, type CoUnitFacts, coUnitFactsOf, FACTS_VERSION, type StoredFacts } from './case-facts';

interface CaseRow {
  case_id: string;
  kind: CaseKind;
  session: string;
  number: string;
  title: string;
  lead_unit: string;
  key_supervised: boolean;
  stage: string;
  closed_as: string | null;
  assigned_on: string;
  facts: string | null;
  view: CaseView | null;
}

interface CoUnitRow {
  case_id: string;
  unit: string;
  kind: CaseKind;
  key_supervised: boolean;
  closed_as: string | null;
  facts: string | null;
  view: CoUnitView | null;
}

/** Reads the facts of a cycle's cases from `case_views` and `co_unit_views`. */
export class CaseFactsSource extends Repository {
  async caseFacts(cycleId: string): Promise<CaseFacts[]> {
    const { rows } = await sql<CaseRow>`
      select case_id, kind, session, number, title, lead_unit, key_supervised, stage, closed_as, assigned_on,
             case when facts_version = ${FACTS_VERSION} then facts end as facts,
             case when facts_version is distinct from ${FACTS_VERSION} then view end as view
      from case_views where cycle_id = ${cycleId} order by case_id`.execute(this.db);
    return rows.map((r) => {
      if (r.facts === null) return caseFactsOf(r.view!);
      const stored = JSON.parse(r.facts) as StoredFacts;
      return {
        caseId: r.case_id, kind: r.kind, session: r.session, number: r.number, title: r.title, leadUnit: r.lead_unit,
        keySupervised: r.key_supervised, stage: r.stage, ...(r.closed_as !== null ? { closedAs: r.closed_as } : {}), assignedOn: r.assigned_on,
        ...stored,
      };
    });
  }

  async coUnitFacts(cycleId: string): Promise<CoUnitFacts[]> {
    const { rows } = await sql<CoUnitRow>`
      select u.case_id, u.unit, c.kind, c.key_supervised, c.closed_as,
             case when u.facts_version = ${FACTS_VERSION} then u.facts end as facts,
             case when u.facts_version is distinct from ${FACTS_VERSION} then u.view end as view
      from co_unit_views u join case_views c on c.case_id = u.case_id
      where c.cycle_id = ${cycleId} order by u.case_id, u.unit`.execute(this.db);
    return rows.map((r) => {
      const of = { kind: r.kind, keySupervised: r.key_supervised, ...(r.closed_as !== null ? { closedAs: r.closed_as } : {}) };
      if (r.facts === null) return coUnitFactsOf(r.view!, of);
      return { caseId: r.case_id, unit: r.unit, kind: r.kind, keySupervised: r.key_supervised, withdrawn: r.closed_as === 'withdrawn', ...JSON.parse(r.facts) };
    });
  }
}
