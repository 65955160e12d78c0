import { CaseStage } from '../../../libs/contract';
import { completeStep } from './chain';
import { Step, stepFields } from './step';

/** 走访: the visit after the reply (counts toward the meeting rate). */
export const visit: Step<'visit'> = {
  apply(file, input, at) {
    file.state.visit = { ...stepFields(input), recordedAt: at.toISOString() };
    completeStep(file, 'visit', at);
    file.advance(CaseStage.Visited, 'visit', file.actor(input), at, { visitedOn: input.visitedOn, method: input.method });
  },
};
