import type { DeadlineRule } from '../calendar';
import type { LadderRung, QuietHours, RungKind } from '../alerts/alert.types';

/** The procedures banli knows; each has a preset policy (see PRESET_IDS) and can be launched. */
export type CaseKind = 'npc-suggestion' | 'cppcc-proposal' | 'hotline-ticket';

/** Where a deadline's clock starts (T0). 'previous-step': when the step in PREVIOUS_STEP completes. */
export type DeadlineStart = 'assignment' | 'session-close' | 'previous-step';

export interface PolicyDeadline extends DeadlineRule {
  from: DeadlineStart;
}

/** The steps of the procedure (docs/procedure.md, "The steps, in order"), in the order a case meets them. */
export type StepId =
  | 'sign' // 签收
  | 'return' // 退回 (the window in which a unit may ask to return the case)
  | 'return-decision' // 驳回/调整: the office decides a return
  | 'work-plan' // 工作方案
  | 'contact' // 办前沟通
  | 'co-opinion' // 协办意见
  | 'draft-reply' // 草拟答复
  | 'co-sign' // 会签
  | 'sign-off' // 审签
  | 'review' // 督办审核
  | 'reply' // 答复
  | 'visit' // 走访
  | 'survey' // 满意度测评
  | 'rehandle' // 重新办理
  | 'follow-up' // B-class follow-up report after closing
  | 'publish'; // 公开

/**
 * `required: false` leaves the step out of the procedure (no update accepted, no timer, no
 * reminders). Steps every case passes through (sign, work-plan, contact, …, reply, visit, survey,
 * publish) must be completed before the case moves on; co-opinion and co-sign apply only when the
 * case has co-units; return, return-decision, rehandle and follow-up happen only when triggered
 * (a return request, a 不满意 answer, a B-class close), and `required` says whether they are offered.
 */
export interface StepRule {
  required: boolean;
  deadline?: PolicyDeadline;
}

export type ClassificationLevel = { code: string; label: string };

/** The ladder's shapes are the alert library's own: a policy carries them, libs/alerts runs them. */
export type { LadderRung, QuietHours, Recipient } from '../alerts/alert.types';
export type { RungKind };

/**
 * The rules a case is handled under. Every number a workflow waits on comes from here; a cycle
 * is launched under one version of a policy and its cases keep that version.
 *
 * Some values are stated twice so that older readers keep working; normalizePolicy keeps each
 * pair equal (the first named wins): deadlines.reply ↔ steps.reply.deadline,
 * returns.window ↔ steps.return.deadline, returns.decision ↔ steps.return-decision.deadline,
 * survey.window ↔ steps.survey.deadline, rehandling.deadline ↔ steps.rehandle.deadline,
 * followUp.deadline ↔ steps.follow-up.deadline, classification.levels codes → classificationScheme.
 */
export interface HandlingPolicy {
  /** The layout of this document; 1 is the only one. */
  schemaVersion: 1;
  id: string;
  version: string;
  kind: CaseKind;
  /** Shown to people, e.g. 人大代表建议办理（默认）. */
  title: string;
  deadlines: {
    /** 答复: reply to the submitters. */
    reply: PolicyDeadline;
    /** 答复 for complex cases (6 months by law instead of 3). */
    replyComplex: PolicyDeadline;
  };
  steps: Record<StepId, StepRule>;
  classification: { levels: ClassificationLevel[] };
  /** Codes of the reply classification, best first (A/B/C by default); = classification.levels codes. */
  classificationScheme: string[];
  rehandling: {
    /** Rounds after which a still dissatisfied case goes to the office and closes dissatisfied. */
    maxRounds: number;
    deadline: PolicyDeadline;
  };
  survey: {
    window: PolicyDeadline;
    /** What no answer by the end of the window is recorded as. */
    noResponse: 'no-response' | 'satisfied';
    /** Ask about the handling attitude (办理态度) as well as the result. */
    askAttitude: boolean;
  };
  returns: {
    window: PolicyDeadline;
    decision: PolicyDeadline;
    onReassign: 'keep-reply-deadline' | 'restart-reply-deadline';
  };
  extension: { maxReplyExtensionMonths: number };
  followUp: {
    /** Classification codes whose close opens a follow-up report deadline. */
    classes: string[];
    deadline: PolicyDeadline;
  };
  /**
   * 'HH:MM' China time. Alerts due from start to end (crossing midnight if end <= start), or with
   * workingDaysOnly on a non-working day, wait for `end` on the next working day. start === end: no
   * quiet window. Structurally the QuietHours of libs/alerts.
   */
  quietHours: QuietHours;
  escalation: { ordinary: LadderRung[]; key: LadderRung[] };
  /** Weights of the unit performance score, adding up to 100. */
  scoring: { speed: number; quality: number; result: number };
  /**
   * The documents banli makes from a case (libs/documents). Optional: a policy written before the
   * section existed has none, and DEFAULT_DOCUMENTS applies.
   */
  documents?: DocumentsRule;
}

export interface DocumentsRule {
  /** Print the reply's classification mark (答复类别：A) at the top of the reply letter. */
  printClassification: boolean;
}

/** Every field optional at every depth; arrays are replaced whole, never merged. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
