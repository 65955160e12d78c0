import type { LaunchCase } from '../../../../libs/launch-sheet';
import type { CaseKind, HandlingPolicy } from '../../../../libs/policy';
import { CaseInput, caseIdOf } from '../../../../libs/contract';

/** A cycle as its cases need it: from the launch, or from its record when cases are added later. */
export interface CycleContext {
  cycleId: string;
  title: string;
  jurisdiction?: string;
  /** The session's close (闭会日期), for policies counting deadlines from it. */
  sessionClosedOn?: string;
  policies: Record<CaseKind, HandlingPolicy>;
}

/** The one place a cycle's fields and one of its cases become the case workflow's input. */
export function toCaseInput(cycle: CycleContext, c: LaunchCase, assignedOn: string): CaseInput {
  return {
    caseId: caseIdOf(cycle.cycleId, c.kind, c.number),
    cycleId: cycle.cycleId,
    cycleTitle: cycle.title,
    ...(cycle.jurisdiction ? { jurisdiction: cycle.jurisdiction } : {}),
    kind: c.kind,
    session: c.session,
    number: c.number,
    title: c.title,
    submitters: c.submitters,
    leadUnit: c.leadUnit,
    coUnits: c.coUnits,
    keySupervised: c.keySupervised,
    closedSession: c.closedSession,
    complex: c.complex,
    assignedOn,
    ...(cycle.sessionClosedOn ? { sessionClosedOn: cycle.sessionClosedOn } : {}),
    policy: cycle.policies[c.kind],
  };
}
