/**
 * The rules of a case that need no state: which steps each stage allows, and the checks of a
 * step's fields. Pure, for the workflow sandbox and for unit tests alike.
 */
import { isIsoDate } from '../../libs/calendar/iso-date';
import { CaseAction, CaseStage, ChainStep, FieldProblem } from './case.definitions';

/** Which actions each stage allows, for cases started before the full procedure (CasePatch.FullProcedure). */
export const ALLOWED: Record<CaseStage, CaseAction[]> = {
  [CaseStage.Assigned]: [CaseAction.Sign],
  [CaseStage.Signed]: [CaseAction.WorkPlan],
  [CaseStage.Planned]: [CaseAction.Contact],
  [CaseStage.Contacted]: [CaseAction.Contact, CaseAction.Reply],
  [CaseStage.Replied]: [CaseAction.Visit],
  [CaseStage.Visited]: [CaseAction.Survey],
  [CaseStage.Rehandling]: [CaseAction.Contact, CaseAction.Reply],
  [CaseStage.Consultation]: [CaseAction.Consult],
  [CaseStage.Closed]: [],
  [CaseStage.ReturnRequested]: [],
  [CaseStage.Drafted]: [],
  [CaseStage.CoSigned]: [],
  [CaseStage.SignedOff]: [],
  [CaseStage.Reviewed]: [],
  [CaseStage.Revision]: [],
};

/** The stage each step of the chain leads to. */
export const STAGE_AFTER: Record<ChainStep, CaseStage> = {
  sign: CaseStage.Signed,
  'work-plan': CaseStage.Planned,
  contact: CaseStage.Contacted,
  'draft-reply': CaseStage.Drafted,
  'co-sign': CaseStage.CoSigned,
  'sign-off': CaseStage.SignedOff,
  review: CaseStage.Reviewed,
  reply: CaseStage.Replied,
  visit: CaseStage.Visited,
};

export type StepInputLike = { actor?: string };

/** The step's own fields, without the actor (who is recorded in the history). */
export function stepFields<T extends StepInputLike>(input: T): Omit<T, 'actor'> {
  const { actor: _actor, ...rest } = input;
  return rest;
}

export function text(field: string, value: unknown): FieldProblem | null {
  return typeof value === 'string' && value.trim().length > 0 ? null : { field, problem: 'must be a non-empty string' };
}

export function date(field: string, value: unknown): FieldProblem | null {
  return typeof value === 'string' && isIsoDate(value) ? null : { field, problem: 'must be a real date YYYY-MM-DD' };
}

export function oneOf(field: string, value: unknown, allowed: readonly string[]): FieldProblem | null {
  return typeof value === 'string' && allowed.includes(value)
    ? null
    : { field, problem: `must be one of: ${allowed.join(', ')}` };
}
