import { Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { CASE_WORKFLOW_TYPE, caseIdOf } from '../../../../libs/contract';
import { LaunchRepository } from '../../../../libs/db';
import {
  columnLabel,
  compareCase,
  differenceProblem,
  fillLabel,
  numberKey,
  type CaseDifference,
  type LaunchCase,
  type LaunchOutcome,
  type SheetColumn,
} from '../../../../libs/launch-sheet';
import type { FieldProblem } from '../errors/api-errors';

/** A case a launch names: where it came from (a sheet row, or its place in JSON `cases`). */
export interface PlannedCase {
  caseId: string;
  case: LaunchCase;
  /** The sheet row (uploads). */
  row?: number;
  /** The place in `cases` (JSON), from 0. */
  index: number;
}

/** How the launch would find one case. */
export interface CasePlan {
  planned: PlannedCase;
  outcome: LaunchOutcome;
  differences?: CaseDifference[];
}

/** Where a launch's cases are named in problems: sheet rows and their headers, or JSON fields. */
export interface ProblemPlace {
  /** The sheet's headers as written, for uploads; absent for JSON. */
  headers?: Partial<Record<SheetColumn, string>>;
}

/**
 * What a launch would do with each case before anything is recorded: compare it with the case
 * of its id the read model has (`unchanged`, `changed` with each difference), and otherwise
 * start it (`created`) — or, for a preview, find it existing all the same (`existing`: started
 * by an earlier launch or listed by Temporal, but not yet projected). The launch workflow decides
 * again as it handles each case; this is what the dry run shows and what refuses a launch whose
 * rows differ from the cases they name.
 */
@Injectable()
export class LaunchPlanner {
  constructor(
    private readonly launches: LaunchRepository,
    private readonly client: Client,
  ) {}

  async plan(cycleId: string, cases: PlannedCase[], { preview }: { preview: boolean }): Promise<CasePlan[]> {
    const views = await this.launches.caseViews(cases.map((c) => c.caseId));
    const existing = preview ? await this.existingCaseIds(cycleId) : new Set<string>();
    return cases.map((planned) => {
      const view = views.get(planned.caseId);
      if (view) {
        const differences = compareCase(planned.case, view);
        return differences.length > 0 ? { planned, outcome: 'changed', differences } : { planned, outcome: 'unchanged' };
      }
      return { planned, outcome: existing.has(planned.caseId) ? 'existing' : 'created' };
    });
  }

  /**
   * A number that is the same to a person as a case the cycle has under another spelling (7 for
   * 007, a-1 for A-1) would start a second case for it: refused, naming the case that exists.
   */
  async launchedNumberProblems(cycleId: string, cases: PlannedCase[], place: ProblemPlace): Promise<FieldProblem[]> {
    const known = await this.launches.knownCaseIds(cycleId);
    if (known.size === 0) return [];
    const byKey = new Map<string, string>();
    for (const id of known) {
      const [, kind, number] = id.split('.');
      if (kind !== undefined && number !== undefined) byKey.set(`${kind}/${numberKey(number)}`, number);
    }
    const problems: FieldProblem[] = [];
    for (const c of cases) {
      if (known.has(c.caseId)) continue;
      const existing = byKey.get(`${c.case.kind}/${numberKey(c.case.number)}`);
      if (existing === undefined) continue;
      const problem = fillLabel('launchedNumber', { value: c.case.number, existing });
      problems.push(problemAt(c, 'number', problem, place));
    }
    return problems;
  }

  /** Cases of the cycle that exist: handled by one of its launches, or listed by Temporal (whatever the read model has). */
  private async existingCaseIds(cycleId: string): Promise<Set<string>> {
    const ids = await this.launches.knownCaseIds(cycleId, { started: true });
    // cycleId is lower-case letters, digits and hyphens (validated): safe inside the query's quotes.
    for await (const execution of this.client.workflow.list({ query: `BanliCycle = "${cycleId}" AND WorkflowType = "${CASE_WORKFLOW_TYPE}"` })) {
      ids.add(execution.workflowId);
    }
    return ids;
  }
}

/** The cases of a launch with the ids they get, in order. */
export function plannedCases(cycleId: string, cases: (LaunchCase & { row?: number })[]): PlannedCase[] {
  return cases.map((c, index) => ({ caseId: caseIdOf(cycleId, c.kind, c.number), case: c, index, ...(c.row !== undefined ? { row: c.row } : {}) }));
}

/** One problem per difference of each changed case: the sheet's row and column, or the JSON field. */
export function differenceProblems(plans: CasePlan[], place: ProblemPlace): FieldProblem[] {
  return plans.flatMap((p) => (p.differences ?? []).map((d) => problemAt(p.planned, d.field, differenceProblem(d), place)));
}

function problemAt(c: PlannedCase, column: SheetColumn, problem: string, place: ProblemPlace): FieldProblem {
  if (c.row !== undefined) {
    return { field: 'file', row: c.row, column: place.headers?.[column] ?? columnLabel(column), problem } as FieldProblem;
  }
  return { field: `cases.${c.index}.${JSON_FIELD[column]}`, problem };
}

/** The JSON launch's field of each sheet column (the lead submitter and co-signers are `submitters`). */
const JSON_FIELD: Record<SheetColumn, string> = {
  kind: 'kind',
  session: 'session',
  number: 'number',
  title: 'title',
  leadSubmitter: 'submitters',
  coSigners: 'submitters',
  leadUnit: 'leadUnit',
  coUnits: 'coUnits',
  keySupervised: 'keySupervised',
  closedSession: 'closedSession',
  complex: 'complex',
};
