import type { WorkflowHandle } from '@temporalio/client';
import {
  CaseAction,
  CaseView,
  CoUnitAction,
  CoUnitInputOf,
  coUnitStepUpdate,
  CoUnitView,
  getCoUnitStateQuery,
  getStateQuery,
  StepInputOf,
  stepUpdate,
} from '../../libs/contract';

/** Performs a case step through its update (as the API does) and reads the case after it by query. */
export async function step<A extends CaseAction>(
  handle: WorkflowHandle,
  action: A,
  input: StepInputOf<A>,
  options: { updateId?: string } = {},
): Promise<CaseView> {
  await handle.executeUpdate(stepUpdate(action), { args: [input], ...options });
  return handle.query(getStateQuery);
}

/** Performs a co-unit's step on its own workflow and reads its part after it. */
export async function coUnitStep<A extends CoUnitAction>(handle: WorkflowHandle, action: A, input: CoUnitInputOf<A>): Promise<CoUnitView> {
  await handle.executeUpdate(coUnitStepUpdate(action), { args: [input] });
  return handle.query(getCoUnitStateQuery);
}
