import { CaseStage } from '../../../libs/contract';
import { completeStep } from './chain';
import { Step, stepFields, unless } from './step';

/** 草拟答复: the reply's text, its mark and the contact; redrafted until signed off (or after a send-back). */
export const draftReply: Step<'draft-reply'> = {
  problems: (file, input) => [inScheme(file.input.policy.classificationScheme, 'classification', input.classification)],
  apply(file, input, at) {
    const version = (file.state.draft?.version ?? 0) + 1;
    file.state.draft = { ...stepFields(input), draftedAt: at.toISOString(), version };
    completeStep(file, 'draft-reply', at);
    file.advance(CaseStage.Drafted, 'draft-reply', file.actor(input), at, { classification: input.classification, version });
  },
};

/** A mark of the policy's classification scheme (A/B/C by default). */
export function inScheme(scheme: readonly string[], field: string, value: string | undefined) {
  return unless(value !== undefined && scheme.includes(value), field, `must be one of: ${scheme.join(', ')}`);
}
