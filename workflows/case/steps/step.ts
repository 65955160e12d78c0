/**
 * A step of the procedure, as the case workflow runs it: its validator's checks and its change to
 * the case. One module per step (or per small family), registered in steps/index.ts; the step's
 * row in libs/contract/steps.ts gives its fields, update, route, label and party.
 *
 * The validator runs, in order: `refusal` (a more telling 409 than "not allowed at this stage"),
 * whether the stage allows the step (409), the fields of its row (400), `problems` (400: checks
 * that need the case, e.g. its policy's classification scheme), `conflict` (409 given the input).
 */
import type { CaseAction, FieldProblem, StepInputOf } from '../../../libs/contract';
import type { CaseFile } from '../case-file';

export interface Step<A extends CaseAction> {
  refusal?(file: CaseFile, input: Partial<StepInputOf<A>>): string | undefined;
  problems?(file: CaseFile, input: StepInputOf<A>): (FieldProblem | null | undefined | false)[];
  conflict?(file: CaseFile, input: StepInputOf<A>): string | undefined;
  /** Changes the case; only called once every check passed. */
  apply(file: CaseFile, input: StepInputOf<A>, at: Date): void;
}

/** A problem unless `ok`. */
export function unless(ok: boolean, field: string, problem: string): FieldProblem | null {
  return ok ? null : { field, problem };
}

/** The step's own fields, without the actor (who is recorded in the history). */
export function stepFields<T extends { actor?: string }>(input: T): Omit<T, 'actor'> {
  const { actor: _actor, ...rest } = input;
  return rest;
}
