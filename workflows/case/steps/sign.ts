import type { Step } from './step';
import { completeStep } from './chain';
import { CaseStage } from '../../../libs/contract';

/** 签收: the lead unit acknowledges the case. */
export const sign: Step<'sign'> = {
  apply(file, input, at) {
    completeStep(file, 'sign', at);
    file.advance(CaseStage.Signed, 'sign', file.actor(input), at, {});
  },
};
