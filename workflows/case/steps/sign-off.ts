import { CaseStage } from '../../../libs/contract';
import { chainStepDue, missingCoOpinions } from '../allowed-actions';
import { completeStep } from './chain';
import type { Step } from './step';

/** 审签: the unit head signs the draft — not while a co-unit's opinion is missing. */
export const signOff: Step<'sign-off'> = {
  refusal(file) {
    const waiting = missingCoOpinions(file);
    return chainStepDue(file) === 'sign-off' && waiting.length > 0 ? `waiting for the co-unit opinions of ${waiting.join(', ')}` : undefined;
  },
  apply(file, input, at) {
    const by = input.actor ?? `${file.state.leadUnit}负责人`;
    file.state.signOff = { by, at: at.toISOString(), ...(input.note ? { note: input.note } : {}) };
    completeStep(file, 'sign-off', at);
    file.advance(CaseStage.SignedOff, 'sign-off', by, at, {});
  },
};
