import { CaseStage } from '../../../libs/contract';
import { completeStep } from './chain';
import { inScheme } from './draft-reply';
import { Step, unless } from './step';

/** 督办审核: the supervisor approves the draft (possibly changing its mark) or sends it back with a note. */
export const review: Step<'review'> = {
  problems(file, input) {
    const sendBack = input.decision === 'send-back';
    return [
      input.classification !== undefined && inScheme(file.input.policy.classificationScheme, 'classification', input.classification),
      sendBack && unless(input.note !== undefined, 'note', 'must be a non-empty string'),
      sendBack && unless(input.classification === undefined, 'classification', 'is only changed when approving'),
    ];
  },
  apply(file, input, at) {
    const by = input.actor ?? 'supervisor';
    const draft = file.state.draft!;
    const changed = input.decision === 'approve' && input.classification !== undefined && input.classification !== draft.classification;
    const from = draft.classification;
    (file.state.reviews ??= []).push({
      decision: input.decision, by, at: at.toISOString(),
      ...(changed ? { classification: input.classification, classificationChangedFrom: from } : {}),
      ...(input.note ? { note: input.note } : {}),
    });
    if (input.decision === 'send-back') {
      return file.advance(CaseStage.Revision, 'review', by, at, { decision: 'send-back', note: input.note });
    }
    if (changed) draft.classification = input.classification!;
    completeStep(file, 'review', at);
    file.advance(CaseStage.Reviewed, 'review', by, at, {
      decision: 'approve', classification: draft.classification, ...(changed ? { classificationChangedFrom: from } : {}),
    });
  },
};
