/**
 * The case and co-unit workflows' messages: one update per step of the table, derived from its
 * row (the update's name is the row's, kept for cases in flight), the state queries, and the
 * signals a case sends its co-units. The API imports these; it never imports workflow code.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseView, CoUnitClock, CoUnitStepResult, CoUnitView, StepResult } from './case.types';
import type { ReindexProgress } from './launch';
import { CaseAction, CO_UNIT_STEPS, CoUnitAction, CoUnitInputOf, StepInputOf, STEPS } from './steps';

export const getStateQuery = defineQuery<CaseView>('getState');

/** The update that performs a case step. */
export function stepUpdate<A extends CaseAction>(action: A): UpdateDefinition<StepResult, [StepInputOf<A>], string> {
  return defineUpdate<StepResult, [StepInputOf<A>]>(STEPS[action].action.update);
}

export const getCoUnitStateQuery = defineQuery<CoUnitView>('getCoUnitState');

/** How far a reindex has come. */
export const reindexProgressQuery = defineQuery<ReindexProgress>('reindexProgress');

/** The update that performs a co-unit's step in its own workflow. */
export function coUnitStepUpdate<A extends CoUnitAction>(action: A): UpdateDefinition<CoUnitStepResult, [CoUnitInputOf<A>], string> {
  return defineUpdate<CoUnitStepResult, [CoUnitInputOf<A>]>(CO_UNIT_STEPS[action].update);
}

/** The case was withdrawn (or ended): the co-unit's part is cancelled and its workflow ends. */
export const cancelCoUnitSignal = defineSignal<[{ reason: string; by: string }]>('cancelCoUnit');
/** The case's clock stopped or restarted: the co-unit's deadlines follow it. */
export const coUnitClockSignal = defineSignal<[CoUnitClock]>('coUnitClock');
