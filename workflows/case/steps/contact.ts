import { CaseStage } from '../../../libs/contract';
import { completeStep } from './chain';
import { Step, stepFields } from './step';

/** 办前沟通: the unit met or called the submitter (face to face counts toward the meeting rate). */
export const contact: Step<'contact'> = {
  apply(file, input, at) {
    file.state.contacts.push({ ...stepFields(input), recordedAt: at.toISOString() });
    completeStep(file, 'contact', at);
    file.advance(CaseStage.Contacted, 'contact', file.actor(input), at, { method: input.method, contactedOn: input.contactedOn });
  },
};
