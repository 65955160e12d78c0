/** 公开 and the follow-up report: what a case still owes after its reply (or its close). */
import type { Step } from './step';
import { stepFields, unless } from './step';

/** 公开: publish the reply (contact details never), or mark it not public with a reason (涉密/不宜公开). */
export const publish: Step<'publish'> = {
  problems: (_file, input) => [unless(input.public || input.reason !== undefined, 'reason', 'must be a non-empty string')],
  apply(file, input, at) {
    const by = input.actor ?? 'office';
    file.state.publication = {
      public: input.public, redacted: input.redacted ?? false, at: at.toISOString(), by,
      ...(input.reason ? { reason: input.reason } : {}),
    };
    file.deadlines.meet('publish', at);
    file.record('publish', by, at, { public: input.public, ...(input.reason ? { reason: input.reason } : {}) });
  },
};

/** The report a B-class reply owes after closing: the promise kept, or how it stands. */
export const followUp: Step<'follow-up'> = {
  apply(file, input, at) {
    file.state.followUp = { ...stepFields(input), recordedAt: at.toISOString() };
    file.deadlines.meet('follow-up', at);
    file.record('follow-up', file.actor(input), at, { reportedOn: input.reportedOn });
  },
};
