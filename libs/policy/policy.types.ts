import type { DeadlineRule } from '../calendar';

/** The procedures banli runs; each has a preset policy. */
export type CaseKind = 'npc-suggestion' | 'cppcc-proposal';

/** Where a deadline's clock starts (T0). */
export type DeadlineStart = 'assignment' | 'session-close' | 'previous-step';

export interface PolicyDeadline extends DeadlineRule {
  from: DeadlineStart;
}

/**
 * The rules a case is handled under. Every number a workflow waits on comes from here; a cycle
 * is launched under one version of a policy and its cases keep that version.
 */
export interface HandlingPolicy {
  id: string;
  version: string;
  kind: CaseKind;
  deadlines: {
    /** 答复: reply to the submitters. */
    reply: PolicyDeadline;
    /** 答复 for complex cases (6 months by law instead of 3). */
    replyComplex: PolicyDeadline;
  };
  /** Codes of the reply classification, best first (A/B/C by default). */
  classificationScheme: string[];
}
