import { CaseStage } from '../../../libs/contract';
import { completeStep } from './chain';
import { inScheme } from './draft-reply';
import { Step, stepFields, unless } from './step';

const CONTENT = ['text', 'classification', 'contactPerson', 'contactPhone'] as const;

/**
 * 答复: the reply goes to every submitter. Under a policy with a draft step it is the reviewed
 * draft (the request carries only the letter's date); otherwise (the hotline) the request carries it.
 */
export const reply: Step<'reply'> = {
  problems(file, input) {
    if (file.requires('draft-reply')) {
      return CONTENT.filter((f) => input[f] !== undefined)
        .map((field) => ({ field, problem: 'is not accepted: the reply sends the reviewed draft (change it with draft-reply)' }));
    }
    return [
      unless(input.text !== undefined, 'text', 'must be a non-empty string'),
      inScheme(file.input.policy.classificationScheme, 'classification', input.classification),
      unless(input.contactPerson !== undefined, 'contactPerson', 'must be a non-empty string'),
      unless(input.contactPhone !== undefined, 'contactPhone', 'must be a non-empty string'),
    ];
  },
  apply(file, input, at) {
    const draft = file.requires('draft-reply') ? file.state.draft : undefined;
    const content = draft
      ? { text: draft.text, classification: draft.classification, contactPerson: draft.contactPerson, contactPhone: draft.contactPhone }
      : stepFields(input);
    file.state.reply = {
      ...content,
      repliedAt: at.toISOString(),
      repliedTo: [...file.state.submitters],
      ...(file.procedure.surveyRounds ? { round: file.round } : {}),
      ...(input.repliedOn ? { repliedOn: input.repliedOn } : {}),
    };
    completeStep(file, 'reply', at);
    file.advance(CaseStage.Replied, 'reply', file.actor(input), at, {
      classification: file.state.reply.classification,
      repliedTo: file.state.submitters,
    });
  },
};
