import { CaseStage } from '../../../libs/contract';
import { completeStep } from './chain';
import { Step, stepFields } from './step';

/** 工作方案: what will be done, who is responsible, when it will be complete. */
export const workPlan: Step<'work-plan'> = {
  apply(file, input, at) {
    file.state.workPlan = { ...stepFields(input), submittedAt: at.toISOString() };
    completeStep(file, 'work-plan', at);
    file.advance(CaseStage.Planned, 'work-plan', file.actor(input), at, {
      responsible: input.responsible,
      plannedCompletionOn: input.plannedCompletionOn,
    });
  },
};
