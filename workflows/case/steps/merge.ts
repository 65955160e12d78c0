import { Step, unless } from './step';

/** 并案: the case is handled together with others; each submitter still gets a separate reply. */
export const merge: Step<'merge'> = {
  problems: (file, input) => [unless(!input.cases.includes(file.input.caseId), 'cases', 'must not include this case')],
  apply(file, input, at) {
    file.state.mergedWith = [...new Set([...(file.state.mergedWith ?? []), ...input.cases])];
    file.record('merge', input.actor ?? 'office', at, { cases: input.cases, reason: input.reason });
  },
};
