/**
 * One NPC suggestion, CPPCC proposal or hotline ticket, from assignment to closed (and published).
 * The workflow registers one update per step of the table (its validator and its change come from
 * the step's module) and hands the waiting to the driver of the version the case started under.
 */
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import {
  CASE_ACTIONS,
  CaseAction,
  CaseInput,
  CaseView,
  fieldProblems,
  getStateQuery,
  StepInputOf,
  STEPS,
  stepUpdate,
} from '../../libs/contract';
import { allowedActions } from './allowed-actions';
import { CaseFile } from './case-file';
import { Change, legacyChange } from './drivers/changes';
import { engineDriver } from './drivers/engine';
import { fullProcedureV8 } from './drivers/full-procedure';
import { legacyDriver } from './drivers/legacy';
import { chooseProcedure } from './procedure';
import { searchAttributeWriter } from './search-attributes';
import { STEP_MODULES } from './steps';

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  const startedAt = new Date();
  const procedure = chooseProcedure();
  const file = new CaseFile(input, procedure, startedAt);
  const change = procedure.engine ? writingSearchAttributes(file) : legacyChange(file);

  setHandler(getStateQuery, () => file.view());
  for (const action of CASE_ACTIONS) register(file, action, change);

  if (procedure.engine) await engineDriver(file, startedAt, change);
  else if (procedure.policySteps) await fullProcedureV8(file, startedAt, change);
  else await legacyDriver(file, startedAt, change);
  await condition(allHandlersFinished);
  return file.view();
}

/** The step's update: its validator refuses it with the reason and the stage, its handler applies it. */
function register<A extends CaseAction>(file: CaseFile, action: A, change: Change): void {
  setHandler(
    stepUpdate(action),
    (input) => {
      change(() => STEP_MODULES[action].apply(file, input, new Date()));
      return file.result(action);
    },
    { validator: (input) => checkStep(file, action, input) },
  );
}

/**
 * Refuses a step that is not allowed now (409 with the stage and what is allowed) or whose input
 * is wrong (400, one problem per field); otherwise lets it through. Nothing is written on refusal.
 */
export function checkStep<A extends CaseAction>(file: CaseFile, action: A, input: StepInputOf<A>): void {
  const step = STEP_MODULES[action];
  const early = step.refusal?.(file, typeof input === 'object' && input !== null ? input : {});
  if (early) throw file.refusal(action, early);
  if (!allowedActions(file).includes(action)) throw file.refusal(action, `${action} is not allowed at stage ${file.stage}`);
  const wrong = fieldProblems(STEPS[action].action.fields, input);
  if (wrong.length > 0) file.refuseInput(wrong);
  const problems = (step.problems?.(file, input) ?? []).filter((p) => !!p);
  const firstPerField = problems.filter((p, i) => problems.findIndex((q) => q.field === p.field) === i);
  if (firstPerField.length > 0) file.refuseInput(firstPerField);
  const conflict = step.conflict?.(file, input);
  if (conflict) throw file.refusal(action, conflict);
}

/**
 * v9: every change is followed by writing the search attributes that differ (search-attributes.ts);
 * v10: and counted (`revision`), for the read model to keep the latest.
 */
function writingSearchAttributes(file: CaseFile): Change {
  const write = searchAttributeWriter(file);
  write(); // the version, and what the launch did not write
  return (change) => {
    const result = change();
    if (file.state.revision !== undefined) file.state.revision += 1;
    write();
    return result;
  };
}
